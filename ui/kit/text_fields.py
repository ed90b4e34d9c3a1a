"""Fields a person types into, set up as every form has them."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ui import theme


def line_edit(
    parent: QWidget,
    placeholder: str = "",
    *,
    max_length: int = 0,
    name: str = "",
    spoken: str = "",
) -> QLineEdit:
    """One line of text, greyed ``placeholder`` words while empty, at most ``max_length``
    characters (0: Qt's own limit); ``spoken`` is what a screen reader calls it."""
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
