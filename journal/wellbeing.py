"""Numbers for the wellbeing dashboard, and when a check-in reminder is due.

Everything here is a SQL aggregate over the encrypted database, so the
dashboard stays quick with 100,000 entries: no entry is loaded or parsed in
Python. Deleted entries never count.

Weeks are ISO weeks (Monday to Sunday) of the person's local time, so an
incident at half past midnight on a Monday in summer belongs to that Monday's
week even though it is stored as Sunday in UTC. Daylight-saving changes inside
the period are honoured: the offset is chosen per stretch of time between
changes, inside the query.

"High impact" means severity high or critical, or an impact score of 7 or
more. The same rule is used by :mod:`journal.patterns`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Any

from journal.models import CATEGORIES, SEVERITIES
from journal.repository import Repository, translated_errors
from journal.timeutil import to_storage

HIGH_IMPACT_SEVERITIES = ("high", "critical")
HIGH_IMPACT_SCORE = 7
HIGH_IMPACT_SQL = (
    f"(e.severity IN ('high', 'critical') OR coalesce(e.impact_score, 0) >= {HIGH_IMPACT_SCORE})"
)

CHECKIN_FREQUENCIES = ("off", "daily", "weekly")
CHECKIN_REMINDER_KEY = "wellbeing.checkin_reminder"

CHECKIN_MEASURES = ("mood", "stress", "confidence", "sleep")


def is_high_impact(severity: str, impact_score: int | None) -> bool:
    return severity in HIGH_IMPACT_SEVERITIES or (impact_score or 0) >= HIGH_IMPACT_SCORE


# -- results -------------------------------------------------------------------


@dataclass(frozen=True)
class WeekSeverity:
    """Incidents in one ISO week, by severity."""

    week_start: date  # the Monday
    low: int = 0
    medium: int = 0
    high: int = 0
    critical: int = 0

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _ = self.week_start.isocalendar()
        return year, week

    @property
    def total(self) -> int:
        return self.low + self.medium + self.high + self.critical

    def count(self, severity: str) -> int:
        return int(getattr(self, severity))


@dataclass(frozen=True)
class WeekImpact:
    """The mean impact score of one ISO week's incidents (None when there were none)."""

    week_start: date
    mean_impact: float | None
    incidents: int


@dataclass(frozen=True)
class CheckinPoint:
    """Mean check-in answers over one bucket (a day or an ISO week)."""

    start: date
    checkins: int
    mood: float
    stress: float
    confidence: float
    sleep: float

    def value(self, measure: str) -> float:
        return float(getattr(self, measure))


@dataclass(frozen=True)
class TagCount:
    tag: str
    count: int


@dataclass(frozen=True)
class Counts:
    incidents: int = 0
    high_impact: int = 0
    threats: int = 0
    open_incidents: int = 0
    checkins: int = 0
    searches: int = 0
    supervisions: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    since: datetime | None
    until: datetime | None
    incidents_by_week: list[WeekSeverity]
    impact_by_week: list[WeekImpact]
    checkins_by_week: list[CheckinPoint]
    top_tags: list[TagCount]
    counts: Counts

    @property
    def is_empty(self) -> bool:
        """Nothing to chart yet: the UI shows its empty state instead."""
        return self.counts.incidents == 0 and self.counts.checkins == 0


# -- local time inside SQL -------------------------------------------------------

OffsetOf = Callable[[datetime], timedelta]


def _offset_function(tz: tzinfo | None) -> OffsetOf:
    """UTC offset at a moment: of ``tz``, or of the computer's own zone (DST-aware)."""

    def offset(moment: datetime) -> timedelta:
        local = moment.astimezone(tz) if tz is not None else moment.astimezone()
        return local.utcoffset() or timedelta(0)

    return offset


def _offset_segments(
    low: datetime, high: datetime, offset: OffsetOf
) -> list[tuple[datetime | None, int]]:
    """Stretches of constant UTC offset covering [low, high]: ``(start, seconds)``.

    The first stretch has no start. Offsets are sampled weekly (no zone changes
    twice in a week) and each change is found to the second by bisection.
    """
    step = timedelta(days=7)
    moment = low - step
    current = offset(moment)
    segments: list[tuple[datetime | None, int]] = [(None, int(current.total_seconds()))]
    end = high + step
    while moment < end:
        following = min(moment + step, end)
        value = offset(following)
        if value != current:
            before, after = moment, following
            while after - before > timedelta(seconds=1):
                middle = before + (after - before) / 2
                if offset(middle) == current:
                    before = middle
                else:
                    after = middle
            segments.append((after.replace(microsecond=0), int(value.total_seconds())))
            current = value
        moment = following
    return segments


def _local_date_sql(
    segments: Sequence[tuple[datetime | None, int]], column: str = "e.occurred_at"
) -> tuple[str, list[Any]]:
    """A SQL expression giving the local calendar date of ``column``, with its parameters."""
    if len(segments) == 1:
        return f"date({column}, ?)", [f"{segments[0][1]:+d} seconds"]
    parts = ["CASE"]
    params: list[Any] = []
    for (_, seconds), (start, _) in pairwise(segments):
        assert start is not None
        parts.append(f"WHEN {column} < ? THEN ?")
        params.extend([to_storage(start), f"{seconds:+d} seconds"])
    parts.append("ELSE ? END")
    params.append(f"{segments[-1][1]:+d} seconds")
    return f"date({column}, {' '.join(parts)})", params


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(first: date, last: date) -> list[date]:
    start, end = _week_start(first), _week_start(last)
    out = []
    while start <= end:
        out.append(start)
        start += timedelta(days=7)
    return out


class _Scope:
    """The period, the local-date expression and the shared WHERE clause for one query set."""

    def __init__(
        self,
        repo: Repository,
        since: datetime | None,
        until: datetime | None,
        tz: tzinfo | None,
        clock: Callable[[], datetime],
    ) -> None:
        if since and since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        if until and until.tzinfo is None:
            raise ValueError("until must be timezone-aware")
        self.repo = repo
        self.since = since
        self.until = until
        self.offset = _offset_function(tz)
        first, last = (None, None) if since and until else self._data_bounds()
        self.has_range = since is not None or first is not None
        moment = clock()
        self.low = since or first or moment
        self.high = until or max(last or moment, moment)
        self.day_sql, self.day_params = _local_date_sql(
            _offset_segments(self.low, max(self.high, self.low), self.offset)
        )

    def _data_bounds(self) -> tuple[datetime | None, datetime | None]:
        clauses, params = self.where()
        with translated_errors():
            row = self.repo.conn.execute(
                f"SELECT min(e.occurred_at), max(e.occurred_at) FROM entries e "
                f"WHERE {clauses} AND e.kind IN ('incident', 'checkin')",
                params,
            ).fetchone()
        if row is None or row[0] is None:
            return None, None
        return datetime.fromisoformat(row[0]), datetime.fromisoformat(row[1])

    def where(self, kind: str | None = None) -> tuple[str, list[Any]]:
        clauses = ["e.deleted_at IS NULL"]
        params: list[Any] = []
        if kind:
            clauses.append("e.kind = ?")
            params.append(kind)
        if self.since:
            clauses.append("e.occurred_at >= ?")
            params.append(to_storage(self.since))
        if self.until:
            clauses.append("e.occurred_at <= ?")
            params.append(to_storage(self.until))
        return " AND ".join(clauses), params

    def local_date(self, moment: datetime) -> date:
        return (moment.astimezone(UTC) + self.offset(moment)).date()

    def week_range(self) -> list[date]:
        """Every week of the period, gaps included: from ``since`` (or the first incident or
        check-in) to ``until`` (or now)."""
        if not self.has_range:
            return []
        return _weeks(self.local_date(self.low), self.local_date(self.high))

    def execute(self, sql: str, params: Sequence[Any]) -> list[Any]:
        with translated_errors():
            return list(self.repo.conn.execute(sql, params).fetchall())


def _scope(
    repo: Repository,
    since: datetime | None,
    until: datetime | None,
    tz: tzinfo | None,
    clock: Callable[[], datetime] | None,
) -> _Scope:
    return _Scope(repo, since, until, tz, clock or repo.clock)


# -- the figures -------------------------------------------------------------------


def _incidents_by_week(scope: _Scope) -> list[WeekSeverity]:
    where, params = scope.where("incident")
    rows = scope.execute(
        f"SELECT {scope.day_sql} AS day, e.severity, count(*) FROM entries e "
        f"WHERE {where} GROUP BY day, e.severity",
        [*scope.day_params, *params],
    )
    weeks: dict[date, dict[str, int]] = {}
    for day, severity, n in rows:
        start = _week_start(date.fromisoformat(day))
        bucket = weeks.setdefault(start, dict.fromkeys(SEVERITIES, 0))
        if severity in bucket:
            bucket[severity] += n
    return [
        WeekSeverity(start, **weeks.get(start, dict.fromkeys(SEVERITIES, 0)))
        for start in scope.week_range()
    ]


def _impact_by_week(scope: _Scope) -> list[WeekImpact]:
    where, params = scope.where("incident")
    rows = scope.execute(
        f"SELECT {scope.day_sql} AS day, sum(e.impact_score), count(e.impact_score) "
        f"FROM entries e WHERE {where} GROUP BY day",
        [*scope.day_params, *params],
    )
    sums: dict[date, list[int]] = {}
    for day, total, n in rows:
        bucket = sums.setdefault(_week_start(date.fromisoformat(day)), [0, 0])
        bucket[0] += total or 0
        bucket[1] += n
    out = []
    for start in scope.week_range():
        total, n = sums.get(start, [0, 0])
        out.append(WeekImpact(start, total / n if n else None, n))
    return out


def _checkin_series(scope: _Scope, bucket: str) -> list[CheckinPoint]:
    if bucket not in ("day", "week"):
        raise ValueError("bucket must be 'day' or 'week'")
    where, params = scope.where("checkin")
    measures = ", ".join(f"sum(json_extract(e.data, '$.{m}'))" for m in CHECKIN_MEASURES)
    rows = scope.execute(
        f"SELECT {scope.day_sql} AS day, count(*), {measures} FROM entries e "
        f"WHERE {where} GROUP BY day ORDER BY day",
        [*scope.day_params, *params],
    )
    sums: dict[date, list[float]] = {}
    for day, n, *values in rows:
        start = date.fromisoformat(day)
        if bucket == "week":
            start = _week_start(start)
        acc = sums.setdefault(start, [0.0] * (1 + len(CHECKIN_MEASURES)))
        acc[0] += n
        for i, value in enumerate(values, 1):
            acc[i] += value or 0
    return [
        CheckinPoint(start, int(acc[0]), *(v / acc[0] for v in acc[1:]))
        for start, acc in sorted(sums.items())
    ]


def _top_tags(scope: _Scope, limit: int) -> list[TagCount]:
    where, params = scope.where("incident")
    rows = scope.execute(
        "SELECT t.tag, count(*) AS n FROM entry_tags t JOIN entries e ON e.rowid = t.entry_rowid "
        f"WHERE {where} GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ?",
        [*params, limit],
    )
    return [TagCount(tag, n) for tag, n in rows]


def _counts(scope: _Scope) -> Counts:
    where, params = scope.where()
    rows = scope.execute(
        f"SELECT e.kind, e.severity, e.category, e.status, count(*), sum({HIGH_IMPACT_SQL}) "
        f"FROM entries e WHERE {where} GROUP BY e.kind, e.severity, e.category, e.status",
        params,
    )
    kinds: dict[str, int] = {}
    by_severity = dict.fromkeys(SEVERITIES, 0)
    by_category = dict.fromkeys(CATEGORIES, 0)
    high = threats = open_ = 0
    for kind, severity, category, status, n, n_high in rows:
        kinds[kind] = kinds.get(kind, 0) + n
        if kind != "incident":
            continue
        high += n_high or 0
        if severity in by_severity:
            by_severity[severity] += n
        if category in by_category:
            by_category[category] += n
        if category == "threat":
            threats += n
        if status == "open":
            open_ += n
    return Counts(
        incidents=kinds.get("incident", 0),
        high_impact=high,
        threats=threats,
        open_incidents=open_,
        checkins=kinds.get("checkin", 0),
        searches=kinds.get("search", 0),
        supervisions=kinds.get("supervision", 0),
        by_severity=by_severity,
        by_category=by_category,
    )


# -- public functions -------------------------------------------------------------


def incidents_by_week(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[WeekSeverity]:
    """Incidents per ISO week by severity; weeks without incidents are included as zeros."""
    return _incidents_by_week(_scope(repo, since, until, tz, clock))


def impact_by_week(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[WeekImpact]:
    """Mean impact score of each ISO week's incidents."""
    return _impact_by_week(_scope(repo, since, until, tz, clock))


def checkin_series(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    bucket: str = "week",
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[CheckinPoint]:
    """Mean mood, stress, confidence and sleep per day or ISO week; only buckets with data."""
    return _checkin_series(_scope(repo, since, until, tz, clock), bucket)


def top_impact_tags(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    limit: int = 8,
) -> list[TagCount]:
    """The impact tags used most often on incidents, most frequent first, ties by name."""
    return _top_tags(_scope(repo, since, until, UTC, None), limit)


def counts(
    repo: Repository, since: datetime | None = None, until: datetime | None = None
) -> Counts:
    return _counts(_scope(repo, since, until, UTC, None))


def dashboard(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    tz: tzinfo | None = None,
    top: int = 8,
    clock: Callable[[], datetime] | None = None,
) -> Dashboard:
    """Everything the wellbeing dashboard shows for one period (both bounds inclusive)."""
    scope = _scope(repo, since, until, tz, clock)
    return Dashboard(
        since=since,
        until=until,
        incidents_by_week=_incidents_by_week(scope),
        impact_by_week=_impact_by_week(scope),
        checkins_by_week=_checkin_series(scope, "week"),
        top_tags=_top_tags(scope, top),
        counts=_counts(scope),
    )


# -- check-in reminders ---------------------------------------------------------------


def checkin_due(
    last_checkin_at: datetime | None,
    frequency: str,
    now: datetime,
    *,
    tz: tzinfo | None = None,
) -> bool:
    """Whether to offer the gentle check-in reminder when the app opens.

    ``daily``: no check-in yet today (local calendar day). ``weekly``: none in
    the last seven calendar days. ``off`` (the default setting): never.
    """
    if frequency not in CHECKIN_FREQUENCIES:
        raise ValueError(f"frequency must be one of {', '.join(CHECKIN_FREQUENCIES)}")
    if frequency == "off":
        return False
    if last_checkin_at is None:
        return True
    today = now.astimezone(tz).date()
    last = last_checkin_at.astimezone(tz).date()
    if frequency == "daily":
        return last < today
    return (today - last).days >= 7


def last_checkin_at(repo: Repository) -> datetime | None:
    with translated_errors():
        row = repo.conn.execute(
            "SELECT max(occurred_at) FROM entries WHERE kind = 'checkin' AND deleted_at IS NULL"
        ).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def checkin_reminder(repo: Repository) -> str:
    """The reminder frequency the person chose; off until they choose otherwise."""
    value = repo.get_setting(CHECKIN_REMINDER_KEY, "off")
    return value if value in CHECKIN_FREQUENCIES else "off"


def set_checkin_reminder(repo: Repository, frequency: str) -> None:
    if frequency not in CHECKIN_FREQUENCIES:
        raise ValueError(f"frequency must be one of {', '.join(CHECKIN_FREQUENCIES)}")
    repo.set_setting(CHECKIN_REMINDER_KEY, frequency)


def checkin_reminder_due(
    repo: Repository, now: datetime | None = None, *, tz: tzinfo | None = None
) -> bool:
    """The setting, the last check-in and the clock together: what the app asks on opening."""
    return checkin_due(last_checkin_at(repo), checkin_reminder(repo), now or repo.clock(), tz=tz)
