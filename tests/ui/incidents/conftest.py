"""Fixtures for the incidents screen: a real journal behind a real Operations worker."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from incidents_helpers import PASSPHRASE
from pytestqt.qtbot import QtBot

from journal.models import Entry
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.operations import Operations


@pytest.fixture
def make_ops(
    qtbot: QtBot, paths: JournalPaths, make_operations: Callable[[JournalPaths], Operations]
) -> Callable[..., Operations]:
    """Operations on a new journal holding ``entries``, unlocked and ready."""

    def make(entries: list[Entry] | None = None) -> Operations:
        journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
        if entries:
            journal.repo.add_many([(e, ()) for e in entries])
        journal.close()
        ops = make_operations(paths)
        with qtbot.waitSignal(ops.opened, timeout=20_000):
            ops.open(Unlock())
        return ops

    return make


@pytest.fixture
def ops(make_ops: Callable[..., Operations]) -> Operations:
    return make_ops()
