"""The one way the UI reaches the journal: calls run on a single worker thread.

One worker owns the database connection (SQLite connections belong to one
thread, and the disk must never block the window). A call is submitted with
what to do on success and on a world error; both run back on the UI thread.
After a write, ``changed`` tells views which kinds of entry to refresh: what a core
use case returned (``journal.usecases.Changes``), never a guess made here.

Stale replies: a call submitted with an ``owner`` (the widget that asked) replies only
while that owner exists and hasn't been closed for good; with a ``key`` as well, a newer
call with the same owner and key makes the older one's reply be dropped (a load that a
newer load replaced), and ``forget(owner)`` drops every reply still on its way to it
(a form cleared on lock). Announcements on ``changed`` are made either way: the write
happened, whoever asked for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from journal.errors import JournalError
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.usecases import Changes, Done
from ui.kit.lifetime import alive

log = logging.getLogger(__name__)
T = TypeVar("T")


class NotOpen(JournalError):
    default_message = "Your journal is locked. Unlock it to carry on."


@dataclass(frozen=True)
class Change:
    """What a write touched, so views refresh only what they show."""

    kinds: frozenset[str] = frozenset()
    ids: tuple[str, ...] = ()
    settings: bool = False
    selected: str | None = None  # the id to select after the refresh (a new entry)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    keys: frozenset[str] = frozenset()  # the settings written, when the core said which

    @classmethod
    def of(cls, result: Changes | Done[Any], **extra: Any) -> Change:
        """The core's record of a use case (or a result carrying one) for the views;
        ``extra`` adds what a screen tells its neighbours beyond that."""
        changes = result.changes if isinstance(result, Done) else result
        return cls(
            kinds=changes.kinds,
            ids=changes.ids,
            settings=bool(changes.settings),
            selected=changes.selected,
            extra={**dict.fromkeys(sorted(changes.other), True), **extra},
            keys=changes.settings | changes.remembered,
        )


def reported_change(result: object) -> Change | None:
    """The change a use case reported, when it touched something a view shows."""
    changes = result.changes if isinstance(result, Done) else result
    if not isinstance(changes, Changes):
        return None
    if changes.kinds or changes.ids or changes.settings or changes.other:
        return Change.of(changes)
    return None  # drafts and what the app remembers quietly: no view shows them


class Operations(QObject):
    changed = Signal(object)  # Change
    failed = Signal(object)  # JournalError with no on_error handler given
    crashed = Signal(object)  # an unexpected exception: a bug; logged, shown calmly
    opened = Signal()
    closed = Signal()
    busy_changed = Signal(bool)
    _deliver = Signal(object)  # a callable to run on the UI thread

    def __init__(self, paths: JournalPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal-worker")
        self._journal: Journal | None = None  # touched only on the worker thread
        self._pending = 0
        self._pending_lock = threading.Lock()
        self.is_open = False
        self._deliver.connect(self._run_on_ui)
        self._tickets = _Tickets(self.failed.emit)

    # -- plumbing ---------------------------------------------------------------

    def _run_on_ui(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        finally:
            with self._pending_lock:
                self._pending -= 1
                idle = self._pending == 0
            if idle:
                self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        fn: Callable[[Journal], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[JournalError], None] | None = None,
        *,
        change: Change | Callable[[T], Change] | None = None,
        owner: QObject | None = None,
        key: str | None = None,
    ) -> None:
        """Run ``fn(journal)`` on the worker; then ``on_done(result)`` on the UI thread.

        A use case's result (``Changes``, or ``Done`` with them) is announced on
        ``changed`` by itself; ``change`` replaces that, or names a change for others.
        With ``owner`` (and ``key``) the reply is dropped when it has gone stale.
        """

        def job(journal: Journal | None) -> T:
            if journal is None:
                raise NotOpen()
            return fn(journal)

        on_done, on_error = self._tickets.guard(owner, key, on_done, on_error)
        self._submit_raw(job, on_done, on_error, change=change)

    def submit_background(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[JournalError], None] | None = None,
        *,
        owner: QObject | None = None,
        key: str | None = None,
    ) -> None:
        """Run ``fn()`` on the worker with or without an open journal (key file, keyring).

        Queued in order with everything else, so a check made after ``close`` sees it closed.
        ``owner`` and ``key`` drop a stale reply, as for ``submit``.
        """
        on_done, on_error = self._tickets.guard(owner, key, on_done, on_error)
        self._submit_raw(lambda _journal: fn(), on_done, on_error)

    def forget(self, owner: QObject, key: str | None = None) -> None:
        """Drop the replies still on their way to ``owner`` (only those under ``key``,
        when given): what it asked for no longer matters to it."""
        self._tickets.forget(owner, key)

    def _submit_raw(
        self,
        fn: Callable[[Journal | None], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[JournalError], None] | None,
        *,
        change: Change | Callable[[T], Change] | None = None,
    ) -> None:
        with self._pending_lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busy_changed.emit(True)

        def work() -> None:
            try:
                result = fn(self._journal)
            except JournalError as exc:
                error = exc

                def report_error() -> None:
                    if on_error is not None:
                        on_error(error)
                    else:
                        self.failed.emit(error)

                self._deliver.emit(report_error)
            except Exception as exc:
                log.error("Unexpected error in a journal operation", exc_info=exc)
                crash = exc
                self._deliver.emit(lambda: self.crashed.emit(crash))
            else:

                def report_done() -> None:
                    if on_done is not None:
                        on_done(result)
                    if change is not None:
                        self.changed.emit(change(result) if callable(change) else change)
                    else:
                        reported = reported_change(result)
                        if reported is not None:
                            self.changed.emit(reported)

                self._deliver.emit(report_done)

        self._executor.submit(work)

    # -- opening and closing ------------------------------------------------------

    def open(
        self,
        unlock: Unlock,
        on_done: Callable[[None], None] | None = None,
        on_error: Callable[[JournalError], None] | None = None,
    ) -> None:
        def job(current: Journal | None) -> None:
            if current is None:
                self._journal = Journal.open(self.paths, unlock)

        def done(_: None) -> None:
            self.is_open = True
            self.opened.emit()
            if on_done is not None:
                on_done(None)

        self._submit_raw(job, done, on_error)

    def create(
        self,
        passphrase: str | None,
        use_keyring: bool,
        on_done: Callable[[str], None],
        on_error: Callable[[JournalError], None] | None = None,
    ) -> None:
        """Set up a new journal; ``on_done`` gets the recovery key to show once."""

        def job(current: Journal | None) -> str:
            journal, recovery_key = Journal.create(
                self.paths, passphrase=passphrase, use_keyring=use_keyring
            )
            self._journal = journal
            return recovery_key

        def done(recovery_key: str) -> None:
            self.is_open = True
            self.opened.emit()
            on_done(recovery_key)

        self._submit_raw(job, done, on_error)

    def close(self, on_done: Callable[[None], None] | None = None) -> None:
        """Close the database and forget the key. Queued after any write in progress."""

        def job(current: Journal | None) -> None:
            if current is not None:
                current.close()
            self._journal = None

        def done(_: None) -> None:
            was_open = self.is_open
            self.is_open = False
            if was_open:
                self.closed.emit()
            if on_done is not None:
                on_done(None)

        self._submit_raw(job, done, None)

    def shutdown(self) -> None:
        """Close the journal and stop the worker, waiting for work in progress."""
        self._executor.submit(self._close_now)
        self._executor.shutdown(wait=True)
        self.is_open = False

    def _close_now(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


class _Tickets:
    """Which replies are still wanted: each call with an owner gets a ticket, numbered in
    the order of submission (and so of the replies: the worker is one thread)."""

    def __init__(self, unhandled: Callable[[JournalError], None]) -> None:
        self._unhandled = unhandled  # where an error goes that nobody said they'd handle
        self._last = 0
        self._latest: dict[tuple[int, str | None], int] = {}  # (owner, key) -> newest ticket
        self._forgotten: dict[tuple[int, str | None], int] = {}  # tickets up to this: dropped
        self._waiting: dict[int, int] = {}  # owner -> replies still to come

    def guard(
        self,
        owner: QObject | None,
        key: str | None,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[JournalError], None] | None,
    ) -> tuple[Callable[[T], None] | None, Callable[[JournalError], None] | None]:
        """The callbacks, wrapped to run only while the reply is wanted.

        An error with no ``on_error`` is still reported (on ``Operations.failed``)."""
        if owner is None:
            return on_done, on_error
        self._last += 1
        ticket, whose = self._last, id(owner)
        if key is not None:
            self._latest[(whose, key)] = ticket
        self._waiting[whose] = self._waiting.get(whose, 0) + 1

        def wanted() -> bool:
            current = (
                alive(owner)
                and (key is None or self._latest.get((whose, key)) == ticket)
                and ticket > self._forgotten.get((whose, None), 0)
                and ticket > self._forgotten.get((whose, key), 0)
            )
            self._replied(whose)
            return current

        def done(value: T) -> None:
            if wanted() and on_done is not None:
                on_done(value)

        def error(exc: JournalError) -> None:
            if wanted() and on_error is not None:
                on_error(exc)
            elif on_error is None:
                self._unhandled(exc)

        return done, error

    def forget(self, owner: QObject, key: str | None) -> None:
        whose = id(owner)
        if self._waiting.get(whose):
            self._forgotten[(whose, key)] = self._last

    def _replied(self, whose: int) -> None:
        """Once nothing more is on its way to an owner it needs no record (and its id may
        be reused by a new object, whose tickets all come after the old ones)."""
        left = self._waiting.get(whose, 1) - 1
        if left > 0:
            self._waiting[whose] = left
            return
        self._waiting.pop(whose, None)
        for table in (self._latest, self._forgotten):
            for stale in [k for k in table if k[0] == whose]:
                del table[stale]
