"""ProQOL scores: recorded with a date, validated, shown as a series; the measure is linked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from journal import proqol
from journal.errors import ValidationError
from journal.repository import Repository
from journal.session import Journal, Unlock


@pytest.fixture
def repo(journal) -> Repository:
    journal.repo.clock = lambda: datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    return journal.repo


def record(repo: Repository, day: date, cs: int, bo: int, sts: int) -> proqol.ProqolScore:
    return proqol.record_scores(
        repo, compassion_satisfaction=cs, burnout=bo, secondary_traumatic_stress=sts, taken_on=day
    )


def test_the_measure_is_linked_and_credited_not_copied():
    assert proqol.PROQOL_URL == "https://proqol.org/"
    assert "Center for Victims of Torture" in proqol.PROQOL_CREDIT
    assert "ProQOL.org" in proqol.PROQOL_CREDIT
    assert set(proqol.SUBSCALE_LABELS) == set(proqol.SUBSCALES)


def test_scores_are_kept_in_date_order_and_survive_reopening(journal, paths, repo):
    later = record(repo, date(2026, 5, 1), 40, 20, 18)
    earlier = record(repo, date(2025, 11, 1), 35, 27, 25)
    assert proqol.scores(repo) == [earlier, later]
    journal.close()
    with Journal.open(paths, Unlock()) as again:
        assert proqol.scores(again.repo) == [earlier, later]


def test_series_for_the_dashboard(repo):
    record(repo, date(2025, 11, 1), 35, 27, 25)
    record(repo, date(2026, 2, 1), 38, 24, 21)
    record(repo, date(2026, 5, 1), 40, 20, 18)
    series = proqol.series(repo, since=date(2026, 1, 1))
    assert series == {
        "compassion_satisfaction": [(date(2026, 2, 1), 38), (date(2026, 5, 1), 40)],
        "burnout": [(date(2026, 2, 1), 24), (date(2026, 5, 1), 20)],
        "secondary_traumatic_stress": [(date(2026, 2, 1), 21), (date(2026, 5, 1), 18)],
    }
    assert len(proqol.scores(repo, until=date(2026, 2, 1))) == 2


def test_the_date_defaults_to_today(repo):
    saved = proqol.record_scores(
        repo, compassion_satisfaction=10, burnout=50, secondary_traumatic_stress=30
    )
    assert saved.taken_on == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"burnout": 9}, "burnout", "from 10 to 50"),
        ({"burnout": 51}, "burnout", "from 10 to 50"),
        ({"compassion_satisfaction": 30.5}, "compassion_satisfaction", "whole number"),
        ({"compassion_satisfaction": True}, "compassion_satisfaction", "whole number"),
        ({"secondary_traumatic_stress": "30"}, "secondary_traumatic_stress", "whole number"),
        ({"secondary_traumatic_stress": None}, "secondary_traumatic_stress", "is needed"),
        ({"taken_on": date(2026, 6, 2)}, "taken_on", "in the future"),
        ({"note": "x" * 1001}, "note", "at most"),
    ],
)
def test_invalid_scores_are_refused_in_plain_words(repo, values, field, words):
    arguments = {
        "compassion_satisfaction": 30,
        "burnout": 30,
        "secondary_traumatic_stress": 30,
        "taken_on": date(2026, 5, 1),
        **values,
    }
    with pytest.raises(ValidationError) as caught:
        proqol.record_scores(repo, **arguments)
    assert words in caught.value.errors[field]
    assert proqol.scores(repo) == []


def test_a_score_can_be_deleted(repo):
    keep = record(repo, date(2026, 1, 1), 30, 30, 30)
    drop = record(repo, date(2026, 2, 1), 31, 31, 31)
    proqol.delete_score(repo, drop.id)
    assert proqol.scores(repo) == [keep]
