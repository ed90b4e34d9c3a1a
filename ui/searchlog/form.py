"""The form for one online look-up: what, where, for which case, why, who agreed, outcome.

The reason is required, and says why beside the field. While you type, gentle prompts
beside the form notice what would make the record stronger (a case reference, a fuller
reason, who agreed it), each with one next step.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journal import usecases
from journal.models import TITLE_MAX, SearchLogEntry
from journal.patterns import Prompt
from journal.searchlog import draft_prompts
from journal.timeutil import now
from ui import theme
from ui.kit import labels
from ui.kit.entry_editor import EntryEditor
from ui.kit.forms import FieldForm, core_text, heading, quiet, text_label
from ui.kit.layouts import flush, form_column, form_grid
from ui.kit.text_fields import line_edit
from ui.kit.timers import single_shot
from ui.kit.widgets import DateTimeEdit, dispose
from ui.operations import Operations

DRAFT_PREFIX = "searchlog-form:"
PROMPT_DELAY_MS = 200
FIELD_NAMES = {
    "occurred_at": "When",
    "case_ref": "Case reference",
    "query": "What you searched for",
    "where": "Where",
    "reason": "Reason",
    "agreed_by": "Who agreed it",
    "outcome": "Outcome",
    "shareable": "Sharing",
    "private_notes": "Private notes",
}
# What each prompt's button does: the field it takes you to.
PROMPT_FIELDS = {"add_case_ref": "case_ref", "add_reason": "reason", "add_agreed_by": "agreed_by"}


class PromptCard(QFrame):
    """One prompt: what was noticed and one next step."""

    def __init__(self, prompt: Prompt, go: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"prompt_{prompt.rule}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(s, s, s, s)
        layout.setSpacing(s)
        self.text = QLabel(core_text(prompt.message), self)
        self.text.setObjectName("prompt_text")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.button = QPushButton(core_text(prompt.action_label), self)
        self.button.setObjectName(f"prompt_action_{prompt.action}")
        self.button.clicked.connect(lambda: go(prompt.action))
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)


class PromptPanel(QWidget):
    """The prompts beside the form (or in the detail pane): one card each."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prompt_panel")
        self._layout = flush(QVBoxLayout(self))
        self.title = heading(title, self, name="prompt_panel_title")
        self._layout.addWidget(self.title)
        self.cards: list[PromptCard] = []
        self._codes: tuple[str, ...] = ()
        self.hide()

    def set_prompts(self, prompts: list[Prompt], go: Any) -> None:
        codes = tuple(p.rule for p in prompts)
        if codes == self._codes:
            return
        self._codes = codes
        for card in self.cards:
            dispose(card)
        self.cards = []
        for prompt in prompts:
            card = PromptCard(prompt, go, self)
            self._layout.addWidget(card)
            self.cards.append(card)
        self.setVisible(bool(prompts))

    def texts(self) -> list[str]:
        return [card.text.text() for card in self.cards]

    def clear(self) -> None:
        self.set_prompts([], None)


class SearchLogForm(EntryEditor[SearchLogEntry]):
    """``saved`` carries the saved entry's id; ``closed`` follows every way out."""

    DRAFT_PREFIX = DRAFT_PREFIX

    saved = Signal(str)
    left_unsaved = Signal(object)  # the draft of what was typed, when Cancel left it

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        open_guidance: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(ops, parent)
        self.setObjectName("searchLogForm")
        self._open_guidance = open_guidance
        self._prompt_timer = single_shot(self, PROMPT_DELAY_MS, self.update_prompts)
        self._build()
        self._wire()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        """The form's column, the prompts beside it, and the bar that stays in view."""
        s = theme.SPACING
        outer, body = self._scrolling_body("searchLogFormBody")
        row, column, layout = form_column(body, 90 * s)
        row.setSpacing(s * 3)
        self._build_intro(column, layout)
        self._build_fields(column, layout)
        layout.addStretch(1)
        row.addWidget(column, 3)

        row.addWidget(self._build_side(body), 2)

        outer.addWidget(self._build_bar())

        order = [
            self.occurred, self.case_ref, self.query, self.where, self.reason, self.agreed_by,
            self.outcome, self.shareable, self.private, self.cancel_button, self.save_button,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _build_intro(self, column: QWidget, layout: QVBoxLayout) -> None:
        """The heading, what the form is for, and the way to the guidance."""
        self.heading = heading(self.tr("Record a look-up"), column, scale=1.3, name="formHeading")
        layout.addWidget(self.heading)
        intro = quiet(
            QLabel(
                self.tr(
                    "Note each online look-up about a family or person, with why it was "
                    "needed and who agreed it."
                ),
                column,
            )
        )
        intro.setWordWrap(True)
        intro_row = QHBoxLayout()
        intro_row.addWidget(intro, 1)
        if self._open_guidance is not None:
            # A button that looks like one, with the guidance book as elsewhere in the app.
            guidance = QPushButton(
                theme.icon("guidance"), self.tr("Why the reason matters"), column
            )
            guidance.setObjectName("formGuidance")
            guidance.clicked.connect(self._open_guidance)
            intro_row.addWidget(guidance)
        layout.addLayout(intro_row)

    def _build_fields(self, column: QWidget, layout: QVBoxLayout) -> None:
        form = form_grid()
        layout.addLayout(form)
        self.fields = FieldForm(form, column)

        self.occurred = DateTimeEdit(column)
        self.occurred.setCalendarPopup(True)
        self.occurred.setDisplayFormat("d MMM yyyy  HH:mm")
        self.occurred.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.fields.add("occurred_at", self.tr("When"), self.occurred)
        self.case_ref = line_edit(column, self.tr("The case this look-up was for"))
        self.case_refs = QStringListModel(self)
        completer = QCompleter(self.case_refs, self.case_ref)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.case_ref.setCompleter(completer)
        self.fields.add(
            "case_ref", self.tr("Case reference"), self.case_ref,
            self.tr("A reference, never a child's name."),
        )  # fmt: skip
        self.query = line_edit(
            column, self.tr("The name, handle or words you searched for"), TITLE_MAX
        )
        self.fields.add("query", self.tr("What you searched for"), self.query)
        self.where = line_edit(column, self.tr("For example Google, a Facebook group, a news site"))
        self.fields.add("where", self.tr("Where"), self.where)
        self.reason = self._text(column, 3)
        self.reason.setPlaceholderText(self.tr("Why this look-up was needed for the case"))
        self.fields.add(
            "reason", self.tr("Reason (needed)"), self.reason,
            self.tr("Searching only with a reason is fair to the family, and a clear reason "
                    "protects you if you're asked about the look-up later."),
        )  # fmt: skip
        self.agreed_by = line_edit(column, self.tr("Their name or role, for example your manager"))
        self.fields.add("agreed_by", self.tr("Who agreed it"), self.agreed_by)
        self.outcome = self._text(column, 2)
        self.outcome.setPlaceholderText(self.tr("What you found, or that you found nothing"))
        self.fields.add("outcome", self.tr("Outcome"), self.outcome)
        self.shareable = QCheckBox(self.tr("Can go into reports and supervision"), column)
        self.shareable.setChecked(True)
        self.fields.add("shareable", self.tr("Sharing"), self.shareable)
        self.private = self._text(column, 2)
        self.fields.add(
            "private_notes", self.tr("Private notes"), self.private,
            self.tr("Only for you: never exported, and hidden in supervision."),
        )  # fmt: skip

    def _build_side(self, body: QWidget) -> QWidget:
        """The gentle prompts beside the form."""
        s = theme.SPACING
        side = QWidget(body)
        side.setObjectName("formSide")
        side.setMinimumWidth(30 * s)
        side.setMaximumWidth(40 * s)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, s * 5, 0, 0)
        self.prompts = PromptPanel(self.tr("Worth a look"), side)
        side_layout.addWidget(self.prompts)
        side_layout.addStretch(1)
        return side

    def _build_bar(self) -> QFrame:
        bar, bar_layout = self._bar("formBar")
        bar_layout.setSpacing(theme.SPACING)
        self.message = text_label(bar, "formMessage", selectable=False)
        self._bar_buttons(bar, "cancelSearch", "saveSearch", self.tr("Save"))
        self.cancel_button.setShortcut(Qt.Key.Key_Escape)
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.setShortcut("Ctrl+S")
        bar_layout.addWidget(self.message, 1)
        bar_layout.addWidget(self.cancel_button)
        bar_layout.addWidget(self.save_button)
        return bar

    def _wire(self) -> None:
        for edit in (self.case_ref, self.query, self.where, self.agreed_by):
            edit.textChanged.connect(self._edited)
        for text in (self.reason, self.outcome, self.private):
            text.textChanged.connect(self._edited)
        self.occurred.dateTimeChanged.connect(self._edited)
        self.shareable.toggled.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)

    # -- opening -------------------------------------------------------------------------

    def start_new(self, case_refs: list[str]) -> None:
        self._reset()
        self.case_refs.setStringList(case_refs)
        self.heading.setText(self.tr("Record a look-up"))
        self.is_open = True
        self.case_ref.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_edit(self, entry: SearchLogEntry, case_refs: list[str]) -> None:
        self._reset()
        self.case_refs.setStringList(case_refs)
        self.heading.setText(self.tr("Edit a look-up"))
        self._edit(entry.id, entry.revision)
        self._fill(entry.to_dict())
        self.is_open = True
        self.update_prompts()

    def start_from_draft(self, draft_id: str, data: dict[str, Any], case_refs: list[str]) -> None:
        self._reset()
        self.case_refs.setStringList(case_refs)
        self.draft_id = draft_id
        self._edit_from_draft(data)
        self.heading.setText(
            self.tr("Edit a look-up") if self._editing_id else self.tr("Record a look-up")
        )
        fields = data.get("fields")
        self._fill(fields if isinstance(fields, dict) else {})
        self.touched = True
        self.is_open = True
        self.update_prompts()

    def _fill(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            occurred = data.get("occurred_at")
            if isinstance(occurred, str) and occurred:
                try:
                    self.occurred.setDateTime(labels.to_qdatetime(datetime.fromisoformat(occurred)))
                except ValueError:
                    self.occurred.setDateTime(QDateTime.currentDateTime())
            for edit, key in (
                (self.case_ref, "case_ref"),
                (self.query, "query"),
                (self.where, "where"),
                (self.agreed_by, "agreed_by"),
            ):
                edit.setText(str(data.get(key) or ""))
            for text, key in (
                (self.reason, "reason"),
                (self.outcome, "outcome"),
                (self.private, "private_notes"),
            ):
                text.setPlainText(str(data.get(key) or ""))
            self.shareable.setChecked(bool(data.get("shareable", True)))
        finally:
            self._loading = False

    def _reset(self) -> None:
        self._forget_entry()
        self._loading = True
        try:
            self.occurred.setDateTime(labels.to_qdatetime(now()))
            for edit in (self.case_ref, self.query, self.where, self.agreed_by):
                edit.clear()
            for text in (self.reason, self.outcome, self.private):
                text.clear()
            self.shareable.setChecked(True)
        finally:
            self._loading = False
        self.fields.clear_errors()
        self.message.clear()
        self.save_button.setEnabled(True)
        self.prompts.clear()
        self._prompt_timer.stop()

    def clear(self) -> None:
        """On lock: empty every field; nothing typed stays in a widget."""
        self._reset()
        self.case_refs.setStringList([])
        self.is_open = False

    # -- editing -------------------------------------------------------------------------

    def _edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self.touched = True
        self._prompt_timer.start()

    def to_json(self) -> dict[str, Any]:
        moment = self.occurred.dateTime().toSecsSinceEpoch()
        occurred = datetime.fromtimestamp(moment).astimezone()
        return {
            "occurred_at": occurred.isoformat(),
            "case_ref": self.case_ref.text().strip(),
            "query": self.query.text().strip(),
            "where": self.where.text().strip(),
            "reason": self.reason.toPlainText().strip(),
            "agreed_by": self.agreed_by.text().strip(),
            "outcome": self.outcome.toPlainText().strip(),
            "shareable": self.shareable.isChecked(),
            "private_notes": self.private.toPlainText().strip(),
        }

    def draft(self) -> dict[str, Any]:
        return self.draft_json(self.to_json(), "search")

    def update_prompts(self) -> None:
        """The gentle prompts for what is typed so far (none before anything is typed)."""
        self._prompt_timer.stop()
        if not self.is_open or not (self.touched or self._editing_id):
            self.prompts.clear()
            return
        self.prompts.set_prompts(draft_prompts(self.to_json()), self.go_to)

    def go_to(self, action: str) -> None:
        key = PROMPT_FIELDS.get(action)
        widget = self.fields.fields.get(key or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(widget)

    def prompt_texts(self) -> list[str]:
        return self.prompts.texts()

    def error_text(self, key: str) -> str:
        return self.fields.error_text(key)

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if not self.is_open or self._saving:
            return
        self.fields.clear_errors()
        self.message.clear()
        self._check_and_save(self.to_json(), "search", SearchLogEntry, usecases.save_search)

    def _after_save(self, saved: SearchLogEntry, is_new: bool) -> None:
        entry_id = saved.id
        self.clear()
        self.saved.emit(entry_id)
        self.closed.emit()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; the first such field gets the focus."""
        first: QWidget | None = None
        general: list[str] = []
        for key, text in errors.items():
            name = self.tr(FIELD_NAMES.get(key, key))
            if self.fields.show_error(key, f"{name} {text}"):
                first = first or self.fields.fields[key]
            else:
                general.append(self.tr("This look-up {0}").format(text) if key == "entry" else text)
        if general:
            self.message.setText(" ".join(general))
        elif len(errors) == 1:
            self.message.setText(self.tr("One field needs a look before saving."))
        else:
            self.message.setText(
                self.tr("{0} fields need a look before saving.").format(len(errors))
            )
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(first)

    # -- leaving -------------------------------------------------------------------------

    def _left_unsaved(self, draft: Any) -> None:
        self.left_unsaved.emit(draft)
