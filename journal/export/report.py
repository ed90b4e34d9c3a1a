"""A report as data: selected, minimised and redacted once, then rendered in any format.

Every renderer (PDF, JSON, CSV) reads only a ``Report``. Private notes are
dropped and redaction applied here, so no format can show more than another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journal import APP_NAME, __version__
from journal.export.redact import Redactor
from journal.export.selection import ReportRequest, Selection, select_entry_ids
from journal.models import CATEGORIES, FIELD_LABELS, KINDS, SEVERITIES, Entry

if TYPE_CHECKING:
    from journal.repository import Repository

FORMAT_NAME = "practitioner-journal-report"
FORMAT_VERSION = 1

# Court-facing categories: the manager may need to consider telling the court.
_COURT_CATEGORIES = frozenset({"sensitive_information", "contact_order_breach"})


def is_private_field(name: str) -> bool:
    """Fields the practitioner keeps to themselves: never in any report."""
    return name == "private_notes" or name.startswith("private")


def exported_entry(entry: Entry, redactor: Redactor) -> dict[str, Any]:
    """The JSON-ready form of one entry as a manager may see it."""
    data = entry.to_dict()
    for name in [key for key in data if is_private_field(key)]:
        del data[name]
    data["hash"] = entry.hash
    data["kind"] = entry.kind
    redacted: dict[str, Any] = redactor.value(data)
    return redacted


@dataclass(frozen=True)
class Ask:
    """One thing the practitioner asks of the manager."""

    code: str
    text: str


@dataclass(frozen=True)
class Summary:
    counts_by_kind: dict[str, int]
    incidents_by_category: dict[str, int]
    incidents_by_severity: dict[str, int]
    open_threats: int
    threats: int
    open_threat_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts_by_kind": dict(self.counts_by_kind),
            "incidents_by_category": dict(self.incidents_by_category),
            "incidents_by_severity": dict(self.incidents_by_severity),
            "threats": self.threats,
            "open_threats": self.open_threats,
            "open_threat_ids": list(self.open_threat_ids),
        }


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    practitioner: str
    manager_name: str
    manager_email: str
    urgent: bool
    note: str
    since: datetime | None
    until: datetime | None
    redacted: bool
    entries: list[dict[str, Any]]
    summary: Summary
    asks: list[Ask] = field(default_factory=list)
    export_id: str = ""
    integrity: dict[str, Any] = field(default_factory=dict)  # journal/report_check.py

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(e["id"] for e in self.entries)

    @property
    def includes_threat(self) -> bool:
        return self.summary.threats > 0

    def period(self) -> tuple[datetime | None, datetime | None]:
        """The period asked for or, where open, the span of the entries themselves."""
        times = [datetime.fromisoformat(e["occurred_at"]) for e in self.entries]
        since = self.since or (min(times) if times else None)
        until = self.until or (max(times) if times else None)
        return since, until

    def metadata(self) -> dict[str, Any]:
        since, until = self.period()
        return {
            "export_id": self.export_id,
            "generated_at": self.generated_at.isoformat(),
            "generator": f"{APP_NAME} {__version__}",
            "practitioner": self.practitioner,
            "manager": {"name": self.manager_name, "email": self.manager_email},
            "period": {
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
            },
            "urgent": self.urgent,
            "redacted": self.redacted,
            "entry_count": len(self.entries),
            "note": self.note,
        }


def summarise(entries: list[dict[str, Any]]) -> Summary:
    kinds = Counter(e["kind"] for e in entries)
    incidents = [e for e in entries if e["kind"] == "incident"]
    categories = Counter(e["category"] for e in incidents)
    severities = Counter(e["severity"] for e in incidents)
    threats = [e for e in incidents if e["category"] == "threat"]
    open_threats = [e for e in threats if e.get("status") != "closed"]
    return Summary(
        counts_by_kind={k: kinds.get(k, 0) for k in KINDS},
        incidents_by_category={c: categories.get(c, 0) for c in CATEGORIES},
        incidents_by_severity={s: severities.get(s, 0) for s in SEVERITIES},
        open_threats=len(open_threats),
        threats=len(threats),
        open_threat_ids=tuple(e["id"] for e in open_threats),
    )


def manager_asks(summary: Summary) -> list[Ask]:
    """What the report asks of the manager, from what it contains."""
    asks = []
    if summary.threats:
        asks.append(
            Ask(
                "risk_assessment",
                "Please arrange a risk assessment with legal and HR for the threat in this "
                "report, and agree with me what will keep me and my family safe while it is done."
                if summary.threats == 1
                else "Please arrange a risk assessment with legal and HR for the threats in this "
                "report, and agree with me what will keep me and my family safe while it is done.",
            )
        )
    cats = summary.incidents_by_category
    if any(cats.get(c) for c in _COURT_CATEGORIES):
        asks.append(
            Ask(
                "court",
                "Please consider with me whether the court should be told, as case "
                "information or contact that bypasses a court decision is involved.",
            )
        )
    if cats.get("adopted_child_contact"):
        asks.append(
            Ask(
                "adoption_support",
                "Please help me involve the adoption support team about contact with an "
                "adopted child.",
            )
        )
    if cats.get("impersonation_doxxing"):
        asks.append(
            Ask(
                "personal_details",
                "Please support me in asking the platform to remove posts that impersonate "
                "me or share my personal details, and review my safety at home.",
            )
        )
    asks.append(
        Ask(
            "support",
            "Please make time to talk with me about support: a debrief, time to recover, "
            "or counselling if I need it.",
        )
    )
    asks.append(Ask("acknowledge", "Please confirm that you have received this report."))
    return asks


def build_report(
    repo: Repository,
    request: ReportRequest,
    *,
    generated_at: datetime | None = None,
    export_id: str = "",
    on_entry: Callable[[], None] | None = None,
    selection: Selection | None = None,
) -> Report:
    """Select, minimise and redact. ``on_entry`` is called after each entry is read."""
    request.validate()
    chosen = selection or select_entry_ids(repo, request)
    redactor = Redactor(request.redactions)
    entries = []
    for entry_id in chosen.entry_ids:
        entry = repo.get(entry_id)
        # The selection already excluded these; checked again so no path can leak them.
        if (
            not entry.shareable
            or entry.demo
            or (entry.kind == "checkin" and not request.include_checkins)
        ):
            continue
        entries.append(exported_entry(entry, redactor))
        if on_entry is not None:
            on_entry()
    # A supervision record may list entries that are not in this report: their ids stay out.
    included = {e["id"] for e in entries}
    for data in entries:
        if "discussed" in data:
            data["discussed"] = [i for i in data["discussed"] if i in included]
    from journal.report_check import add_share_hashes, integrity_block

    add_share_hashes(entries)  # last: over exactly what the report shows
    integrity = integrity_block(repo, included, chosen.since, chosen.until)
    summary = summarise(entries)
    return Report(
        generated_at=generated_at or repo.clock(),
        practitioner=request.practitioner.strip(),
        manager_name=request.manager_name.strip(),
        manager_email=request.manager_email.strip(),
        urgent=request.urgent,
        note=redactor.text(request.note.strip()),
        since=chosen.since,
        until=chosen.until,
        redacted=bool(redactor),
        entries=entries,
        summary=summary,
        asks=manager_asks(summary),
        export_id=export_id,
        integrity=integrity,
    )


def label(mapping: Mapping[str, str], code: Any) -> str:
    return mapping.get(str(code), str(code)) if code not in (None, "") else ""


def field_label(entry: Mapping[str, Any], name: str) -> str:
    """The label of the coded field ``name`` of an exported entry ('' when it has none)."""
    return label(FIELD_LABELS[name], entry.get(name))
