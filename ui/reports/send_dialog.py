""" "Send to manager…" and "Report this now": who, what, how, then the files and the email.

Steps: who receives it (only when Settings doesn't know yet); exactly what will be shared,
each entry with a tick; names to replace, formats, a password for the PDF and the folder;
the export itself on the worker, with progress and Cancel; then the email program opens
with a drafted message and the folder with the files. The core decides what may leave
(shareable entries, never private notes); this dialog only lets the person narrow it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError, ValidationError
from journal.export.engine import ExportCancelled, ExportResult, NothingToExport
from journal.export.mailer import DraftResult
from journal.export.password import (
    MAX_LENGTH,
    MIN_TYPED_LENGTH,
    generate_password,
    typed_password_problem,
)
from journal.export.redact import Redaction, initials
from journal.export.selection import ReportRequest
from journal.export.settings import ReportSettings
from journal.timeutil import now
from ui import theme
from ui.incidents.delegates import SeverityDelegate
from ui.incidents.widgets import DateEdit
from ui.lifetime import if_alive
from ui.operations import NotOpen
from ui.reports import jobs
from ui.reports.password_field import PasswordCopyGuard, PasswordField
from ui.reports.preview_model import Column, PreviewModel
from ui.reports.services import ProgressRelay, log_change
from ui.reports.texts import day_text, looks_like_email

if TYPE_CHECKING:
    from ui.reports.services import ReportServices


class Step(IntEnum):
    PEOPLE = 0
    PREVIEW = 1
    OPTIONS = 2
    WORKING = 3
    DONE = 4


PERIOD_DAYS = {"7d": 7, "30d": 30, "90d": 91}
FORMAT_NAMES = {"pdf": "PDF", "json": "JSON", "csv": "CSV"}


@dataclass(frozen=True)
class Period:
    """A period as the core takes it, worked out once so the preview and export agree."""

    since: datetime | None = None
    until: datetime | None = None
    since_last_export: bool = False


def _label(text: str, parent: QWidget, name: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def _heading(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = _label(text, parent, name, bold=True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    label.setFont(font)
    return label


def _button(text: str, parent: QWidget, name: str, accessible: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(accessible or text.replace("&", ""))
    return button


class _AddOnEnter(QLineEdit):
    """Enter adds the name to the list; it must not also create the report."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


def _panel(parent: QWidget, name: str) -> QFrame:
    """A quiet box for the statement of what never leaves."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    return frame


class SendDialog(QDialog):
    exported = Signal(object)  # ExportResult, once the files are written and logged

    def __init__(
        self,
        controller: ReportServices,
        *,
        entry_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.entry_id = entry_id
        self.urgent = entry_id is not None
        self.closed_for_good = False
        self.settings: ReportSettings | None = None
        self.last_export: datetime | None = None
        self.folder: Path = controller.default_folder()
        self.period = Period(since_last_export=True)
        self.export_result: ExportResult | None = None
        self.request: ReportRequest | None = None
        self.password: str | None = None
        self.mail_opened = False
        self.draft: DraftResult | None = None  # the PDF attached to a new draft, or not
        self._generation = 0
        self._loading = False
        self._seen: set[str] = set()
        self._unshareable: tuple[str, ...] = ()
        self._cancel = threading.Event()
        self._relay: ProgressRelay | None = None
        self._replacement_edited = False
        self.setObjectName("send_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        self.setWindowTitle(
            self.tr("Report this now") if self.urgent else self.tr("Send to manager")
        )
        s = theme.SPACING

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("send_steps")
        self.stack.addWidget(self._build_people())
        self.stack.addWidget(self._build_preview())
        self.stack.addWidget(self._build_options())
        self.stack.addWidget(self._build_working())
        self.stack.addWidget(self._build_done())

        self.log_button = _button(self.tr("Reports &sent…"), self, "reports_sent")
        self.log_button.setToolTip(self.tr("Every report you've sent, and whether it arrived"))
        self.back_button = _button(self.tr("&Back"), self, "send_back")
        self.next_button = _button(self.tr("&Next"), self, "send_next")
        self.next_button.setDefault(True)
        self.close_button = _button(self.tr("Cancel"), self, "send_close")
        self.log_button.clicked.connect(lambda: self.controller.show_export_log(self))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.setSpacing(s)
        buttons.addWidget(self.log_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 2 * s)
        layout.setSpacing(2 * s)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.resize(92 * s, 80 * s)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.load_preview)
        self._show_step(Step.PREVIEW)
        self.preview_note.setText(self.tr("Getting things ready…"))
        self.next_button.setEnabled(False)
        self.ops.submit(
            jobs.load_setup, if_alive(self, self._setup_loaded), if_alive(self, self._failed)
        )

    # -- building ----------------------------------------------------------------------------

    def _build_people(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("send_people")
        s = theme.SPACING
        self.practitioner_name = QLineEdit(page)
        self.practitioner_name.setObjectName("report_practitioner_name")
        self.practitioner_name.setAccessibleName(self.tr("Your name"))
        self.manager_name = QLineEdit(page)
        self.manager_name.setObjectName("report_manager_name")
        self.manager_name.setAccessibleName(self.tr("Manager's name"))
        self.manager_email = QLineEdit(page)
        self.manager_email.setObjectName("report_manager_email")
        self.manager_email.setAccessibleName(self.tr("Manager's email"))
        self.manager_email.setPlaceholderText(self.tr("name@example.org"))
        self.people_note = _label("", page, "people_note")
        grid = QGridLayout()
        grid.setHorizontalSpacing(2 * s)
        grid.setVerticalSpacing(s)
        for row, (text, field) in enumerate(
            (
                (self.tr("&Your name:"), self.practitioner_name),
                (self.tr("Manager's n&ame:"), self.manager_name),
                (self.tr("Manager's &email:"), self.manager_email),
            )
        ):
            label = QLabel(text, page)
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addWidget(_heading(self.tr("Who should receive your reports?"), page))
        layout.addWidget(
            _label(
                self.tr(
                    "Your name goes on the report's cover. Your manager's email is where the "
                    "message will be addressed. Both are kept inside your journal, so you're "
                    "asked only once; you can change them in Settings."
                ),
                page,
                "people_intro",
            )
        )
        layout.addLayout(grid)
        layout.addWidget(self.people_note)
        layout.addStretch(1)
        self.manager_email.textChanged.connect(lambda _t: self.people_note.clear())
        return page

    def _build_preview(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("send_preview")
        s = theme.SPACING
        self.preview_heading = _heading(
            self.tr("Report this incident now")
            if self.urgent
            else self.tr("What your manager will receive"),
            page,
            "preview_heading",
        )
        self.recipient = _label("", page, "report_recipient")
        self.period_box = QComboBox(page)
        self.period_box.setObjectName("report_period")
        self.period_box.setAccessibleName(self.tr("Period"))
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, text in (
            ("last", self.tr("Since your last report")),
            ("7d", self.tr("The last 7 days")),
            ("30d", self.tr("The last 30 days")),
            ("90d", self.tr("The last 3 months")),
            ("all", self.tr("Everything")),
            ("custom", self.tr("Choose dates…")),
        ):
            self.period_box.addItem(text, code)
        period_label = QLabel(self.tr("&Period:"), page)
        period_label.setBuddy(self.period_box)
        self.since_date = DateEdit(page)
        self.since_date.setObjectName("report_since")
        self.since_date.setAccessibleName(self.tr("From"))
        self.until_date = DateEdit(page)
        self.until_date.setObjectName("report_until")
        self.until_date.setAccessibleName(self.tr("To"))
        today = QDate.currentDate()
        for edit, value in ((self.since_date, today.addDays(-30)), (self.until_date, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDate(value)
            edit.setMaximumDate(today)
            edit.dateChanged.connect(lambda _d: self._reload_timer.start())
        self.since_label = QLabel(self.tr("from"), page)
        self.until_label = QLabel(self.tr("to"), page)
        self.include_checkins = QCheckBox(self.tr("Include my &check-ins"), page)
        self.include_checkins.setObjectName("include_checkins")
        self.include_checkins.setToolTip(
            self.tr("Only check-ins you've marked to share are listed")
        )
        period_row = QHBoxLayout()
        period_row.setSpacing(s)
        period_row.addWidget(period_label)
        period_row.addWidget(self.period_box)
        period_row.addWidget(self.since_label)
        period_row.addWidget(self.since_date)
        period_row.addWidget(self.until_label)
        period_row.addWidget(self.until_date)
        period_row.addStretch(1)
        period_row.addWidget(self.include_checkins)

        self.model = PreviewModel(self)
        self.table = QTableView(page)
        self.table.setObjectName("report_entries")
        self.table.setAccessibleName(self.tr("Entries to share"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.SEVERITY, SeverityDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)

        self.tick_all = _button(self.tr("Tick all"), page, "tick_all")
        self.untick_all = _button(self.tr("Untick all"), page, "untick_all")
        self.tick_all.clicked.connect(lambda: self.model.set_all(True))
        self.untick_all.clicked.connect(lambda: self.model.set_all(False))
        self.selection_summary = _label("", page, "selection_summary")
        ticks = QHBoxLayout()
        ticks.setSpacing(s)
        ticks.addWidget(self.selection_summary, 1)
        ticks.addWidget(self.tick_all)
        ticks.addWidget(self.untick_all)
        self.preview_note = _label("", page, "preview_note")

        never = _panel(page, "never_shared")
        self.never_shared = _label(
            self.tr(
                "Never shared: your private notes, and entries you haven't marked “Can go "
                "into reports to your manager”. Nothing leaves your computer until you create "
                "the report and send the email yourself."
            ),
            never,
            "never_shared_text",
        )
        never_layout = QVBoxLayout(never)
        never_layout.setContentsMargins(2 * s, s, 2 * s, s)
        never_layout.addWidget(self.never_shared)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(s)
        layout.addWidget(self.preview_heading)
        layout.addWidget(self.recipient)
        layout.addSpacing(s)
        layout.addLayout(period_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview_note)
        layout.addLayout(ticks)
        layout.addWidget(never)

        self.period_box.currentIndexChanged.connect(self._period_changed)
        self.include_checkins.toggled.connect(lambda _on: self.load_preview())
        self.model.ticks_changed.connect(self._ticks_changed)
        self._show_custom_dates(False)
        return page

    def _build_options(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("send_options")
        s = theme.SPACING
        area = QScrollArea(page)
        area.setObjectName("send_options_scroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(area)
        body.setObjectName("send_options_body")
        area.setWidget(body)

        # Names to replace.
        self.redact_name = _AddOnEnter(body)
        self.redact_name.setObjectName("redact_name")
        self.redact_name.setAccessibleName(self.tr("Name to replace"))
        self.redact_name.setPlaceholderText(self.tr("A name, handle or place"))
        self.redact_as = _AddOnEnter(body)
        self.redact_as.setObjectName("redact_as")
        self.redact_as.setAccessibleName(self.tr("Show instead"))
        self.redact_as.setPlaceholderText(self.tr("Initials or another name"))
        self.add_redaction = _button(self.tr("&Add"), body, "add_redaction", self.tr("Add name"))
        self.add_redaction.setEnabled(False)
        self.redactions = QTableWidget(0, 2, body)
        self.redactions.setObjectName("redactions")
        self.redactions.setAccessibleName(self.tr("Names replaced in the report"))
        self.redactions.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Shown as")])
        self.redactions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.redactions.verticalHeader().hide()
        self.redactions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.redactions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.redactions.setTabKeyNavigation(False)
        self.redactions.hide()
        self.remove_redaction = _button(self.tr("&Remove"), body, "remove_redaction")
        self.remove_redaction.setAccessibleName(self.tr("Remove the chosen name"))
        self.remove_redaction.hide()
        self.redact_name.textChanged.connect(self._redact_name_changed)
        self.redact_as.textEdited.connect(self._replacement_typed)
        self.redact_name.returnPressed.connect(self._add_redaction)
        self.redact_as.returnPressed.connect(self._add_redaction)
        self.add_redaction.clicked.connect(self._add_redaction)
        self.remove_redaction.clicked.connect(self._remove_redaction)
        redact_row = QHBoxLayout()
        redact_row.setSpacing(s)
        redact_row.addWidget(self.redact_name, 3)
        redact_row.addWidget(QLabel("→", body))
        redact_row.addWidget(self.redact_as, 2)
        redact_row.addWidget(self.add_redaction)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_redaction)

        # Formats.
        self.format_boxes: dict[str, QCheckBox] = {}
        formats = QHBoxLayout()
        formats.setSpacing(3 * s)
        for code, text, hint in (
            ("pdf", self.tr("&PDF"), self.tr("To read and print")),
            ("json", self.tr("&JSON"), self.tr("For your organisation's records systems")),
            ("csv", self.tr("CS&V"), self.tr("To open in a spreadsheet")),
        ):
            box = QCheckBox(text, body)
            box.setObjectName(f"format_{code}")
            box.setToolTip(hint)
            box.setAccessibleDescription(hint)
            box.setChecked(code == "pdf")  # JSON and CSV can't be protected: only when chosen
            box.toggled.connect(lambda _on: self._formats_changed())
            self.format_boxes[code] = box
            formats.addWidget(box)
        formats.addStretch(1)
        formats_hint = _label(
            self.tr(
                "PDF to read and print, JSON for your organisation's records systems, CSV "
                "to open in a spreadsheet."
            ),
            body,
            "formats_hint",
        )

        # Password.
        self.protect = QCheckBox(self.tr("Protect the PDF with a pass&word"), body)
        self.protect.setObjectName("protect_pdf")
        self.protect.setChecked(True)
        self.use_generated = QRadioButton(self.tr("Use this strong password:"), body)
        self.use_generated.setObjectName("use_generated_password")
        self.use_own = QRadioButton(self.tr("Type my &own:"), body)
        self.use_own.setObjectName("use_own_password")
        group = QButtonGroup(body)
        group.addButton(self.use_generated)
        group.addButton(self.use_own)
        self.use_generated.setChecked(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.generated = PasswordField(body)
        self.generated.setObjectName("generated_password")
        self.generated.setAccessibleName(self.tr("Generated password"))
        self.generated.setFont(mono)
        self.generated.set_password(generate_password(), spaced=True)
        sample = "m" * (len(self.generated.text()) + 2)
        self.generated.setMinimumWidth(self.generated.fontMetrics().horizontalAdvance(sample))
        self.copy_password = _button(self.tr("&Copy"), body, "copy_password")
        self.copy_password.setAccessibleName(self.tr("Copy the password"))
        self.copy_password.setIcon(theme.icon("copy"))
        self.new_password = _button(self.tr("New password"), body, "new_password")
        self.own_password = QLineEdit(body)
        self.own_password.setObjectName("own_password")
        self.own_password.setAccessibleName(self.tr("Your own password"))
        self.own_password.setPlaceholderText(
            self.tr("{least} to {most} characters").format(least=MIN_TYPED_LENGTH, most=MAX_LENGTH)
        )
        self.password_note = _label("", body, "password_note")
        self.copy_note = _label("", body, "copy_note")
        self.copy_note.hide()
        self.copy_password.clicked.connect(self._copy_password)
        self.new_password.clicked.connect(self._new_password)
        self.protect.toggled.connect(lambda _on: self._password_changed())
        self.use_generated.toggled.connect(lambda _on: self._password_changed())
        self.own_password.textChanged.connect(lambda _t: self._password_changed())
        password_grid = QGridLayout()
        password_grid.setHorizontalSpacing(s)
        password_grid.setVerticalSpacing(s)
        password_grid.setContentsMargins(3 * s, 0, 0, 0)
        password_buttons = QHBoxLayout()
        password_buttons.setSpacing(s)
        password_buttons.addWidget(self.copy_password)
        password_buttons.addWidget(self.new_password)
        password_buttons.addStretch(1)
        password_grid.addWidget(self.use_generated, 0, 0)
        password_grid.addWidget(self.generated, 0, 1)
        password_grid.addLayout(password_buttons, 1, 1)
        password_grid.addWidget(self.use_own, 2, 0)
        password_grid.addWidget(self.own_password, 2, 1)
        password_grid.setColumnStretch(1, 1)

        # Folder.
        self.folder_field = QLineEdit(body)
        self.folder_field.setObjectName("report_folder")
        self.folder_field.setAccessibleName(self.tr("Folder for the report"))
        self.folder_field.setReadOnly(True)
        self.change_folder = _button(self.tr("C&hange…"), body, "change_folder")
        self.change_folder.setAccessibleName(self.tr("Change the folder"))
        self.change_folder.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.setSpacing(s)
        folder_row.addWidget(self.folder_field, 1)
        folder_row.addWidget(self.change_folder)

        # A note to the manager.
        self.note = QPlainTextEdit(body)
        self.note.setObjectName("report_note")
        self.note.setAccessibleName(self.tr("A note to your manager"))
        self.note.setPlaceholderText(
            self.tr("Optional. It appears in the report under what you're asking for.")
        )
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(10 * s)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, s, 0)
        layout.setSpacing(s)
        layout.addWidget(_label(self.tr("Names to replace"), body, bold=True))
        layout.addWidget(
            _label(
                self.tr(
                    "Names you'd rather not send in full: each is replaced in every part of "
                    "every file. Initials are suggested; change them if you like."
                ),
                body,
                "redact_intro",
            )
        )
        layout.addLayout(redact_row)
        layout.addWidget(self.redactions)
        layout.addLayout(remove_row)
        layout.addSpacing(s)
        layout.addWidget(_label(self.tr("Files"), body, bold=True))
        layout.addWidget(formats_hint)
        layout.addLayout(formats)
        layout.addSpacing(s)
        layout.addWidget(_label(self.tr("Password"), body, bold=True))
        layout.addWidget(self.protect)
        layout.addLayout(password_grid)
        layout.addWidget(self.copy_note)
        layout.addWidget(self.password_note)
        layout.addSpacing(s)
        layout.addWidget(_label(self.tr("Save in"), body, bold=True))
        layout.addLayout(folder_row)
        layout.addSpacing(s)
        layout.addWidget(_label(self.tr("A note to your manager"), body, bold=True))
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.options_status = _label("", page, "options_status")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(s)
        outer.addWidget(_heading(self.tr("How to send it"), page))
        outer.addWidget(area, 1)
        outer.addWidget(self.options_status)
        self._password_changed()
        return page

    def _build_working(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("send_working")
        s = theme.SPACING
        self.progress = QProgressBar(page)
        self.progress.setObjectName("report_progress")
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = _label(self.tr("Preparing your report…"), page, "progress_label")
        self.cancel_export = _button(self.tr("Cancel"), page, "cancel_export")
        self.cancel_export.setAccessibleName(self.tr("Cancel the report"))
        self.cancel_export.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_export)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addStretch(1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(
            _label(
                self.tr("You can carry on in the journal's window; this may take a minute."),
                page,
                "working_hint",
            )
        )
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _build_done(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("send_done")
        s = theme.SPACING
        self.done_heading = _heading(self.tr("Your report is ready"), page, "done_heading")
        self.done_text = _label("", page, "done_text")
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_files = _label("", page, "done_files")
        self.done_files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_password_box = QWidget(page)
        self.done_password_label = _label(
            self.tr(
                "Give your manager the password by phone or text message, never in the same "
                "email as the report:"
            ),
            self.done_password_box,
            "done_password_label",
        )
        self.done_password = PasswordField(self.done_password_box)
        self.done_password.setObjectName("done_password")
        self.done_password.setAccessibleName(self.tr("The report's password"))
        self.done_copy = _button(self.tr("&Copy"), self.done_password_box, "done_copy")
        self.done_copy.setAccessibleName(self.tr("Copy the password"))
        self.done_copy.setIcon(theme.icon("copy"))
        self.done_copy.clicked.connect(self._copy_done_password)
        for secret_field in (self.generated, self.done_password):
            PasswordCopyGuard(secret_field, self.controller.clipboard)
        pw_row = QHBoxLayout()
        pw_row.setSpacing(s)
        pw_row.addWidget(self.done_password, 1)
        pw_row.addWidget(self.done_copy)
        pw = QVBoxLayout(self.done_password_box)
        pw.setContentsMargins(0, 0, 0, 0)
        pw.setSpacing(s)
        pw.addWidget(self.done_password_label)
        pw.addLayout(pw_row)
        self.email_again = _button(self.tr("Open the &email again"), page, "email_again")
        self.show_files = _button(self.tr("Show the &files"), page, "show_files")
        self.email_again.clicked.connect(self.open_email)
        self.show_files.clicked.connect(self.reveal_files)
        actions = QHBoxLayout()
        actions.setSpacing(s)
        actions.addWidget(self.email_again)
        actions.addWidget(self.show_files)
        actions.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * s)
        layout.addWidget(self.done_heading)
        layout.addWidget(self.done_text)
        layout.addWidget(self.done_files)
        layout.addWidget(self.done_password_box)
        layout.addLayout(actions)
        layout.addWidget(
            _label(
                self.tr(
                    "This report is listed under Reports sent, where you can mark it as "
                    "acknowledged when your manager replies."
                ),
                page,
                "done_hint",
            )
        )
        layout.addStretch(1)
        return page

    # -- steps -------------------------------------------------------------------------------

    def step(self) -> Step:
        return Step(self.stack.currentIndex())

    @property
    def busy(self) -> bool:
        return self.step() == Step.WORKING

    def _show_step(self, step: Step) -> None:
        self.stack.setCurrentIndex(step)
        self.back_button.setVisible(step in (Step.PREVIEW, Step.OPTIONS))
        self.log_button.setVisible(step != Step.WORKING)
        self.next_button.setVisible(step not in (Step.WORKING,))
        self.close_button.setVisible(step != Step.WORKING)
        self.close_button.setText(self.tr("Cancel") if step != Step.DONE else self.tr("Close"))
        self.close_button.setAccessibleName(self.close_button.text())
        if step == Step.DONE:
            self.next_button.hide()
            self.close_button.setDefault(True)
            self.close_button.setFocus()
        elif step == Step.OPTIONS:
            self.next_button.setText(self.tr("Crea&te report"))
            self.next_button.setEnabled(True)
        else:
            self.next_button.setText(self.tr("&Next"))
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))
        if step == Step.PEOPLE:
            self.next_button.setEnabled(True)
            fields = (self.practitioner_name, self.manager_name, self.manager_email)
            first = next((f for f in fields if not f.text().strip()), fields[0])
            first.setFocus()
        elif step == Step.PREVIEW:
            self._ticks_changed()
            self.table.setFocus()
        elif step == Step.OPTIONS:
            self.redact_name.setFocus()
        elif step == Step.WORKING:
            self.cancel_export.setFocus()

    def next(self) -> None:
        step = self.step()
        if step == Step.PEOPLE:
            self._save_people()
        elif step == Step.PREVIEW:
            if self.model.ticked_ids() and not self._loading:
                self.options_status.clear()
                self._show_step(Step.OPTIONS)
        elif step == Step.OPTIONS:
            self.create_report()
        elif step == Step.DONE:
            self.accept()

    def back(self) -> None:
        step = self.step()
        if step == Step.OPTIONS:
            self._show_step(Step.PREVIEW)
        elif step == Step.PREVIEW:
            self._show_step(Step.PEOPLE)

    # -- who receives it ---------------------------------------------------------------------

    def _setup_loaded(self, setup: jobs.SendSetup) -> None:
        self.settings = setup.settings
        self.last_export = setup.last_export
        if setup.folder:
            self.folder = Path(setup.folder)
        self.folder_field.setText(str(self.folder))
        self.practitioner_name.setText(setup.settings.practitioner_name)
        self.manager_name.setText(setup.settings.manager_name)
        self.manager_email.setText(setup.settings.manager_email)
        last = self.period_box.findData("last")
        self.period_box.setItemText(
            last,
            self.tr("Since your last report ({day})").format(day=day_text(setup.last_export))
            if setup.last_export
            else self.tr("Everything not yet sent"),
        )
        self._show_recipient()
        if not setup.settings.manager_name or not looks_like_email(setup.settings.manager_email):
            self._show_step(Step.PEOPLE)
        else:
            self._show_step(Step.PREVIEW)
        self.load_preview()

    def _show_recipient(self) -> None:
        settings = self.settings
        if settings is None:
            return
        self.recipient.setText(
            self.tr("To {name} ({email}).").format(
                name=settings.manager_name, email=settings.manager_email
            )
        )

    def _save_people(self) -> None:
        name = self.manager_name.text().strip()
        email = self.manager_email.text().strip()
        if not name:
            self.people_note.setText(self.tr("Please add your manager's name."))
            self.manager_name.setFocus()
            return
        if not looks_like_email(email):
            self.people_note.setText(
                self.tr("That doesn't look like an email address yet. Check it and try again.")
            )
            self.manager_email.setFocus()
            return
        practitioner = self.practitioner_name.text().strip()
        self.next_button.setEnabled(False)
        self.ops.submit(
            lambda j: jobs.save_people(j, practitioner, name, email),
            if_alive(self, self._people_saved),
            if_alive(self, self._people_failed),
        )

    def _people_saved(self, settings: ReportSettings) -> None:
        self.settings = settings
        self._show_recipient()
        self._show_step(Step.PREVIEW)

    def _people_failed(self, error: JournalError) -> None:
        self.next_button.setEnabled(True)
        self.people_note.setText(error.message)

    # -- what will be shared ---------------------------------------------------------------

    def _show_custom_dates(self, on: bool) -> None:
        for widget in (self.since_label, self.since_date, self.until_label, self.until_date):
            widget.setVisible(on)

    def _period_changed(self, _index: int) -> None:
        self._show_custom_dates(self.period_box.currentData() == "custom")
        self.load_preview()

    def current_period(self) -> Period:
        code = self.period_box.currentData()
        if code == "last":
            return Period(since_last_export=True)
        if code == "all":
            return Period()
        if code in PERIOD_DAYS:
            return Period(since=now() - timedelta(days=PERIOD_DAYS[code]))
        first = cast(date, self.since_date.date().toPython())
        last = cast(date, self.until_date.date().toPython())
        if first > last:
            first, last = last, first
        return Period(
            since=datetime.combine(first, time.min).astimezone(),
            until=datetime.combine(last, time.max.replace(microsecond=0)).astimezone(),
        )

    def load_preview(self) -> None:
        """Ask the core which entries the chosen period may share."""
        if self.settings is None:
            return
        self._reload_timer.stop()
        self.period = self.current_period()
        request = ReportRequest(
            since=self.period.since,
            until=self.period.until,
            since_last_export=self.period.since_last_export,
            include_checkins=self.include_checkins.isChecked(),
        )
        extra = (self.entry_id,) if self.entry_id else ()
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.preview_note.setText(self.tr("Gathering the entries…"))
        self._ticks_changed()
        self.ops.submit(
            lambda j: jobs.load_preview(j, request, extra),
            if_alive(
                self, lambda preview: self._preview_loaded(generation, cast(jobs.Preview, preview))
            ),
            if_alive(self, self._failed),
        )

    def _preview_loaded(self, generation: int, preview: jobs.Preview) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._unshareable = preview.unshareable
        # Keep every choice already made; new rows start ticked, except in "Report this
        # now", where only the incident starts ticked.
        keep = set(self.model.ticked)
        ticked = set()
        for preview_row in preview.rows:
            if preview_row.id in self._seen:
                if preview_row.id in keep:
                    ticked.add(preview_row.id)
            elif not self.urgent or preview_row.id == self.entry_id:
                ticked.add(preview_row.id)
            self._seen.add(preview_row.id)
        self.model.set_rows(preview.rows, ticked)
        self.table.resizeColumnToContents(Column.DATE)
        if self.entry_id:
            row = self.model.row_of(self.entry_id)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self._describe_preview()

    def _describe_preview(self) -> None:
        if self._loading:
            return
        if self.entry_id and self.entry_id in self._unshareable:
            self.preview_note.setText(
                self.tr(
                    "This incident is marked as not for reports, so it can't be sent. To send "
                    "it, open it, tick “Can go into reports to your manager”, save, and come "
                    "back here."
                )
            )
        elif not self.model.rows:
            if self.period.since_last_export and self.last_export is not None:
                self.preview_note.setText(
                    self.tr(
                        "Nothing new to send since your last report on {day}. Choose a longer "
                        "period to include earlier entries."
                    ).format(day=day_text(self.last_export))
                )
            else:
                self.preview_note.setText(
                    self.tr(
                        "There are no entries to share in this period. Entries you mark “Can "
                        "go into reports to your manager” will appear here."
                    )
                )
        elif self.include_checkins.isChecked() and not any(
            r.kind == "checkin" for r in self.model.rows
        ):
            self.preview_note.setText(
                self.tr("None of your check-ins in this period are marked to share.")
            )
        else:
            self.preview_note.clear()
        self.preview_note.setVisible(bool(self.preview_note.text()))

    def _ticks_changed(self) -> None:
        rows = self.model.ticked_rows()
        total = len(self.model.rows)
        if self._loading or total == 0:
            text = ""
        elif not rows:
            text = self.tr("Nothing is ticked yet. Tick the entries you want to share.")
        elif total == 1:
            text = self.tr("This entry will be shared.")
        elif len(rows) == 1:
            text = self.tr("1 of {total} entries will be shared.").format(total=total)
        else:
            text = self.tr("{n} of {total} entries will be shared.").format(
                n=len(rows), total=total
            )
        threats = sum(1 for r in rows if r.kind == "incident" and r.category == "threat")
        if threats:
            text += " " + (
                self.tr("It includes a threat, so it asks for a risk assessment.")
                if threats == 1
                else self.tr("It includes threats, so it asks for a risk assessment.")
            )
        self.selection_summary.setText(text)
        self.tick_all.setEnabled(bool(total) and len(rows) < total)
        self.untick_all.setEnabled(bool(rows))
        self.table.setEnabled(not self._loading)
        self.preview_note.setVisible(bool(self.preview_note.text()))
        if self.step() == Step.PREVIEW:
            self.next_button.setEnabled(bool(rows) and not self._loading)

    # -- names, formats, password, folder --------------------------------------------------

    def _redact_name_changed(self, text: str) -> None:
        if not self._replacement_edited:
            self.redact_as.setText(initials(text))
        self.add_redaction.setEnabled(bool(text.strip()) and bool(self.redact_as.text().strip()))

    def _replacement_typed(self, text: str) -> None:
        self._replacement_edited = bool(text)
        self.add_redaction.setEnabled(bool(self.redact_name.text().strip()) and bool(text.strip()))

    def _add_redaction(self) -> None:
        name = " ".join(self.redact_name.text().split())
        replacement = " ".join(self.redact_as.text().split())
        if not name or not replacement:
            return
        try:
            Redaction(name, replacement).validate()
        except ValidationError as error:
            self.options_status.setText(next(iter(error.errors.values()), error.message))
            return
        for row in range(self.redactions.rowCount()):
            item = self.redactions.item(row, 0)
            if item is not None and item.text().casefold() == name.casefold():
                self.redactions.removeRow(row)
                break
        row = self.redactions.rowCount()
        self.redactions.insertRow(row)
        self.redactions.setItem(row, 0, QTableWidgetItem(name))
        self.redactions.setItem(row, 1, QTableWidgetItem(replacement))
        self._fit_redactions()
        self.redactions.show()
        self.remove_redaction.show()
        self.redact_name.clear()
        self.redact_as.clear()
        self._replacement_edited = False
        self.options_status.clear()
        self.redact_name.setFocus()

    def _fit_redactions(self) -> None:
        """As tall as its rows (up to five), so the page doesn't grow a gap."""
        rows = min(max(self.redactions.rowCount(), 1), 5)
        height = self.redactions.horizontalHeader().height() + 2 * self.redactions.frameWidth()
        height += sum(self.redactions.rowHeight(r) for r in range(rows))
        if self.redactions.rowCount() == 0:
            height += self.redactions.verticalHeader().defaultSectionSize()
        self.redactions.setFixedHeight(height)

    def _remove_redaction(self) -> None:
        row = self.redactions.currentRow()
        if row < 0:
            row = self.redactions.rowCount() - 1
        if row >= 0:
            self.redactions.removeRow(row)
        self._fit_redactions()
        if self.redactions.rowCount() == 0:
            self.redactions.hide()
            self.remove_redaction.hide()

    def redaction_list(self) -> tuple[Redaction, ...]:
        out = []
        for row in range(self.redactions.rowCount()):
            name, shown = self.redactions.item(row, 0), self.redactions.item(row, 1)
            if name is not None and shown is not None:
                out.append(Redaction(name.text(), shown.text()))
        return tuple(out)

    def formats(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.format_boxes.items() if box.isChecked())

    def _formats_changed(self) -> None:
        self.options_status.clear()
        self._password_changed()

    def _password_changed(self) -> None:
        has_pdf = self.format_boxes["pdf"].isChecked()
        self.protect.setEnabled(has_pdf)
        on = has_pdf and self.protect.isChecked()
        generated = self.use_generated.isChecked()
        for widget in (self.use_generated, self.use_own):
            widget.setEnabled(on)
        self.generated.setEnabled(on and generated)
        self.copy_password.setEnabled(on and generated)
        self.new_password.setEnabled(on and generated)
        self.own_password.setEnabled(on and not generated)
        notes = []
        if not has_pdf:
            notes.append(self.tr("Tick PDF above to protect the report with a password."))
        elif on:
            if not generated:
                typed = self.own_password.text()
                if typed and len(typed) < MIN_TYPED_LENGTH:
                    notes.append(
                        self.tr(
                            "Make it at least {n} characters long, so the report stays safe "
                            "if the file goes astray."
                        ).format(n=MIN_TYPED_LENGTH)
                    )
                elif typed and typed_password_problem(typed):
                    notes.append(self._typed_problem(typed))
            others = [FORMAT_NAMES[f] for f in ("json", "csv") if self.format_boxes[f].isChecked()]
            if others:
                notes.append(
                    self.tr(
                        "The password protects the PDF only. The {files} beside it can be "
                        "opened by anyone who has it, so keep it somewhere only your manager "
                        "can reach, or untick it."
                    ).format(files=self.tr(" and ").join(others))
                    if len(others) == 1
                    else self.tr(
                        "The password protects the PDF only. The {files} files beside it can "
                        "be opened by anyone who has them, so keep them somewhere only your "
                        "manager can reach, or untick them."
                    ).format(files=self.tr(" and ").join(others))
                )
        elif has_pdf:
            notes.append(
                self.tr("Without a password, anyone who gets hold of the files can read them.")
            )
        unprotected = [FORMAT_NAMES[f] for f in ("json", "csv") if self.format_boxes[f].isChecked()]
        if unprotected and not on:
            notes.append(
                self.tr(
                    "The {files} can't be protected with a password: anyone who gets hold of "
                    "it can read everything in it, including the exact words quoted. Choose "
                    "it only for your organisation's systems, and keep it where only your "
                    "manager can reach."
                ).format(files=self.tr(" and ").join(unprotected))
            )
        self.password_note.setText(" ".join(notes))
        self.password_note.setVisible(bool(notes))

    def chosen_password(self) -> str | None:
        if not (self.format_boxes["pdf"].isChecked() and self.protect.isChecked()):
            return None
        if self.use_generated.isChecked():
            return self.generated.password()
        return self.own_password.text()

    def _typed_problem(self, typed: str) -> str:
        if len(typed) > MAX_LENGTH:
            return self.tr(
                "Make it at most {n} characters long: some PDF readers can't open a report "
                "with a longer password."
            ).format(n=MAX_LENGTH)
        return self.tr(
            "Use only letters A to Z, digits and the punctuation on an English keyboard: "
            "some PDF readers can't open a report whose password has accents or symbols."
        )

    def _copy_password(self) -> None:
        self.controller.clipboard.copy(self.generated.password())
        self.copy_note.setText(self.tr("Copied. It leaves the clipboard again in a minute."))
        self.copy_note.show()

    def _new_password(self) -> None:
        self.generated.set_password(generate_password(), spaced=True)
        self.copy_note.clear()
        self.copy_note.hide()

    def _copy_done_password(self) -> None:
        self.controller.clipboard.copy(self.done_password.password())
        self.done_copy.setText(self.tr("Copied"))

    def _choose_folder(self) -> None:
        chosen = self.controller.choose_folder(self, self.folder)
        if chosen is not None:
            self.folder = chosen
            self.folder_field.setText(str(chosen))

    # -- the export --------------------------------------------------------------------------

    def build_request(self) -> ReportRequest:
        settings = self.settings or ReportSettings()
        ids = self.model.ticked_ids()
        # An incident named by "Report this now" may lie outside the period: ids alone decide.
        named = bool(self.entry_id)
        return ReportRequest(
            since=None if named else self.period.since,
            until=None if named else self.period.until,
            since_last_export=False,
            entry_ids=ids,
            include_checkins=self.include_checkins.isChecked(),
            practitioner=settings.practitioner_name,
            manager_name=settings.manager_name,
            manager_email=settings.manager_email,
            urgent=self.urgent,
            note=self.note.toPlainText().strip(),
            redactions=self.redaction_list(),
        )

    def create_report(self) -> None:
        formats = self.formats()
        if not formats:
            self.options_status.setText(
                self.tr("Choose at least one kind of file: PDF, JSON or CSV.")
            )
            return
        password = self.chosen_password()
        if password is not None and len(password) < MIN_TYPED_LENGTH:
            self.options_status.setText(
                self.tr(
                    "Your password is too short. Make it at least {n} characters long, or use "
                    "the strong one made for you."
                ).format(n=MIN_TYPED_LENGTH)
            )
            self.own_password.setFocus()
            return
        if password is not None and typed_password_problem(password):
            self.options_status.setText(self._typed_problem(password))
            self.own_password.setFocus()
            return
        if not self.model.ticked_ids():
            self._show_step(Step.PREVIEW)
            return
        request = self.build_request()
        folder = self.folder
        self.request = request
        self.password = password
        self._cancel = threading.Event()
        cancel = self._cancel
        relay = ProgressRelay()
        relay.progressed.connect(self._progressed)
        self._relay = relay
        self.progress.setValue(0)
        self.progress_label.setText(self.tr("Preparing your report…"))
        self.cancel_export.setEnabled(True)
        self._show_step(Step.WORKING)
        self.ops.submit(
            lambda j: jobs.run_export(
                j, request, folder, formats, password, relay.report, cancel.is_set
            ),
            if_alive(self, self._exported),
            if_alive(self, self._export_failed),
            change=log_change(),
        )

    def _progressed(self, done: int, total: int) -> None:
        if self.step() != Step.WORKING or self._cancel.is_set():
            return
        self.progress.setValue(done * 1000 // max(total, 1))
        percent = done * 100 // max(total, 1)
        self.progress_label.setText(
            self.tr("Preparing your report… {percent}%").format(percent=percent)
        )

    def cancel(self) -> None:
        """Stop the export: the engine writes nothing once it sees this."""
        if self.step() != Step.WORKING:
            return
        self._cancel.set()
        self.cancel_export.setEnabled(False)
        self.progress_label.setText(self.tr("Stopping…"))

    def _export_failed(self, error: JournalError) -> None:
        self._relay = None
        if isinstance(error, NotOpen):
            return
        if isinstance(error, ExportCancelled):
            self._show_step(Step.OPTIONS)
            self.options_status.setText(self.tr("You cancelled the report. No files were written."))
            return
        if isinstance(error, NothingToExport):
            self._show_step(Step.PREVIEW)
            self.preview_note.setText(error.message)
            self.preview_note.show()
            self.load_preview()
            return
        self._show_step(Step.OPTIONS)
        self.options_status.setText(error.message)

    def _exported(self, result: ExportResult) -> None:
        self._relay = None
        self.export_result = result
        self.progress.setValue(1000)
        self.draft = None
        self.reveal_files()
        self._describe_done(result)
        self._show_step(Step.DONE)
        self.exported.emit(result)
        self.open_email()

    def open_email(self) -> None:
        """A new draft with the PDF attached (through the core's mailer, on the worker); for a
        report without a PDF, or when no program takes the file, a plain ``mailto:`` draft."""
        result, request = self.export_result, self.request
        if result is None or request is None:
            return
        if "pdf" not in result.files:
            self._mailto_fallback()
            return
        self.email_again.setEnabled(False)
        self.ops.submit(
            lambda j: jobs.open_draft(j, result, request),
            if_alive(self, self._draft_opened),
            if_alive(self, lambda _e: self._mailto_fallback()),
            change=log_change(),
        )

    def _draft_opened(self, draft: DraftResult) -> None:
        self.email_again.setEnabled(True)
        if self.export_result is None:
            return
        if draft.opened:
            self.draft = draft
            self.mail_opened = True
            self._describe_done(self.export_result)
        else:
            self._mailto_fallback()

    def _mailto_fallback(self) -> None:
        self.email_again.setEnabled(True)
        url = self.mailto()
        self.mail_opened = url is not None and self.controller.open_url(url)
        if self.export_result is not None:
            self._describe_done(self.export_result)

    def mailto(self) -> QUrl | None:
        if self.export_result is None or self.request is None:
            return None
        from journal.export.mail import draft_email

        url = draft_email(self.export_result, self.request).mailto_url()
        return QUrl.fromEncoded(url.encode("ascii"))

    def reveal_files(self) -> bool:
        if self.export_result is None:
            return False
        folder = next(iter(self.export_result.files.values())).parent
        return self.controller.open_url(QUrl.fromLocalFile(str(folder)))

    def _describe_done(self, result: ExportResult) -> None:
        settings = self.settings or ReportSettings()
        folder = next(iter(result.files.values())).parent
        count = len(result.entry_ids)
        entries = self.tr("1 entry") if count == 1 else self.tr("{n} entries").format(n=count)
        text = self.tr("Your report of {entries} is saved in {folder}.").format(
            entries=entries, folder=folder
        )
        others = [FORMAT_NAMES.get(f, f.upper()) for f in result.files if f != "pdf"]
        if self.draft is not None and self.draft.opened:
            text += " " + self.tr(
                "A new message to {name} is open in {program} with the PDF attached."
            ).format(
                name=settings.manager_name or settings.manager_email, program=self.draft.program
            )
            if others:
                text += " " + self.tr(
                    "Attach the {files} from the folder that opened as well."
                ).format(files=self.tr(" and ").join(others))
            text += " " + self.tr("Read the message through, and send it.")
        elif self.mail_opened:
            text += " " + self.tr(
                "Your email program has a message to {name} ready. Attach the files from the "
                "folder that opened, read the message through, and send it."
            ).format(name=settings.manager_name or settings.manager_email)
        else:
            text += " " + self.tr(
                "Your email program didn't open. Write to {email} and attach the files from "
                "that folder."
            ).format(email=settings.manager_email)
        self.done_text.setText(text)
        lines = []
        for fmt, path in result.files.items():
            kind = FORMAT_NAMES.get(fmt, fmt.upper())
            if fmt == "pdf" and result.encrypted:
                kind = self.tr("{kind}, protected with a password").format(kind=kind)
            lines.append(f"• {path.name} ({kind})")
        self.done_files.setText("\n".join(lines))
        self.done_password.set_password(
            self.password or "", spaced=self.password == self.generated.password()
        )
        self.done_password_box.setVisible(bool(self.password))
        self.done_copy.setText(self.tr("&Copy"))

    # -- closing and locking -----------------------------------------------------------------

    def reject(self) -> None:
        if self.busy:
            self.cancel()  # stays open until the worker has stopped
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy and not self.closed_for_good:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.closed_for_good = True
        self._cancel.set()
        self.wipe()
        super().done(result)

    def wipe(self) -> None:
        """Drop every piece of journal data and every secret the dialog holds."""
        self.model.clear()
        self._seen.clear()
        for field in (
            self.practitioner_name,
            self.manager_name,
            self.manager_email,
            self.redact_name,
            self.redact_as,
            self.generated,
            self.own_password,
            self.done_password,
            self.folder_field,
        ):
            field.clear()
        self.redactions.setRowCount(0)
        self.note.clear()
        for label in (
            self.recipient,
            self.people_note,
            self.preview_note,
            self.selection_summary,
            self.options_status,
            self.copy_note,
            self.done_text,
            self.done_files,
        ):
            label.clear()
        self.period_box.setItemText(self.period_box.findData("last"), "")
        self.settings = None
        self.request = None
        self.export_result = None
        self.password = None

    def discard(self) -> None:
        """On lock, or when a new report replaces this one: stop, wipe, close."""
        self.closed_for_good = True
        self.done(QDialog.DialogCode.Rejected)

    def _failed(self, error: JournalError) -> None:
        if isinstance(error, NotOpen) or self.closed_for_good:
            return
        self._loading = False
        self.preview_note.setText(error.message)
        self.preview_note.show()
        self._ticks_changed()
