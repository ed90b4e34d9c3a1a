"""A big journal opens with its first page shown and the rest fetched lazily.

What is checked here (one page loaded, one more on scrolling, filters answered by the core)
is the same at 20,000 entries as at 100,000, and 20,000 build in a fifth of the time; how
fast it all is at 100,000 is measured by the benchmarks (docs/benchmarks.md), never timed in a
test. The journal is built once and kept in pytest's temporary root, named after a
fingerprint of the core's source: any change to the core builds it afresh.
``PJ_BIG_JOURNAL_ENTRIES`` sets another size (100000 to try the benchmarks' size).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from incidents_helpers import PASSPHRASE
from pytestqt.qtbot import QtBot

from journal import backup, demo, keys
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from ui.incidents.model import PAGE_SIZE
from ui.incidents.page import IncidentsPage
from ui.operations import Operations

pytestmark = [
    pytest.mark.slow,
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

ENTRIES = int(os.environ.get("PJ_BIG_JOURNAL_ENTRIES", "20000"))
BATCH = 10_000
END = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)  # fixed, so every build holds the same entries


# The core modules that decide what is stored and how it is read back.
_FORMAT_SOURCES = ("demo.py", "models.py", "repository.py", "search.py", "store.py")


def _fingerprint() -> str:
    core = Path(demo.__file__).resolve().parent
    digest = hashlib.sha256(str(ENTRIES).encode())
    for name in _FORMAT_SOURCES:
        digest.update((core / name).read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JournalPaths]:
    cache = tmp_path_factory.getbasetemp().parent
    root = cache / f"pj-big-journal-{_fingerprint()}"
    paths = JournalPaths(root)
    done = root / "complete"
    if not done.exists():
        for old in cache.glob("pj-big-journal-*"):
            shutil.rmtree(old, ignore_errors=True)
        journal, _ = Journal.create(
            paths,
            passphrase=PASSPHRASE,
            use_keyring=False,
            argon2=keys.Argon2Params(memory_kib=8, iterations=1, lanes=1),
        )
        with journal:
            backup.set_automatic(journal, False)  # a test journal needs no daily backups
            entries = demo.generate(ENTRIES, seed=11, end=END)
            while batch := list(itertools.islice(entries, BATCH)):
                journal.repo.add_many([(e, ()) for e in batch])
        done.write_text("built\n", encoding="utf-8")
    yield paths


def test_big_journal_shows_the_first_page_and_fetches_lazily(
    qtbot: QtBot, big_journal: JournalPaths
) -> None:
    ops = Operations(big_journal)
    try:
        with qtbot.waitSignal(ops.opened, timeout=60_000):
            ops.open(Unlock(passphrase=PASSPHRASE, use_keyring=False))
        page = IncidentsPage(ops)
        qtbot.addWidget(page)
        page.resize(1200, 800)
        page.show()
        qtbot.waitExposed(page)
        with qtbot.waitSignal(page.count_changed, timeout=60_000) as counted:
            page.reload()
        model = page.model
        total = counted.args[0]
        assert total > ENTRIES // 2  # about 72% of demo entries are incidents
        assert model.rowCount() == PAGE_SIZE
        assert page.proxy.rowCount() == PAGE_SIZE
        assert model.canFetchMore()

        # Scrolling to the end asks for one more page, not everything.
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE, timeout=60_000)
        qtbot.waitUntil(lambda: not ops.busy, timeout=60_000)
        assert model.rowCount() < 5 * PAGE_SIZE < total

        # Filters are answered by the core over every entry, not the loaded rows.
        with qtbot.waitSignal(page.count_changed, timeout=60_000) as critical:
            page.filters.severity.setCurrentIndex(page.filters.severity.findData("critical"))
        assert 0 < critical.args[0] < total
        assert model.rowCount() == min(PAGE_SIZE, critical.args[0])
        severities = {model.summary(r).severity for r in range(model.rowCount())}
        assert severities == {"critical"}
        page.clear()
        assert model.rowCount() == 0
    finally:
        ops.shutdown()
