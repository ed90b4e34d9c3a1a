"""Fixtures for the incidents screen: a real journal behind a real Operations worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from helpers.qt import loaded_page, open_operations
from pytestqt.qtbot import QtBot

from journal.models import Entry
from journal.paths import JournalPaths
from ui.incidents.page import IncidentsPage
from ui.operations import Operations


@pytest.fixture
def make_ops(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Callable[..., Operations]:
    """Operations on a new journal holding ``entries``, unlocked and ready."""

    def make(entries: list[Entry] | None = None) -> Operations:
        return open_operations(qtbot, paths, make_operations, entries)

    return make


@pytest.fixture
def ops(make_ops: Callable[..., Operations]) -> Operations:
    return make_ops()


@pytest.fixture
def page(qtbot: QtBot, ops: Operations) -> Iterator[IncidentsPage]:
    """The incidents page on its own, shown and loaded; cleared afterwards."""
    with loaded_page(qtbot, ops, IncidentsPage(ops)) as page:
        yield page
