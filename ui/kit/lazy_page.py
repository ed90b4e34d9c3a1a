"""A page made only when it is first shown, and cleared with the rest on lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(self, factory: Callable[[QWidget], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self.page: QWidget | None = None
        self.unlocked = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = self._factory(self)
            self._layout.addWidget(self.page)
            if self.unlocked:
                self._call("reload")
        return self.page

    def _call(self, name: str) -> None:
        method = getattr(self.page, name, None)
        if method is not None:
            method()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.unlocked:
            self.ensure()

    def reload(self) -> None:
        self.unlocked = True
        if self.page is not None:
            self._call("reload")
        elif self.isVisible():
            self.ensure()

    def prepare_lock(self) -> None:
        if self.page is not None:
            self._call("prepare_lock")

    def clear(self) -> None:
        self.unlocked = False
        if self.page is not None:
            self._call("clear")
