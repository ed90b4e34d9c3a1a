"""Reports sent: every report, what happened to it, to whom, what went in it, each file's
SHA-256, and replies.

The log lives inside the encrypted journal; this dialog reads it on the worker and lets
the person say they sent a saved report themselves, and mark that their manager
acknowledged one (or undo either).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QCloseEvent, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from journal.errors import JournalError
from journal.export.log import ExportRecord
from ui import theme
from ui.kit.columns import add_items, button_row, column
from ui.kit.lifetime import if_alive
from ui.kit.list_table import HeadedTableModel, list_table, row_of
from ui.kit.plain_text import paragraph, title_label
from ui.operations import NotOpen
from ui.reports import jobs
from ui.reports.parts import button
from ui.reports.services import log_change
from ui.reports.texts import short_day_text, time_text

if TYPE_CHECKING:
    from journal.session import Journal
    from ui.reports.services import ReportServices

ModelIndex = QModelIndex | QPersistentModelIndex
FORMAT_NAMES = {"pdf": "PDF", "json": "JSON", "csv": "CSV"}


def _t(text: str) -> str:
    return QCoreApplication.translate("ExportLog", text)


class Column(IntEnum):
    SENT = 0
    STATE = 1
    TO = 2
    ENTRIES = 3
    FILES = 4
    THREAT = 5
    ACKNOWLEDGED = 6


def state_text(record: ExportRecord) -> str:
    """What happened to the report, as far as the journal knows."""
    if record.acknowledged_at is not None:
        return _t("Acknowledged by your manager")
    if record.sent_at is not None:
        return _t("Sent (you said so)")
    if record.draft_opened:
        return _t("Draft opened in your email program")
    return _t("Saved to a file")


class ExportLogModel(HeadedTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.records: list[ExportRecord] = []
        self._headers = {
            Column.SENT: _t("When"),
            Column.STATE: _t("What happened"),
            Column.TO: _t("To"),
            Column.ENTRIES: _t("Entries"),
            Column.FILES: _t("Files"),
            Column.THREAT: _t("Threat"),
            Column.ACKNOWLEDGED: _t("Acknowledged"),
        }

    def set_records(self, records: list[ExportRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def clear(self) -> None:
        self.set_records([])

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = row_of(self.records, index)
        if record is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        column = Column(index.column())
        if column == Column.SENT:
            return time_text(record.created_at)
        if column == Column.STATE:
            return state_text(record)
        if column == Column.TO:
            if role == Qt.ItemDataRole.ToolTipRole and record.recipient_email:
                return f"{record.recipient_name} <{record.recipient_email}>".strip()
            return record.recipient_name or record.recipient_email
        if column == Column.ENTRIES:
            return str(len(record.entries))
        if column == Column.FILES:
            return ", ".join(_format_name(f.format, f.encrypted) for f in record.files)
        if column == Column.THREAT:
            if not record.includes_threat:
                return "" if role == Qt.ItemDataRole.DisplayRole else _t("No threat")
            return _t("Yes, urgent") if record.urgent else _t("Yes")
        if record.acknowledged_at is None:
            return _t("Not yet")
        return short_day_text(record.acknowledged_at)


def _format_name(fmt: str, encrypted: bool) -> str:
    name = FORMAT_NAMES.get(fmt, fmt.upper())
    return _t("{name} (password)").format(name=name) if encrypted else name


def describe(record: ExportRecord) -> str:
    """The selected report in words, with the path and SHA-256 of every file."""
    if record.draft_opened:
        made = _t("Made on {when} for {to}; a draft with it attached opened in {program}.")
    else:
        made = _t("Made on {when} for {to}, and saved to a file.")
    lines = [
        made.format(
            when=time_text(record.created_at),
            program=record.mail_program or _t("your email program"),
            to=(
                f"{record.recipient_name} <{record.recipient_email}>"
                if record.recipient_name and record.recipient_email
                else record.recipient_name or record.recipient_email
            ),
        )
    ]
    if record.period_since and record.period_until:
        lines.append(
            _t("It covers {first} to {last}.").format(
                first=short_day_text(record.period_since), last=short_day_text(record.period_until)
            )
        )
    count = len(record.entries)
    lines.append(_t("1 entry.") if count == 1 else _t("{n} entries.").format(n=count))
    if record.includes_threat:
        lines.append(_t("It included a threat."))
    if record.sent_at is not None:
        lines.append(
            _t("You marked it as sent on {day}.").format(day=short_day_text(record.sent_at))
        )
    if record.acknowledged_at is not None:
        lines.append(
            _t("Your manager acknowledged it on {day}.").format(
                day=short_day_text(record.acknowledged_at)
            )
        )
    else:
        lines.append(_t("Not marked as acknowledged yet."))
    lines.append("")
    for f in record.files:
        lines.append(f"{_format_name(f.format, f.encrypted)}: {f.path}")
        lines.append(f"SHA-256 {f.sha256}")
    return "\n".join(lines)


class ExportLogDialog(QDialog):
    def __init__(self, controller: ReportServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.closed_for_good = False
        self.loaded = False
        self._select_id: str | None = None
        self.setObjectName("export_log_dialog")
        self.setWindowTitle(self.tr("Reports sent"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        s = theme.SPACING

        heading = title_label(self.tr("Reports sent"), self, "", scale=1.25)
        intro = paragraph(
            self.tr(
                "Each report you've made, what happened to it, and the fingerprint (SHA-256) of "
                "every file, so you and your manager can check a file hasn't changed since. "
                "If you sent a saved report yourself, say so; when your manager confirms a "
                "report arrived, mark it as acknowledged."
            ),
            self,
        )
        self.model = ExportLogModel(self)
        splitter = self._build_list()
        self._build_buttons()
        self.status = QLabel(self)
        self.status.setObjectName("export_log_status")
        self.status.setWordWrap(True)
        layout = column(self, heading, intro, self.empty)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 2 * s)
        layout.addWidget(splitter, 1)
        buttons = button_row(self.sent_button, self.acknowledge_button, self.show_files_button)
        buttons.addWidget(self.close_button)
        add_items(layout, self.status, buttons)
        self.resize(100 * s, 70 * s)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.reload()

    def _build_list(self) -> QSplitter:
        """The reports, one a row, over the details (files and fingerprints) of the chosen one."""
        s = theme.SPACING
        self.table = list_table(self, "export_log_table", self.tr("Reports sent"), self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TO, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.empty = paragraph(
            self.tr(
                "You haven't sent a report yet. When you use Send to manager, each report "
                "is listed here with what went in it."
            ),
            self,
            "export_log_empty",
        )
        self.empty.hide()
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("export_log_details")
        self.details.setAccessibleName(self.tr("Details of the chosen report"))
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setPlaceholderText(self.tr("Choose a report to see its files."))
        self.details.setTabChangesFocus(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([30 * s, 20 * s])
        return splitter

    def _build_buttons(self) -> None:
        """What can be done with the chosen report, and Close."""
        self.sent_button = button(self.tr("I &sent it"), self, "export_log_sent")
        self.sent_button.setToolTip(
            self.tr("You sent this report yourself: it counts as reported to your manager")
        )
        self.acknowledge_button = button(
            self.tr("&Mark acknowledged"), self, "export_log_acknowledge"
        )
        self.show_files_button = button(self.tr("Show the &files"), self, "export_log_show_files")
        for waiting in (self.sent_button, self.acknowledge_button, self.show_files_button):
            waiting.setEnabled(False)  # until a report is chosen
        self.close_button = button(self.tr("Close"), self, "export_log_close")
        self.sent_button.clicked.connect(self.toggle_sent)
        self.acknowledge_button.clicked.connect(self.toggle_acknowledged)
        self.show_files_button.clicked.connect(self.show_files)
        self.close_button.clicked.connect(self.reject)

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self.ops.submit(jobs.load_log, if_alive(self, self._loaded), if_alive(self, self._failed))

    def _loaded(self, records: list[ExportRecord]) -> None:
        current = self.current()
        keep = self._select_id or (current.id if current is not None else None)
        self._select_id = None
        self.model.set_records(records)
        self.loaded = True
        self.empty.setVisible(not records)
        row = next((n for n, r in enumerate(records) if r.id == keep), 0 if records else -1)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setFocus()
        self._selected()

    def current(self) -> ExportRecord | None:
        return row_of(self.model.records, self.table.currentIndex())

    def select(self, export_id: str) -> None:
        for n, record in enumerate(self.model.records):
            if record.id == export_id:
                self.table.selectRow(n)
                return

    def _selected(self) -> None:
        record = self.current()
        self.details.setPlainText(describe(record) if record else "")
        self.acknowledge_button.setEnabled(record is not None)
        self.show_files_button.setEnabled(record is not None and bool(record.files))
        text = (
            self.tr("Mark &not acknowledged")
            if record is not None and record.acknowledged
            else self.tr("&Mark acknowledged")
        )
        self.acknowledge_button.setText(text)
        self.acknowledge_button.setAccessibleName(text.replace("&", ""))
        # "I sent it" is for a report only saved to a file; it can be taken back.
        sent = record is not None and record.sent_at is not None
        self.sent_button.setVisible(record is None or not record.draft_opened or sent)
        self.sent_button.setEnabled(record is not None and not record.acknowledged)
        sent_text = self.tr("Not sen&t after all") if sent else self.tr("I &sent it")
        self.sent_button.setText(sent_text)
        self.sent_button.setAccessibleName(sent_text.replace("&", ""))

    # -- acting ---------------------------------------------------------------------------

    def toggle_acknowledged(self) -> None:
        record = self.current()
        if record is not None:
            acknowledged = not record.acknowledged
            self._change(
                record, self.acknowledge_button, lambda j, i: jobs.acknowledge(j, i, acknowledged)
            )

    def toggle_sent(self) -> None:
        record = self.current()
        if record is not None:
            sent = record.sent_at is None
            self._change(record, self.sent_button, lambda j, i: jobs.mark_sent(j, i, sent))

    def _change(
        self,
        record: ExportRecord,
        pressed: QPushButton,
        job: Callable[[Journal, str], ExportRecord],
    ) -> None:
        """Change the chosen report on the worker; it stays chosen when the list reloads."""
        export_id = record.id
        self._select_id = export_id
        pressed.setEnabled(False)
        self.ops.submit(
            lambda j: job(j, export_id),
            if_alive(self, lambda _record: self.status.clear()),
            if_alive(self, self._failed),
            change=log_change(),
        )

    def show_files(self) -> None:
        record = self.current()
        if record is None or not record.files:
            return
        folder = Path(record.files[0].path).parent
        if not folder.is_dir():
            self.status.setText(
                self.tr(
                    "That folder isn't there any more. The files may have been moved; their "
                    "SHA-256 above still tells you whether a copy is the same."
                )
            )
            return
        self.controller.open_url(QUrl.fromLocalFile(str(folder)))

    def _failed(self, error: JournalError) -> None:
        if isinstance(error, NotOpen):
            return
        self.status.setText(error.message)
        self._selected()

    # -- closing and locking --------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wipe()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.closed_for_good = True
        self.wipe()
        super().done(result)

    def wipe(self) -> None:
        self.model.clear()
        self.details.clear()
        self.status.clear()

    def discard(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
