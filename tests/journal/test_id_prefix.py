"""Entries and reports found by the first characters of their id, as the command line does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from journal.cli_common import resolve_id
from journal.errors import NotFound
from journal.export.log import ExportLog
from journal.models import Incident
from journal.session import Journal

WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _add(journal: Journal, entry_id: str) -> None:
    """An entry whose id is ``entry_id`` (set afterwards: the journal gives every entry its
    own random id, and these tests need ids that share their first characters)."""
    saved = journal.repo.add(Incident(title="x", occurred_at=WHEN))
    journal.conn.execute("PRAGMA foreign_keys = OFF")
    journal.conn.execute("UPDATE entries SET id = ? WHERE id = ?", (entry_id, saved.id))
    journal.conn.execute("PRAGMA foreign_keys = ON")


def test_an_entry_is_found_by_the_start_of_its_id(journal: Journal) -> None:
    _add(journal, "abcd1111-0000-4000-8000-000000000000")
    _add(journal, "abcd2222-0000-4000-8000-000000000000")
    assert resolve_id(journal, " ABCD1 ") == "abcd1111-0000-4000-8000-000000000000"
    for prefix, words in (
        ("abc", "Give at least the first 4 characters of the entry's id."),
        ("abcd", "More than one entry starts with that; give more of the id."),
        ("ffff", "There is no entry with that id."),
    ):
        with pytest.raises(NotFound) as caught:
            resolve_id(journal, prefix)
        assert caught.value.message == words


def test_an_entry_in_the_bin_is_not_found(journal: Journal) -> None:
    saved = journal.repo.add(Incident(title="x", occurred_at=WHEN))
    assert resolve_id(journal, saved.id[:8]) == saved.id
    journal.repo.delete(saved.id)
    with pytest.raises(NotFound):
        resolve_id(journal, saved.id[:8])


def test_a_report_is_said_in_its_own_words(journal: Journal) -> None:
    log = ExportLog(journal.repo)
    for prefix, words in (
        ("ab", "Give at least the first 4 characters of the report's id."),
        ("ffff", "There is no report with that id in the export log."),
    ):
        with pytest.raises(NotFound) as caught:
            log.resolve(prefix)
        assert caught.value.message == words
