"""An entry editor whose fields sit in a ``FieldForm``, each message beside its field.

The search-log form and the supervision record check and save the same way: clear the
old messages, check the entry, and on a problem put each sentence beside its field, with
the first such field focused and scrolled into view.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from ui import theme
from ui.kit.entry_editor import EntryEditor, SaveCase
from ui.kit.forms import FieldForm

T = TypeVar("T")


class FieldEntryEditor(EntryEditor[T]):
    """A subclass builds ``fields`` (and the base's bar) and says how its data reads."""

    fields: FieldForm

    def _field_form(self, column: QWidget, layout: QVBoxLayout) -> QFormLayout:
        """The form under ``layout``: captions at the right, fields growing; ``fields``."""
        s = theme.SPACING
        form = QFormLayout()
        form.setHorizontalSpacing(s * 2)
        form.setVerticalSpacing(s)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(form)
        self.fields = FieldForm(form, column)
        return form

    def to_json(self) -> dict[str, Any]:
        raise NotImplementedError

    @contextmanager
    def _filling(self) -> Iterator[None]:
        """Set the fields without it counting as the person's typing."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def _fresh_start(self) -> None:
        """No messages left from before, and Save ready."""
        self.fields.clear_errors()
        self.message.clear()
        self.save_button.setEnabled(True)

    def error_text(self, key: str) -> str:
        return self.fields.error_text(key)

    def _save_as(self, kind: str, entry_type: type[T], use_case: SaveCase[T]) -> None:
        """Save what the form holds as an entry of ``kind`` (once: not while saving)."""
        if not self.is_open or self._saving:
            return
        self.fields.clear_errors()
        self.message.clear()
        self._check_and_save(self.to_json(), kind, entry_type, use_case)

    def _place_errors(self, sentences: dict[str, str]) -> list[str]:
        """Each sentence beside its field; the first such field gets the focus. Returns
        the sentences that have no field of their own, in order."""
        first: QWidget | None = None
        general: list[str] = []
        for key, sentence in sentences.items():
            if self.fields.show_error(key, sentence):
                first = first or self.fields.fields[key]
            else:
                general.append(sentence)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(first)
        return general
