"""The check-in form: four scales, a note and two ticks, done in under thirty seconds.

Keyboard only: Tab moves from scale to scale, the arrow keys (or a digit) set each one,
Enter saves. A check-in stays private unless "Include in reports to my manager" is
ticked; a check-in the person started when the journal locked is kept as an encrypted
draft and offered the next time the form opens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from journal import usecases
from journal.errors import JournalError
from journal.models import TEXT_MAX, CheckIn
from journal.session import Journal
from ui import theme
from ui.kit import labels
from ui.kit.date_fields import moment_field
from ui.kit.layouts import flush_column
from ui.kit.lifetime import if_alive
from ui.kit.named_widgets import accept_button, check_box
from ui.kit.text_fields import note_box
from ui.operations import NotOpen, Operations
from ui.wellbeing.scales import ScaleInput, scales
from ui.wellbeing.widgets import name_field

DRAFT_ID = "checkin-form:current"
CHECKIN_TITLE = "Check-in"  # stored with the entry, as the command line and demo do
DRAFT_FORMAT = 1


class CheckInDialog(QDialog):
    """A new check-in, or changes to one already saved (``existing``)."""

    saved = Signal(str)  # the entry id

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        existing: CheckIn | None = None,
        draft: dict[str, Any] | None = None,
        raise_note: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._existing = existing
        self._saving = False
        self._closing_for_lock = False
        self.setObjectName("checkin_dialog")
        self.setWindowTitle(self.tr("Edit check-in") if existing else self.tr("Check-in"))
        self.setAccessibleName(self.windowTitle())
        self.setModal(True)
        self._build()
        if existing is not None:
            self._load_entry(existing)
        elif draft is not None:
            self._load_draft(draft)
        if raise_note is not None:
            self.raise_box.setChecked(True)
            if not self.note.toPlainText().strip():
                self.note.setPlainText(raise_note)
        self._update_hint()
        self.inputs[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * s, 3 * s, 3 * s, 2 * s)
        layout.setSpacing(2 * s)
        self._build_heading(layout)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(3 * s)
        form.setVerticalSpacing(2 * s)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_scales(form)
        self._build_note_and_time(form)
        self._build_ticks(form)
        layout.addLayout(form)
        self._build_buttons(layout)
        self.raise_box.toggled.connect(self._update_hint)
        self.share_box.toggled.connect(self._update_hint)
        # At least this wide, and never narrower than the form needs with a larger font.
        self.setMinimumWidth(max(76 * s, self.minimumSizeHint().width()))

    def _build_heading(self, layout: QVBoxLayout) -> None:
        """The question (or which check-in this is), what the form is for, a draft's note."""
        heading = QLabel(self)
        heading.setObjectName("checkin_heading")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        if self._existing is not None:
            heading.setText(
                self.tr("Your check-in of {day}").format(
                    day=labels.date_only(self._existing.occurred_at)
                )
            )
        else:
            heading.setText(self.tr("How are you doing?"))
        self.heading = heading
        intro = QLabel(
            self.tr(
                "Under a minute is enough. Use Tab to move and the arrow keys to choose. "
                "This stays private unless you choose to share it."
            ),
            self,
        )
        intro.setObjectName("checkin_intro")
        intro.setWordWrap(True)
        self.draft_note = QLabel(self)
        self.draft_note.setObjectName("checkin_draft_note")
        self.draft_note.setWordWrap(True)
        self.draft_note.hide()
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.draft_note)

    def _build_scales(self, form: QFormLayout) -> None:
        """Mood, stress, sleep and confidence: a slider each, their values lined up."""
        mnemonics = {
            "mood": self.tr("&Mood"),
            "stress": self.tr("S&tress"),
            "sleep": self.tr("S&leep"),
            "confidence": self.tr("&Confidence at work"),
        }
        self.inputs: list[ScaleInput] = []
        for spec in scales():
            field = ScaleInput(spec, self)
            label = QLabel(mnemonics.get(spec.key, spec.title), self)
            label.setObjectName(f"{spec.key}_label")
            label.setBuddy(field.slider)
            label.setToolTip(spec.question)
            form.addRow(label, field)
            self.inputs.append(field)
        value_width = max(field.value_label.minimumWidth() for field in self.inputs)
        for field in self.inputs:
            field.value_label.setMinimumWidth(value_width)  # the sliders line up

    def _build_note_and_time(self, form: QFormLayout) -> None:
        s = theme.SPACING
        placeholder = self.tr("Anything you'd like to remember (optional)")
        self.note = note_box(
            self, placeholder=placeholder, name="checkin_note", spoken=self.tr("Note")
        )
        lines = self.note.fontMetrics().lineSpacing()
        self.note.setFixedHeight(lines * 3 + 2 * s)
        note_label = QLabel(self.tr("&Note"), self)
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)

        self.when = moment_field(self, "checkin_when")
        name_field(self.when, self.tr("When"))
        self.when.setMaximumWidth(28 * s)
        self.when.setDateTime(QDateTime.currentDateTime())
        self.when.setMaximumDateTime(QDateTime.currentDateTime().addSecs(24 * 3600))
        when_label = QLabel(self.tr("&When"), self)
        when_label.setBuddy(self.when)
        form.addRow(when_label, self.when)

    def _build_ticks(self, form: QFormLayout) -> None:
        """Raise in supervision, share with the manager, and a line saying who will see it."""
        self.raise_box = check_box(
            self.tr("&Raise this in supervision"), self, "checkin_raise",
            self.tr("Raise this in supervision"),
        )  # fmt: skip
        self.share_box = check_box(
            self.tr("&Include in reports to my manager"), self, "checkin_share",
            self.tr("Include in reports to my manager"),
        )  # fmt: skip
        self.hint = QLabel(self)
        self.hint.setObjectName("checkin_hint")
        self.hint.setWordWrap(True)
        small = QFont(self.hint.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.hint.setFont(small)
        ticks = flush_column()
        ticks.addWidget(self.raise_box)
        ticks.addWidget(self.share_box)
        ticks.addWidget(self.hint)
        form.addRow("", ticks)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        """The error line, Save and Cancel, and Ctrl+S."""
        self.error = QLabel(self)
        self.error.setObjectName("checkin_error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(self)
        self.save_button = accept_button(self.buttons, self.tr("Save check-in"), "checkin_save")
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("checkin_cancel")
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.activated.connect(self.save)

    def _update_hint(self) -> None:
        if self.share_box.isChecked():
            text = self.tr(
                "Shared: this check-in can go into reports to your manager and shows in the "
                "supervision view."
            )
        elif self.raise_box.isChecked():
            text = self.tr(
                "The supervision view shows shared check-ins only. Tick the box above too if "
                "you'd like your supervisor to see this one on screen."
            )
        else:
            text = self.tr("Private: only you see this check-in.")
        self.hint.setText(text)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to fit wrapped text: a window doesn't follow its labels' height for width."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    # -- values --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the form holds, as the check-in's fields."""
        moment = self.when.dateTime().toSecsSinceEpoch()
        return {
            **{field.spec.key: field.value() for field in self.inputs},
            "description": self.note.toPlainText().strip(),
            "raise_in_supervision": self.raise_box.isChecked(),
            "shareable": self.share_box.isChecked(),
            "occurred_at": datetime.fromtimestamp(moment).astimezone(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        for field in self.inputs:
            value = values.get(field.spec.key)
            if isinstance(value, int) and not isinstance(value, bool):
                field.setValue(value)
        note = values.get("description")
        if isinstance(note, str):
            self.note.setPlainText(note)
        self.raise_box.setChecked(bool(values.get("raise_in_supervision")))
        self.share_box.setChecked(bool(values.get("shareable")))
        when = values.get("occurred_at")
        if isinstance(when, datetime):
            self.when.setDateTime(labels.to_qdatetime(when))

    def _load_entry(self, entry: CheckIn) -> None:
        self.set_values(
            {
                "mood": entry.mood,
                "stress": entry.stress,
                "sleep": entry.sleep,
                "confidence": entry.confidence,
                "description": entry.description,
                "raise_in_supervision": entry.raise_in_supervision,
                "shareable": entry.shareable,
                "occurred_at": entry.occurred_at,
            }
        )

    def to_draft(self) -> dict[str, Any]:
        values = self.values()
        values["occurred_at"] = values["occurred_at"].isoformat()
        return {"format": DRAFT_FORMAT, "kind": "checkin", "fields": values}

    def _load_draft(self, draft: dict[str, Any]) -> None:
        fields = draft.get("fields")
        if not isinstance(fields, dict):
            return
        values = dict(fields)
        try:
            values["occurred_at"] = datetime.fromisoformat(str(values.get("occurred_at")))
        except ValueError:
            values.pop("occurred_at", None)
        self.set_values(values)
        self.draft_note.setText(
            self.tr("This is the check-in you'd started before the journal locked.")
        )
        self.draft_note.show()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        values = self.values()
        if len(values["description"]) > TEXT_MAX:
            self._show_error(
                self.tr(
                    "The note is longer than {n} characters. Shorten it and save again."
                ).format(n=f"{TEXT_MAX:,}")
            )
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.error.hide()
        existing = self._existing

        def job(journal: Journal) -> usecases.Done[CheckIn]:
            return usecases.save_checkin(
                journal, values, title=CHECKIN_TITLE, editing=existing, draft_id=DRAFT_ID
            )

        self._ops.submit(
            job,
            if_alive(self, lambda done: self._saved(done.value.id)),
            if_alive(self, self._failed),
        )

    def _saved(self, entry_id: str) -> None:
        self._saving = False
        self.saved.emit(entry_id)
        self.accept()

    def _failed(self, error: JournalError) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, NotOpen):
            return
        self._show_error(error.message)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel: forget any draft too (the person chose to leave this check-in)."""
        if not self._closing_for_lock and self._ops.is_open:
            self._ops.submit(lambda j: usecases.discard_draft(j, DRAFT_ID), None, lambda _e: None)
        super().reject()

    def save_draft(self) -> None:
        """Before a lock: keep what was typed, encrypted, to offer next time."""
        if self._existing is not None or self._saving:
            return
        draft = self.to_draft()
        self._ops.submit(lambda j: usecases.keep_draft(j, DRAFT_ID, draft), None, lambda _e: None)

    def close_for_lock(self) -> None:
        """Drop every value from the widgets and close, keeping the draft already saved."""
        self._closing_for_lock = True
        self.note.clear()
        self.heading.clear()
        self.draft_note.clear()
        self.error.clear()
        for field in self.inputs:
            field.reset()
        super().reject()
