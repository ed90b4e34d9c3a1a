"""One-line text fields as the forms use them: a limit on length and a hint inside."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from journal.models import SHORT_MAX


def line_edit(parent: QWidget, placeholder: str = "", max_length: int = SHORT_MAX) -> QLineEdit:
    """A field that takes at most ``max_length`` characters (the core's limit for the
    value) and shows ``placeholder`` while it is empty."""
    edit = QLineEdit(parent)
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit
