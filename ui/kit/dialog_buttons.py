"""The row of buttons at the foot of a dialog, in the platform's order."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

StandardButton = QDialogButtonBox.StandardButton


def dialog_buttons(
    parent: QWidget,
    accept_text: str,
    accept_name: str,
    dismiss: StandardButton,
    dismiss_name: str,
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """A button box with the dialog's own action (``accept_text``, in the accepting
    place) and the platform's ``dismiss`` button (Cancel or Close); each named, for tests
    and screen readers. The caller connects them."""
    box = QDialogButtonBox(parent)
    accept = box.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setObjectName(accept_name)
    dismiss_button = box.addButton(dismiss)
    dismiss_button.setObjectName(dismiss_name)
    return box, accept, dismiss_button
