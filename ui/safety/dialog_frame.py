"""The start of the safety dialogs (check a backup, check the journal, restore).

Each is modal, opens with a heading in the words of its title and a summary under it,
and says what happened by changing both; the checks list what they found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QWidget

from ui import theme
from ui.safety.common import _t, heading

if TYPE_CHECKING:
    from ui.safety.services import SafetyServices


class ProblemsList(QListWidget):
    """What a check found, one finding a row (hidden until there is something to show)."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(_t("What the check found"))
        self.setWordWrap(True)
        self.setMaximumHeight(16 * theme.SPACING)
        self.hide()

    def show_problems(self, problems: Sequence[str]) -> None:
        self.clear()
        self.addItems(list(problems))
        self.show()


class SafetyDialog(QDialog):
    """A safety dialog: modal, its heading the same words as its title at first, and a
    summary under it (made by the dialog) that ``say`` changes with the heading."""

    summary: QLabel

    def __init__(
        self,
        controller: SafetyServices,
        parent: QWidget | None,
        name: str,
        title: str,
        heading_name: str,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ops = controller.ops
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setModal(True)
        self.heading = heading(title, self, heading_name)

    def say(self, title: str, text: str) -> None:
        self.heading.setText(title)
        self.summary.setText(text)
