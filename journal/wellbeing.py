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

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Any

from journal.models import CATEGORIES, SEVERITIES
from journal.repository import Repository, add_period, translated_errors
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


# Day numbers are counted from 1 January 1970; the bias keeps the integer division a floor
# for dates back to 1900 (SQLite's division truncates towards zero).
_EPOCH = date(1970, 1, 1)
_BIAS_DAYS = 40_000


def _local_day_sql(
    segments: Sequence[tuple[datetime | None, int]], column: str = "e.occurred_at"
) -> tuple[str, list[Any]]:
    """A SQL expression giving the local calendar day of ``column`` as a day number.

    Integer arithmetic on ``unixepoch`` rather than ``date(…, modifier)``: the
    modifier is parsed for every row and doubles the cost of a pass.
    """
    params: list[Any] = []
    if len(segments) == 1:
        offset = "?"
        params.append(segments[0][1])
    else:
        parts = ["CASE"]
        for (_, seconds), (start, _) in pairwise(segments):
            assert start is not None
            parts.append(f"WHEN {column} < ? THEN ?")
            params.extend([to_storage(start), seconds])
        parts.append("ELSE ? END")
        params.append(segments[-1][1])
        offset = " ".join(parts)
    bias = _BIAS_DAYS * 86_400
    return f"((unixepoch({column}) + {offset} + {bias}) / 86400 - {_BIAS_DAYS})", params


def _day(number: int) -> date:
    return _EPOCH + timedelta(days=number)


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
        self.day_sql, self.day_params = _local_day_sql(
            _offset_segments(self.low, max(self.high, self.low), self.offset)
        )

    def _data_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The first and last incident or check-in, walking the time index from each end."""
        clauses, params = self.where()
        found = []
        for order in ("ASC", "DESC"):
            with translated_errors():
                row = self.repo.conn.execute(
                    f"SELECT e.occurred_at FROM entries e "
                    f"WHERE {clauses} AND +e.kind IN ('incident', 'checkin') "
                    f"ORDER BY e.occurred_at {order} LIMIT 1",
                    params,
                ).fetchone()
            found.append(datetime.fromisoformat(row[0]) if row else None)
        return found[0], found[1]

    def where(self, kind: str | None = None, *, deleted: bool = False) -> tuple[str, list[Any]]:
        """Entries of the period; without deleted ones unless ``deleted`` (then the caller
        separates them)."""
        clauses = [] if deleted else ["e.deleted_at IS NULL"]
        params: list[Any] = []
        if kind:
            clauses.append("e.kind = ?")
            params.append(kind)
        add_period(clauses, params, self.since, self.until)
        return " AND ".join(clauses) or "1", params

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
#
# Reading a row of the encrypted table is the cost that matters (each page is
# decrypted and checked), so every figure comes from two passes: one over the
# period's incidents and one over everything else. Each pass is one statement.


@dataclass
class _Incidents:
    days: dict[date, dict[str, int]]  # local day -> severity -> count
    impact: dict[date, list[int]]  # local day -> [sum of scores, number scored]
    high: int
    categories: dict[str, int]
    statuses: dict[str, int]
    tags: list[TagCount]

    @property
    def total(self) -> int:
        return sum(sum(by_severity.values()) for by_severity in self.days.values())


@dataclass
class _Others:
    checkin_days: dict[date, list[float]]  # local day -> [count, sum of each measure]
    kinds: dict[str, int]


def _incident_pass(scope: _Scope, tag_limit: int) -> _Incidents:
    # Deleted incidents are visited too (the row is read anyway) and their rowids kept, so the
    # tag count can run on covering indexes alone and leave them out afterwards.
    where, params = scope.where("incident", deleted=True)
    category_sums = ", ".join(f"sum(e.category = '{c}')" for c in CATEGORIES)
    rows = scope.execute(
        f"SELECT {scope.day_sql} AS day, e.severity, e.deleted_at IS NULL AS live, count(*), "
        f"sum(e.impact_score), count(e.impact_score), sum({HIGH_IMPACT_SQL}), "
        f"sum(e.status = 'open'), {category_sums}, "
        "group_concat(CASE WHEN e.deleted_at IS NOT NULL THEN e.rowid END) "
        f"FROM entries e WHERE {where} GROUP BY day, e.severity, live",
        [*scope.day_params, *params],
    )
    out = _Incidents({}, {}, 0, dict.fromkeys(CATEGORIES, 0), {"open": 0}, [])
    deleted: list[int] = []
    for day, severity, live, n, score_sum, scored, high, open_, *rest in rows:
        if not live:
            deleted.extend(int(rowid) for rowid in str(rest[-1]).split(","))
            continue
        when = _day(day)
        by_severity = out.days.setdefault(when, dict.fromkeys(SEVERITIES, 0))
        if severity in by_severity:
            by_severity[severity] += n
        impact = out.impact.setdefault(when, [0, 0])
        impact[0] += score_sum or 0
        impact[1] += scored
        out.high += high or 0
        out.statuses["open"] += open_ or 0
        for category, count in zip(CATEGORIES, rest[:-1], strict=True):
            out.categories[category] += count or 0
    if tag_limit > 0:
        tag_rows = scope.execute(
            "SELECT t.tag, count(*) AS n FROM entries e "
            "JOIN entry_tags t ON t.entry_rowid = e.rowid "
            f"WHERE {where} AND e.rowid NOT IN (SELECT value FROM json_each(?)) "
            "GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ?",
            [*params, json.dumps(deleted), tag_limit],
        )
        out.tags = [TagCount(tag, n) for tag, n in tag_rows]
    return out


def _measure_sql(measure: str) -> str:
    """A check-in answer (a whole number from 0 to 10) read straight from the stored JSON.

    ``json_extract`` parses the whole entry and is four times slower. Finding the key is
    safe: inside a JSON string every quote is escaped, so ``"mood":`` can only be a key,
    and a check-in has no nested object with these keys. A space after the colon is fine.
    """
    key = f'"{measure}":'
    return f"CAST(substr(e.data, instr(e.data, '{key}') + {len(key)}, 3) AS INTEGER)"


def _other_pass(scope: _Scope) -> _Others:
    where, params = scope.where()
    checkin_where, checkin_params = scope.where("checkin")
    sums = ", ".join(f"sum({_measure_sql(m)})" for m in CHECKIN_MEASURES)
    rows = scope.execute(
        f"SELECT {scope.day_sql} AS day, count(*), {sums} FROM entries e "
        f"WHERE {checkin_where} GROUP BY day",
        [*scope.day_params, *checkin_params],
    )
    out = _Others({}, {"checkin": 0})
    for day, n, *measures in rows:
        out.kinds["checkin"] += n
        out.checkin_days[_day(day)] = [n, *(m or 0 for m in measures)]
    for kind, n in scope.execute(
        f"SELECT e.kind, count(*) FROM entries e WHERE {where} "
        "AND e.kind IN ('search', 'supervision') GROUP BY e.kind",
        params,
    ):
        out.kinds[kind] = n
    return out


def _weekly_severity(scope: _Scope, data: _Incidents) -> list[WeekSeverity]:
    weeks: dict[date, dict[str, int]] = {}
    for day, by_severity in data.days.items():
        bucket = weeks.setdefault(_week_start(day), dict.fromkeys(SEVERITIES, 0))
        for severity, n in by_severity.items():
            bucket[severity] += n
    empty = dict.fromkeys(SEVERITIES, 0)
    return [WeekSeverity(start, **weeks.get(start, empty)) for start in scope.week_range()]


def _weekly_impact(scope: _Scope, data: _Incidents) -> list[WeekImpact]:
    weeks: dict[date, list[int]] = {}
    for day, (total, n) in data.impact.items():
        bucket = weeks.setdefault(_week_start(day), [0, 0])
        bucket[0] += total
        bucket[1] += n
    out = []
    for start in scope.week_range():
        total, n = weeks.get(start, [0, 0])
        out.append(WeekImpact(start, total / n if n else None, n))
    return out


def _checkin_points(data: _Others, bucket: str) -> list[CheckinPoint]:
    if bucket not in ("day", "week"):
        raise ValueError("bucket must be 'day' or 'week'")
    sums: dict[date, list[float]] = {}
    for day, values in data.checkin_days.items():
        start = _week_start(day) if bucket == "week" else day
        acc = sums.setdefault(start, [0.0] * len(values))
        for i, value in enumerate(values):
            acc[i] += value
    return [
        CheckinPoint(start, int(acc[0]), *(v / acc[0] for v in acc[1:]))
        for start, acc in sorted(sums.items())
    ]


def _counts(incidents: _Incidents, others: _Others) -> Counts:
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for by_day in incidents.days.values():
        for severity, n in by_day.items():
            by_severity[severity] += n
    return Counts(
        incidents=incidents.total,
        high_impact=incidents.high,
        threats=incidents.categories.get("threat", 0),
        open_incidents=incidents.statuses.get("open", 0),
        checkins=others.kinds.get("checkin", 0),
        searches=others.kinds.get("search", 0),
        supervisions=others.kinds.get("supervision", 0),
        by_severity=by_severity,
        by_category={c: incidents.categories.get(c, 0) for c in CATEGORIES},
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
    scope = _scope(repo, since, until, tz, clock)
    return _weekly_severity(scope, _incident_pass(scope, 0))


def impact_by_week(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[WeekImpact]:
    """Mean impact score of each ISO week's incidents."""
    scope = _scope(repo, since, until, tz, clock)
    return _weekly_impact(scope, _incident_pass(scope, 0))


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
    if bucket not in ("day", "week"):
        raise ValueError("bucket must be 'day' or 'week'")
    return _checkin_points(_other_pass(_scope(repo, since, until, tz, clock)), bucket)


def top_impact_tags(
    repo: Repository,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    limit: int = 8,
) -> list[TagCount]:
    """The impact tags used most often on incidents, most frequent first, ties by name."""
    return _incident_pass(_scope(repo, since, until, UTC, None), limit).tags


def counts(
    repo: Repository, since: datetime | None = None, until: datetime | None = None
) -> Counts:
    scope = _scope(repo, since, until, UTC, None)
    return _counts(_incident_pass(scope, 0), _other_pass(scope))


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
    incidents = _incident_pass(scope, top)
    others = _other_pass(scope)
    return Dashboard(
        since=since,
        until=until,
        incidents_by_week=_weekly_severity(scope, incidents),
        impact_by_week=_weekly_impact(scope, incidents),
        checkins_by_week=_checkin_points(others, "week"),
        top_tags=incidents.tags,
        counts=_counts(incidents, others),
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
