"""Rows a person adds to a form and can remove again (court orders, their own actions).

Each row is a ``RemovableRow`` (``changed`` and ``removed`` signals); its ✕ button comes
from ``remove_button``. Removing one hands the keyboard to a steady widget nearby, so it
never falls back to the top of the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QBoxLayout, QToolButton, QWidget

from ui.kit.widgets import dispose


class RemovableRow(QWidget):
    """A row of a ``RowList``: says when its fields change and when its ✕ is pressed."""

    changed = Signal()
    removed = Signal()


R = TypeVar("R", bound=RemovableRow)


def remove_button(parent: QWidget, accessible_name: str, tip: str) -> QToolButton:
    """The ✕ at the end of a row; ``accessible_name`` says which row it removes."""
    button = QToolButton(parent)
    button.setText("✕")
    button.setToolTip(tip)
    button.setAccessibleName(accessible_name)
    return button


class RowList(Generic[R]):
    """The rows, in order, placed at the start of ``box`` (what follows them stays after).
    ``changed`` is emitted when a row changes or goes; ``focus_after`` (set once it
    exists) takes the keyboard when the person removes one."""

    def __init__(
        self, box: QBoxLayout, changed: SignalInstance, focus_after: QWidget | None = None
    ) -> None:
        self.rows: list[R] = []
        self.focus_after = focus_after
        self._box = box
        self._changed = changed

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> R:
        return self.rows[index]

    def add(self, row: R) -> R:
        row.changed.connect(self._changed)
        row.removed.connect(lambda: self.remove(row))
        self._box.insertWidget(len(self.rows), row)
        self.rows.append(row)
        return row

    def drop(self, row: R) -> None:
        """Take a row away without a word (the form is being refilled)."""
        self.rows.remove(row)
        dispose(row)

    def remove(self, row: R) -> None:
        """The person removed ``row``."""
        self.drop(row)
        if self.focus_after is not None:
            self.focus_after.setFocus()
        self._changed.emit()
