"""One entry as a person reads it on the command line: labels, local times, words kept back.

The exact words of the abuse and private notes appear only when asked for (``--reveal``),
as in the app, where they stay hidden until "Show". ``--json`` output is the full record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from journal.models import FIELD_LABELS, KIND_LABELS, Entry
from journal.timeutil import parse_datetime

HIDDEN_FIELDS = ("quoted_text", "private_notes")  # shown only with --reveal
_WIDTH = 22


def local_time(value: str | datetime) -> str:
    """ "Tue 3 Mar 2026, 21:15 GMT": in this computer's time zone, with its name."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".rstrip()


def _day(value: str) -> str:
    day = date.fromisoformat(value[:10])
    return f"{day:%a} {day.day} {day:%b %Y}"


def _label(labels: dict[str, str]) -> Callable[[Any], str]:
    return lambda value: labels.get(str(value), str(value))


def _score(value: Any) -> str:
    return "not rated" if value is None else f"{value} out of 10"


def _out_of(high: int) -> Callable[[Any], str]:
    return lambda value: f"{value} out of {high}"


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def _action(item: dict[str, Any]) -> str:
    text = str(item.get("what", ""))
    if item.get("who"):
        text += f" ({item['who']})"
    if item.get("done"):
        text += f", done {_day(item['done_on'])}" if item.get("done_on") else ", done"
    elif item.get("due"):
        text += f", due {_day(item['due'])}"
    return text


def _attachment(item: dict[str, Any]) -> str:
    size = int(item.get("size", 0))
    return (
        f"{item.get('filename', '')} ({item.get('mime', '')}, {size:,} bytes, "
        f"SHA-256 {item.get('sha256', '')})"
    )


# field: (label, how to show the value); in the order they are printed.
FIELDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "title": ("Title", str),
    "occurred_at": ("When it happened", local_time),
    "platform": ("Platform", _label(FIELD_LABELS["platform"])),
    "content_type": ("What it was", _label(FIELD_LABELS["content_type"])),
    "category": ("Category", _label(FIELD_LABELS["category"])),
    "severity": ("Severity", _label(FIELD_LABELS["severity"])),
    "status": ("Status", _label(FIELD_LABELS["status"])),
    "author_handle": ("Author", str),
    "author_relation": ("Relation to your work", _label(FIELD_LABELS["author_relation"])),
    "case_ref": ("Case reference", str),
    "urls": ("Links", str),
    "impact_tags": ("Impact", str),
    "impact_score": ("Impact score", _score),
    "mood": ("Mood", _out_of(5)),
    "stress": ("Stress", _out_of(10)),
    "sleep": ("Sleep", _out_of(5)),
    "confidence": ("Confidence", _out_of(5)),
    "raise_in_supervision": ("Raise in supervision", _yes_no),
    "query": ("What you looked up", str),
    "where": ("Where", str),
    "reason": ("Reason", str),
    "agreed_by": ("Agreed by", str),
    "outcome": ("Outcome", str),
    "supervisor": ("Supervisor", str),
    "wellbeing_discussed": ("Wellbeing discussed", str),
    "next_date": ("Next session", _day),
    "description": ("Description", str),
    "quoted_text": ("Exact words", str),
    "actions": ("Actions", _action),
    "platform_report_ref": ("Report reference", str),
    "platform_report_outcome": ("Report outcome", str),
    "shareable": ("Reports", lambda v: "can go into reports" if v else "kept out of reports"),
    "private_notes": ("Private notes", str),
    "attachments": ("Evidence", _attachment),
    "recorded_at": ("Recorded", local_time),
    "updated_at": ("Last changed", local_time),
    "revision": ("Version", str),
    "id": ("Id", str),
    "hash": ("Hash", str),
}
_QUIET = {"kind", "discussed"}  # said another way (the heading) or only ids


def entry_text(entry: Entry, *, reveal: bool) -> str:
    """The entry, one labelled line per field (lists: one line each)."""
    data = entry.to_dict()
    lines = [KIND_LABELS.get(entry.kind, entry.kind)]
    names = [n for n in FIELDS if n in data] + [n for n in data if n not in FIELDS]
    for name in names:
        value = data[name]
        if name in _QUIET or (value in ("", [], None) and name != "impact_score"):
            continue
        if name == "impact_score" and entry.kind != "incident":
            continue
        label, show = FIELDS.get(name, (name.replace("_", " ").capitalize(), str))
        if name in HIDDEN_FIELDS and not reveal:
            lines.append(f"{label:<{_WIDTH}} hidden (add --reveal to show)")
            continue
        items = value if isinstance(value, list) else [value]
        for n, item in enumerate(items):
            text = show(item)
            for k, part in enumerate(text.splitlines() or [""]):
                head = label if n == 0 and k == 0 else ""
                lines.append(f"{head:<{_WIDTH}} {part}".rstrip())
    return "\n".join(lines) + "\n"
