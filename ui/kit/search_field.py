"""The one look of a box that searches or filters by words: a magnifier at its start
(named, so a screen reader says what it is) and a button that empties it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from ui import theme


def search_field(
    parent: QWidget, name: str, placeholder: str, accessible_name: str | None = None
) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(accessible_name if accessible_name is not None else placeholder)
    field.setClearButtonEnabled(True)
    icon = field.addAction(theme.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
    icon.setText(
        QCoreApplication.translate("SearchField", "Search")
    )  # screen readers name the icon by it
    return field
