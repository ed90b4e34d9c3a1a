"""The detail pane: one incident, facts first. Quoted words and pictures wait for "Show".

The words and the clear pictures are held in memory only, and put into a widget only
when the person asks; every new entry and ``clear()`` starts hidden again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import queries
from journal.errors import NotFound
from journal.models import Attachment, Entry, Incident
from journal.repository import Revision
from journal.session import Journal
from ui import theme
from ui.incidents.evidence import EvidenceItem, EvidenceViewer, is_image, monospace, thumbnail
from ui.incidents.evidence import thumbnail_pixmap as _pixmap
from ui.incidents.fields import FIELD_NAMES
from ui.kit import labels
from ui.kit.context_help import PlatformHelpBox
from ui.kit.delegates import badge_size, paint_badge
from ui.kit.detail_pane import DetailFrame, detail_title, fact_rows, placeholder_label
from ui.kit.forms import text_label
from ui.kit.replies import unless_locked
from ui.kit.widgets import close_if_open, dispose
from ui.operations import Operations

_THUMB = 96
# Two pictures a row, each as wide as its thumbnail, so the pane never needs to scroll sideways.
_EVIDENCE_COLUMNS = 2


class SeverityBadge(QWidget):
    """The severity's colour and its word, as in the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._severity = ""
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_severity(self, severity: str) -> None:
        self._severity = severity
        self.setAccessibleName(self.tr("Severity: {0}").format(labels.severity(severity)))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        size = badge_size(self.fontMetrics(), labels.severity(self._severity or "critical"))
        return QSize(size.width(), size.height() + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._severity:
            return
        painter = QPainter(self)
        paint_badge(
            painter,
            self.rect(),
            self._severity,
            labels.severity(self._severity),
            theme.is_dark(self.palette()),
        )
        painter.end()


def _section_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setObjectName("sectionTitle")
    return label


def reported_on(journal: Journal, entry_id: str) -> datetime | None:
    """When the incident first went to the manager (a draft opened, or sent), or None."""
    from journal.export.log import ExportLog

    return ExportLog(journal.repo).reported_on(entry_id)


def load_detail(journal: Journal, entry_id: str) -> tuple[Entry, dict[str, QImage | None]]:
    """The entry and small copies of its pictures (runs on the worker)."""
    entry = queries.entry(journal, entry_id)
    thumbs = {
        a.id: thumbnail(queries.attachment_data(journal, a.id))
        for a in entry.attachments
        if is_image(a.mime)
    }
    return entry, thumbs


class DetailPane(QWidget):
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    report_requested = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self._ops = ops
        self._entry: Incident | None = None
        self._thumbs: dict[str, QImage | None] = {}
        self._words_shown = False
        self._images_shown = False
        self._viewer: EvidenceViewer | None = None
        self._history: HistoryDialog | None = None

        frame = DetailFrame(
            self,
            placeholder_label(self.tr("Choose an incident in the list to see it here."), self),
            "detailBody",
        )
        self.stack, self.placeholder = frame.stack, frame.placeholder
        self.scroll_area, body, layout = frame.scroll_area, frame.body, frame.layout
        s = theme.SPACING
        self._build_heading(body, layout)
        ops.changed.connect(self._log_changed)
        self.facts, self.fact = fact_rows(
            body,
            (
                ("occurred", self.tr("Happened")),
                ("recorded", self.tr("Recorded")),
                ("platform", self.tr("Where")),
                ("author", self.tr("Author")),
                ("case", self.tr("Case reference")),
                ("impact", self.tr("Impact")),
                ("status", self.tr("Status")),
                ("sharing", self.tr("Reports")),
            ),
            row_spacing=s // 2,
            names_left=True,
        )
        layout.addLayout(self.facts)
        self._build_texts(body, layout)
        self._build_evidence_part(body, layout)
        self._build_after(body, layout)
        self._build_buttons(body, layout)
        self.clear()

    def _build_heading(self, body: QWidget, layout: QVBoxLayout) -> None:
        """The title, the severity badge and category, and reporting to the manager."""
        s = theme.SPACING
        self.title = detail_title(body, "detailTitle", 1.3)
        layout.addWidget(self.title)
        badges = QHBoxLayout()
        badges.setSpacing(s)
        self.badge = SeverityBadge(body)
        self.category = QLabel(body)
        self.category.setObjectName("detailCategory")
        self.category.setWordWrap(True)
        badges.addWidget(self.badge)
        badges.addWidget(self.category, 1)
        layout.addLayout(badges)

        self.report_button = QPushButton(self.tr("Report this to your manager now"), body)
        self.report_button.setObjectName("reportToManager")
        self.report_button.setIcon(theme.icon("send"))
        self.report_button.clicked.connect(self._report)
        layout.addWidget(self.report_button)
        # "Sent to your manager on 4 Dec": from the export log, only a report that reached them.
        self.reported_note = QLabel(body)
        self.reported_note.setObjectName("detailReported")
        self.reported_note.setWordWrap(True)
        self.reported_note.hide()
        layout.addWidget(self.reported_note)

    def _build_texts(self, body: QWidget, layout: QVBoxLayout) -> None:
        """What happened, the links, and the exact words behind their Show button."""
        s = theme.SPACING
        layout.addWidget(_section_title(self.tr("What happened"), body))
        self.description = text_label(body, "detailDescription")
        layout.addWidget(self.description)
        self.links_title = _section_title(self.tr("Links"), body)
        self.links = text_label(body, "detailLinks")
        layout.addWidget(self.links_title)
        layout.addWidget(self.links)

        self.words_title = _section_title(self.tr("The exact words"), body)
        layout.addWidget(self.words_title)
        words_row = QHBoxLayout()
        self.words_hidden = QLabel(
            self.tr("Hidden, so you don't have to read them again until you choose to."), body
        )
        self.words_hidden.setObjectName("wordsHiddenNote")
        self.words_hidden.setWordWrap(True)
        self.words_button = QPushButton(theme.icon("eye"), self.tr("Show the words"), body)
        self.words_button.setObjectName("showWords")
        self.words_button.clicked.connect(self.toggle_words)
        words_row.addWidget(self.words_hidden, 1)
        words_row.addWidget(self.words_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words_row)
        self.words = text_label(body, "detailWords")
        self.words.setFrameShape(QFrame.Shape.StyledPanel)
        self.words.setMargin(s)
        layout.addWidget(self.words)

    def _build_evidence_part(self, body: QWidget, layout: QVBoxLayout) -> None:
        """The evidence, blurred until shown."""
        s = theme.SPACING
        self.evidence_title = _section_title(self.tr("Evidence"), body)
        layout.addWidget(self.evidence_title)
        evidence_bar = QHBoxLayout()
        self.evidence_note = QLabel(self.tr("Pictures are blurred until you show them."), body)
        self.evidence_note.setWordWrap(True)
        self.images_button = QPushButton(theme.icon("eye"), self.tr("Show images"), body)
        self.images_button.setObjectName("showImages")
        self.images_button.clicked.connect(self.toggle_images)
        evidence_bar.addWidget(self.evidence_note, 1)
        evidence_bar.addWidget(self.images_button)
        layout.addLayout(evidence_bar)
        self.evidence_grid = QGridLayout()
        self.evidence_grid.setSpacing(s)
        layout.addLayout(self.evidence_grid)
        self._evidence_buttons: list[tuple[QToolButton, Attachment]] = []

    def _build_after(self, body: QWidget, layout: QVBoxLayout) -> None:
        """What was done about it, the private notes, and the history."""
        self.actions_title = _section_title(self.tr("Actions taken"), body)
        self.actions_text = text_label(body, "detailActions")
        layout.addWidget(self.actions_title)
        layout.addWidget(self.actions_text)
        self.report_title = _section_title(self.tr("Reported to the platform"), body)
        self.report = text_label(body, "detailReport")
        layout.addWidget(self.report_title)
        layout.addWidget(self.report)
        self.platform_help = PlatformHelpBox(body)
        layout.addWidget(self.platform_help)
        self.private_title = _section_title(self.tr("Private notes (only you see these)"), body)
        self.private = text_label(body, "detailPrivate")
        layout.addWidget(self.private_title)
        layout.addWidget(self.private)

        history_row = QHBoxLayout()
        self.edited = QLabel(body)
        self.edited.setObjectName("editedCount")
        self.edited.setWordWrap(True)
        self.history_button = QPushButton(self.tr("History…"), body)
        self.history_button.setObjectName("showHistory")
        self.history_button.setAccessibleDescription(self.tr("Show every saved version"))
        self.history_button.clicked.connect(self.show_history)
        history_row.addWidget(self.edited, 1)
        history_row.addWidget(self.history_button)
        layout.addLayout(history_row)

    def _build_buttons(self, body: QWidget, layout: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit"), body)
        self.edit_button.setObjectName("editIncident")
        self.edit_button.clicked.connect(lambda: self._emit_id(self.edit_requested))
        self.delete_button = QPushButton(self.tr("Delete"), body)
        self.delete_button.setObjectName("deleteIncident")
        self.delete_button.setToolTip(self.tr("You can undo this straight afterwards."))
        self.delete_button.clicked.connect(lambda: self._emit_id(self.delete_requested))
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        layout.addStretch(1)

    # -- public -------------------------------------------------------------------------

    @property
    def entry_id(self) -> str | None:
        return self._entry.id if self._entry is not None else None

    @property
    def entry(self) -> Incident | None:
        return self._entry

    def show_entry(self, entry_id: str | None) -> None:
        """Load and show one incident (or the placeholder). Shown words/images hide again."""
        if entry_id is None:
            self.clear()
            return
        if self._entry is not None and self._entry.id == entry_id:
            self.refresh()
            return
        self._load(entry_id, keep_reveal=False)

    def refresh(self) -> None:
        """Reload the shown incident after a change, keeping what the person chose to show."""
        if self._entry is not None:
            self._load(self._entry.id, keep_reveal=True)

    def clear(self) -> None:
        """Forget the incident: no widget keeps any of its text or pictures."""
        self._ops.forget(self)
        self._entry = None
        self._thumbs = {}
        self._words_shown = self._images_shown = False
        for label in (
            self.title, self.category, self.description, self.links, self.words,
            self.actions_text, self.report, self.private, self.edited, *self.fact.values(),
        ):  # fmt: skip
            label.clear()
        self.reported_note.clear()
        self.reported_note.hide()
        self.badge.set_severity("")
        self.platform_help.set_platform(None)
        self._clear_evidence()
        for dialog in (self._viewer, self._history):
            close_if_open(dialog)
        self._viewer = self._history = None
        self.stack.setCurrentWidget(self.placeholder)

    # -- loading --------------------------------------------------------------------------

    def _load_reported(self, entry_id: str) -> None:
        self._ops.submit(
            lambda j: reported_on(j, entry_id), self._show_reported, lambda _error: None, owner=self
        )

    def _show_reported(self, when: datetime | None) -> None:
        if self._entry is None:
            return
        if when is None:
            self.reported_note.clear()
        else:
            local = when.astimezone()
            shown = labels.to_qdatetime(when).date()
            fmt = "d MMM" if local.year == datetime.now().astimezone().year else "d MMM yyyy"
            self.reported_note.setText(
                self.tr("Sent to your manager on {day}").format(day=QLocale().toString(shown, fmt))
            )
        self.reported_note.setVisible(when is not None)

    def _log_changed(self, change: Any) -> None:
        if self._entry is not None and change.extra.get("export_log"):
            self._load_reported(self._entry.id)

    def _load(self, entry_id: str, *, keep_reveal: bool) -> None:
        self._ops.forget(self)
        self._ops.submit(
            lambda j: load_detail(j, entry_id),
            lambda result: self._loaded(*result, keep_reveal=keep_reveal),
            self._load_failed(),
            owner=self,
        )

    def _load_failed(self) -> Any:
        handler = unless_locked(self._ops)

        def failed(error: Any) -> None:
            if isinstance(error, NotFound):
                self.clear()
            else:
                handler(error)

        return failed

    def _loaded(
        self,
        entry: Entry,
        thumbs: dict[str, QImage | None],
        *,
        keep_reveal: bool,
    ) -> None:
        if not isinstance(entry, Incident):
            return
        same = self._entry is not None and self._entry.id == entry.id
        words, images = (self._words_shown, self._images_shown) if keep_reveal and same else (
            False, False
        )  # fmt: skip
        self._entry = entry
        self._thumbs = thumbs
        self._fill(entry)
        self._load_reported(entry.id)
        self._set_words(words)
        self._set_images(images)
        self.stack.setCurrentWidget(self.scroll_area)

    def _fill(self, e: Incident) -> None:
        self.title.setText(e.title)
        self.badge.set_severity(e.severity)
        self.category.setText(
            self.tr("{category} · {status}").format(
                category=labels.category(e.category), status=labels.status(e.status)
            )
        )
        self.report_button.setVisible(e.category == "threat")
        self.fact["occurred"].setText(labels.date_time(e.occurred_at))
        self.fact["recorded"].setText(labels.date_time(e.recorded_at or e.occurred_at))
        self.fact["platform"].setText(
            self.tr("{platform}, {kind}").format(
                platform=labels.platform(e.platform),
                kind=labels.content_type(e.content_type).lower(),
            )
        )
        author = e.author_handle or self.tr("Not known")
        self.fact["author"].setText(f"{author} ({labels.author_relation(e.author_relation)})")
        self.fact["case"].setText(e.case_ref or self.tr("None given"))
        tags = ", ".join(e.impact_tags) or self.tr("No tags")
        score = (
            self.tr("impact not rated")
            if e.impact_score is None
            else self.tr("{0} out of 10").format(e.impact_score)
        )
        self.fact["impact"].setText(self.tr("{tags} · {score}").format(tags=tags, score=score))
        self.fact["status"].setText(labels.status(e.status))
        self.fact["sharing"].setText(
            self.tr("Can go into reports to your manager")
            if e.shareable
            else self.tr("Kept out of reports")
        )
        self.description.setText(e.description or self.tr("No description."))
        self.links.setText("\n".join(e.urls))
        self.links_title.setVisible(bool(e.urls))
        self.links.setVisible(bool(e.urls))
        has_words = bool(e.quoted_text.strip())
        for widget in (self.words_title, self.words_hidden, self.words_button):
            widget.setVisible(has_words)
        actions = []
        for a in e.actions:
            mark = "✓" if a.done else "○"
            when = f" — {labels.day(a.done_on)}" if a.done_on else ""
            actions.append(f"{mark} {a.what}{when}")
        self.actions_text.setText("\n".join(actions))
        self.actions_title.setVisible(bool(actions))
        self.actions_text.setVisible(bool(actions))
        report = "\n".join(
            part
            for part in (
                self.tr("Reference: {0}").format(e.platform_report_ref)
                if e.platform_report_ref
                else "",
                e.platform_report_outcome,
            )
            if part
        )
        self.report.setText(report)
        self.report_title.setVisible(bool(report))
        self.report.setVisible(bool(report))
        self.platform_help.set_platform(e.platform)
        self.platform_help.set_expanded(not report and e.status != "closed")
        self.private.setText(e.private_notes)
        self.private_title.setVisible(bool(e.private_notes))
        self.private.setVisible(bool(e.private_notes))
        edits = max(0, e.revision - 1)
        self.edited.setText(
            self.tr("Not edited since it was recorded.")
            if edits == 0
            else self.tr("Edited once.")
            if edits == 1
            else self.tr("Edited {0} times.").format(edits)
        )
        self._build_evidence(e.attachments)

    # -- hidden words -------------------------------------------------------------------

    @property
    def words_shown(self) -> bool:
        return self._words_shown

    def toggle_words(self) -> None:
        self._set_words(not self._words_shown)

    def _set_words(self, shown: bool) -> None:
        self._words_shown = shown and self._entry is not None
        if self._words_shown and self._entry is not None:
            self.words.setText(self._entry.quoted_text)
        else:
            self.words.clear()
        self.words.setVisible(self._words_shown)
        self.words_hidden.setText(
            self.tr("Shown because you chose to see them.")
            if self._words_shown
            else self.tr("Hidden, so you don't have to read them again until you choose to.")
        )
        self.words_button.setText(
            self.tr("Hide the words") if self._words_shown else self.tr("Show the words")
        )
        self.words_button.setIcon(theme.icon("eye-off" if self._words_shown else "eye"))

    # -- evidence ---------------------------------------------------------------------------

    @property
    def images_shown(self) -> bool:
        return self._images_shown

    def toggle_images(self) -> None:
        self._set_images(not self._images_shown)

    def _clear_evidence(self) -> None:
        for button, _att in self._evidence_buttons:
            self.evidence_grid.removeWidget(button)
            dispose(button)
        self._evidence_buttons = []
        for widget in (self.evidence_title, self.evidence_note, self.images_button):
            widget.hide()

    def _build_evidence(self, attachments: list[Attachment]) -> None:
        self._clear_evidence()
        for n, att in enumerate(attachments):
            button = QToolButton(self.scroll_area.widget())
            button.setObjectName("evidenceButton")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(_THUMB, _THUMB))
            button.setAutoRaise(True)
            button.setAccessibleName(self.tr("Open evidence {0}").format(n + 1))
            button.setToolTip(
                self.tr("{name}\n{size} · captured {time}\nSHA-256 {hash}").format(
                    name=att.filename,
                    size=labels.file_size(att.size),
                    time=labels.date_time(att.captured_at),
                    hash=att.sha256,
                )
            )
            button.setFixedWidth(_THUMB + 2 * theme.SPACING)
            button.setText(self._short(att.filename, button.fontMetrics()))
            button.clicked.connect(lambda _=False, a=att: self.open_evidence(a))
            row, column = divmod(n, _EVIDENCE_COLUMNS)
            self.evidence_grid.addWidget(button, row, column)
            self._evidence_buttons.append((button, att))
        has = bool(attachments)
        self.evidence_title.setVisible(has)
        self.evidence_note.setVisible(any(is_image(a.mime) for a in attachments))
        self.images_button.setVisible(any(is_image(a.mime) for a in attachments))

    @staticmethod
    def _short(name: str, metrics: QFontMetrics) -> str:
        """The file name, shortened in the middle to fit under its thumbnail."""
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, _THUMB)

    def _set_images(self, shown: bool) -> None:
        self._images_shown = shown and self._entry is not None
        for button, att in self._evidence_buttons:
            image = self._thumbs.get(att.id)
            if image is None:
                button.setIcon(theme.icon("pdf") if not is_image(att.mime) else QIcon())
                continue
            button.setIcon(QIcon(_pixmap(image, self._images_shown, _THUMB)))
        self.images_button.setText(
            self.tr("Hide images") if self._images_shown else self.tr("Show images")
        )
        self.images_button.setIcon(theme.icon("eye-off" if self._images_shown else "eye"))
        self.evidence_note.setText(
            self.tr("Shown because you chose to see them.")
            if self._images_shown
            else self.tr("Pictures are blurred until you show them.")
        )

    def open_evidence(self, att: Attachment) -> None:
        close_if_open(self._viewer)
        item = EvidenceItem.saved(att)
        self._viewer = EvidenceViewer(self._ops, item, self.window())
        self._viewer.show()

    # -- history --------------------------------------------------------------------------

    def show_history(self) -> None:
        if self._entry is None:
            return
        entry_id = self._entry.id

        def shown(revisions: list[Revision]) -> None:
            close_if_open(self._history)
            self._history = HistoryDialog(revisions, self.window())
            self._history.show()

        self._ops.submit(
            lambda j: queries.history(j, entry_id), shown, unless_locked(self._ops), owner=self
        )

    # -- buttons ----------------------------------------------------------------------------

    def _emit_id(self, signal: Any) -> None:
        if self._entry is not None:
            signal.emit(self._entry.id)

    def _report(self) -> None:
        self._emit_id(self.report_requested)


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Which parts a revision changed, in words (the first revision recorded the entry)."""
    if before is None:
        return ["recorded"]
    if "deleted_at" in after and "deleted_at" not in before:
        return ["deleted"]
    if "deleted_at" in before and "deleted_at" not in after:
        return ["restored"]
    return [name for key, name in FIELD_NAMES.items() if before.get(key) != after.get(key)]


class HistoryDialog(QDialog):
    """Every saved version: when, what changed (by field name only) and its fingerprint."""

    def __init__(self, revisions: list[Revision], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        s = theme.SPACING
        layout.setContentsMargins(s * 2, s * 2, s * 2, s * 2)
        intro = QLabel(
            self.tr(
                "Every save keeps the version before it. Each version's fingerprint (SHA-256) "
                "includes the one before, so a change made outside the app would show."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(revisions), 4, self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Version"), self.tr("Saved"), self.tr("What changed"), self.tr("Fingerprint")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        previous: dict[str, Any] | None = None
        words = {
            "recorded": self.tr("recorded"),
            "deleted": self.tr("deleted"),
            "restored": self.tr("restored"),
        }
        for row, rev in enumerate(revisions):
            changes = changed_fields(previous, rev.data)
            text = ", ".join(
                words.get(c) or QCoreApplication.translate("journal", c) for c in changes
            )
            text = text or self.tr("no change")
            digest = QTableWidgetItem(rev.hash[:16] + "…")
            digest.setToolTip(rev.hash)
            digest.setFont(monospace())
            for column, item in enumerate(
                (
                    QTableWidgetItem(str(rev.revision)),
                    QTableWidgetItem(labels.date_time(rev.saved_at)),
                    QTableWidgetItem(text),
                    digest,
                )
            ):
                self.table.setItem(row, column, item)
            previous = rev.data
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
