"""Error handlers for replies from the worker that may come after the journal locked."""

from __future__ import annotations

from collections.abc import Callable

from journal.errors import JournalError
from ui.operations import NotOpen, Operations


def unless_locked(ops: Operations) -> Callable[[JournalError], None]:
    """An error handler that stays quiet when the journal was locked meanwhile (a reply to a
    screen that has been cleared) and otherwise lets the app show the error as usual."""

    def handle(error: JournalError) -> None:
        if not isinstance(error, NotOpen):
            ops.failed.emit(error)

    return handle
