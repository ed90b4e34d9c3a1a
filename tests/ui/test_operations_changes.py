"""The worker announces what a use case says it changed, and nothing it didn't.

Views refresh from ``Operations.changed``; since the core's use cases return their own
record of what they wrote, the worker passes that on by itself, and a screen no longer
builds a ``Change`` beside its call (where it could say something the call didn't do).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from helpers.qt import open_operations
from pytestqt.qtbot import QtBot

from journal import usecases
from journal.paths import JournalPaths
from journal.session import Journal
from journal.usecases import Changes
from ui.operations import Change, Operations, reported_change
from ui.reports.services import EXPORT_LOG_CHANGED
from ui.safety.backups_tab import BACKUPS_CHANGED

WAIT_MS = 10_000
WHEN = datetime(2026, 3, 1, 20, 15, tzinfo=UTC)


@pytest.fixture
def open_ops(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Operations:
    return open_operations(qtbot, paths, make_operations)


def submit_and_collect(
    qtbot: QtBot, ops: Operations, fn: Callable[[Journal], Any], **kwargs: Any
) -> tuple[Any, list[Change]]:
    """Run ``fn`` on the worker; its result and every change announced meanwhile."""
    announced: list[Change] = []
    results: list[Any] = []
    ops.changed.connect(announced.append)
    try:
        ops.submit(fn, results.append, pytest.fail, **kwargs)
        qtbot.waitUntil(lambda: bool(results) and not ops.busy, timeout=WAIT_MS)
    finally:
        ops.changed.disconnect(announced.append)
    return results[0], announced


def test_a_saved_entry_is_announced_from_the_use_case_record(
    qtbot: QtBot, open_ops: Operations
) -> None:
    done, announced = submit_and_collect(
        qtbot,
        open_ops,
        lambda j: usecases.save_checkin(j, {"occurred_at": WHEN}, title="Check-in"),
    )
    saved = done.value
    assert announced == [Change(kinds=frozenset({"checkin"}), ids=(saved.id,), selected=saved.id)]


def test_quiet_writes_announce_nothing(qtbot: QtBot, open_ops: Operations) -> None:
    changes, announced = submit_and_collect(
        qtbot, open_ops, lambda j: usecases.keep_draft(j, "checkin-form:current", {"mood": 3})
    )
    assert changes == Changes(drafts=("checkin-form:current",))
    assert announced == []
    _changes, announced = submit_and_collect(qtbot, open_ops, usecases.note_disclosure_seen)
    assert announced == []


def test_settings_are_announced_with_their_keys(qtbot: QtBot, open_ops: Operations) -> None:
    from journal.export.settings import ReportSettings

    _changes, [change] = submit_and_collect(
        qtbot,
        open_ops,
        lambda j: usecases.save_settings(j, lock_after_minutes=9, report=ReportSettings()),
    )
    assert change.settings is True
    assert "lock_after_minutes" in change.keys and not change.kinds


def test_a_change_named_by_the_screen_replaces_the_record(
    qtbot: QtBot, open_ops: Operations
) -> None:
    _changes, announced = submit_and_collect(
        qtbot,
        open_ops,
        usecases.snooze_footprint_reminder,
        change=Change(settings=True, extra={"setting": "footprint"}),
    )
    assert announced == [Change(settings=True, extra={"setting": "footprint"})]


def test_the_core_names_the_same_things_the_screens_listen_for() -> None:
    change = Change.of(Changes(other=frozenset({usecases.EXPORT_LOG, usecases.BACKUPS})))
    assert change.extra == {EXPORT_LOG_CHANGED: True, BACKUPS_CHANGED: True}
    assert reported_change(object()) is None
    assert reported_change(Changes(remembered=frozenset({"last_platform"}))) is None
