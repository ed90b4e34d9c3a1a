"""A calm bar above the pages: what the journal noticed, one next step, and "Not now".

Used for the check-in reminder, pattern prompts and the perspective note. It holds no
entry text (prompts speak of counts and dates only) and is emptied on lock.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QPushButton, QWidget

from ui import theme
from ui.kit.named_widgets import push_button
from ui.kit.notice_parts import notice_row, notice_text

Choice = tuple[str, Callable[[], None]]


class Notice(QFrame):
    """Up to three choices: the offered step, "Not now", and a quiet way to turn these off."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(self.tr("Notice"))
        s = theme.SPACING
        layout = notice_row(self, (3 * s, s, 2 * s, s))
        self.text = notice_text(self, f"{name}_text")
        self.text.setMinimumWidth(30 * s)
        self.primary = push_button("", self, f"{name}_action")
        self.later = push_button("", self, f"{name}_later")
        self.off = push_button("", self, f"{name}_off", flat=True)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.primary)
        layout.addWidget(self.later)
        layout.addWidget(self.off)
        self._callbacks: dict[QPushButton, Callable[[], None] | None] = {}
        for button in (self.primary, self.later, self.off):
            button.clicked.connect(lambda _checked=False, b=button: self._run(b))
        self.kind = ""
        self.hide()

    def show_message(
        self,
        kind: str,
        text: str,
        primary: Choice | None = None,
        later: Choice | None = None,
        off: Choice | None = None,
    ) -> None:
        """Show ``text`` with the given choices; each hides the notice before it runs."""
        self.kind = kind
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.setAccessibleDescription(text)
        for button, choice in ((self.primary, primary), (self.later, later), (self.off, off)):
            button.setVisible(choice is not None)
            label = choice[0] if choice else ""
            button.setText(label)
            button.setAccessibleName(label)
            self._callbacks[button] = choice[1] if choice else None
        self.show()

    def _run(self, button: QPushButton) -> None:
        callback = self._callbacks.get(button)
        self.dismiss()
        if callback is not None:
            callback()

    def dismiss(self) -> None:
        """Hide and forget the message and its choices."""
        self.kind = ""
        self.text.clear()
        self.text.setAccessibleName("")
        self.setAccessibleDescription("")
        for button in (self.primary, self.later, self.off):
            button.setText("")
            button.setAccessibleName("")
        self._callbacks = {}
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A soft tint of the accent colour with a thin accent stripe on the left."""
        palette = self.palette()
        dark = theme.is_dark(palette)
        accent = theme.accent_colour(dark)
        window = palette.color(QPalette.ColorRole.Window)
        tint = QColor(accent)
        mix = 0.16 if dark else 0.09
        tint.setRgbF(
            window.redF() + (accent.redF() - window.redF()) * mix,
            window.greenF() + (accent.greenF() - window.greenF()) * mix,
            window.blueF() + (accent.blueF() - window.blueF()) * mix,
        )
        painter = QPainter(self)
        painter.fillRect(self.rect(), tint)
        painter.fillRect(QRect(0, 0, theme.SPACING // 2, self.height()), accent)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()
