"""Supervision one-to-ones: what the view shows, and the supervision record's helpers.

The view is shown on a screen the supervisor can see, so what it may hold is
decided here, in the core, not by the widgets:

- only entries marked shareable, never deleted ones, and never an entry the
  practitioner excluded for this session (``exclude``);
- never private notes: the objects returned have no field that could hold them,
  and the queries never read them.

The period runs from the last supervision record (or a date the person
chooses) to now. Everything is read with SQL over indexed columns, a bounded
number of rows at a time, so the view is quick with 100,000 entries.

Agreed actions carry over: a new record starts with the actions of the last
one that are not done, and the view shows every action still open from any
earlier record until it is done. An action is known by what it says and who
owns it; its copy in the newest record is the one that counts.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any

from journal.errors import NotFound, ValidationError
from journal.models import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    Action,
    SupervisionRecord,
)
from journal.patterns import PROMPTS_DISMISSED_KEY, Prompt
from journal.plain_data import PlainRow
from journal.repository import Repository, add_period, translated_errors
from journal.timeutil import to_storage
from journal.wellbeing import CheckinPoint, is_high_impact

# With no earlier supervision record and no chosen date, the view covers this long.
FIRST_PERIOD = timedelta(weeks=6)
DEFAULT_LIMIT = 200
DUE_SOON_DAYS = 2
DEFAULT_INTERVAL_DAYS = 28
MIN_INTERVAL_DAYS = 7
MAX_INTERVAL_DAYS = 91
INTERVAL_HISTORY = 6  # how many past records the next-date suggestion looks at

# The choices made while preparing a session (the period and the entries to leave out)
# are kept, so preparing the day before survives a lock; a new record forgets them.
PREPARE_KEY = "supervision.prepare"

ACTION_STATES = ("done", "open", "overdue")
ACTION_STATE_LABELS = {"done": "Done", "open": "Open", "overdue": "Overdue"}

_SEVERITY_RANK = (
    "CASE e.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 "
    "WHEN 'low' THEN 1 ELSE 0 END"
)
_OPEN_THREAT = "(e.category = 'threat' AND coalesce(e.status, '') <> 'closed')"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Preparation:
    """The practitioner's choices before a session."""

    since: date | None = None  # None: since the last supervision
    exclude: frozenset[str] = frozenset()

    def since_moment(self) -> datetime | None:
        if self.since is None:
            return None
        return datetime.combine(self.since, time.min).astimezone()

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "exclude": sorted(self.exclude),
        }

    @classmethod
    def from_json(cls, value: Any) -> Preparation:
        if not isinstance(value, dict):
            return cls()
        since = None
        raw = value.get("since")
        if isinstance(raw, str) and raw:
            try:
                since = date.fromisoformat(raw)
            except ValueError:
                since = None
        exclude = value.get("exclude")
        ids = frozenset(str(i) for i in exclude) if isinstance(exclude, list) else frozenset()
        return cls(since, ids)


def load_preparation(repo: Repository) -> Preparation:
    return Preparation.from_json(repo.get_setting(PREPARE_KEY, None))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _local_date(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


def spoken_date(day: date) -> str:
    """A date as people say it: "Thursday 14 March"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


# -- what the view holds -----------------------------------------------------------


@dataclass(frozen=True)
class IncidentItem(PlainRow):
    id: str
    occurred_at: datetime
    title: str
    category: str
    severity: str
    status: str
    impact_score: int | None  # None: not rated
    tags: tuple[str, ...]
    open_threat: bool

    @property
    def high_impact(self) -> bool:
        return is_high_impact(self.severity, self.impact_score)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class CheckInItem(PlainRow):
    """A check-in the practitioner marked "raise in supervision"."""

    id: str
    occurred_at: datetime
    mood: int
    stress: int
    confidence: int
    sleep: int
    note: str


@dataclass(frozen=True)
class SearchItem(PlainRow):
    id: str
    occurred_at: datetime
    query: str
    where: str
    case_ref: str
    reason: str
    agreed_by: str
    outcome: str


@dataclass(frozen=True)
class ActionItem(PlainRow):
    """An agreed action, where it was agreed, and its state on a given day."""

    record_id: str
    index: int  # position in that record's ``actions``
    agreed_on: date
    what: str
    who: str
    due: date | None
    done: bool
    done_on: date | None
    state: str  # done | open | overdue
    carried: bool = False  # from a record before the last one

    @property
    def state_label(self) -> str:
        return ACTION_STATE_LABELS[self.state]


@dataclass(frozen=True)
class SupervisionView:
    """Everything the supervision view shows, already minimised."""

    since: datetime
    until: datetime
    last_record_id: str | None
    last_record_at: datetime | None
    last_supervisor: str
    incidents: list[IncidentItem]
    incident_count: int  # all that match; ``incidents`` holds at most the limit
    checkins: list[CheckInItem]
    searches: list[SearchItem]
    search_count: int
    actions: list[ActionItem]
    trend: list[CheckinPoint]
    shared_checkin_count: int  # shared check-ins in the period, behind the trend
    excluded: tuple[str, ...] = field(default=(), repr=False)

    @property
    def open_threats(self) -> int:
        return sum(1 for item in self.incidents if item.open_threat)

    @property
    def is_empty(self) -> bool:
        return not (self.incidents or self.checkins or self.searches or self.actions)

    def entry_ids(self) -> list[str]:
        """The entries shown, in the order shown: what a new record pre-fills as discussed."""
        return [
            *(i.id for i in self.incidents),
            *(c.id for c in self.checkins),
            *(s.id for s in self.searches),
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "last_record": {
                "id": self.last_record_id,
                "date": _iso(self.last_record_at),
                "supervisor": self.last_supervisor,
            },
            "incidents": [i.to_dict() for i in self.incidents],
            "incident_count": self.incident_count,
            "checkins": [c.to_dict() for c in self.checkins],
            "searches": [s.to_dict() for s in self.searches],
            "search_count": self.search_count,
            "actions": [a.to_dict() for a in self.actions],
            "trend": [
                {
                    "start": p.start.isoformat(),
                    "checkins": p.checkins,
                    "mood": p.mood,
                    "stress": p.stress,
                    "confidence": p.confidence,
                    "sleep": p.sleep,
                }
                for p in self.trend
            ],
            "shared_checkin_count": self.shared_checkin_count,
        }


# -- reading ---------------------------------------------------------------------------


def _rows(repo: Repository, sql: str, params: Sequence[Any]) -> list[Any]:
    with translated_errors():
        return list(repo.conn.execute(sql, params).fetchall())


def _total(repo: Repository, shown: int, limit: int, where: str, params: Sequence[Any]) -> int:
    """How many entries ``where`` selects: ``shown`` when the page wasn't full, else counted."""
    if shown < limit:
        return shown
    return int(_rows(repo, f"SELECT count(*) FROM entries e WHERE {where}", params)[0][0])


def _shared(
    kind: str, since: datetime | None, until: datetime | None, exclude: Collection[str]
) -> tuple[str, list[Any]]:
    """WHERE for entries of one kind the view may show: shareable, live, not excluded."""
    clauses = ["e.kind = ?", "e.deleted_at IS NULL", "e.shareable = 1"]
    params: list[Any] = [kind]
    add_period(clauses, params, since, until)
    if exclude:
        # One bound parameter, however many ids: no SQL variable limit.
        clauses.append("e.id NOT IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(exclude)))
    return " AND ".join(clauses), params


@dataclass(frozen=True)
class RecordInfo:
    """A supervision record's date and headline, read without loading the whole entry."""

    id: str
    occurred_at: datetime
    supervisor: str
    next_date: date | None
    shareable: bool


def _record_info(row: Sequence[Any]) -> RecordInfo:
    return RecordInfo(
        id=row[0],
        occurred_at=datetime.fromisoformat(row[1]),
        supervisor=row[2] or "",
        next_date=date.fromisoformat(row[3]) if row[3] else None,
        shareable=bool(row[4]),
    )


_RECORD_COLUMNS = (
    "e.id, e.occurred_at, json_extract(e.data, '$.supervisor'), "
    "json_extract(e.data, '$.next_date'), e.shareable"
)


def last_record(repo: Repository, before: datetime | None = None) -> RecordInfo | None:
    """The most recent supervision record at or before ``before`` (default: now)."""
    moment = before or repo.clock()
    rows = _rows(
        repo,
        f"SELECT {_RECORD_COLUMNS} FROM entries e WHERE e.kind = 'supervision' "
        "AND e.deleted_at IS NULL AND e.occurred_at <= ? "
        "ORDER BY e.occurred_at DESC, e.rowid DESC LIMIT 1",
        [to_storage(moment)],
    )
    return _record_info(rows[0]) if rows else None


def records(repo: Repository, *, limit: int | None = 50) -> list[RecordInfo]:
    """Supervision records, newest first."""
    sql = (
        f"SELECT {_RECORD_COLUMNS} FROM entries e WHERE e.kind = 'supervision' "
        "AND e.deleted_at IS NULL ORDER BY e.occurred_at DESC, e.rowid DESC"
    )
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_record_info(r) for r in _rows(repo, sql, params)]


def _incidents(
    repo: Repository, since: datetime, until: datetime, exclude: Collection[str], limit: int
) -> tuple[list[IncidentItem], int]:
    where, params = _shared("incident", since, until, exclude)
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, e.title, e.category, e.severity, e.status, "
        f"e.impact_score, json_extract(e.data, '$.impact_tags'), {_OPEN_THREAT} AS open_threat "
        f"FROM entries e WHERE {where} "
        f"ORDER BY open_threat DESC, {_SEVERITY_RANK} DESC, e.occurred_at DESC, e.rowid DESC "
        "LIMIT ?",
        [*params, limit],
    )
    items = [
        IncidentItem(
            id=r[0],
            occurred_at=datetime.fromisoformat(r[1]),
            title=r[2] or "",
            category=r[3] or "",
            severity=r[4] or "",
            status=r[5] or "",
            impact_score=None if r[6] is None else int(r[6]),
            tags=tuple(json.loads(r[7])) if r[7] else (),
            open_threat=bool(r[8]),
        )
        for r in rows
    ]
    return items, _total(repo, len(items), limit, where, params)


def _checkins(
    repo: Repository,
    since: datetime,
    until: datetime,
    exclude: Collection[str],
    tz: tzinfo | None,
    bucket: str,
    limit: int,
) -> tuple[list[CheckInItem], list[CheckinPoint], int]:
    """The raised check-ins and the trend, from one pass over the period's shared check-ins."""
    where, params = _shared("checkin", since, until, exclude)
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, json_extract(e.data, '$.mood'), "
        "json_extract(e.data, '$.stress'), json_extract(e.data, '$.confidence'), "
        "json_extract(e.data, '$.sleep'), json_extract(e.data, '$.raise_in_supervision'), "
        "CASE WHEN json_extract(e.data, '$.raise_in_supervision') "
        "THEN json_extract(e.data, '$.description') END "
        f"FROM entries e WHERE {where} ORDER BY e.occurred_at DESC, e.rowid DESC",
        params,
    )
    raised: list[CheckInItem] = []
    sums: dict[date, list[float]] = {}
    for entry_id, when, mood, stress, confidence, sleep, flag, note in rows:
        moment = datetime.fromisoformat(when)
        values = [int(mood), int(stress), int(confidence), int(sleep)]
        if flag and len(raised) < limit:
            raised.append(
                CheckInItem(
                    id=entry_id,
                    occurred_at=moment,
                    mood=values[0],
                    stress=values[1],
                    confidence=values[2],
                    sleep=values[3],
                    note=note or "",
                )
            )
        day = _local_date(moment, tz)
        start = day - timedelta(days=day.weekday()) if bucket == "week" else day
        acc = sums.setdefault(start, [0.0, 0.0, 0.0, 0.0, 0.0])
        acc[0] += 1
        for i, value in enumerate(values, 1):
            acc[i] += value
    trend = [
        CheckinPoint(
            start=start,
            checkins=int(acc[0]),
            mood=acc[1] / acc[0],
            stress=acc[2] / acc[0],
            confidence=acc[3] / acc[0],
            sleep=acc[4] / acc[0],
        )
        for start, acc in sorted(sums.items())
    ]
    return raised, trend, len(rows)


def _searches(
    repo: Repository, since: datetime, until: datetime, exclude: Collection[str], limit: int
) -> tuple[list[SearchItem], int]:
    where, params = _shared("search", since, until, exclude)
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, json_extract(e.data, '$.query'), "
        "json_extract(e.data, '$.where'), e.case_ref, json_extract(e.data, '$.reason'), "
        "json_extract(e.data, '$.agreed_by'), json_extract(e.data, '$.outcome') "
        f"FROM entries e WHERE {where} ORDER BY e.occurred_at DESC, e.rowid DESC LIMIT ?",
        [*params, limit],
    )
    items = [
        SearchItem(
            id=r[0],
            occurred_at=datetime.fromisoformat(r[1]),
            query=r[2] or "",
            where=r[3] or "",
            case_ref=r[4] or "",
            reason=r[5] or "",
            agreed_by=r[6] or "",
            outcome=r[7] or "",
        )
        for r in rows
    ]
    return items, _total(repo, len(items), limit, where, params)


# -- actions ---------------------------------------------------------------------------


def action_state(action: Action, today: date) -> str:
    """Done, open, or overdue (its due date has passed and it isn't done)."""
    if action.done:
        return "done"
    if action.due is not None and action.due < today:
        return "overdue"
    return "open"


def action_key(action: Action) -> tuple[str, str]:
    """What identifies an action from one record to the next."""
    return (" ".join(action.what.casefold().split()), " ".join(action.who.casefold().split()))


def _parse_actions(raw: str | None) -> list[Action]:
    out = []
    for item in json.loads(raw or "[]"):
        out.append(
            Action(
                what=item.get("what", ""),
                who=item.get("who") or "",
                due=date.fromisoformat(item["due"]) if item.get("due") else None,
                done=bool(item.get("done")),
                done_on=date.fromisoformat(item["done_on"]) if item.get("done_on") else None,
            )
        )
    return out


@dataclass(frozen=True)
class _Agreed:
    record_id: str
    agreed_on: datetime
    index: int
    action: Action


def _ledger(
    repo: Repository,
    until: datetime | None,
    *,
    shared_only: bool,
    exclude: Collection[str] = (),
) -> tuple[dict[tuple[str, str], _Agreed], str | None]:
    """The newest copy of every agreed action, and the id of the newest record read."""
    if shared_only:
        where, params = _shared("supervision", None, until, exclude)
    else:
        where, params = "e.kind = 'supervision' AND e.deleted_at IS NULL", []
        if until is not None:
            where += " AND e.occurred_at <= ?"
            params.append(to_storage(until))
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, json_extract(e.data, '$.actions') FROM entries e "
        f"WHERE {where} ORDER BY e.occurred_at, e.rowid",
        params,
    )
    latest: dict[tuple[str, str], _Agreed] = {}
    newest = None
    for record_id, when, raw in rows:
        newest = record_id
        for index, action in enumerate(_parse_actions(raw)):
            latest[action_key(action)] = _Agreed(
                record_id, datetime.fromisoformat(when), index, action
            )
    return latest, newest


def _item(agreed: _Agreed, today: date, tz: tzinfo | None, carried: bool) -> ActionItem:
    action = agreed.action
    return ActionItem(
        record_id=agreed.record_id,
        index=agreed.index,
        agreed_on=_local_date(agreed.agreed_on, tz),
        what=action.what,
        who=action.who,
        due=action.due,
        done=action.done,
        done_on=action.done_on,
        state=action_state(action, today),
        carried=carried,
    )


def _sort_actions(items: Iterable[ActionItem]) -> list[ActionItem]:
    order = {"overdue": 0, "open": 1, "done": 2}
    return sorted(
        items, key=lambda a: (order[a.state], a.due or date.max, a.agreed_on, a.record_id, a.index)
    )


def overdue_actions(
    repo: Repository, *, now: datetime | None = None, tz: tzinfo | None = None
) -> list[ActionItem]:
    """Actions past their due date and not done, across every supervision record.

    For the main window's highlight, which only the practitioner sees, so every
    record counts, shared or not. An action carried into a later record counts
    once, as it stands in the newest record.
    """
    moment = now or repo.clock()
    today = _local_date(moment, tz)
    latest, newest = _ledger(repo, None, shared_only=False)
    items = [
        _item(agreed, today, tz, carried=agreed.record_id != newest)
        for agreed in latest.values()
        if action_state(agreed.action, today) == "overdue"
    ]
    return _sort_actions(items)


def _view_actions(
    repo: Repository,
    until: datetime,
    exclude: Collection[str],
    last_id: str | None,
    today: date,
    tz: tzinfo | None,
) -> list[ActionItem]:
    """Every action of the last record, and any still open from an earlier one."""
    latest, _ = _ledger(repo, until, shared_only=True, exclude=exclude)
    items = []
    for agreed in latest.values():
        if agreed.record_id == last_id:
            items.append(_item(agreed, today, tz, carried=False))
        elif not agreed.action.done:
            items.append(_item(agreed, today, tz, carried=True))
    return _sort_actions(items)


def carried_over(record: SupervisionRecord) -> list[Action]:
    """The actions of ``record`` not yet done, to start the next record with."""
    return [replace(a, done=False, done_on=None) for a in record.actions if not a.done]


def set_action_done(
    repo: Repository,
    record_id: str,
    index: int,
    *,
    done: bool = True,
    on: date | None = None,
    tz: tzinfo | None = None,
) -> SupervisionRecord:
    """Mark one agreed action done (or not done again); saved as a new revision."""
    record = repo.get(record_id)
    if not isinstance(record, SupervisionRecord):
        raise NotFound("There is no supervision record with that id.")
    if not 0 <= index < len(record.actions):
        raise NotFound("That action is no longer in the supervision record. Reopen it.")
    actions = list(record.actions)
    when = on or _local_date(repo.clock(), tz)
    actions[index] = replace(actions[index], done=done, done_on=when if done else None)
    record.actions = actions
    saved = repo.update(record, expected_revision=record.revision)
    assert isinstance(saved, SupervisionRecord)
    return saved


# -- the view ----------------------------------------------------------------------------


def supervision_view(
    repo: Repository,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    exclude: Collection[str] = (),
    tz: tzinfo | None = None,
    limit: int = DEFAULT_LIMIT,
    trend_bucket: str = "week",
) -> SupervisionView:
    """What to show in supervision, since the last record (or ``since``) until now.

    ``exclude`` holds ids the practitioner took out for this session; they are
    left out everywhere, the trend included. ``tz`` is the zone the days and
    weeks are counted in (default: the computer's).
    """
    if trend_bucket not in ("day", "week"):
        raise ValueError("trend_bucket must be 'day' or 'week'")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    for moment in (since, until):
        if moment is not None and moment.tzinfo is None:
            raise ValueError("since and until must be timezone-aware")
    end = until or repo.clock()
    last = last_record(repo, end)
    start = since or (last.occurred_at if last else end - FIRST_PERIOD)
    if start > end:
        raise ValidationError({"period": "starts after it ends. Check the date."})
    excluded = frozenset(exclude)
    incidents, incident_count = _incidents(repo, start, end, excluded, limit)
    checkins, trend, shared_checkins = _checkins(
        repo, start, end, excluded, tz, trend_bucket, limit
    )
    searches, search_count = _searches(repo, start, end, excluded, limit)
    shown_last = last is not None and last.shareable and last.id not in excluded
    actions = _view_actions(
        repo, end, excluded, last.id if last else None, _local_date(end, tz), tz
    )
    return SupervisionView(
        since=start,
        until=end,
        last_record_id=last.id if last is not None and shown_last else None,
        last_record_at=last.occurred_at if last else None,
        last_supervisor=last.supervisor if last is not None and shown_last else "",
        incidents=incidents,
        incident_count=incident_count,
        checkins=checkins,
        searches=searches,
        search_count=search_count,
        actions=actions,
        trend=trend,
        shared_checkin_count=shared_checkins,
        excluded=tuple(sorted(excluded)),
    )


@dataclass(frozen=True)
class NotShared:
    """What the view leaves out because it isn't shared: counts only, for the practitioner."""

    by_kind: dict[str, int]
    raised_checkins: int  # check-ins marked "raise in supervision" but not shared

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def not_shared(repo: Repository, view: SupervisionView) -> NotShared:
    """Entries of the view's period kept back because they are not shareable.

    For the practitioner before supervision mode is turned on (never for the
    shared screen): check-ins are private unless shared, so a check-in marked
    "raise in supervision" but not shared would otherwise quietly stay out.
    """
    rows = _rows(
        repo,
        "SELECT e.kind, count(*), sum(e.kind = 'checkin' AND "
        "coalesce(json_extract(e.data, '$.raise_in_supervision'), 0)) FROM entries e "
        "WHERE e.deleted_at IS NULL AND e.shareable = 0 AND e.occurred_at >= ? "
        "AND e.occurred_at <= ? AND e.kind IN ('incident', 'checkin', 'search') "
        "GROUP BY e.kind",
        [to_storage(view.since), to_storage(view.until)],
    )
    by_kind = {"incident": 0, "checkin": 0, "search": 0}
    raised = 0
    for kind, count, flagged in rows:
        by_kind[kind] = int(count)
        raised += int(flagged or 0)
    return NotShared(by_kind, raised)


def not_shared_prompt(repo: Repository, view: SupervisionView) -> Prompt | None:
    """A word before supervision when check-ins marked for it aren't shared."""
    count = not_shared(repo, view).raised_checkins
    if not count:
        return None
    if count == 1:
        message = (
            "You marked a check-in to raise in supervision, but it isn't shared, so the "
            "supervision view leaves it out. Share it first if you'd like it to show."
        )
    else:
        message = (
            f"You marked {count} check-ins to raise in supervision, but they aren't shared, so "
            "the supervision view leaves them out. Share them first if you'd like them to show."
        )
    evidence = (f"{view.since.isoformat()}:{count}",)
    return Prompt(
        id=f"supervision_not_shared:{evidence[0]}",
        rule="supervision_not_shared",
        message=message,
        action="review_checkins",
        action_label="Review those check-ins",
        entry_ids=(),
        evidence=evidence,
    )


# -- a new record ---------------------------------------------------------------------


def suggest_next_date(
    repo: Repository, after: date, *, before: datetime | None = None, tz: tzinfo | None = None
) -> date:
    """The next supervision date to offer: the person's usual gap after ``after``.

    The usual gap is the median of the gaps between the last few records
    (four weeks when there aren't two yet), kept between one week and three
    months and rounded to whole weeks so it falls on the same weekday. A date on
    a weekend moves to the Monday after.
    """
    moment = before or repo.clock()
    rows = _rows(
        repo,
        "SELECT e.occurred_at FROM entries e WHERE e.kind = 'supervision' "
        "AND e.deleted_at IS NULL AND e.occurred_at <= ? "
        "ORDER BY e.occurred_at DESC, e.rowid DESC LIMIT ?",
        [to_storage(moment), INTERVAL_HISTORY],
    )
    days = sorted({_local_date(datetime.fromisoformat(r[0]), tz) for r in rows})
    gaps = [(b - a).days for a, b in pairwise(days) if (b - a).days > 0]
    interval = round(statistics.median(gaps)) if gaps else DEFAULT_INTERVAL_DAYS
    interval = max(MIN_INTERVAL_DAYS, min(MAX_INTERVAL_DAYS, interval))
    interval = max(7, round(interval / 7) * 7)
    suggested = after + timedelta(days=interval)
    if suggested.weekday() >= 5:
        suggested += timedelta(days=7 - suggested.weekday())
    return suggested


def new_record(
    repo: Repository,
    view: SupervisionView | None = None,
    *,
    occurred_at: datetime | None = None,
    supervisor: str | None = None,
    tz: tzinfo | None = None,
) -> SupervisionRecord:
    """A supervision record to edit and save, filled in from what is known. Nothing is saved.

    ``discussed`` is every entry the view showed. Every agreed action not yet
    done is carried over (from the last record, and any still open from earlier
    ones). The supervisor is the last record's, and the next date is suggested.
    The record is edited on the shared screen, so it is filled only from
    records that are shared and not excluded from the view.
    """
    moment = occurred_at or repo.clock()
    excluded = view.excluded if view is not None else ()
    latest, _ = _ledger(repo, moment, shared_only=True, exclude=excluded)
    open_actions = sorted(
        (a for a in latest.values() if not a.action.done),
        key=lambda a: (a.agreed_on, a.record_id, a.index),
    )
    last = last_record(repo, moment)
    shown = last is not None and last.shareable and last.id not in excluded
    if supervisor is None:
        supervisor = last.supervisor if last is not None and shown else ""
    return SupervisionRecord(
        occurred_at=moment,
        title="Supervision",
        supervisor=supervisor,
        discussed=view.entry_ids() if view is not None else [],
        actions=[replace(a.action, done=False, done_on=None) for a in open_actions],
        next_date=suggest_next_date(repo, _local_date(moment, tz), before=moment, tz=tz),
    )


# -- the reminder before the next supervision ---------------------------------------------


def _dismissed(repo: Repository, rule: str) -> set[str]:
    value = repo.get_setting(PROMPTS_DISMISSED_KEY, {})
    if not isinstance(value, dict) or not isinstance(value.get(rule), list):
        return set()
    return {str(v) for v in value[rule]}


def supervision_due_prompt(
    repo: Repository,
    *,
    now: datetime | None = None,
    within_days: int = DUE_SOON_DAYS,
    tz: tzinfo | None = None,
    include_dismissed: bool = False,
) -> Prompt | None:
    """A reminder when the next supervision (the last record's next date) is close.

    Offered from ``within_days`` days before it until the day itself. Dismissing
    it (``journal.patterns.dismiss``) keeps it away for that date.
    """
    if within_days < 0:
        raise ValueError("within_days must be zero or more")
    moment = now or repo.clock()
    last = last_record(repo, moment)
    if last is None or last.next_date is None:
        return None
    today = _local_date(moment, tz)
    days = (last.next_date - today).days
    if not 0 <= days <= within_days:
        return None
    if days == 0:
        when = "today"
    elif days == 1:
        when = "tomorrow"
    else:
        when = f"on {spoken_date(last.next_date)}"
    message = (
        f"Your next supervision is {when}. You could open the supervision view now and "
        "look over what you'd like to bring."
    )
    evidence = (f"{last.id}:{last.next_date.isoformat()}",)
    if not include_dismissed and evidence[0] in _dismissed(repo, "supervision_due"):
        return None
    return Prompt(
        id=f"supervision_due:{evidence[0]}",
        rule="supervision_due",
        message=message,
        action="open_supervision_view",
        action_label="Open the supervision view",
        entry_ids=(last.id,),
        evidence=evidence,
    )
