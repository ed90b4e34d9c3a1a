"""Date (and date-and-time) fields as every form shows them: "3 Oct 2026", a calendar to
pick from, and Tab that leaves the field."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.kit.widgets import DateEdit, DateTimeEdit

DAY_FORMAT = "d MMM yyyy"
MOMENT_FORMAT = "d MMM yyyy  HH:mm"


def date_field(parent: QWidget, name: str = "", *, snug: bool = False) -> DateEdit:
    """A day; ``snug`` keeps it no wider than it needs in a form that grows its fields."""
    field = DateEdit(parent)
    _set_up(field, name, DAY_FORMAT, snug)
    return field


def moment_field(parent: QWidget, name: str = "", *, snug: bool = False) -> DateTimeEdit:
    """A day and a time of day, like ``date_field``."""
    field = DateTimeEdit(parent)
    _set_up(field, name, MOMENT_FORMAT, snug)
    return field


def _set_up(field: DateTimeEdit | DateEdit, name: str, display: str, snug: bool) -> None:
    if name:
        field.setObjectName(name)
    field.setCalendarPopup(True)
    field.setDisplayFormat(display)
    if snug:
        field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
