"""The police and legal trail of an incident: reported to the police, court orders.

When harassment continues it becomes a matter for the police or for legal
colleagues. Reporting to the police is also an action with its date, so the
incident's own checklist shows it beside the other steps taken.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from journal.models import Action, Incident

POLICE_ACTION = "Reported to the police"
# Filters on the incidents list (EntryQuery.legal).
LEGAL_POLICE = "police"
LEGAL_COURT = "court_order"
LEGAL_FILTERS = (LEGAL_POLICE, LEGAL_COURT)


def record_police_report(
    incident: Incident,
    on: date,
    *,
    force: str | None = None,
    crime_ref: str | None = None,
    officer: str | None = None,
) -> Incident:
    """A copy of ``incident`` reported to the police on ``on``, with the dated action.

    An existing "Reported to the police" action takes the new date rather than
    being repeated; details left as None keep what was there.
    """
    actions = [replace(a) for a in incident.actions]
    for action in actions:
        if action.what == POLICE_ACTION:
            action.done = True
            action.done_on = on
            break
    else:
        actions.append(Action(what=POLICE_ACTION, done=True, done_on=on))
    return replace(
        incident,
        police_reported_on=on,
        police_force=incident.police_force if force is None else force.strip(),
        police_crime_ref=incident.police_crime_ref if crime_ref is None else crime_ref.strip(),
        police_officer=incident.police_officer if officer is None else officer.strip(),
        actions=actions,
        urls=list(incident.urls),
        impact_tags=list(incident.impact_tags),
        court_orders=list(incident.court_orders),
        attachments=list(incident.attachments),
    )


def involves_police(entry: dict[str, Any]) -> bool:
    return bool(entry.get("police_reported_on") or entry.get("police_crime_ref"))


def where_clause(kind: str) -> str:
    """SQL over ``entries e`` for a legal filter (values are fixed, never typed in)."""
    if kind == LEGAL_POLICE:
        return (
            "(json_extract(e.data, '$.police_reported_on') IS NOT NULL "
            "OR coalesce(json_extract(e.data, '$.police_crime_ref'), '') <> '')"
        )
    if kind == LEGAL_COURT:
        return "coalesce(json_array_length(e.data, '$.court_orders'), 0) > 0"
    raise ValueError(f"unknown legal filter {kind!r}")
