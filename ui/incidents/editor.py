"""The incident editor: every field, usable from the keyboard alone, autosaved as a draft.

Ctrl+S saves, Esc asks whether to keep a draft. The core's own validation runs before
anything is sent to the worker, and its messages appear beside the fields they are about.
"""

from __future__ import annotations

import contextlib
import itertools
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import queries, usecases
from journal.errors import JournalError, ValidationError
from journal.models import (
    AUTHOR_RELATIONS,
    CATEGORIES,
    CONTENT_TYPES,
    PLATFORMS,
    SEVERITIES,
    SHORT_MAX,
    STATUSES,
    TITLE_MAX,
    Incident,
    entry_from_dict,
)
from journal.session import Journal
from journal.timeutil import now, parse_datetime
from ui import theme
from ui.incidents.evidence import EvidenceList
from ui.incidents.fields import FIELD_LABELS
from ui.incidents.legal_section import LegalSection
from ui.incidents.tags_input import TagsInput
from ui.kit import labels
from ui.kit.context_help import CategoryHelpPanel
from ui.kit.drafts import DRAFT_PREFIX, Draft, new_draft_id
from ui.kit.entry_editor import EntryEditor
from ui.kit.forms import heading
from ui.kit.layouts import flush, form_column, form_grid
from ui.kit.replies import unless_locked
from ui.kit.row_list import RemovableRow, RowList, remove_button
from ui.kit.text_fields import line_edit
from ui.kit.timers import single_shot
from ui.kit.widgets import DateEdit, DateTimeEdit
from ui.operations import Operations

AUTOSAVE_MS = 2000
PRESET_ACTIONS = (
    "Told my manager",
    "Reported to the platform",
    "Saved screenshots",
    "Blocked the account",
    "Informed the court",
    "Risk assessment with legal and HR",
)


class _ActionRow(RemovableRow):
    def __init__(self, what: str, preset: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.preset = preset
        layout = flush(QHBoxLayout(self))
        self.done = QCheckBox(self.tr(what) if preset else what, self)
        self.done.setObjectName("actionDone")
        self.when = DateEdit(self)
        self.when.setObjectName("actionDate")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy")
        self.when.setDate(QDate.currentDate())
        self.when.setAccessibleName(self.tr("Date for {0}").format(what))
        self.when.setEnabled(False)
        self.done.toggled.connect(self._toggled)
        self.when.dateChanged.connect(self.changed)
        layout.addWidget(self.done, 1)
        layout.addWidget(self.when)
        if not preset:
            remove = remove_button(
                self, self.tr("Remove action {0}").format(what), self.tr("Remove")
            )
            remove.clicked.connect(self.removed)
            layout.addWidget(remove)

    def _toggled(self, checked: bool) -> None:
        self.when.setEnabled(checked)
        self.changed.emit()

    def to_json(self) -> dict[str, Any]:
        day: date = self.when.date().toPython()  # type: ignore[assignment]
        return {"what": self.what, "done": True, "done_on": day.isoformat()}


class ActionsChecklist(QWidget):
    """Common steps as a checklist with dates, plus the person's own."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionsChecklist")
        self._box = flush(QVBoxLayout(self), theme.SPACING // 2)
        self._rows: RowList[_ActionRow] = RowList(self._box, self.changed)
        for what in PRESET_ACTIONS:
            self._add_row(what, preset=True)
        other = QHBoxLayout()
        self.other = QLineEdit(self)
        self._rows.focus_after = self.other
        self.other.setObjectName("otherAction")
        self.other.setAccessibleName(self.tr("Another action you took"))
        self.other.setPlaceholderText(self.tr("Something else you did"))
        self.other.setMaxLength(SHORT_MAX)
        self.other.returnPressed.connect(self._add_other)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setObjectName("addAction")
        self.add_button.setAccessibleDescription(self.tr("Adds the action typed beside it"))
        self.add_button.clicked.connect(self._add_other)
        other.addWidget(self.other, 1)
        other.addWidget(self.add_button)
        self._box.addLayout(other)

    def _add_row(self, what: str, *, preset: bool) -> _ActionRow:
        return self._rows.add(_ActionRow(what, preset, self))

    def _add_other(self) -> None:
        what = " ".join(self.other.text().split())
        if not what:
            return
        row = next((r for r in self._rows if r.what == what), None) or self._add_row(
            what, preset=False
        )
        row.done.setChecked(True)
        self.other.clear()
        self.changed.emit()

    def to_json(self) -> list[dict[str, Any]]:
        return [r.to_json() for r in self._rows if r.done.isChecked()]

    def focus_chain(self) -> list[QWidget]:
        """The checklist's stops in the order they are shown."""
        stops: list[QWidget] = []
        for row in self._rows:
            stops += [row.done, row.when, *row.findChildren(QToolButton)]
        return [*stops, self.other, self.add_button]

    def set_actions(self, actions: list[dict[str, Any]]) -> None:
        for row in [r for r in self._rows if not r.preset]:
            self._rows.drop(row)
        for row in self._rows:
            row.done.setChecked(False)
            row.when.setDate(QDate.currentDate())
        for action in actions:
            what = str(action.get("what") or "").strip()
            if not what:
                continue
            row = next((r for r in self._rows if r.what == what), None) or self._add_row(
                what, preset=False
            )
            row.done.setChecked(bool(action.get("done", True)))
            done_on = action.get("done_on") or action.get("due")
            if done_on:
                with contextlib.suppress(ValueError):
                    row.when.setDate(QDate.fromString(str(done_on)[:10], Qt.DateFormat.ISODate))
        self.other.clear()


class ImpactScoreBox(QSpinBox):
    """0 to 10, or "Not rated" (one step below 0), which is where a new incident starts.

    An untouched score isn't "no effect": it is left out of averages and charts. Delete,
    Backspace in an empty box, or Page Down set it back to not rated from the keyboard.
    """

    NOT_RATED = -1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(self.NOT_RATED, 10)
        self.setSpecialValueText(self.tr("Not rated"))
        self.setSuffix(self.tr(" out of 10"))
        self.setValue(self.NOT_RATED)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def score(self) -> int | None:
        value = self.value()
        return None if value == self.NOT_RATED else value

    def set_score(self, score: int | None) -> None:
        self.setValue(self.NOT_RATED if score is None else score)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete or (
            event.key() == Qt.Key.Key_Backspace and not self.cleanText()
        ):
            self.set_score(None)
            event.accept()
            return
        super().keyPressEvent(event)


class IncidentEditor(EntryEditor[Incident]):
    """Saving emits ``saved`` with the saved incident; ``closed`` follows every way out."""

    DRAFT_PREFIX = DRAFT_PREFIX

    saved = Signal(object)  # Incident
    report_requested = Signal(str)  # saved incident's id: the category help's "Report this now"

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.setObjectName("incidentEditor")
        self.setAcceptDrops(True)
        self._revision = 0
        self._dirty = False
        self._platform_chosen = False
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._hints: dict[str, str] = {}
        self._autosave = single_shot(self, AUTOSAVE_MS, self.save_draft)
        self._build()
        self._wire()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        """The scrolling form, one section after another, and the bar that stays in view."""
        outer, body = self._scrolling_body("editorBody")
        page, column, layout = form_column(body, 880)
        page.addWidget(column, 1)
        page.addStretch(0)
        body = column
        self.form = form_grid()

        layout.addWidget(self._build_heading(body))
        self._build_disclosure(layout, body)
        layout.addLayout(self.form)
        # The first minute: what happened, the evidence, how it affected you. These come
        # first, so that at the default window size they fit without scrolling.
        for section in (
            self._build_what_happened, self._build_impact, self._build_more,
            self._build_who, self._build_what_you_did, self._build_legal, self._build_sharing,
        ):  # fmt: skip
            section(layout, body)
        layout.addStretch(1)
        outer.addWidget(self._build_bar())

        # Alt+E presses Paste screenshot: pasting is the first minute's step.
        evidence_box = self.evidence.parentWidget()
        evidence_label = self.form.labelForField(evidence_box) if evidence_box else None
        if isinstance(evidence_label, QLabel):
            evidence_label.setBuddy(self.evidence.paste_button)
        self._apply_tab_order()

    def _build_heading(self, body: QWidget) -> QLabel:
        self.heading = heading(self.tr("New incident"), body, scale=1.3, name="editorHeading")
        return self.heading

    def _build_disclosure(self, layout: QVBoxLayout, body: QWidget) -> None:
        """The note about records being read in court or HR, shown once."""
        s = theme.SPACING
        self.disclosure = QFrame(body)
        self.disclosure.setObjectName("disclosureNote")
        self.disclosure.setFrameShape(QFrame.Shape.StyledPanel)
        note_layout = QHBoxLayout(self.disclosure)
        note_layout.setContentsMargins(s, s, s, s)
        note = QLabel(
            self.tr(
                "A note before you start: records like these can be asked for in court or "
                "HR proceedings. Write what happened plainly, as you would be content to "
                "hear it read back."
            ),
            self.disclosure,
        )
        note.setWordWrap(True)
        self.disclosure_ok = QPushButton(self.tr("I understand"), self.disclosure)
        self.disclosure_ok.setObjectName("disclosureSeen")
        self.disclosure_ok.clicked.connect(self._disclosure_seen)
        note_layout.addWidget(note, 1)
        note_layout.addWidget(self.disclosure_ok, 0, Qt.AlignmentFlag.AlignTop)
        self.disclosure.hide()
        layout.addWidget(self.disclosure)

    def _build_what_happened(self, layout: QVBoxLayout, body: QWidget) -> None:
        """Title, when, where, what kind and how serious, and the evidence."""
        form = self._section(layout, body, self.tr("What happened"))
        self.title = line_edit(body, self.tr("A few words that say what happened"), TITLE_MAX)
        self._add(form, "title", self.tr("&Title"), self.title)
        self.occurred = DateTimeEdit(body)
        self.occurred.setCalendarPopup(True)
        self.occurred.setDisplayFormat("d MMM yyyy  HH:mm")
        self.occurred.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._add(form, "occurred_at", self.tr("&When it happened"), self.occurred)
        self.platform = self._combo(body, [(k, labels.platform(k)) for k in PLATFORMS])
        self.content_type = self._combo(body, [(k, labels.content_type(k)) for k in CONTENT_TYPES])
        self._add(form, "platform", self.tr("&Platform"), self.platform)
        self._beside(
            "platform", "content_type", self.tr("W&hat it was"), self.content_type
        )  # fmt: skip
        self.category = self._combo(body, [(k, labels.category(k)) for k in CATEGORIES])
        self._add(form, "category", self.tr("&Category"), self.category)
        self.severity = self._combo(body, [(k, labels.severity(k)) for k in SEVERITIES])
        self._add(form, "severity", self.tr("Se&verity"), self.severity)
        self.evidence = EvidenceList(self._ops, body)
        self._add(form, "attachments", self.tr("&Evidence"), self.evidence)

    def _build_impact(self, layout: QVBoxLayout, body: QWidget) -> None:
        """Impact tags and the score."""
        form = self._section(layout, body, self.tr("How it affected you"))
        self.tags = TagsInput(body)
        self._add(form, "impact_tags", self.tr("&Impact"), self.tags)
        self.score = ImpactScoreBox(body)
        self._add(
            form, "impact_score", self.tr("Impact sc&ore"), self.score,
            self.tr("Not rated until you choose: 0 is no effect on you, 10 the most you can "
                    "imagine. Delete sets it back to not rated."),
        )  # fmt: skip

    def _build_more(self, layout: QVBoxLayout, body: QWidget) -> None:
        """The category's guidance, the description, the exact words and links."""
        form = self._section(layout, body, self.tr("More about it"))
        self.category_help = CategoryHelpPanel(body)
        self.form.addRow("", self.category_help)
        self.description = self._text(body, 4)
        self.description.setPlaceholderText(self.tr("What happened, in your own words"))
        self._add(form, "description", self.tr("&Description"), self.description)
        self.quoted = self._text(body, 3)
        self.quoted.setPlaceholderText(self.tr("Copy the exact words, if there were any"))
        self._add(
            form, "quoted_text", self.tr("E&xact words"), self.quoted,
            self.tr("Kept hidden in the detail view until you choose to show them."),
        )  # fmt: skip
        # Editing a saved incident doesn't make the person re-read the words: they stay
        # behind this button until asked for.
        self.quoted_veil = QPushButton(
            self.tr("The exact words are hidden. Show them to edit them"), body
        )
        self.quoted_veil.setObjectName("show_quoted_in_editor")
        self.quoted_veil.setAccessibleName(self.quoted_veil.text())
        self.quoted_veil.clicked.connect(self._reveal_quoted)
        self.quoted_veil.hide()
        holder = self.quoted.parentWidget()
        quoted_box = holder.layout() if holder is not None else None
        assert isinstance(quoted_box, QVBoxLayout)
        quoted_box.insertWidget(0, self.quoted_veil)
        self.urls = self._text(body, 2)
        self.urls.setPlaceholderText(self.tr("One link per line"))
        self._add(form, "urls", self.tr("&Links"), self.urls)

    def _build_who(self, layout: QVBoxLayout, body: QWidget) -> None:
        """Who posted or sent it."""
        form = self._section(layout, body, self.tr("Who"))
        self.author = line_edit(body, self.tr("Their handle or name as shown, e.g. @name"))
        self._add(form, "author_handle", self.tr("&Author"), self.author)
        self.relation = self._combo(
            body, [(k, labels.author_relation(k)) for k in AUTHOR_RELATIONS]
        )
        self._add(form, "author_relation", self.tr("Relation to your wor&k"), self.relation)
        self.case_ref = line_edit(body)
        self._add(
            form, "case_ref", self.tr("Case &reference"), self.case_ref,
            self.tr("A reference, never a child's name."),
        )  # fmt: skip

    def _build_what_you_did(self, layout: QVBoxLayout, body: QWidget) -> None:
        """Actions taken, status and the platform's answer to a report."""
        form = self._section(layout, body, self.tr("What you did"))
        self.checklist = ActionsChecklist(body)
        self._add(form, "actions", self.tr("Actions taken"), self.checklist)
        self.status = self._combo(body, [(k, labels.status(k)) for k in STATUSES])
        self._add(form, "status", self.tr("Stat&us"), self.status)
        self.report_ref = line_edit(body, self.tr("The platform's reference, if you reported it"))
        self._add(form, "platform_report_ref", self.tr("Report reference"), self.report_ref)
        self.report_outcome = QLineEdit(body)
        self.report_outcome.setPlaceholderText(self.tr("What the platform did"))
        self._add(form, "platform_report_outcome", self.tr("Report outcome"), self.report_outcome)

    def _build_legal(self, layout: QVBoxLayout, body: QWidget) -> None:
        """Police and court (ui/incidents/legal_section.py)."""
        form = self._section(layout, body, self.tr("Police and court"))
        self.legal = LegalSection(body)
        self._add(form, "police_reported_on", self.tr("Police and court"), self.legal)

    def _build_sharing(self, layout: QVBoxLayout, body: QWidget) -> None:
        """Whether it goes into reports, and notes only for you."""
        form = self._section(layout, body, self.tr("Sharing and private notes"))
        self.shareable = QCheckBox(self.tr("Can go into reports to your manager"), body)
        self._add(
            form, "shareable", self.tr("Reports"), self.shareable,
            self.tr("Untick this to keep the incident to yourself. It stays in your journal "
                    "but is left out of anything you send."),
        )  # fmt: skip
        self.private = self._text(body, 3)
        self._add(
            form, "private_notes", self.tr("Private &notes"), self.private,
            self.tr("Only for you: never exported, and hidden in supervision."),
        )  # fmt: skip

    def _build_bar(self) -> QFrame:
        """The bar that is always visible: the message, the draft's state, Cancel and Save."""
        bar, bar_layout = self._bar("editorBar")
        self.message = QLabel(bar)
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.draft_state = QLabel(bar)
        self.draft_state.setObjectName("draftState")
        self._bar_buttons(bar, "cancelIncident", "saveIncident", self.tr("Save"))
        self.cancel_button.setToolTip(self.tr("Esc"))
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        bar_layout.addWidget(self.message, 1)
        bar_layout.addWidget(self.draft_state)
        bar_layout.addWidget(self.cancel_button)
        bar_layout.addWidget(self.save_button)
        return bar

    def _tab_chain(self) -> list[QWidget]:
        """Every stop of the form, top to bottom, ending on Cancel and Save."""
        return [
            self.disclosure_ok, self.title, self.occurred, self.platform, self.content_type,
            self.category, self.severity, *self.evidence.focus_chain(),
            *self.tags.focus_chain(), self.score,
            self.category_help.primary, self.category_help.read_more,
            self.description, self.quoted_veil, self.quoted, self.urls,
            self.author, self.relation, self.case_ref, *self.checklist.focus_chain(),
            self.status, self.report_ref, self.report_outcome, *self.legal.focus_chain(),
            self.shareable, self.private,
            self.cancel_button, self.save_button,
        ]  # fmt: skip

    def _apply_tab_order(self, *_: object) -> None:
        """Tab follows the form; run again when chips, actions or files come and go."""
        for first, second in itertools.pairwise(self._tab_chain()):
            QWidget.setTabOrder(first, second)

    def _section(self, layout: QVBoxLayout, parent: QWidget, title: str) -> QFormLayout:
        """A heading row in the one form, so every field lines up under every other."""
        heading = QLabel(title, parent)
        heading.setObjectName("editorSection")
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        if self.form.rowCount():
            spacer = QWidget(parent)
            spacer.setFixedHeight(theme.SPACING)
            self.form.addRow(spacer)
        self.form.addRow(heading)
        return self.form

    def _reveal_quoted(self) -> None:
        self.quoted_veil.hide()
        self.quoted.show()
        self.quoted.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add(
        self, form: QFormLayout, key: str, text: str, widget: QWidget, hint: str | None = None
    ) -> None:
        """A labelled row. An ``&`` in ``text`` marks the Alt+letter that reaches the field."""
        widget.setObjectName(f"field_{key}")
        _name(widget, text)
        box = QWidget(widget.parentWidget())
        column = flush(QVBoxLayout(box), 2)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint, box)
            note.setObjectName(f"hint_{key}")
            note.setWordWrap(True)
            quiet = note.palette()
            quiet.setColor(
                QPalette.ColorRole.WindowText, quiet.color(QPalette.ColorRole.PlaceholderText)
            )
            note.setPalette(quiet)
            widget.setAccessibleDescription(hint)
            self._hints[key] = hint
            column.addWidget(note)
        column.addWidget(self._error_label(box, key))
        label = QLabel(text, box.parentWidget())
        label.setBuddy(widget.focusProxy() or widget)  # a label's Alt+letter needs a focus
        form.addRow(label, box)
        self._fields[key] = widget

    def _error_label(self, box: QWidget, key: str) -> QLabel:
        error = QLabel(box)
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        bold = QFont(error.font())
        bold.setBold(True)
        error.setFont(bold)
        palette = error.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText,
            theme.severity_colour("critical", theme.is_dark(palette)),
        )
        error.setPalette(palette)
        error.hide()
        self._errors[key] = error
        return error

    def _beside(self, anchor: str, key: str, text: str, widget: QWidget) -> None:
        """A short field on the same row as ``anchor``: one row less to scroll past."""
        first = self._fields[anchor]
        box = first.parentWidget()
        assert box is not None  # every field sits in the box _add made for it
        column = box.layout()
        assert isinstance(column, QVBoxLayout)
        column.removeWidget(first)
        row = QHBoxLayout()
        row.setSpacing(theme.SPACING)
        row.addWidget(first)
        row.addSpacing(theme.SPACING * 2)
        label = QLabel(text, box)
        label.setBuddy(widget)
        row.addWidget(label)
        row.addWidget(widget)
        row.addStretch(1)
        column.insertLayout(0, row)
        widget.setObjectName(f"field_{key}")
        _name(widget, text)
        column.addWidget(self._error_label(box, key))
        self._fields[key] = widget

    def _combo(self, parent: QWidget, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(parent)
        for key, text in items:
            combo.addItem(text, key)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return combo

    def _wire(self) -> None:
        for edit in (self.title, self.author, self.case_ref, self.report_ref, self.report_outcome):
            edit.textEdited.connect(self._edited)
        for text in (self.description, self.quoted, self.urls, self.private):
            text.textChanged.connect(self._edited)
        for combo in (
            self.platform, self.content_type, self.category, self.severity, self.relation,
            self.status,
        ):  # fmt: skip
            combo.currentIndexChanged.connect(self._edited)
        self.platform.activated.connect(self._platform_picked)
        self.occurred.dateTimeChanged.connect(self._edited)
        self.score.valueChanged.connect(self._edited)
        self.shareable.toggled.connect(self._edited)
        self.tags.changed.connect(self._edited)
        self.tags.message.connect(lambda text: self._show_error("impact_tags", text))
        self.checklist.changed.connect(self._edited)
        self.legal.changed.connect(self._edited)
        self.evidence.changed.connect(self._edited)
        for changed in (
            self.tags.changed,
            self.checklist.changed,
            self.evidence.changed,
            self.legal.changed,
        ):
            changed.connect(self._apply_tab_order)
        self.category.currentIndexChanged.connect(self._suggest_for_category)
        self.category.currentIndexChanged.connect(self._update_category_help)
        self.category_help.action_requested.connect(self._category_action)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        save = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save.setContext(context)
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel)
        cancel.setContext(context)
        for child in self.findChildren(QWidget):
            if isinstance(child, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
                child.installEventFilter(self)
            if isinstance(child, QPlainTextEdit):
                child.viewport().installEventFilter(self)

    def set_autosave_interval(self, milliseconds: int) -> None:
        """How long after the last change the draft is kept (shorter in tests)."""
        self._autosave.setInterval(milliseconds)

    # -- opening -----------------------------------------------------------------------------

    def start_new(self) -> None:
        """A blank incident: happened now, on the platform used last time."""
        self._begin(new_draft_id(), None, None)
        self._loading = True
        try:
            self.occurred.setDateTime(QDateTime.currentDateTime())
            self.shareable.setChecked(True)
        finally:
            self._loading = False

        def remembered(platform: Any) -> None:
            if self._platform_chosen:
                return
            index = self.platform.findData(platform)
            if index >= 0:
                self._loading = True
                self.platform.setCurrentIndex(index)
                self._loading = False

        self._ops.submit(queries.last_platform, remembered, unless_locked(self._ops), owner=self)
        self._opened()

    def start_edit(self, incident: Incident) -> None:
        """Edit a saved incident; saving makes a new revision of it."""
        self._begin(new_draft_id(), incident.id, incident.revision)
        self._revision = incident.revision
        data = incident.to_dict()
        self._fill(data)
        self.evidence.set_saved(list(incident.attachments))
        self._opened()

    def start_from_draft(self, draft_id: str, draft: Draft) -> None:
        """Carry on with an unfinished incident kept as a draft."""
        self._begin(draft_id, draft.editing_id, draft.expected_revision)
        self._revision = draft.expected_revision or 0
        self._fill(draft.fields)
        self.evidence.set_saved(draft.kept)
        for new in draft.new:
            self.evidence.add_new(new, _thumb(new.data, new.mime))
        self.touched = True  # the draft exists: leaving asks what to do with it
        self.draft_state.setText(self.tr("Draft kept"))
        self._opened()

    def _begin(self, draft_id: str, editing_id: str | None, revision: int | None) -> None:
        self.clear()
        self.draft_id = draft_id
        self._edit(editing_id, revision)
        self.is_open = True
        self.heading.setText(self.tr("Edit incident") if editing_id else self.tr("New incident"))
        self._load_helpers()

    def _opened(self) -> None:
        self._update_category_help()
        self._apply_tab_order()
        self.scroll_area.verticalScrollBar().setValue(0)
        if self.isVisible():
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            QTimer.singleShot(0, self._focus_title)

    def _focus_title(self) -> None:
        """Once shown; not if the journal was locked (and the editor hidden) meanwhile."""
        if self.is_open and self.isVisible():
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_helpers(self) -> None:
        def helpers(j: Journal) -> tuple[list[str], list[str], bool]:
            tags = queries.tag_names(j)
            authors = queries.author_handles(j)
            seen = queries.disclosure_note_seen(j)
            return tags, authors, seen

        def loaded(result: tuple[list[str], list[str], bool]) -> None:
            tags, authors, seen = result
            self.tags.set_suggestions(tags)
            completer = QCompleter(authors, self.author)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.author.setCompleter(completer)
            self.disclosure.setVisible(not seen)

        self._ops.submit(helpers, loaded, unless_locked(self._ops), owner=self)

    def _fill(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.title.setText(str(data.get("title") or ""))
            occurred = data.get("occurred_at")
            moment = now()
            if isinstance(occurred, str) and occurred:
                with contextlib.suppress(ValueError):
                    moment = parse_datetime(occurred)
            self.occurred.setDateTime(labels.to_qdatetime(moment))
            for combo, key, default in (
                (self.platform, "platform", "other"),
                (self.content_type, "content_type", "post"),
                (self.category, "category", "abuse"),
                (self.severity, "severity", "medium"),
                (self.relation, "author_relation", "unknown"),
                (self.status, "status", "open"),
            ):
                index = combo.findData(data.get(key) or default)
                combo.setCurrentIndex(max(index, 0))
            self._platform_chosen = bool(data.get("platform"))
            self.description.setPlainText(str(data.get("description") or ""))
            self.quoted.setPlainText(str(data.get("quoted_text") or ""))
            veiled = bool(self.quoted.toPlainText().strip())
            self.quoted.setVisible(not veiled)
            self.quoted_veil.setVisible(veiled)
            urls = data.get("urls") or []
            self.urls.setPlainText("\n".join(str(u) for u in urls if u))
            self.author.setText(str(data.get("author_handle") or ""))
            self.case_ref.setText(str(data.get("case_ref") or ""))
            self.tags.set_tags([str(t) for t in data.get("impact_tags") or []])
            score = data.get("impact_score")
            self.score.set_score(score if isinstance(score, int) else None)
            actions = data.get("actions") or []
            self.checklist.set_actions([a for a in actions if isinstance(a, dict)])
            self.report_ref.setText(str(data.get("platform_report_ref") or ""))
            self.report_outcome.setText(str(data.get("platform_report_outcome") or ""))
            self.shareable.setChecked(bool(data.get("shareable", True)))
            self.private.setPlainText(str(data.get("private_notes") or ""))
            self.legal.set_data(data)
        finally:
            self._loading = False

    # -- reading the form ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The fields as the core's JSON form (what ``entry_from_dict`` reads)."""
        local: datetime = self.occurred.dateTime().toPython()  # type: ignore[assignment]
        moment = local.astimezone()
        urls = [u.strip() for u in self.urls.toPlainText().splitlines() if u.strip()]
        data = {
            "title": self.title.text().strip(),
            "occurred_at": moment.replace(microsecond=0).isoformat(),
            "platform": self.platform.currentData(),
            "content_type": self.content_type.currentData(),
            "author_handle": self.author.text().strip(),
            "author_relation": self.relation.currentData(),
            "case_ref": self.case_ref.text().strip(),
            "urls": urls,
            "quoted_text": self.quoted.toPlainText(),
            "description": self.description.toPlainText(),
            "category": self.category.currentData(),
            "severity": self.severity.currentData(),
            "impact_tags": self.tags.tags() + _pending_tag(self.tags),
            "impact_score": self.score.score(),
            "actions": self.checklist.to_json(),
            "status": self.status.currentData(),
            "platform_report_ref": self.report_ref.text().strip(),
            "platform_report_outcome": self.report_outcome.text(),
            "shareable": self.shareable.isChecked(),
            "private_notes": self.private.toPlainText(),
        }
        return self.legal.merge_into(data)

    def draft(self) -> Draft:
        return Draft(
            fields=self.to_json(),
            editing_id=self._editing_id,
            expected_revision=self._expected_revision,
            kept=self.evidence.kept_attachments(),
            new=self.evidence.new_attachments(),
        )

    # -- changes and drafts ---------------------------------------------------------------------

    def _edited(self, *_: object) -> None:
        if self._loading or not self.is_open:
            return
        self.touched = True
        self._dirty = True
        self._autosave.start()

    def _platform_picked(self, *_: object) -> None:
        self._platform_chosen = True

    def _suggest_for_category(self) -> None:
        """A threat is at least high: suggest it, the person can still choose otherwise."""
        if self._loading or self.category.currentData() != "threat":
            return
        if self.severity.currentData() in ("low", "medium"):
            self.severity.setCurrentIndex(self.severity.findData("high"))

    def _update_category_help(self, *_: object) -> None:
        """The guidance for the chosen category; its action needs a saved incident."""
        self.category_help.set_category(
            self.category.currentData(), can_act=self._editing_id is not None
        )

    def _category_action(self, link: str) -> None:
        if link == "app:report-to-manager" and self._editing_id is not None:
            self.report_requested.emit(self._editing_id)

    def save_draft(self) -> None:
        """Keep what is typed so far (on the worker, inside the encrypted database)."""
        self._autosave.stop()
        if not self.is_open or self._saving or not self.touched:
            return
        data = self.draft().to_json()
        self._dirty = False

        def kept(_: usecases.Changes) -> None:
            self.draft_state.setText(
                self.tr("Draft kept at {0}").format(QDateTime.currentDateTime().toString("HH:mm"))
            )

        self._keep_draft(data, kept, unless_locked(self._ops))

    def prepare_lock(self) -> None:
        """Before locking: keep the draft now (queued before the journal closes)."""
        if self.is_open and self.touched and not self._saving:
            self.save_draft()

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        if not self.is_open or self._saving:
            return
        self._clear_errors()
        fields = self.to_json()
        try:
            entry, _files = entry_from_dict({**fields, "kind": "incident"})
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        assert isinstance(entry, Incident)
        self._autosave.stop()
        kept, new = self.evidence.kept_attachments(), self.evidence.new_attachments()
        draft_json = self.draft().to_json()
        first_time = not self.disclosure.isHidden()

        def job(
            j: Journal, editing: str | None, revision: int | None, draft_id: str
        ) -> usecases.Done[Incident]:
            return usecases.save_incident(
                j,
                entry,
                new,
                editing=editing,
                kept=kept,
                expected_revision=revision,
                draft_id=draft_id,
                draft=draft_json,  # kept instead, should the save be refused
                disclosure_seen=first_time,
            )

        self._save_with(job)

    def _after_save(self, saved: Incident, is_new: bool) -> None:
        self.touched = False
        self.clear()
        self.saved.emit(saved)
        self.closed.emit()

    def _show_failure(self, error: JournalError) -> None:
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:
            self.message.setText(error.message)
            unless_locked(self._ops)(error)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; the first field gets the focus."""
        self._clear_errors()
        first: QWidget | None = None
        general: list[str] = []
        for key, text in errors.items():
            if key in self._errors:
                self._show_error(key, text)
                if first is None:
                    first = self._fields[key]
            else:
                general.append(text if key == "entry" else f"{key}: {text}")
        count = len(errors)
        summary = (
            self.tr("One field needs a look before saving; its message is beside it.")
            if count == 1 and not general
            else self.tr(
                "{0} fields need a look before saving; each message is beside its field."
            ).format(count)
            if not general
            else " ".join(
                self.tr("This incident {0}").format(t) if t.startswith("was ") else t
                for t in general
            )
        )
        self.message.setText(summary)
        announce(self.message, summary)
        if first is not None:
            target = self.tags.edit if first is self.tags else first
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(first)

    def _show_error(self, key: str, text: str) -> None:
        label = self._errors.get(key)
        if label is None:
            return
        if not text:
            label.clear()
            label.hide()
            return
        name = self.tr(FIELD_LABELS.get(key, key))
        sentence = text if key == "attachments" else f"{name} {text}"
        label.setText(sentence)
        label.show()
        # Tied to its field: a screen reader reads it with the field's name.
        field = self._fields.get(key)
        if field is not None:
            field.setAccessibleDescription(sentence)
        announce(label, sentence)

    def _clear_errors(self) -> None:
        for key, label in self._errors.items():
            if not label.isHidden():
                field = self._fields.get(key)
                if field is not None:
                    field.setAccessibleDescription(self._hints.get(key, ""))
            label.clear()
            label.hide()
        self.message.clear()

    def error_text(self, key: str) -> str:
        """The message shown beside a field ("" when none)."""
        label = self._errors.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    # -- leaving -------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Esc: leave. Something typed? Ask whether to keep it as a draft."""
        if not self.is_open or self._saving:
            return
        if self.touched:
            choice = self._ask_keep_draft()
            if choice == "stay":
                return
            if choice == "keep":
                self.save_draft()
                self._finish()
                return
        self.discard()

    def discard(self) -> None:
        self._discard_draft(unless_locked(self._ops))
        self._finish()

    def _finish(self) -> None:
        self.clear()
        self.closed.emit()

    def _ask_keep_draft(self) -> str:
        """ "keep", "discard" or "stay" (tests replace this one method)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Leave this incident?"))
        box.setText(self.tr("Keep what you have typed as a draft?"))
        box.setInformativeText(
            self.tr("A draft stays in your encrypted journal. You can finish it later.")
        )
        keep = box.addButton(self.tr("Keep as draft"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is keep:
            return "keep"
        if clicked is discard:
            return "discard"
        return "stay"

    def clear(self) -> None:
        """Empty every field and forget the files (on lock, after save, on leaving)."""
        self._forget_entry()
        self.draft_id = ""
        self._autosave.stop()
        self.is_open = False
        self._dirty = False
        self._platform_chosen = False
        self._loading = True
        try:
            for edit in (self.title, self.author, self.case_ref, self.report_ref,
                         self.report_outcome, self.tags.edit, self.checklist.other):  # fmt: skip
                edit.clear()
            for text in (self.description, self.quoted, self.urls, self.private):
                text.clear()
            for combo, key in (
                (self.platform, "other"), (self.content_type, "post"), (self.category, "abuse"),
                (self.severity, "medium"), (self.relation, "unknown"), (self.status, "open"),
            ):  # fmt: skip
                combo.setCurrentIndex(max(combo.findData(key), 0))
            self.score.set_score(None)
            self.shareable.setChecked(True)
            self.tags.set_tags([])
            self.tags.set_suggestions([])
            self.checklist.set_actions([])
            self.author.setCompleter(None)  # type: ignore[arg-type]
            self.evidence.clear()
        finally:
            self._loading = False
        self._clear_errors()
        self.draft_state.clear()
        self.save_button.setEnabled(True)

    # -- the disclosure note -------------------------------------------------------------------

    def _disclosure_seen(self) -> None:
        self.disclosure.hide()
        self._ops.submit(
            usecases.note_disclosure_seen,
            None,
            unless_locked(self._ops),
        )
        self.title.setFocus()

    # -- pasting and dropping evidence anywhere in the editor ---------------------------------

    def _image_paste(self, event: QKeyEvent) -> bool:
        if not event.matches(QKeySequence.StandardKey.Paste):
            return False
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasImage() or mime.hasText():
            return False
        self.evidence.paste_from_clipboard()
        self.scroll_area.ensureWidgetVisible(self.evidence)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if self._image_paste(event):
                return True
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            mime = QGuiApplication.clipboard().mimeData()
            if (
                event.matches(QKeySequence.StandardKey.Paste)
                and mime is not None
                and mime.hasImage()
                and not mime.hasText()
            ):
                event.accept()
                return False
        elif kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent
        ):
            if EvidenceList.accepts(event) and (
                event.mimeData().hasUrls() or not event.mimeData().hasText()
            ):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            mime = event.mimeData()
            if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
                self.evidence.drop(event)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._image_paste(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if EvidenceList.accepts(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.evidence.drop(event)


def _name(widget: QWidget, label: str) -> None:
    """A field is read by its row's label; a box with words of its own, by those words (what
    a sighted person sees on it), so the two name it alike."""
    if isinstance(widget, QAbstractButton) and widget.text():
        widget.setAccessibleName(widget.text().replace("&", ""))
    else:
        widget.setAccessibleName(label.replace("&", ""))


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now, politely (after what it is saying)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def _pending_tag(tags: TagsInput) -> list[str]:
    """A tag typed but not yet confirmed with Enter still counts when saving."""
    text = tags.edit.text().strip()
    return [text] if text and text.lower() not in tags.tags() else []


def _thumb(data: bytes, mime: str) -> Any:
    from ui.incidents.evidence import is_image, thumbnail

    return thumbnail(data) if is_image(mime) else None
