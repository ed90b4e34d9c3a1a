"""The kit's paged table model, as any section's list uses it: a real journal read a page
at a time on the real worker, and queries changed faster than the worker answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journal import queries
from journal.models import Incident
from journal.paths import JournalPaths
from journal.repository import EntryQuery, EntrySummary
from journal.session import Journal, Unlock
from journal.timeutil import now
from ui.kit.paged_model import ModelIndex, PagedTableModel
from ui.operations import Operations

PASSPHRASE = "correct horse battery staple"


class TitlesModel(PagedTableModel[str, EntrySummary]):
    """Entries whose words match the query, newest first: one column, their titles.
    Notes each query the worker was asked to read rows for."""

    page_size = 5

    def __init__(self, ops: Operations) -> None:
        super().__init__(ops, "", ["Title"])
        self.asked: list[str] = []

    def fetch_rows(
        self, journal: Journal, query: str, offset: int, limit: int
    ) -> list[EntrySummary]:
        self.asked.append(query)
        return queries.entries(journal, EntryQuery(text=query, offset=offset, limit=limit))

    def count_rows(self, journal: Journal, query: str) -> int:
        return queries.count(journal, EntryQuery(text=query, limit=None))

    @staticmethod
    def row_id(row: EntrySummary) -> str:
        return row.id

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_for(index)
        return row.title if row is not None and role == Qt.ItemDataRole.DisplayRole else None


@pytest.fixture
def ops(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Iterator[Operations]:
    """Twelve posts about a hearing, three of them naming a school, on an unlocked worker."""
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    start = now() - timedelta(days=20)
    journal.repo.add_many(
        [
            (
                Incident(
                    title=f"Post {n} about the hearing" + (" and the school" if n % 4 == 0 else ""),
                    occurred_at=start + timedelta(days=n),
                ),
                (),
            )
            for n in range(12)
        ]
    )
    journal.close()
    worker = make_operations(paths)
    with qtbot.waitSignal(worker.opened, timeout=20_000):
        worker.open(Unlock())
    yield worker


def titles(model: TitlesModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_a_query_typed_over_a_reload_on_its_way_waits_for_it(qtbot: QtBot, ops: Operations) -> None:
    model = TitlesModel(ops)
    model.set_query("hearing")
    model.set_query("hearin")  # typed while the first is on the worker: never sent
    model.set_query("school")
    qtbot.waitUntil(lambda: not model.loading, timeout=20_000)
    assert model.asked == ["hearing", "school"]
    assert model.query == "school"
    assert titles(model) == [
        "Post 8 about the hearing and the school",
        "Post 4 about the hearing and the school",
        "Post 0 about the hearing and the school",
    ]
    assert model.total == 3 and not model.canFetchMore()


def test_pages_follow_the_first_and_fetch_all_loads_the_rest(
    qtbot: QtBot, ops: Operations, qtmodeltester: object
) -> None:
    model = TitlesModel(ops)
    totals: list[int] = []
    model.total_changed.connect(totals.append)
    model.set_query("hearing")
    qtbot.waitUntil(lambda: not model.loading, timeout=20_000)
    assert model.rowCount() == 5 and model.total == 12 and model.partly_loaded
    assert totals == [12]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.fetch_all()
    qtbot.waitUntil(lambda: model.rowCount() == 12, timeout=20_000)
    assert not model.partly_loaded and not model.canFetchMore()
    assert model.row_of(model.row_at(11).id) == 11
    tooltip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Title"  # a narrow column's header can be read in full
    model.clear()
    assert model.rowCount() == 0 and model.total == 0 and totals[-1] == 0
