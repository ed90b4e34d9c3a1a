"""The wellbeing dashboard's numbers, on hand-made data with known answers and on demo data."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from journal import demo, wellbeing
from journal.models import CheckIn, Incident
from journal.repository import EntryQuery, Repository

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def incident(when: str, severity: str = "medium", score: int = 4, **fields: object) -> Incident:
    return Incident(
        title="Post about me",
        occurred_at=at(when),
        severity=severity,
        impact_score=score,
        **fields,  # type: ignore[arg-type]
    )


def checkin(when: str, mood: int, stress: int, confidence: int, sleep: int) -> CheckIn:
    return CheckIn(
        occurred_at=at(when), mood=mood, stress=stress, confidence=confidence, sleep=sleep
    )


@pytest.fixture
def repo(journal) -> Repository:
    """Three weeks of hand-made data from Monday 2 March 2026, plus entries that must not count."""
    r: Repository = journal.repo
    saved = r.add_many(
        [
            (incident("2026-03-03T10:00", "low", 2, impact_tags=["anxious", "upset"]), ()),
            (incident("2026-03-04T10:00", "high", 7, impact_tags=["anxious"]), ()),
            (incident("2026-03-05T10:00", "high", 9, category="threat"), ()),
            (incident("2026-03-16T10:00", "critical", 10, impact_tags=["angry"]), ()),
            (incident("2026-03-22T23:00", "medium", 4, status="closed"), ()),
            (checkin("2026-03-03T08:00", mood=2, stress=8, confidence=2, sleep=1), ()),
            (checkin("2026-03-05T08:00", mood=4, stress=4, confidence=4, sleep=3), ()),
            (checkin("2026-03-18T08:00", mood=5, stress=1, confidence=5, sleep=5), ()),
            # outside the period
            (incident("2026-03-23T00:30", "critical", 10, impact_tags=["angry"]), ()),
            (incident("2026-03-01T23:59", "critical", 10), ()),
            (checkin("2026-03-24T08:00", mood=1, stress=10, confidence=1, sleep=1), ()),
            # deleted, inside the period
            (incident("2026-03-10T10:00", "critical", 10, impact_tags=["angry"]), ()),
            (checkin("2026-03-11T08:00", mood=1, stress=10, confidence=1, sleep=1), ()),
        ]
    )
    r.delete(saved[-2].id)
    r.delete(saved[-1].id)
    return r


SINCE = at("2026-03-02T00:00")
UNTIL = at("2026-03-22T23:59:59")


def test_incidents_per_week_by_severity_include_empty_weeks(repo):
    weeks = wellbeing.incidents_by_week(repo, SINCE, UNTIL, tz=UTC)
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert [(w.low, w.medium, w.high, w.critical) for w in weeks] == [
        (1, 0, 2, 0),
        (0, 0, 0, 0),
        (0, 1, 0, 1),
    ]
    assert [w.total for w in weeks] == [3, 0, 2]
    assert weeks[0].iso_week == (2026, 10)
    assert weeks[2].count("critical") == 1


def test_mean_impact_per_week(repo):
    weeks = wellbeing.impact_by_week(repo, SINCE, UNTIL, tz=UTC)
    assert [(w.week_start, w.mean_impact, w.incidents) for w in weeks] == [
        (date(2026, 3, 2), 6.0, 3),
        (date(2026, 3, 9), None, 0),
        (date(2026, 3, 16), 7.0, 2),
    ]


def test_checkin_series_by_week_and_by_day(repo):
    weekly = wellbeing.checkin_series(repo, SINCE, UNTIL, tz=UTC)
    assert weekly == [
        wellbeing.CheckinPoint(
            date(2026, 3, 2), 2, mood=3.0, stress=6.0, confidence=3.0, sleep=2.0
        ),
        wellbeing.CheckinPoint(
            date(2026, 3, 16), 1, mood=5.0, stress=1.0, confidence=5.0, sleep=5.0
        ),
    ]
    daily = wellbeing.checkin_series(repo, SINCE, UNTIL, bucket="day", tz=UTC)
    assert [(p.start, p.mood, p.checkins) for p in daily] == [
        (date(2026, 3, 3), 2.0, 1),
        (date(2026, 3, 5), 4.0, 1),
        (date(2026, 3, 18), 5.0, 1),
    ]
    assert daily[0].value("stress") == 8.0
    with pytest.raises(ValueError, match="bucket"):
        wellbeing.checkin_series(repo, SINCE, UNTIL, bucket="month")


def test_most_frequent_impact_tags_in_the_period(repo):
    tags = wellbeing.top_impact_tags(repo, SINCE, UNTIL)
    assert tags == [
        wellbeing.TagCount("anxious", 2),
        wellbeing.TagCount("angry", 1),
        wellbeing.TagCount("upset", 1),
    ]
    assert wellbeing.top_impact_tags(repo, SINCE, UNTIL, limit=1) == [
        wellbeing.TagCount("anxious", 2)
    ]
    # over all time the deleted incident's tag still doesn't count
    assert wellbeing.top_impact_tags(repo)[0] == wellbeing.TagCount("angry", 2)


def test_counts(repo):
    counts = wellbeing.counts(repo, SINCE, UNTIL)
    assert counts.incidents == 5
    assert counts.checkins == 3
    assert counts.high_impact == 3  # high 7, high 9, critical 10
    assert counts.threats == 1
    assert counts.open_incidents == 4
    assert counts.by_severity == {"low": 1, "medium": 1, "high": 2, "critical": 1}
    assert counts.by_category["threat"] == 1
    assert counts.by_category["abuse"] == 4
    assert counts.searches == 0 and counts.supervisions == 0


def test_dashboard_bundles_everything(repo):
    board = wellbeing.dashboard(repo, SINCE, UNTIL, tz=UTC, top=2)
    assert not board.is_empty
    assert [w.total for w in board.incidents_by_week] == [3, 0, 2]
    assert [w.mean_impact for w in board.impact_by_week] == [6.0, None, 7.0]
    assert len(board.checkins_by_week) == 2
    assert [t.tag for t in board.top_tags] == ["anxious", "angry"]
    assert board.counts.incidents == 5


def test_open_ended_period_runs_from_the_first_entry_to_now(repo):
    clock = lambda: at("2026-04-08T12:00")  # noqa: E731
    weeks = wellbeing.incidents_by_week(repo, tz=UTC, clock=clock)
    assert weeks[0].week_start == date(2026, 2, 23)  # Sunday 1 March is in that week
    assert weeks[-1].week_start == date(2026, 4, 6)
    assert sum(w.total for w in weeks) == 7
    since_only = wellbeing.incidents_by_week(repo, at("2026-03-16T00:00"), tz=UTC, clock=clock)
    assert [w.week_start for w in since_only] == [
        date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6),
    ]  # fmt: skip


def test_an_empty_journal_has_an_empty_dashboard(journal):
    board = wellbeing.dashboard(journal.repo, tz=UTC)
    assert board.is_empty
    assert board.incidents_by_week == []
    assert board.checkins_by_week == []
    assert board.top_tags == []
    # a chosen period still has its weeks, all zero, so the chart has an axis
    weeks = wellbeing.incidents_by_week(journal.repo, SINCE, UNTIL, tz=UTC)
    assert [w.total for w in weeks] == [0, 0, 0]


def test_weeks_follow_local_time_across_daylight_saving(journal):
    journal.repo.add_many(
        [
            # Sunday 23:30 in winter (GMT = UTC): the week of Monday 29 December 2025
            (incident("2026-01-04T23:30", "high"), ()),
            # 23:30 UTC on Sunday 28 June is 00:30 on Monday 29 June in London (BST)
            (incident("2026-06-28T23:30", "low"), ()),
        ]
    )
    since, until = at("2026-01-01T00:00"), at("2026-07-05T22:59")
    london = wellbeing.incidents_by_week(journal.repo, since, until, tz=LONDON)
    by_week = {w.week_start: w.total for w in london}
    assert by_week[date(2025, 12, 29)] == 1
    assert by_week[date(2026, 6, 29)] == 1
    assert by_week[date(2026, 6, 22)] == 0
    utc = {
        w.week_start: w.total
        for w in wellbeing.incidents_by_week(journal.repo, since, until, tz=UTC)
    }
    assert utc[date(2026, 6, 22)] == 1  # the same instant, read in UTC


def test_offset_segments_find_each_change_to_the_second():
    offset = wellbeing._offset_function(LONDON)
    segments = wellbeing._offset_segments(at("2026-01-01T00:00"), at("2026-12-31T00:00"), offset)
    assert segments == [
        (None, 0),
        (at("2026-03-29T01:00"), 3600),
        (at("2026-10-25T01:00"), 0),
    ]
    summer = wellbeing._offset_segments(at("2026-06-01T00:00"), at("2026-06-30T00:00"), offset)
    assert summer == [(None, 3600)]


def test_dashboard_agrees_with_counting_every_entry(journal):
    """Demo data: the SQL aggregates match a plain count over every entry in Python."""
    end = at("2026-06-30T12:00")
    journal.repo.add_many((e, ()) for e in demo.generate(600, seed=3, end=end, days=120))
    since, until = at("2026-04-01T00:00"), at("2026-06-15T00:00")
    board = wellbeing.dashboard(journal.repo, since, until, tz=LONDON)

    rows = journal.repo.list_entries(EntryQuery(since=since, until=until, limit=None))
    incidents = [r for r in rows if r.kind == "incident"]
    per_week: dict[date, Counter[str]] = defaultdict(Counter)
    scores: dict[date, list[int]] = defaultdict(list)
    for r in incidents:
        day = r.occurred_at.astimezone(LONDON).date()
        week = day - timedelta(days=day.weekday())
        per_week[week][r.severity] += 1
        scores[week].append(r.impact_score or 0)
    for w in board.incidents_by_week:
        assert {s: w.count(s) for s in ("low", "medium", "high", "critical")} == {
            s: per_week[w.week_start][s] for s in ("low", "medium", "high", "critical")
        }
    for w in board.impact_by_week:
        expected = scores.get(w.week_start)
        assert w.mean_impact == (pytest.approx(sum(expected) / len(expected)) if expected else None)
    assert sum(w.total for w in board.incidents_by_week) == len(incidents)
    tags = Counter(t for r in incidents for t in r.impact_tags)
    expected_tags = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:8]
    assert [(t.tag, t.count) for t in board.top_tags] == expected_tags
    assert board.counts.high_impact == sum(
        wellbeing.is_high_impact(r.severity, r.impact_score) for r in incidents
    )
    checkins = [journal.repo.get(r.id) for r in rows if r.kind == "checkin"]
    assert sum(p.checkins for p in board.checkins_by_week) == len(checkins)
    assert sum(p.mood * p.checkins for p in board.checkins_by_week) == pytest.approx(
        sum(c.mood for c in checkins)  # type: ignore[attr-defined]
    )


def test_the_number_of_queries_does_not_grow_with_the_journal(journal):
    """Aggregates in SQL: the dashboard runs the same statements for 10 entries or 400."""
    statements: list[str] = []
    journal.repo.conn.set_trace_callback(statements.append)
    try:
        journal.repo.add_many((e, ()) for e in demo.generate(10, seed=1))
        statements.clear()
        wellbeing.dashboard(journal.repo, tz=UTC)
        small = len(statements)
        journal.repo.add_many((e, ()) for e in demo.generate(400, seed=2))
        statements.clear()
        wellbeing.dashboard(journal.repo, tz=UTC)
        large = len(statements)
    finally:
        journal.repo.conn.set_trace_callback(None)
    assert small == large
    assert large <= 8


# -- check-in reminders ---------------------------------------------------------


NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday


@pytest.mark.parametrize(
    ("last", "frequency", "due"),
    [
        (None, "off", False),
        (NOW - timedelta(days=30), "off", False),
        (None, "daily", True),
        (None, "weekly", True),
        (NOW - timedelta(hours=1), "daily", False),
        (datetime(2026, 3, 9, 23, 59, tzinfo=UTC), "daily", True),  # yesterday, ten hours ago
        (NOW - timedelta(days=6), "weekly", False),
        (NOW - timedelta(days=7), "weekly", True),
        (NOW - timedelta(days=8), "weekly", True),
    ],
)
def test_checkin_due(last, frequency, due):
    assert wellbeing.checkin_due(last, frequency, NOW, tz=UTC) is due


def test_checkin_due_uses_the_local_calendar_day():
    # 23:30 UTC on 9 June is 00:30 on 10 June in London: already today there
    last = datetime(2026, 6, 9, 23, 30, tzinfo=UTC)
    now = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
    assert wellbeing.checkin_due(last, "daily", now, tz=LONDON) is False
    assert wellbeing.checkin_due(last, "daily", now, tz=UTC) is True


def test_checkin_due_rejects_an_unknown_frequency():
    with pytest.raises(ValueError, match="frequency"):
        wellbeing.checkin_due(None, "hourly", NOW)


def test_reminder_setting_round_trips_and_drives_the_reminder(journal):
    repo = journal.repo
    assert wellbeing.checkin_reminder(repo) == "off"
    assert wellbeing.checkin_reminder_due(repo, NOW, tz=UTC) is False
    wellbeing.set_checkin_reminder(repo, "weekly")
    assert wellbeing.checkin_reminder(repo) == "weekly"
    assert wellbeing.checkin_reminder_due(repo, NOW, tz=UTC) is True
    repo.add(CheckIn(occurred_at=NOW - timedelta(days=2)))
    assert wellbeing.last_checkin_at(repo) == NOW - timedelta(days=2)
    assert wellbeing.checkin_reminder_due(repo, NOW, tz=UTC) is False
    with pytest.raises(ValueError):
        wellbeing.set_checkin_reminder(repo, "sometimes")
    assert wellbeing.checkin_reminder(repo) == "weekly"


def test_days_before_1970_are_counted_in_the_right_week(journal):
    journal.repo.add_many(
        [
            (incident("1969-12-31T23:30", "high"), ()),  # a Wednesday
            (incident("1900-01-01T00:00", "low"), ()),  # a Monday
        ]
    )
    weeks = wellbeing.incidents_by_week(
        journal.repo, at("1969-12-22T00:00"), at("1970-01-11T00:00"), tz=UTC
    )
    assert [(w.week_start, w.total) for w in weeks] == [
        (date(1969, 12, 22), 0), (date(1969, 12, 29), 1), (date(1970, 1, 5), 0),
    ]  # fmt: skip
    first = wellbeing.incidents_by_week(
        journal.repo, at("1900-01-01T00:00"), at("1900-01-07T23:59")
    )
    assert [(w.week_start, w.low) for w in first] == [(date(1900, 1, 1), 1)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"confidence":2,"description":"","mood":4,"sleep":5,"stress":10}', 4),
        ('{"confidence": 2, "mood": 3, "sleep": 5}', 3),  # spaces after the colons
        # the key's words inside a note are escaped, so only the real key is found
        ('{"description":"my \\"mood\\": 1 today","mood":5}', 5),
        ('{"description":"\\"mood\\":1","mood":2,"private_notes":"\\"mood\\":1"}', 2),
    ],
)
def test_check_in_answers_are_read_from_the_key_only(journal, data, expected):
    sql = f"SELECT {wellbeing._measure_sql('mood')} FROM (SELECT ? AS data) e"
    assert journal.repo.conn.execute(sql, (data,)).fetchone()[0] == expected


def test_stored_check_ins_give_back_their_answers(journal):
    """Through the real write path, including text that looks like a key."""
    for stress, mood in ((10, 1), (0, 5), (7, 3)):
        journal.repo.add(
            CheckIn(
                occurred_at=at("2026-03-03T08:00"), stress=stress, mood=mood, confidence=mood,
                sleep=mood, description='"mood":9 "stress":9', private_notes='"sleep": 9',
            )
        )  # fmt: skip
    [point] = wellbeing.checkin_series(journal.repo, SINCE, UNTIL, tz=UTC)
    assert (point.stress, point.mood, point.sleep, point.confidence) == (
        pytest.approx(17 / 3), 3.0, 3.0, 3.0,
    )  # fmt: skip
