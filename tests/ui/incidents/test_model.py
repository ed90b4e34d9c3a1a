"""The lazy incidents model: pages from the worker, core-side filters, a well-behaved Qt model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from incidents_helpers import idle, incident, run
from pytestqt.qtbot import QtBot

from journal import search
from journal.models import CheckIn
from journal.repository import EntryQuery
from journal.timeutil import now
from ui.incidents.model import PAGE_SIZE, Column, IncidentSortProxy, IncidentTableModel, Role
from ui.operations import Change, Operations

# The offscreen platform says it can't do some window-system things (size hints, raising a
# window, grabbing the keyboard for a pop-up list); those messages are about it, not the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def loaded(qtbot: QtBot, model: IncidentTableModel) -> None:
    qtbot.waitUntil(lambda: not model.loading, timeout=20_000)


def test_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester, make_ops: Callable[..., Operations]
) -> None:
    start = now() - timedelta(days=30)
    ops = make_ops(
        [
            incident(
                f"Post number {n}",
                occurred_at=start + timedelta(hours=n),
                severity=("low", "medium", "high", "critical")[n % 4],
                impact_tags=["anxious"] if n % 2 else [],
            )
            for n in range(PAGE_SIZE + 30)
        ]
    )
    model = IncidentTableModel(ops)
    model.set_query(EntryQuery())
    loaded(qtbot, model)
    assert model.rowCount() == PAGE_SIZE
    assert model.total == PAGE_SIZE + 30
    assert model.canFetchMore()
    # The tester asks for more itself; the page arrives later and is inserted under its eyes.
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + 30)
    assert model.rowCount() == PAGE_SIZE + 30
    assert not model.canFetchMore()
    proxy = IncidentSortProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(Column.SEVERITY)
    first = proxy.index(0, Column.SEVERITY)
    last = proxy.index(proxy.rowCount() - 1, Column.SEVERITY)
    assert first.data() == "Low" and last.data() == "Critical"
    model.clear()
    assert model.rowCount() == 0


def test_only_incidents_newest_first_with_core_filters(
    qtbot: QtBot, make_ops: Callable[..., Operations]
) -> None:
    ops = make_ops(
        [
            incident("Older post", occurred_at=now() - timedelta(days=3), severity="high"),
            incident("Newer post", occurred_at=now() - timedelta(days=1), platform="x"),
            CheckIn(occurred_at=now(), title="Check-in"),
        ]
    )
    model = IncidentTableModel(ops)
    model.set_query(EntryQuery())
    loaded(qtbot, model)
    titles = [model.index(r, Column.TITLE).data() for r in range(model.rowCount())]
    assert titles == ["Newer post", "Older post"]
    assert model.index(1, Column.SEVERITY).data(Role.KEY) == "high"
    assert model.index(0, Column.PLATFORM).data() == "X"
    model.set_query(replace(model.query, severities=frozenset({"high"})))
    loaded(qtbot, model)
    assert [model.index(r, Column.TITLE).data() for r in range(model.rowCount())] == ["Older post"]


def test_search_marks_title_and_hides_quoted_snippets(
    qtbot: QtBot, make_ops: Callable[..., Operations]
) -> None:
    ops = make_ops(
        [
            incident("Threatening message", description="It came late"),
            incident("Comment on a photo", quoted_text="you are\na   threatening liar"),
            incident("Review", description="A long threatening review of the service"),
        ]
    )
    model = IncidentTableModel(ops)
    model.set_query(EntryQuery(text="threat"))
    loaded(qtbot, model)
    by_title = {model.index(r, Column.TITLE).data(): model.index(r, Column.TITLE) for r in range(3)}
    marked = by_title["Threatening message"].data(Role.MARKED)
    assert marked == f"{search.HIT_START}Threatening{search.HIT_END} message"
    assert by_title["Comment on a photo"].data(Role.SNIPPET) == ""
    assert by_title["Comment on a photo"].data(Role.SNIPPET_HIDDEN) is True
    review = by_title["Review"].data(Role.SNIPPET)
    assert f"{search.HIT_START}threatening{search.HIT_END}" in review
    assert by_title["Review"].data(Role.SNIPPET_HIDDEN) is False


def test_stale_replies_are_dropped_and_refresh_sees_changes(qtbot: QtBot, ops: Operations) -> None:
    run(qtbot, ops, lambda j: j.repo.add(incident("First")))
    model = IncidentTableModel(ops)
    model.set_query(EntryQuery(text="nothing matches this"))
    model.set_query(EntryQuery())  # the first reply is stale when it comes back
    loaded(qtbot, model)
    assert model.rowCount() == 1
    run(qtbot, ops, lambda j: j.repo.add(incident("Second")))
    model.refresh()
    loaded(qtbot, model)
    assert model.rowCount() == 2
    model.clear()
    model.refresh()
    model.clear()  # a reply arriving after clear() must not bring rows back
    idle(qtbot, ops)
    assert model.rowCount() == 0
    assert Change  # the page wires ops.changed; see test_page
