"""A push button made in one call: its words, its object name, what it does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QPushButton, QWidget

from ui import theme


def push_button(
    text: str,
    parent: QWidget,
    name: str,
    clicked: Callable[..., object] | SignalInstance | None = None,
    *,
    tip: str = "",
    icon: str = "",
    flat: bool = False,
) -> QPushButton:
    """A button showing ``text`` (screen readers read the same words), named ``name``;
    ``icon`` names one of the bundled icons."""
    button = QPushButton(theme.icon(icon), text, parent) if icon else QPushButton(text, parent)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    if flat:
        button.setFlat(True)
    if clicked is not None:
        button.clicked.connect(clicked)
    return button


def check_box(text: str, parent: QWidget, name: str, spoken: str = "") -> QCheckBox:
    """A tick box named ``name``; ``spoken`` is what a screen reader says (its words,
    without the keyboard mnemonic's "&", when not given)."""
    box = QCheckBox(text, parent)
    box.setObjectName(name)
    box.setAccessibleName(spoken or text.replace("&", ""))
    return box


def accept_button(box: QDialogButtonBox, text: str, name: str) -> QPushButton:
    """The dialog's button that does what it is for (Save, Done…), named ``name`` and read
    out as its words (without the keyboard mnemonic's "&")."""
    button = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    return button
