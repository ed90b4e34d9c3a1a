"""The report as CSV: one row per entry, for a spreadsheet.

UTF-8 with a byte-order mark so spreadsheet programs detect the encoding;
lists joined with "; "; codes shown as their labels. A cell that a spreadsheet
would run as a formula (it starts with =, +, -, @, a tab or a carriage return)
is prefixed with an apostrophe (as is one that starts with an apostrophe, so
``unescape_cell`` can undo it exactly): the words quoted in a report come from
people who may mean harm.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from journal.export.report import Report, field_label

LIST_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _time(value: Any) -> str:
    """Local time a spreadsheet reads as a date and time; the JSON keeps the exact offset."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _date(value: Any) -> str:
    return date.fromisoformat(value).isoformat() if value else ""


def _list(values: Iterable[Any] | None) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values or ())


def _actions(actions: Sequence[dict[str, Any]] | None) -> str:
    parts = []
    for action in actions or ():
        text = action["what"]
        extra = []
        if action.get("who"):
            extra.append(action["who"])
        if action.get("due"):
            extra.append(f"due {action['due']}")
        if action.get("done"):
            extra.append(f"done {action['done_on']}" if action.get("done_on") else "done")
        if extra:
            text += f" ({', '.join(extra)})"
        parts.append(text)
    return _list(parts)


def _attachments(items: Sequence[dict[str, Any]] | None) -> str:
    return _list(f"{a['filename']} (SHA-256 {a['sha256']})" for a in items or ())


def _number(value: Any) -> str:
    return "" if value is None else str(value)


# (column heading, how to get the cell from an exported entry)
COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("Id", lambda e: e["id"]),
    ("Kind", lambda e: field_label(e, "kind")),
    ("Occurred", lambda e: _time(e["occurred_at"])),
    ("Recorded", lambda e: _time(e["recorded_at"])),
    ("Title", lambda e: e.get("title", "")),
    ("Description", lambda e: e.get("description", "")),
    ("Category", lambda e: field_label(e, "category")),
    ("Severity", lambda e: field_label(e, "severity")),
    ("Status", lambda e: field_label(e, "status")),
    ("Platform", lambda e: field_label(e, "platform")),
    ("What it was", lambda e: field_label(e, "content_type")),
    ("Author handle", lambda e: e.get("author_handle", "")),
    (
        "Author's relation to the work",
        lambda e: field_label(e, "author_relation"),
    ),
    ("Case reference", lambda e: e.get("case_ref", "")),
    ("URLs", lambda e: _list(e.get("urls"))),
    ("Exact words", lambda e: e.get("quoted_text", "")),
    ("Impact score", lambda e: _number(e.get("impact_score"))),
    ("Impact tags", lambda e: _list(e.get("impact_tags"))),
    ("Actions", lambda e: _actions(e.get("actions"))),
    ("Platform report reference", lambda e: e.get("platform_report_ref", "")),
    ("Platform report outcome", lambda e: e.get("platform_report_outcome", "")),
    ("Reported to the police on", lambda e: e.get("police_reported_on") or ""),
    ("Police crime reference", lambda e: e.get("police_crime_ref", "")),
    (
        "Court orders",
        lambda e: "; ".join(
            " ".join(p for p in (o.get("kind", ""), o.get("reference", "")) if p)
            for o in e.get("court_orders") or []
        ),
    ),
    ("Mood (1-5)", lambda e: _number(e.get("mood"))),
    ("Stress (0-10)", lambda e: _number(e.get("stress"))),
    ("Sleep (1-5)", lambda e: _number(e.get("sleep"))),
    ("Confidence (1-5)", lambda e: _number(e.get("confidence"))),
    ("Looked up", lambda e: e.get("query", "")),
    ("Where", lambda e: e.get("where", "")),
    ("Reason", lambda e: e.get("reason", "")),
    ("Agreed by", lambda e: e.get("agreed_by", "")),
    ("Outcome", lambda e: e.get("outcome", "")),
    ("Supervisor", lambda e: e.get("supervisor", "")),
    ("Wellbeing discussed", lambda e: e.get("wellbeing_discussed", "")),
    ("Next date", lambda e: _date(e.get("next_date"))),
    ("Evidence", lambda e: _attachments(e.get("attachments"))),
    ("Revision", lambda e: _number(e.get("revision"))),
    ("Revision hash (SHA-256)", lambda e: e.get("hash", "")),
]
HEADINGS = [name for name, _ in COLUMNS]


def escape_cell(text: str) -> str:
    """Prefix an apostrophe where a spreadsheet would see a formula (or an apostrophe)."""
    return "'" + text if text.startswith((*_FORMULA_STARTS, "'")) else text


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell``, for programs that read the CSV back."""
    return text[1:] if text.startswith("'") else text


def render_csv(report: Report, on_entry: Callable[[], None] | None = None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for entry in report.entries:
        writer.writerow([escape_cell(get(entry)) for _, get in COLUMNS])
        if on_entry is not None:
            on_entry()
    return buffer.getvalue().encode("utf-8-sig")
