"""Professional Quality of Life (ProQOL): the scores a person records over time.

The measure itself is not in the app. The person takes it from its official
site, works out the three subscale totals there, and records them here with a
date; the dashboard shows them as a series. No questionnaire item is copied.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journal.errors import ValidationError
from journal.repository import Repository

PROQOL_SCORES_KEY = "proqol.scores"

PROQOL_URL = "https://proqol.org/"
PROQOL_NAME = "Professional Quality of Life Measure (ProQOL)"
PROQOL_CREDIT = (
    "The ProQOL is owned by the Center for Victims of Torture and is freely available from "
    "ProQOL.org. This app does not include the measure: please take it from the official site."
)
PROQOL_HOW_TO = (
    "Take the measure on the ProQOL site and add up your three subscale scores as it "
    "explains. Then record the totals here, so you can see how they change over time."
)

SUBSCALES = ("compassion_satisfaction", "burnout", "secondary_traumatic_stress")
SUBSCALE_LABELS = {
    "compassion_satisfaction": "Compassion satisfaction",
    "burnout": "Burnout",
    "secondary_traumatic_stress": "Secondary traumatic stress",
}
SCORE_MIN, SCORE_MAX = 10, 50
NOTE_MAX = 1_000


@dataclass(frozen=True)
class ProqolScore:
    taken_on: date
    compassion_satisfaction: int
    burnout: int
    secondary_traumatic_stress: int
    note: str = ""
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def score(self, subscale: str) -> int:
        return int(getattr(self, subscale))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "taken_on": self.taken_on.isoformat(),
            **{name: self.score(name) for name in SUBSCALES},
            "note": self.note,
        }


def score_errors(values: Mapping[str, Any], taken_on: Any, today: date) -> dict[str, str]:
    """Field name to a sentence a person understands; empty when everything is fine."""
    errors = {}
    for name in SUBSCALES:
        value = values.get(name)
        if value is None or value == "":
            errors[name] = f"is needed: the total from {SCORE_MIN} to {SCORE_MAX}."
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[name] = f"should be a whole number from {SCORE_MIN} to {SCORE_MAX}."
        elif not SCORE_MIN <= value <= SCORE_MAX:
            errors[name] = (
                f"should be from {SCORE_MIN} to {SCORE_MAX}; each subscale adds up ten answers "
                "of 1 to 5."
            )
    if not isinstance(taken_on, date):
        errors["taken_on"] = "should be a date like 2026-03-14."
    elif taken_on > today:
        errors["taken_on"] = "is in the future. Use the date you took the measure."
    note = values.get("note", "")
    if not isinstance(note, str) or len(note) > NOTE_MAX:
        errors["note"] = f"should be text of at most {NOTE_MAX:,} characters."
    return errors


def _from_dict(data: Any) -> ProqolScore | None:
    try:
        return ProqolScore(
            taken_on=date.fromisoformat(data["taken_on"]),
            compassion_satisfaction=int(data["compassion_satisfaction"]),
            burnout=int(data["burnout"]),
            secondary_traumatic_stress=int(data["secondary_traumatic_stress"]),
            note=str(data.get("note", "")),
            id=str(data.get("id") or uuid.uuid4()),
        )
    except (KeyError, TypeError, ValueError):
        return None


def scores(
    repo: Repository, since: date | None = None, until: date | None = None
) -> list[ProqolScore]:
    """The recorded scores, oldest first, optionally within a period (inclusive)."""
    stored = repo.get_setting(PROQOL_SCORES_KEY, [])
    out = [s for s in map(_from_dict, stored if isinstance(stored, list) else []) if s]
    out = [
        s
        for s in out
        if (since is None or s.taken_on >= since) and (until is None or s.taken_on <= until)
    ]
    return sorted(out, key=lambda s: s.taken_on)


def record_scores(
    repo: Repository,
    *,
    compassion_satisfaction: int,
    burnout: int,
    secondary_traumatic_stress: int,
    taken_on: date | None = None,
    note: str = "",
) -> ProqolScore:
    today = repo.clock().astimezone().date()
    day = taken_on or today
    values = {
        "compassion_satisfaction": compassion_satisfaction,
        "burnout": burnout,
        "secondary_traumatic_stress": secondary_traumatic_stress,
        "note": note,
    }
    errors = score_errors(values, day, today)
    if errors:
        raise ValidationError(errors)
    record = ProqolScore(
        day, compassion_satisfaction, burnout, secondary_traumatic_stress, note.strip()
    )
    repo.set_setting(PROQOL_SCORES_KEY, [s.to_dict() for s in [*scores(repo), record]])
    return record


def delete_score(repo: Repository, score_id: str) -> None:
    repo.set_setting(PROQOL_SCORES_KEY, [s.to_dict() for s in scores(repo) if s.id != score_id])


def series(
    repo: Repository, since: date | None = None, until: date | None = None
) -> dict[str, list[tuple[date, int]]]:
    """For the dashboard: each subscale's (date, score) points, oldest first."""
    recorded = scores(repo, since, until)
    return {name: [(s.taken_on, s.score(name)) for s in recorded] for name in SUBSCALES}
