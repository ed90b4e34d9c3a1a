"""The notice bar pages use for short messages: saved, deleted (with Undo), a draft waiting.

One widget for every page, so notices look and behave the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QPushButton, QWidget

from ui.kit.notice_parts import notice_row, notice_text


class NoticeBar(QFrame):
    """A calm line with up to two buttons and a close button. Holds no entry text."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = notice_row(self)
        self.text = notice_text(self, f"{name}_text")
        self.first = QPushButton(self)
        self.first.setObjectName(f"{name}_first")
        self.second = QPushButton(self)
        self.second.setObjectName(f"{name}_second")
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName(f"{name}_close")
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        layout.addWidget(self.close_button)
        self._actions: list[Callable[[], None] | None] = [None, None]
        self.first.clicked.connect(lambda: self._run(0))
        self.second.clicked.connect(lambda: self._run(1))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.dismiss)
        self.kind = ""
        self.hide()

    def show_notice(
        self,
        text: str,
        first: tuple[str, Callable[[], None]] | None = None,
        second: tuple[str, Callable[[], None]] | None = None,
        *,
        kind: str = "",
        timeout_ms: int = 0,
    ) -> None:
        """Show ``text`` with up to two (label, action) buttons; ``kind`` names it for callers."""
        self.kind = kind
        self.text.setText(text)
        for n, (button, choice) in enumerate(((self.first, first), (self.second, second))):
            button.setVisible(choice is not None)
            button.setText(choice[0] if choice else "")
            self._actions[n] = choice[1] if choice else None
        self.timer.stop()
        if timeout_ms:
            self.timer.start(timeout_ms)
        self.show()

    def _run(self, n: int) -> None:
        action = self._actions[n]
        self.dismiss()
        if action is not None:
            action()

    def dismiss(self) -> None:
        self.timer.stop()
        self.kind = ""
        self.text.clear()
        self.first.setText("")
        self.second.setText("")
        self._actions = [None, None]
        self.hide()
