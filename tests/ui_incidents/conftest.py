"""Fixtures for the incidents screen: a real journal behind a real Operations worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from journal.models import Entry
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.operations import Operations
from ui_incidents.helpers import PASSPHRASE


@pytest.fixture
def make_ops(qtbot: QtBot, paths: JournalPaths) -> Iterator[Callable[..., Operations]]:
    """Operations on a new journal holding ``entries``, unlocked and ready."""
    made: list[Operations] = []

    def make(entries: list[Entry] | None = None) -> Operations:
        journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
        if entries:
            journal.repo.add_many([(e, ()) for e in entries])
        journal.close()
        ops = Operations(paths)
        made.append(ops)
        with qtbot.waitSignal(ops.opened, timeout=20_000):
            ops.open(Unlock())
        return ops

    yield make
    for ops in made:
        ops.shutdown()


@pytest.fixture
def ops(make_ops: Callable[..., Operations]) -> Operations:
    return make_ops()
