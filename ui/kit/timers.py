"""A timer that waits for a pause: typing, scrolling through rows, a burst of changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def single_shot(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    """A stopped single-shot timer: ``start()`` (again) and ``slot`` runs ``interval_ms``
    after the last start."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
