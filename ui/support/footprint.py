"""The digital-footprint self-check: the checklist, a note, and the checks you did before.

Answers in progress are kept as a draft inside the encrypted journal when it locks
(looking yourself up in a browser can easily take longer than the idle lock), and
offered again next time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QRadioButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal import queries, usecases
from journal.errors import JournalError, ValidationError
from journal.footprint import (
    CHECKLIST,
    DRAFT_KEY,
    NOTE_MAX,
    STATUS_LABELS,
    STATUSES,
    FootprintCheck,
    history,
    next_due,
    reminders_enabled,
)
from journal.session import Journal
from ui import theme
from ui.kit.layouts import flush_row
from ui.kit.named_widgets import push_button
from ui.kit.reading import (
    beside,
    core_text,
    heading,
    make_error,
    make_quiet,
    scrolling_column,
    wrapped,
)
from ui.kit.text_fields import note_box
from ui.operations import Change, Operations
from ui.support.reminder import FOOTPRINT_CHANGE

__all__ = ["DRAFT_KEY", "FootprintState", "FootprintView", "load_state", "save_check"]


@dataclass(frozen=True)
class FootprintState:
    checks: list[FootprintCheck]
    reminders: bool
    today: date
    draft: dict[str, Any] | None


def load_state(journal: Journal) -> FootprintState:
    return FootprintState(
        checks=history(journal.repo),
        reminders=reminders_enabled(journal.repo),
        today=queries.today(journal),
        draft=queries.footprint_draft(journal),
    )


def save_check(journal: Journal, results: dict[str, str], note: str) -> FootprintState:
    """Record the check (and forget the answers kept in progress), then read back."""
    usecases.save_footprint_check(journal, results, note)
    return load_state(journal)


def day_text(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


class ChecklistRow(QWidget):
    """One thing to check, with its three answers as radio buttons."""

    changed = Signal()

    def __init__(self, item_id: str, title: str, hint: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.setObjectName(f"footprint_{item_id}")
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, s // 2, 0, s // 2)
        layout.setSpacing(s // 2)
        self.title = heading(title, self)
        layout.addWidget(self.title)
        self.hint = wrapped(hint, self)
        make_quiet(self.hint)
        layout.addWidget(self.hint)
        row = flush_row(spacing=3 * s)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for status in STATUSES:
            button = QRadioButton(core_text(STATUS_LABELS[status]), self)
            button.setObjectName(f"footprint_{item_id}_{status}")
            button.setAccessibleName(f"{title}: {button.text()}")
            self.group.addButton(button)
            self.buttons[status] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    @property
    def answer(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_answer(self, status: str | None) -> None:
        self.group.setExclusive(False)
        for key, button in self.buttons.items():
            button.setChecked(key == status)
        self.group.setExclusive(True)


class FootprintView(QWidget):
    """The footprint tab. ``topic_requested`` asks for the guidance topic about it."""

    topic_requested = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footprintCheck")
        self._ops = ops
        self._loaded = False
        self._saving = False
        self._touched = False
        self._filling = False
        self.checks: list[FootprintCheck] = []
        self.rows: dict[str, ChecklistRow] = {}
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.scroll_area, column_widget, column = scrolling_column(self, "footprintBody")
        self._build_intro(column_widget, column)
        self._build_checklist(column_widget, column)
        self._build_note(column_widget, column)
        self._build_history(column_widget, column)
        column.addStretch(1)

    def _build_intro(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """What the check is, a link to its guide, when it is due, and the reminder."""
        intro = wrapped(
            self.tr(
                "Every six months, take about twenty minutes to look at what others can find "
                "about you and your family online, and to tighten your privacy settings. "
                "Only you see your answers."
            ),
            column_widget,
            "footprintIntro",
        )
        guide = self.tr("Read the guide")
        self.guide_button = push_button(guide, column_widget, "footprintGuide", icon="guidance")
        self.guide_button.clicked.connect(lambda: self.topic_requested.emit("digital-footprint"))
        column.addLayout(beside(intro, self.guide_button))

        self.due = wrapped("", column_widget, "footprintDue")
        self.due.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.due)
        self.remind = QCheckBox(
            self.tr("Remind me when a check is due (every six months)"), column_widget
        )
        self.remind.setObjectName("footprintRemind")
        self.remind.toggled.connect(self._remind_toggled)
        column.addWidget(self.remind, 0, Qt.AlignmentFlag.AlignLeft)
        self.draft_note = wrapped(
            self.tr("Your answers from last time are filled in, so you can carry on."),
            column_widget,
            "footprintDraftNote",
        )
        make_quiet(self.draft_note)
        self.draft_note.hide()
        column.addWidget(self.draft_note)

    def _build_checklist(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """A row per item of the checklist, under the heading of its group."""
        s = theme.SPACING
        group = None
        for item in CHECKLIST:
            if item.group != group:
                group = item.group
                title = heading(core_text(group), column_widget, 1.15, "footprintGroup")
                title.setContentsMargins(0, s, 0, 0)
                column.addWidget(title)
            row = ChecklistRow(item.id, core_text(item.title), core_text(item.hint), column_widget)
            row.changed.connect(self._edited)
            self.rows[item.id] = row
            column.addWidget(row)

    def _build_note(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """A note for yourself, then the save button with its message."""
        column.addWidget(heading(self.tr("A note for yourself"), column_widget, 1.15))
        self.note = note_box(
            column_widget,
            3,
            placeholder=self.tr("What you changed, or what you'd like to ask about at work"),
            name="footprintNote",
            spoken=self.tr("A note for yourself"),
        )
        self.note.textChanged.connect(self._edited)
        column.addWidget(self.note)
        self.message = wrapped("", column_widget, "footprintMessage")
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.save_button = push_button(
            self.tr("Save this check"), column_widget, "footprintSave", self.save
        )
        self.save_button.setEnabled(False)  # until your past checks are loaded
        column.addLayout(beside(self.message, self.save_button, Qt.AlignmentFlag(0)))

    def _build_history(self, column_widget: QWidget, column: QVBoxLayout) -> None:
        """Your past checks: a note while there are none, then a tree of them."""
        s = theme.SPACING
        past = heading(self.tr("Your past checks"), column_widget, 1.15)
        past.setContentsMargins(0, 2 * s, 0, 0)
        column.addWidget(past)
        self.no_history = wrapped(
            self.tr("Your checks will appear here, with the date and what was still to do."),
            column_widget,
            "footprintNoHistory",
        )
        make_quiet(self.no_history)
        column.addWidget(self.no_history)
        self.history = QTreeWidget(column_widget)
        self.history.setObjectName("footprintHistory")
        self.history.setAccessibleName(self.tr("Your past checks"))
        self.history.setHeaderLabels([self.tr("Date"), self.tr("Result")])
        self.history.setRootIsDecorated(True)
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(24 * s)
        self.history.setColumnWidth(0, 20 * s)
        self.history.hide()
        column.addWidget(self.history)

    # -- the page's life ------------------------------------------------------------------------

    def reload(self) -> None:
        def loaded(state: FootprintState) -> None:
            self._loaded = True
            self.save_button.setEnabled(True)
            self._show_state(state)
            if state.draft and not self._touched:
                self._fill_draft(state.draft)

        self._ops.submit(load_state, loaded, lambda _e: None, owner=self, key="load")

    def prepare_lock(self) -> None:
        """Keep answers in progress as a draft in the journal (queued before it closes)."""
        if not self._loaded or not self._touched or self._saving:
            return
        draft = {"results": self.results(), "note": self.note.toPlainText()[:NOTE_MAX]}
        self._ops.submit(lambda j: usecases.keep_footprint_draft(j, draft), None, lambda _e: None)

    def clear(self) -> None:
        self._ops.forget(self)
        self._loaded = False
        self._saving = False
        self.save_button.setEnabled(False)
        self.checks = []
        self._reset_form()
        self.history.clear()
        self.history.hide()
        self.no_history.show()
        self.due.clear()
        self.message.clear()
        self.draft_note.hide()
        self.remind.blockSignals(True)
        self.remind.setChecked(False)
        self.remind.blockSignals(False)

    def _reset_form(self) -> None:
        self._filling = True
        try:
            for row in self.rows.values():
                row.set_answer(None)
            self.note.clear()
        finally:
            self._filling = False
        self._touched = False

    def _fill_draft(self, draft: dict[str, Any]) -> None:
        results = draft.get("results")
        self._filling = True
        try:
            if isinstance(results, dict):
                for key, value in results.items():
                    if key in self.rows and value in STATUSES:
                        self.rows[key].set_answer(value)
            note = draft.get("note")
            self.note.setPlainText(note if isinstance(note, str) else "")
        finally:
            self._filling = False
        self._touched = True
        self.draft_note.show()

    def _edited(self) -> None:
        if not self._filling:
            self._touched = True
            self.message.clear()

    # -- showing ---------------------------------------------------------------------------------

    def _show_state(self, state: FootprintState) -> None:
        self.checks = state.checks
        self.remind.blockSignals(True)
        self.remind.setChecked(state.reminders)
        self.remind.blockSignals(False)
        due = next_due(state.checks)
        if due is None:
            text = self.tr("You haven't done a check yet. You can start whenever suits you.")
        else:
            last = state.checks[-1].checked_on
            if due <= state.today:
                text = self.tr("Your last check was on {0}. The next one is due now.").format(
                    day_text(last)
                )
            else:
                text = self.tr("Your last check was on {0}. The next one is due on {1}.").format(
                    day_text(last), day_text(due)
                )
        self.due.setText(text)
        self._fill_history(state.checks)

    def _fill_history(self, checks: list[FootprintCheck]) -> None:
        self.history.clear()
        for check in reversed(checks):
            counts = {status: len(check.items_with(status)) for status in STATUSES}
            summary = self.tr("{done} checked, {todo} still to do, {na} don't apply").format(
                done=counts["done"], todo=counts["to_do"], na=counts["not_applicable"]
            )
            top = QTreeWidgetItem(self.history, [day_text(check.checked_on), summary])
            for item in check.to_do:
                QTreeWidgetItem(
                    top, ["", self.tr("Still to do: {0}").format(core_text(item.title))]
                )
            if check.note:
                QTreeWidgetItem(top, ["", self.tr("Note: {0}").format(check.note)])
        self.history.setVisible(bool(checks))
        self.no_history.setVisible(not checks)

    def results(self) -> dict[str, str]:
        return {key: row.answer for key, row in self.rows.items() if row.answer is not None}

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        if not self._loaded or self._saving:
            return
        results = self.results()
        if not results:
            self._error(self.tr("Answer at least one item above, then save."))
            return
        note = self.note.toPlainText()
        if len(note) > NOTE_MAX:
            self._error(
                self.tr("The note is too long. Keep it under {0} characters.").format(NOTE_MAX)
            )
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Saving…"))

        def saved(state: FootprintState) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self._reset_form()
            self.draft_note.hide()
            self._show_state(state)
            due = next_due(state.checks)
            self._plain(
                self.tr("Saved. Your next check is due on {0}.").format(day_text(due))
                if due
                else self.tr("Saved.")
            )

        def failed(error: JournalError) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            if isinstance(error, ValidationError):
                self._error(self.tr("This check couldn't be saved. Check your answers."))
            else:
                self._error(error.message)

        self._ops.submit(
            lambda j: save_check(j, results, note),
            saved,
            failed,
            owner=self,
            change=Change(settings=True, extra={"setting": FOOTPRINT_CHANGE}),
        )

    def _error(self, text: str) -> None:
        make_error(self.message)
        self.message.setText(text)

    def _plain(self, text: str) -> None:
        self.message.setPalette(self.palette())
        font = self.message.font()
        font.setBold(False)
        self.message.setFont(font)
        self.message.setText(text)

    def _remind_toggled(self, on: bool) -> None:
        if not self._loaded:
            return
        self._ops.submit(
            lambda j: usecases.set_footprint_reminders(j, on),
            None,
            lambda _e: None,
            change=Change(settings=True, extra={"setting": FOOTPRINT_CHANGE}),
        )
