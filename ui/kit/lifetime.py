"""Worker results that arrive after their widget has gone are dropped, not crashed on.

A reply can come back after the person closed a dialog or locked the journal; by then
the widget's C++ side may be deleted. ``if_alive`` wraps a callback so it only runs
while its owner still exists and hasn't been closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

T = TypeVar("T")


def alive(owner: QObject) -> bool:
    return shiboken6.isValid(owner) and not getattr(owner, "closed_for_good", False)


def if_alive(owner: QObject, fn: Callable[[T], Any]) -> Callable[[T], None]:
    def call(value: T) -> None:
        if alive(owner):
            fn(value)

    return call
