"""The digital-footprint self-check: what others can find about you, every six months.

Each check is a dated record of the checklist's answers. Every check is kept
(the history), inside the encrypted database as one setting. The next check
is due six calendar months after the last one; a person who has never done
one is due now.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from journal.errors import ValidationError
from journal.repository import Repository

FOOTPRINT_CHECKS_KEY = "footprint.checks"
DRAFT_KEY = "footprint.draft"  # answers in progress, kept over a lock
REMINDERS_KEY = "footprint.reminders"
SNOOZED_KEY = "footprint.reminder_snoozed_until"
FIRST_SEEN_KEY = "footprint.first_seen"
FIRST_REMINDER_AFTER = timedelta(days=7)
SNOOZE = timedelta(days=14)
INTERVAL_MONTHS = 6
NOTE_MAX = 2_000
HISTORY_MAX = 100

STATUSES = ("done", "to_do", "not_applicable")
STATUS_LABELS = {
    "done": "Checked",
    "to_do": "Still to do",
    "not_applicable": "Doesn't apply to me",
}


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    group: str
    title: str
    hint: str


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "search-your-name",
        "What others can find",
        "Search for your name",
        "Search your name on its own, then with your town and with your employer, as a "
        "parent might. Look at the first two pages of results and at images.",
    ),
    ChecklistItem(
        "family-and-friends",
        "What others can find",
        "Your family and friends",
        "Look at what your partner's, children's and close friends' public profiles show "
        "about you, your home and your routine. Ask them not to tag you or your location.",
    ),
    ChecklistItem(
        "people-finders",
        "What others can find",
        "Directories and the electoral register",
        "Check people-finder sites for your address. You can ask your council to take you off "
        "the open version of the electoral register.",
    ),
    ChecklistItem(
        "privacy-facebook",
        "Privacy settings",
        "Facebook",
        "Who can see your posts, photos and friends list, who can send you friend requests, "
        "and who can look you up by your email address or phone number.",
    ),
    ChecklistItem(
        "privacy-instagram",
        "Privacy settings",
        "Instagram",
        "Whether your account is private, who can tag and mention you, and who can message you.",
    ),
    ChecklistItem(
        "privacy-x",
        "Privacy settings",
        "X",
        "Whether your posts are protected, who can find you by email or phone, and who can "
        "message you.",
    ),
    ChecklistItem(
        "privacy-tiktok",
        "Privacy settings",
        "TikTok",
        "Whether your account is private, whether it is suggested to others, and who can "
        "comment and message.",
    ),
    ChecklistItem(
        "privacy-whatsapp",
        "Privacy settings",
        "WhatsApp",
        "Who can see your profile photo, about, last seen and status, and who can add you "
        "to groups.",
    ),
    ChecklistItem(
        "privacy-professional",
        "Privacy settings",
        "Professional profiles",
        "What your professional networking profile shows publicly: your photo, your employer "
        "and your location.",
    ),
    ChecklistItem(
        "photos",
        "Photos and location",
        "Photos",
        "Public photos that show your home, your street, your car's number plate or a school "
        "uniform.",
    ),
    ChecklistItem(
        "location",
        "Photos and location",
        "Location",
        "Location tags on posts, location saved in photos, location sharing with friends, and "
        "fitness apps that show your routes.",
    ),
    ChecklistItem(
        "old-accounts",
        "Old accounts",
        "Accounts you no longer use",
        "Close, or make private, old accounts on sites you have stopped using.",
    ),
)
_ITEM_IDS = tuple(item.id for item in CHECKLIST)


@dataclass(frozen=True)
class FootprintCheck:
    checked_on: date
    results: Mapping[str, str]  # item id -> status; items left unanswered are absent
    note: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def items_with(self, status: str) -> list[ChecklistItem]:
        return [item for item in CHECKLIST if self.results.get(item.id) == status]

    @property
    def to_do(self) -> list[ChecklistItem]:
        return self.items_with("to_do")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "checked_on": self.checked_on.isoformat(),
            "results": dict(self.results),
            "note": self.note,
        }


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_errors(results: Mapping[str, str], checked_on: date, note: str) -> dict[str, str]:
    errors = {}
    unknown = [key for key in results if key not in _ITEM_IDS]
    if unknown:
        errors["results"] = f"has an item this checklist doesn't have ({unknown[0]})."
    elif any(value not in STATUSES for value in results.values()):
        errors["results"] = "each answer should be one of: " + ", ".join(STATUSES) + "."
    if not isinstance(checked_on, date):
        errors["checked_on"] = "should be a date like 2026-03-14."
    if not isinstance(note, str) or len(note) > NOTE_MAX:
        errors["note"] = f"should be text of at most {NOTE_MAX:,} characters."
    return errors


def _from_dict(data: Any) -> FootprintCheck | None:
    try:
        check = FootprintCheck(
            checked_on=date.fromisoformat(data["checked_on"]),
            results={k: v for k, v in dict(data.get("results", {})).items() if k in _ITEM_IDS},
            note=str(data.get("note", "")),
            id=str(data.get("id") or uuid.uuid4()),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return check


def history(repo: Repository) -> list[FootprintCheck]:
    """Every recorded check, oldest first."""
    stored = repo.get_setting(FOOTPRINT_CHECKS_KEY, [])
    checks = [c for c in map(_from_dict, stored if isinstance(stored, list) else []) if c]
    return sorted(checks, key=lambda c: c.checked_on)


def record_check(
    repo: Repository,
    results: Mapping[str, str],
    *,
    checked_on: date | None = None,
    note: str = "",
) -> FootprintCheck:
    """Add a dated check to the history (the oldest are dropped beyond HISTORY_MAX)."""
    day = checked_on or repo.clock().astimezone().date()
    errors = check_errors(results, day, note)
    if errors:
        raise ValidationError(errors)
    check = FootprintCheck(day, dict(results), note.strip())
    checks = [*history(repo), check]
    checks.sort(key=lambda c: c.checked_on)
    repo.set_setting(FOOTPRINT_CHECKS_KEY, [c.to_dict() for c in checks[-HISTORY_MAX:]])
    return check


def delete_check(repo: Repository, check_id: str) -> None:
    repo.set_setting(FOOTPRINT_CHECKS_KEY, [c.to_dict() for c in history(repo) if c.id != check_id])


def latest(checks: Sequence[FootprintCheck]) -> FootprintCheck | None:
    return max(checks, key=lambda c: c.checked_on, default=None)


def next_due(checks: Sequence[FootprintCheck]) -> date | None:
    """When the next check is due; None if there has never been one (due now)."""
    last = latest(checks)
    return add_months(last.checked_on, INTERVAL_MONTHS) if last else None


def is_due(checks: Sequence[FootprintCheck], today: date) -> bool:
    due = next_due(checks)
    return due is None or today >= due


# -- the six-monthly reminder ---------------------------------------------------------------
#
# A new journal gets its first reminder a week after it was first opened, so the first
# days are about recording, not homework. "Not now" waits two weeks; "Don't remind me"
# turns reminders off (the footprint tab can turn them on again).


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def today_for(repo: Repository) -> date:
    """Today on the person's own calendar (the same clock the check is dated by)."""
    return repo.clock().astimezone().date()


def reminders_enabled(repo: Repository) -> bool:
    return repo.get_setting(REMINDERS_KEY, True) is not False


def set_reminders_enabled(repo: Repository, on: bool) -> None:
    """On or off; turning them on also forgets a "Not now". One transaction."""
    with repo.transaction():
        repo.set_setting(REMINDERS_KEY, bool(on))
        if on:
            repo.set_setting(SNOOZED_KEY, None)


def snooze(repo: Repository, today: date | None = None) -> date:
    until = (today or today_for(repo)) + SNOOZE
    repo.set_setting(SNOOZED_KEY, until.isoformat())
    return until


def reminder_due(repo: Repository, today: date | None = None) -> str | None:
    """ "first" (never checked), "again" (six months on) or None (nothing to show).

    Notes the day the journal was first seen, for the week's grace of a new journal.
    """
    day = today or today_for(repo)
    first_seen = _as_date(repo.get_setting(FIRST_SEEN_KEY))
    if first_seen is None:
        first_seen = day
        repo.set_setting(FIRST_SEEN_KEY, day.isoformat())
    if not reminders_enabled(repo):
        return None
    snoozed = _as_date(repo.get_setting(SNOOZED_KEY))
    if snoozed is not None and day < snoozed:
        return None
    checks = history(repo)
    if not is_due(checks, day):
        return None
    if not checks:
        return "first" if day >= first_seen + FIRST_REMINDER_AFTER else None
    return "again"
