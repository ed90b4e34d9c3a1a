"""Synthetic journals: varied, realistic, reproducible, and valid without a second check."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from journal import demo
from journal.backup import set_automatic
from journal.errors import ValidationError
from journal.models import (
    CATEGORIES,
    PLATFORMS,
    SEVERITIES,
    STATUSES,
    Incident,
    NewAttachment,
    validate_entry,
)
from journal.repository import EntryQuery
from journal.session import Journal
from journal.verify import verify

END = datetime(2026, 6, 30, 17, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> list:
    return list(demo.generate(2000, seed=7, end=END))


def test_count_and_every_kind(sample: list) -> None:
    assert len(sample) == 2000
    kinds = Counter(e.kind for e in sample)
    assert set(kinds) == {"incident", "checkin", "search", "supervision"}
    assert kinds["incident"] > kinds["checkin"] > kinds["supervision"] > 0


def test_variety(sample: list) -> None:
    incidents = [e for e in sample if isinstance(e, Incident)]
    assert {e.category for e in incidents} == set(CATEGORIES)
    assert {e.severity for e in incidents} == set(SEVERITIES)
    assert {e.status for e in incidents} == set(STATUSES)
    assert {e.platform for e in incidents} == set(PLATFORMS)
    assert len({t for e in incidents for t in e.impact_tags}) >= 8
    handles = Counter(e.author_handle for e in incidents if e.author_handle)
    assert handles.most_common(1)[0][1] > 50  # repeated authors: courses of conduct
    assert all(e.severity in ("high", "critical") for e in incidents if e.category == "threat")
    assert any(e.private_notes for e in incidents)
    assert any(not e.shareable for e in incidents)


def test_dates_span_two_years_and_never_the_future(sample: list) -> None:
    moments = [e.occurred_at for e in sample]
    assert max(moments) <= END
    assert min(moments) >= END - timedelta(days=730)
    assert max(moments) - min(moments) > timedelta(days=700)
    assert all(m.tzinfo is not None and m.microsecond == 0 for m in moments)


def test_reproducible_for_a_seed(sample: list) -> None:
    again = list(demo.generate(2000, seed=7, end=END))
    assert [e.to_dict() for e in again[:50]] == [e.to_dict() for e in sample[:50]]
    other = list(demo.generate(50, seed=8, end=END))
    assert [e.to_dict() for e in other] != [e.to_dict() for e in sample[:50]]


def test_every_generated_entry_is_already_valid(sample: list) -> None:
    """Why the demo may skip the second validation: it changes nothing."""
    for entry in sample:
        assert validate_entry(entry).to_dict() == entry.to_dict()


def test_demo_entries_written_and_verified(journal: Journal) -> None:
    set_automatic(journal, False)
    saved = journal.repo.add_many(
        [(e, ()) for e in demo.generate(300, seed=3, end=END)], validated=True
    )
    assert journal.repo.count(EntryQuery()) == 300
    counts = journal.repo.counts_by_kind()
    assert sum(counts.values()) == 300 and all(counts[k] for k in ("incident", "checkin"))
    assert journal.repo.get(saved[0].id).to_dict() == saved[0].to_dict() | {"hash": saved[0].hash}
    assert journal.repo.search("report")
    report = verify(journal.conn)
    assert report.ok, report.problems
    assert report.entries == report.revisions == 300


def test_validated_batches_still_check_attachments(journal: Journal) -> None:
    entry = next(e for e in demo.generate(10, end=END) if isinstance(e, Incident))
    empty = NewAttachment(filename="blank.png", mime="image/png", data=b"")
    with pytest.raises(ValidationError):
        journal.repo.add_many([(entry, [empty])], validated=True)
    assert journal.repo.count() == 0
