"""Small helpers for the incidents tests: wait for the worker, make incidents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

from journal.models import Incident
from journal.session import Journal
from journal.timeutil import now
from ui.operations import Operations

T = TypeVar("T")
PASSPHRASE = "correct horse battery staple"


def run(qtbot: QtBot, ops: Operations, fn: Callable[[Journal], T]) -> T:
    """Run ``fn`` on the worker and wait for its result (as the app would, but blocking)."""
    results: list[T] = []
    errors: list[BaseException] = []
    ops.submit(fn, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(results or errors), timeout=20_000)
    if errors:
        raise errors[0]
    return results[0]


def idle(qtbot: QtBot, ops: Operations) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=20_000)


def incident(title: str, **fields: Any) -> Incident:
    fields.setdefault("occurred_at", now() - timedelta(hours=1))
    return Incident(title=title, **fields)
