"""Fields a person types into, as the forms use them: a limit on length, a hint inside,
and (for a note box) Tab that leaves the field like every other."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from journal.models import SHORT_MAX
from ui import theme


def line_edit(
    parent: QWidget,
    placeholder: str = "",
    max_length: int = SHORT_MAX,
    *,
    name: str = "",
    spoken: str = "",
) -> QLineEdit:
    """A field that takes at most ``max_length`` characters (the core's limit for the
    value; 0 for Qt's own) and shows ``placeholder`` while it is empty; ``spoken`` is what
    a screen reader calls it."""
    edit = QLineEdit(parent)
    _name(edit, name, spoken)
    if max_length:
        edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def note_box(
    parent: QWidget,
    lines: int = 0,
    *,
    placeholder: str = "",
    name: str = "",
    spoken: str = "",
) -> QPlainTextEdit:
    """A few lines of free text that Tab leaves (as every other field); ``lines`` tall
    (0: the height its layout gives it)."""
    edit = QPlainTextEdit(parent)
    _name(edit, name, spoken)
    edit.setTabChangesFocus(True)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if lines:
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 2 * theme.SPACING + 4)
    return edit


def _name(edit: QWidget, name: str, spoken: str) -> None:
    if name:
        edit.setObjectName(name)
    if spoken:
        edit.setAccessibleName(spoken)
