"""The digital-footprint self-check: checklist, dated history, due every six months."""

from __future__ import annotations

from datetime import date

import pytest

from journal import footprint
from journal.errors import ValidationError
from journal.models import PLATFORMS
from journal.session import Journal, Unlock


def test_the_checklist_covers_what_others_can_find():
    ids = [item.id for item in footprint.CHECKLIST]
    assert len(ids) == len(set(ids))
    groups = {item.group for item in footprint.CHECKLIST}
    assert {
        "What others can find",
        "Privacy settings",
        "Photos and location",
        "Old accounts",
    } <= groups
    for required in (
        "search-your-name",
        "family-and-friends",
        "photos",
        "location",
        "old-accounts",
    ):
        assert required in ids
    # a privacy item for each social platform in the journal's own list
    for platform in ("facebook", "instagram", "x", "tiktok", "whatsapp"):
        assert platform in PLATFORMS and f"privacy-{platform}" in ids
    for item in footprint.CHECKLIST:
        assert item.title and item.hint.endswith(".")


def test_a_new_journal_is_due_a_check(journal):
    assert footprint.history(journal.repo) == []
    assert footprint.next_due([]) is None
    assert footprint.is_due([], date(2026, 1, 1)) is True


def test_checks_are_kept_with_their_dates_and_survive_reopening(journal, paths):
    first = footprint.record_check(
        journal.repo,
        {"search-your-name": "done", "photos": "to_do", "privacy-tiktok": "not_applicable"},
        checked_on=date(2025, 8, 31),
        note="  Asked my sister to untag me.  ",
    )
    second = footprint.record_check(
        journal.repo, {"search-your-name": "done", "photos": "done"}, checked_on=date(2026, 2, 1)
    )
    assert first.note == "Asked my sister to untag me."
    assert [i.id for i in first.to_do] == ["photos"]
    journal.close()
    with Journal.open(paths, Unlock()) as again:
        checks = footprint.history(again.repo)
        assert checks == [first, second]
        assert footprint.latest(checks) == second
        assert footprint.next_due(checks) == date(2026, 8, 1)
        footprint.delete_check(again.repo, second.id)
        assert footprint.history(again.repo) == [first]


def test_history_is_kept_in_date_order_even_when_recorded_out_of_order(journal):
    late = footprint.record_check(journal.repo, {}, checked_on=date(2026, 3, 1))
    early = footprint.record_check(journal.repo, {}, checked_on=date(2025, 3, 1))
    assert footprint.history(journal.repo) == [early, late]


@pytest.mark.parametrize(
    ("last", "today", "due"),
    [
        (date(2026, 1, 15), date(2026, 7, 14), False),
        (date(2026, 1, 15), date(2026, 7, 15), True),
        (date(2025, 8, 31), date(2026, 2, 27), False),
        (date(2025, 8, 31), date(2026, 2, 28), True),  # no 31 February: the month's last day
        (date(2023, 8, 31), date(2024, 2, 29), True),  # a leap year
    ],
)
def test_due_six_calendar_months_after_the_last_check(last, today, due):
    checks = [footprint.FootprintCheck(last, {})]
    assert footprint.is_due(checks, today) is due


def test_add_months_across_years():
    assert footprint.add_months(date(2025, 11, 30), 6) == date(2026, 5, 30)
    assert footprint.add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("results", "field"),
    [
        ({"search-your-moon": "done"}, "results"),
        ({"photos": "maybe"}, "results"),
    ],
)
def test_invalid_results_are_refused_and_nothing_is_saved(journal, results, field):
    with pytest.raises(ValidationError) as caught:
        footprint.record_check(journal.repo, results, checked_on=date(2026, 1, 1))
    assert field in caught.value.errors
    assert footprint.history(journal.repo) == []


def test_a_long_note_is_refused(journal):
    with pytest.raises(ValidationError, match="note"):
        footprint.record_check(journal.repo, {}, note="x" * (footprint.NOTE_MAX + 1))


def test_unreadable_stored_checks_are_skipped(journal):
    journal.repo.set_setting(
        footprint.FOOTPRINT_CHECKS_KEY,
        [{"checked_on": "2026-01-01", "results": {"photos": "done", "gone": "done"}}, {"x": 1}],
    )
    [check] = footprint.history(journal.repo)
    assert check.results == {"photos": "done"}
