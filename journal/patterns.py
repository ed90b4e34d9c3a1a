"""Patterns the journal notices, each offered as one calm prompt with one next step.

The rules (checked when the app opens and after each save):

1. **A threat not yet with your manager** (``threat_unreported``). An incident
   in the category "threat", from the last 30 days, that has not been in a
   report sent to the manager and has no completed action mentioning the
   manager. Offers: report to your manager.
2. **Published information or contact with a child, nothing done yet**
   (``court_options``). An incident from the last 30 days in the categories
   "sensitive case information published", "contact that bypasses a court
   decision" or "birth parent contacting an adopted child" with no completed
   action mentioning the court or a parent (the two usual responses: alerting
   the court, a conversation with the parent). Offers: the guidance for that
   category.
3. **Several high-impact incidents close together** (``high_impact_cluster``).
   Three or more incidents in the last 14 days that are high impact (severity
   high or critical, or an impact score of 7 or more). Offers: raise it in
   supervision.
4. **Stress high for several check-ins** (``stress_high``). The last three
   check-ins all have stress of 7 or more (out of 10), the latest within the
   last 14 days. Offers: your support contacts.
5. **Confidence falling** (``confidence_falling``). At least four check-ins in
   the last 8 weeks; of the latest six, the average professional confidence of
   the newer half is at least one point (out of 5) below that of the older
   half. Offers: raise it in supervision.
6. **A report with no reply** (``report_unacknowledged``). A report sent to the
   manager 7 or more days ago that is not marked as acknowledged. Offers: raise
   it in supervision. (The export log supplies the reports.)

Prompts can be switched off altogether, or rule by rule. Dismissing a prompt
keeps it dismissed for the evidence it showed: it comes back only when there
is new evidence (another incident, another check-in, another report).

Deliberately not a rule: anything about how many incidents there are in
total. Counting alone says nothing about what would help.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any, Protocol

from journal.guidance import CATEGORY_TOPICS
from journal.models import Incident
from journal.repository import Repository, translated_errors
from journal.timeutil import to_storage
from journal.wellbeing import HIGH_IMPACT_SQL, is_high_impact

RULES = (
    "threat_unreported",
    "court_options",
    "high_impact_cluster",
    "stress_high",
    "confidence_falling",
    "report_unacknowledged",
)
ACTIONS = ("raise_in_supervision", "contact_support", "report_to_manager")
ACTION_LABELS = {
    "raise_in_supervision": "Note it for supervision",
    "contact_support": "See your support contacts",
    "report_to_manager": "Send to your manager",
    "open_guidance": "Read the options",
}

PROMPTS_ENABLED_KEY = "prompts.enabled"
PROMPTS_DISABLED_RULES_KEY = "prompts.disabled_rules"
PROMPTS_DISMISSED_KEY = "prompts.dismissed"
PERSPECTIVE_KEY = "wellbeing.perspective_note"

THREAT_WINDOW = timedelta(days=30)
COURT_WINDOW = timedelta(days=30)
CLUSTER_WINDOW = timedelta(days=14)
CLUSTER_MIN = 3
STRESS_HIGH = 7
STRESS_RUN = 3
STRESS_RECENT = timedelta(days=14)
CONFIDENCE_WINDOW = timedelta(days=56)
CONFIDENCE_MIN = 4
CONFIDENCE_LATEST = 6
CONFIDENCE_DROP = 1.0
REPORT_WAIT = timedelta(days=7)

COURT_CATEGORIES = ("sensitive_information", "contact_order_breach", "adopted_child_contact")
_MANAGER = re.compile(r"\bmanager\b", re.IGNORECASE)
_COURT = re.compile(r"\b(court|judge|cafcass|parents?)\b", re.IGNORECASE)

_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
            9: "nine", 10: "ten"}  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Prompt:
    """Something noticed, said calmly, with one offered next step.

    ``action`` is one of ACTIONS or ``open_guidance:<topic id>``. ``evidence``
    is what a dismissal remembers (entry ids, or ``report:<id>``).
    """

    id: str
    rule: str
    message: str
    action: str
    action_label: str
    entry_ids: tuple[str, ...]
    evidence: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True)
class SentReport:
    """A report from the export log, for the "no reply yet" rule."""

    id: str
    sent_at: datetime
    entry_ids: tuple[str, ...] = ()
    acknowledged: bool = False


class ExportRecordLike(Protocol):
    """What the export log's records offer (``journal.export.log.ExportRecord``)."""

    @property
    def id(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def entry_ids(self) -> tuple[str, ...]: ...
    @property
    def acknowledged(self) -> bool: ...


def sent_reports_from(records: Iterable[ExportRecordLike]) -> list[SentReport]:
    """Reports from the export log, e.g. ``ExportLog(repo).followups_due(0)`` (threat reports
    not yet acknowledged), for ``evaluate(sent_reports=...)``. A report only saved to a file
    (``reported`` false) never reached the manager, so it waits for no reply."""
    return [
        SentReport(r.id, r.created_at, tuple(r.entry_ids), r.acknowledged)
        for r in records
        if getattr(r, "reported", True)
    ]


def _number(n: int) -> str:
    return _NUMBERS.get(n, str(n))


def _day(moment: datetime, tz: tzinfo | None) -> str:
    local = moment.astimezone(tz)
    return f"{local.day} {_MONTHS[local.month - 1]}"


def _prompt(
    rule: str,
    message: str,
    action: str,
    entry_ids: Sequence[str],
    evidence: Sequence[str] | None = None,
) -> Prompt:
    evidence = tuple(sorted(evidence if evidence is not None else entry_ids))
    digest = hashlib.sha256("\n".join(evidence).encode()).hexdigest()[:12]
    label = ACTION_LABELS[action.split(":", 1)[0]]
    return Prompt(f"{rule}:{digest}", rule, message, action, label, tuple(entry_ids), evidence)


# -- the rules -------------------------------------------------------------------


def _rows(repo: Repository, sql: str, params: Sequence[Any]) -> list[Any]:
    with translated_errors():
        return list(repo.conn.execute(sql, params).fetchall())


def _done_action_matches(actions_json: str | None, pattern: re.Pattern[str]) -> bool:
    for action in json.loads(actions_json or "[]"):
        if action.get("done") and pattern.search(
            f"{action.get('what', '')} {action.get('who', '')}"
        ):
            return True
    return False


def _threat_unreported(
    repo: Repository, now: datetime, tz: tzinfo | None, reported: Collection[str]
) -> list[Prompt]:
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, json_extract(e.data, '$.actions') FROM entries e "
        "WHERE e.kind = 'incident' AND e.category = 'threat' AND e.deleted_at IS NULL "
        "AND e.occurred_at >= ? AND e.occurred_at <= ? ORDER BY e.occurred_at",
        [to_storage(now - THREAT_WINDOW), to_storage(now)],
    )
    waiting = [
        (entry_id, datetime.fromisoformat(when))
        for entry_id, when, actions in rows
        if entry_id not in reported and not _done_action_matches(actions, _MANAGER)
    ]
    if not waiting:
        return []
    if len(waiting) == 1:
        message = (
            f"You recorded a threat on {_day(waiting[0][1], tz)} and it hasn't gone to your "
            "manager yet. Would you like to send it now?"
        )
    else:
        message = (
            f"You recorded {_number(len(waiting))} threats in the last month that haven't gone "
            "to your manager yet. Would you like to send them now?"
        )
    return [_prompt("threat_unreported", message, "report_to_manager", [i for i, _ in waiting])]


_COURT_WORDS = {
    "sensitive_information": "that case information was published",
    "contact_order_breach": "contact that bypasses a court decision",
    "adopted_child_contact": "contact with an adopted child",
}


def _court_options(repo: Repository, now: datetime, tz: tzinfo | None) -> list[Prompt]:
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, e.category, json_extract(e.data, '$.actions') "
        "FROM entries e WHERE e.kind = 'incident' AND e.deleted_at IS NULL "
        f"AND e.category IN ({', '.join('?' * len(COURT_CATEGORIES))}) "
        "AND e.occurred_at >= ? AND e.occurred_at <= ? ORDER BY e.occurred_at DESC",
        [*COURT_CATEGORIES, to_storage(now - COURT_WINDOW), to_storage(now)],
    )
    by_category: dict[str, list[tuple[str, datetime]]] = {}
    for entry_id, when, category, actions in rows:
        if not _done_action_matches(actions, _COURT):
            by_category.setdefault(category, []).append((entry_id, datetime.fromisoformat(when)))
    prompts = []
    for category in COURT_CATEGORIES:
        found = by_category.get(category)
        if not found:
            continue
        latest = found[0][1]
        message = (
            f"You recorded {_COURT_WORDS[category]} on {_day(latest, tz)}. There are a few "
            "ways to respond, including alerting the court. Would you like to read them?"
        )
        action = f"open_guidance:{CATEGORY_TOPICS[category]}"
        prompts.append(_prompt("court_options", message, action, [i for i, _ in found]))
    return prompts


def _high_impact_cluster(repo: Repository, now: datetime) -> list[Prompt]:
    rows = _rows(
        repo,
        "SELECT e.id FROM entries e WHERE e.kind = 'incident' AND e.deleted_at IS NULL "
        f"AND e.occurred_at > ? AND e.occurred_at <= ? AND {HIGH_IMPACT_SQL} "
        "ORDER BY e.occurred_at",
        [to_storage(now - CLUSTER_WINDOW), to_storage(now)],
    )
    if len(rows) < CLUSTER_MIN:
        return []
    message = (
        f"You've recorded {_number(len(rows))} high-impact incidents in the last two weeks. "
        "Would you like to note this for your next supervision?"
    )
    return [_prompt("high_impact_cluster", message, "raise_in_supervision", [r[0] for r in rows])]


def _latest_checkins(
    repo: Repository, now: datetime, limit: int
) -> list[tuple[str, datetime, Any]]:
    rows = _rows(
        repo,
        "SELECT e.id, e.occurred_at, json_extract(e.data, '$.stress'), "
        "json_extract(e.data, '$.confidence') FROM entries e "
        "WHERE e.kind = 'checkin' AND e.deleted_at IS NULL AND e.occurred_at <= ? "
        "ORDER BY e.occurred_at DESC, e.rowid DESC LIMIT ?",
        [to_storage(now), limit],
    )
    return [(r[0], datetime.fromisoformat(r[1]), (r[2], r[3])) for r in reversed(rows)]


def _stress_high(repo: Repository, now: datetime) -> list[Prompt]:
    latest = _latest_checkins(repo, now, STRESS_RUN)
    if len(latest) < STRESS_RUN or latest[-1][1] < now - STRESS_RECENT:
        return []
    if not all((values[0] or 0) >= STRESS_HIGH for _, _, values in latest):
        return []
    message = (
        f"Your last {_number(STRESS_RUN)} check-ins all show high stress. "
        "Would you like to look at who you can talk to?"
    )
    return [_prompt("stress_high", message, "contact_support", [i for i, _, _ in latest])]


def _confidence_falling(repo: Repository, now: datetime) -> list[Prompt]:
    latest = [
        row
        for row in _latest_checkins(repo, now, CONFIDENCE_LATEST)
        if row[1] >= now - CONFIDENCE_WINDOW and row[2][1] is not None
    ]
    if len(latest) < CONFIDENCE_MIN:
        return []
    half = len(latest) // 2
    older = [values[1] for _, _, values in latest[:half]]
    newer = [values[1] for _, _, values in latest[-half:]]
    if sum(older) / half - sum(newer) / half < CONFIDENCE_DROP:
        return []
    message = (
        "Your professional confidence has dipped across your recent check-ins. "
        "Would you like to note this for your next supervision?"
    )
    return [_prompt("confidence_falling", message, "raise_in_supervision", [r[0] for r in latest])]


def _report_unacknowledged(
    reports: Iterable[SentReport], now: datetime, tz: tzinfo | None
) -> list[Prompt]:
    prompts = []
    for report in sorted(reports, key=lambda r: r.sent_at):
        if report.acknowledged or report.sent_at > now - REPORT_WAIT:
            continue
        message = (
            f"You sent a report to your manager on {_day(report.sent_at, tz)} and haven't noted "
            "a reply yet. Would you like to raise it at your next supervision?"
        )
        prompts.append(
            _prompt(
                "report_unacknowledged",
                message,
                "raise_in_supervision",
                report.entry_ids,
                evidence=[f"report:{report.id}"],
            )
        )
    return prompts


# -- settings ---------------------------------------------------------------------


def prompts_enabled(repo: Repository) -> bool:
    return bool(repo.get_setting(PROMPTS_ENABLED_KEY, True))


def set_prompts_enabled(repo: Repository, enabled: bool) -> None:
    repo.set_setting(PROMPTS_ENABLED_KEY, bool(enabled))


def disabled_rules(repo: Repository) -> frozenset[str]:
    value = repo.get_setting(PROMPTS_DISABLED_RULES_KEY, [])
    return frozenset(r for r in value if r in RULES) if isinstance(value, list) else frozenset()


def set_rule_enabled(repo: Repository, rule: str, enabled: bool) -> None:
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    rules = set(disabled_rules(repo))
    if enabled:
        rules.discard(rule)
    else:
        rules.add(rule)
    repo.set_setting(PROMPTS_DISABLED_RULES_KEY, sorted(rules))


def _dismissed(repo: Repository) -> dict[str, set[str]]:
    value = repo.get_setting(PROMPTS_DISMISSED_KEY, {})
    if not isinstance(value, dict):
        return {}
    return {rule: set(ids) for rule, ids in value.items() if isinstance(ids, list)}


def dismiss(repo: Repository, prompt: Prompt) -> None:
    """Don't show this prompt again for the evidence it showed."""
    dismissed = _dismissed(repo)
    dismissed.setdefault(prompt.rule, set()).update(prompt.evidence)
    repo.set_setting(PROMPTS_DISMISSED_KEY, {r: sorted(ids) for r, ids in dismissed.items()})


def reset_dismissed(repo: Repository) -> None:
    repo.set_setting(PROMPTS_DISMISSED_KEY, {})


# -- evaluation ---------------------------------------------------------------------


def evaluate(
    repo: Repository,
    *,
    now: datetime | None = None,
    reported_ids: Collection[str] = frozenset(),
    sent_reports: Iterable[SentReport] = (),
    tz: tzinfo | None = None,
    include_dismissed: bool = False,
) -> list[Prompt]:
    """The prompts to offer now, most pressing first. Empty when prompts are switched off.

    ``reported_ids``: ids of entries that have been in a report to the manager.
    ``sent_reports``: the export log's reports, for the "no reply yet" rule.
    """
    if not prompts_enabled(repo):
        return []
    moment = now or repo.clock()
    off = disabled_rules(repo)
    found: list[Prompt] = []
    checks = {
        "threat_unreported": lambda: _threat_unreported(repo, moment, tz, set(reported_ids)),
        "court_options": lambda: _court_options(repo, moment, tz),
        "high_impact_cluster": lambda: _high_impact_cluster(repo, moment),
        "stress_high": lambda: _stress_high(repo, moment),
        "confidence_falling": lambda: _confidence_falling(repo, moment),
        "report_unacknowledged": lambda: _report_unacknowledged(sent_reports, moment, tz),
    }
    for rule in RULES:
        if rule not in off:
            found.extend(checks[rule]())
    if include_dismissed:
        return found
    dismissed = _dismissed(repo)
    return [p for p in found if not set(p.evidence) <= dismissed.get(p.rule, set())]


# -- the perspective note --------------------------------------------------------------

PERSPECTIVE_NOTES = (
    "That can be hard to read. It may help to know that most negative posts reach only a "
    "small number of people, and most who see them give them little weight.",
    "Posts like this can feel very public and very personal. In practice, few people see "
    "most of them, and fewer still take them at face value.",
    "It's recorded now, so you can put it down for a while. Most critical comments online "
    "travel less far than they seem to, and most readers move on quickly.",
)
# A threat or your details shared calls for action, not reassurance: no note for these.
PERSPECTIVE_CATEGORIES = ("abuse", "other")


def perspective_enabled(repo: Repository) -> bool:
    return bool(repo.get_setting(PERSPECTIVE_KEY, True))


def set_perspective_enabled(repo: Repository, enabled: bool) -> None:
    repo.set_setting(PERSPECTIVE_KEY, bool(enabled))


def perspective_note_for(incident: Incident, *, enabled: bool = True) -> str | None:
    """The short note shown after saving a high-impact post about the person, or None."""
    if not enabled or incident.category not in PERSPECTIVE_CATEGORIES:
        return None
    if not is_high_impact(incident.severity, incident.impact_score):
        return None
    seed = hashlib.sha256((incident.id or incident.title).encode()).digest()[0]
    return PERSPECTIVE_NOTES[seed % len(PERSPECTIVE_NOTES)]


def perspective_note(repo: Repository, incident: Incident) -> str | None:
    return perspective_note_for(incident, enabled=perspective_enabled(repo))
