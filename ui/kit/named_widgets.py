"""Widgets made in one call with the names tests and screen readers know them by.

A button, a tick box or a dialog-box button is made, given its object name (how tests
and the screenshots find it) and its spoken name (what a screen reader says), in that
order, the same way on every screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui import theme
from ui.kit import text_fields

# A quiet, link-like push button lined up with the field above it.
LINK_STYLE = (
    "QPushButton { border: none; padding: 2px 0px; text-align: left; "
    "color: palette(link); } QPushButton:focus { text-decoration: underline; }"
)


def spoken(text: str) -> str:
    """What a screen reader should say for a label: its words without the mnemonic's "&"
    and without the ellipsis."""
    return text.replace("&", "").replace("…", "")


def push_button(
    text: str,
    parent: QWidget,
    name: str,
    clicked: Callable[..., object] | SignalInstance | None = None,
    *,
    accessible: str = "",
    icon: QIcon | str | None = None,
    tip: str = "",
    flat: bool = False,
) -> QPushButton:
    """A push button, spoken as ``accessible`` (by default its own words); ``icon`` is an
    icon or the name of one of the bundled icons; ``clicked`` is what it does."""
    if isinstance(icon, str):
        icon = theme.icon(icon) if icon else None
    button = QPushButton(text, parent) if icon is None else QPushButton(icon, text, parent)
    button.setObjectName(name)
    button.setAccessibleName(accessible or spoken(text))
    if tip:
        button.setToolTip(tip)
    if flat:
        button.setFlat(True)
    if clicked is not None:
        button.clicked.connect(clicked)
    return button


def check_box(text: str, parent: QWidget, name: str, accessible: str = "") -> QCheckBox:
    """A tick box, spoken as ``accessible`` (by default its own words)."""
    box = QCheckBox(text, parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible or spoken(text))
    return box


def box_button(
    box: QDialogButtonBox,
    text: str,
    role: QDialogButtonBox.ButtonRole,
    name: str,
    accessible: str = "",
) -> QPushButton:
    """A button of a dialog's button box, placed where the platform puts its ``role``."""
    button = box.addButton(text, role)
    button.setObjectName(name)
    button.setAccessibleName(accessible or spoken(text))
    return button


def accept_button(box: QDialogButtonBox, text: str, name: str) -> QPushButton:
    """The dialog's button that does what it is for (Save, Done…)."""
    return box_button(box, text, QDialogButtonBox.ButtonRole.AcceptRole, name)


def link_button(text: str, parent: QWidget, name: str, accessible: str = "") -> QPushButton:
    """A flat button that reads like a link: "Use your recovery key instead"."""
    button = push_button(text, parent, name, accessible=accessible)
    button.setFlat(True)
    button.setStyleSheet(LINK_STYLE)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def line_edit(parent: QWidget, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    """A field of a settings form, named and spoken (no limit beyond Qt's own)."""
    return text_fields.line_edit(parent, placeholder, 0, name=name, spoken=accessible)


def note_edit(parent: QWidget, name: str, accessible: str, placeholder: str) -> QPlainTextEdit:
    """A few lines of free text in a form; Tab moves on to the next field."""
    return text_fields.note_box(parent, placeholder=placeholder, name=name, spoken=accessible)
