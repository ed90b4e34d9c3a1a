"""A supervision record as a summary for the supervision file: PDF and JSON.

The same minimisation as every report: only shareable entries, never deleted
ones, never one the practitioner excluded, and never private notes (they are
not even read: the discussed entries are read column by column in SQL).

Content: the date, the supervisor, the period since the record before, the
entries discussed (a line each, not their full text), the wellbeing discussed,
the agreed actions (what, who, by when, done) and the next date.

The summary is written like a report (in memory first, then each file
atomically with private permissions) but is not entered in the export log:
that log is what the manager has been sent, and the "since the last report"
period, follow-ups and prompts about unreported threats all read it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from journal import APP_NAME, __version__
from journal.errors import JournalError, NotFound
from journal.export.files import chosen_formats, new_targets, removed_on_failure, write_new_files
from journal.models import CATEGORY_LABELS, KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS
from journal.repository import Repository, translated_errors
from journal.resources import resource_path

FORMAT_NAME = "practitioner-journal-supervision-summary"
FORMAT_VERSION = 1
FORMATS = ("pdf", "json")
EXTENSIONS = {"pdf": ".pdf", "json": ".json"}
SCHEMA_PATH = ("schema", "supervision-summary.schema.json")

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]


class NotShareable(JournalError):
    exit_code = 8
    default_message = (
        "That supervision record isn't shared, so it can't go into a summary. Mark it as "
        "shareable first if you want a summary of it. No files were written."
    )


@dataclass(frozen=True)
class SupervisionSummary:
    """One supervision record, minimised, ready for any format."""

    export_id: str
    generated_at: datetime
    practitioner: str
    period_since: datetime | None
    period_until: datetime
    record: dict[str, Any]
    discussed: list[dict[str, Any]]

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(e["id"] for e in self.discussed)


# -- building ------------------------------------------------------------------------


def _record_row(repo: Repository, record_id: str) -> Sequence[Any]:
    with translated_errors():
        row = repo.conn.execute(
            "SELECT e.id, e.kind, e.occurred_at, e.shareable, e.deleted_at, e.revision, e.hash, "
            "json_extract(e.data, '$.supervisor'), json_extract(e.data, '$.discussed'), "
            "json_extract(e.data, '$.wellbeing_discussed'), json_extract(e.data, '$.description'), "
            "json_extract(e.data, '$.actions'), json_extract(e.data, '$.next_date') "
            "FROM entries e WHERE e.id = ?",
            (record_id,),
        ).fetchone()
    if row is None or row[1] != "supervision" or row[4] is not None:
        raise NotFound("There is no supervision record with that id.")
    return tuple(row)


def _previous_record_time(repo: Repository, record_id: str, moment: str) -> datetime | None:
    with translated_errors():
        row = repo.conn.execute(
            "SELECT max(occurred_at) FROM entries WHERE kind = 'supervision' "
            "AND deleted_at IS NULL AND occurred_at < ? AND id <> ?",
            (moment, record_id),
        ).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


_DISCUSSED_COLUMNS = (
    "e.id, e.kind, e.occurred_at, e.title, e.category, e.severity, e.status, e.impact_score, "
    "e.case_ref, json_extract(e.data, '$.mood'), json_extract(e.data, '$.stress'), "
    "json_extract(e.data, '$.confidence'), json_extract(e.data, '$.sleep'), "
    "json_extract(e.data, '$.query'), json_extract(e.data, '$.reason'), "
    "json_extract(e.data, '$.agreed_by'), json_extract(e.data, '$.supervisor')"
)


def _discussed(
    repo: Repository, ids: Sequence[str], exclude: Collection[str]
) -> list[dict[str, Any]]:
    """A line's worth of each discussed entry that may be shared, oldest first."""
    wanted = [i for i in dict.fromkeys(ids) if i not in exclude]
    if not wanted:
        return []
    with translated_errors():
        rows = repo.conn.execute(
            f"SELECT {_DISCUSSED_COLUMNS} FROM entries e "
            "WHERE e.id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL "
            "AND e.shareable = 1 AND json_extract(e.data, '$.demo') IS NOT 1 "
            "ORDER BY e.occurred_at, e.rowid",
            (json.dumps(wanted),),
        ).fetchall()
    out = []
    for r in rows:
        item: dict[str, Any] = {
            "id": r[0],
            "kind": r[1],
            "occurred_at": r[2],
            "title": r[3] or "",
        }
        if r[1] == "incident":
            item.update(
                category=r[4] or "",
                severity=r[5] or "",
                status=r[6] or "",
                impact_score=None if r[7] is None else int(r[7]),
                case_ref=r[8] or "",
            )
        elif r[1] == "checkin":
            item.update(mood=r[9], stress=r[10], confidence=r[11], sleep=r[12])
        elif r[1] == "search":
            item.update(query=r[13] or "", case_ref=r[8] or "", reason=r[14] or "",
                        agreed_by=r[15] or "")  # fmt: skip
        elif r[1] == "supervision":
            item.update(supervisor=r[16] or "")
        out.append(item)
    return out


def build_summary(
    repo: Repository,
    record_id: str,
    *,
    exclude: Collection[str] = (),
    practitioner: str = "",
    generated_at: datetime | None = None,
    export_id: str = "",
    tz: tzinfo | None = None,
) -> SupervisionSummary:
    """The summary of one record. Refused when the record itself is not shared or excluded."""
    row = _record_row(repo, record_id)
    (rid, _kind, occurred, shareable, _deleted, revision, digest, supervisor, discussed_json,
     wellbeing, notes, actions_json, next_date) = row  # fmt: skip
    if not shareable or rid in exclude:
        raise NotShareable()
    moment = generated_at or repo.clock()
    today = moment.astimezone(tz).date()
    actions = []
    for action in json.loads(actions_json or "[]"):
        due = action.get("due")
        state = "done" if action.get("done") else "open"
        if state == "open" and due and date.fromisoformat(due) < today:
            state = "overdue"
        actions.append(
            {
                "what": action.get("what", ""),
                "who": action.get("who") or "",
                "due": due or None,
                "done": bool(action.get("done")),
                "done_on": action.get("done_on") or None,
                "state": state,
            }
        )
    record = {
        "id": rid,
        "date": occurred,
        "supervisor": supervisor or "",
        "wellbeing_discussed": wellbeing or "",
        "notes": notes or "",
        "actions": actions,
        "next_date": next_date or None,
        "revision": int(revision),
        "hash": digest,
    }
    return SupervisionSummary(
        export_id=export_id,
        generated_at=moment,
        practitioner=practitioner.strip(),
        period_since=_previous_record_time(repo, rid, occurred),
        period_until=datetime.fromisoformat(occurred),
        record=record,
        discussed=_discussed(repo, json.loads(discussed_json or "[]"), frozenset(exclude)),
    )


# -- JSON ------------------------------------------------------------------------------


def summary_to_dict(summary: SupervisionSummary) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "metadata": {
            "export_id": summary.export_id,
            "generated_at": summary.generated_at.isoformat(),
            "generator": f"{APP_NAME} {__version__}",
            "practitioner": summary.practitioner,
            "period": {
                "since": summary.period_since.isoformat() if summary.period_since else None,
                "until": summary.period_until.isoformat(),
            },
            "discussed_count": len(summary.discussed),
        },
        "supervision": summary.record,
        "discussed": summary.discussed,
    }


def render_summary_json(summary: SupervisionSummary) -> bytes:
    data = summary_to_dict(summary)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@cache
def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resource_path(*SCHEMA_PATH).read_text(encoding="utf-8"))
    return schema


# -- PDF ---------------------------------------------------------------------------------


def _discussed_line(item: dict[str, Any]) -> tuple[str, str]:
    """The headline and the details of one discussed entry."""
    from journal.export.pdf import _day

    kind = KIND_LABELS.get(item["kind"], item["kind"])
    head = f"{_day(item['occurred_at'])} · {kind} · {item.get('title') or kind}"
    details: list[str] = []
    if item["kind"] == "incident":
        details = [
            CATEGORY_LABELS.get(item["category"], item["category"]),
            SEVERITY_LABELS.get(item["severity"], item["severity"]),
            STATUS_LABELS.get(item["status"], item["status"]),
            "impact not rated"
            if item.get("impact_score") is None
            else f"impact {item['impact_score']} out of 10",
        ]
        if item.get("case_ref"):
            details.append(f"case {item['case_ref']}")
    elif item["kind"] == "checkin":
        details = [
            f"mood {item['mood']} out of 5",
            f"stress {item['stress']} out of 10",
            f"confidence {item['confidence']} out of 5",
        ]
    elif item["kind"] == "search":
        details = [f"case {item['case_ref']}" if item.get("case_ref") else "no case reference"]
        if item.get("agreed_by"):
            details.append(f"agreed by {item['agreed_by']}")
        if item.get("reason"):
            details.append(f"reason: {item['reason']}")
    elif item["kind"] == "supervision" and item.get("supervisor"):
        details = [f"with {item['supervisor']}"]
    return head, " · ".join(d for d in details if d)


def _action_lines(action: dict[str, Any]) -> str:
    from journal.export.pdf import _day

    parts = [f"Who: {action['who'] or 'not given'}"]
    parts.append(f"By: {_day(action['due'])}" if action.get("due") else "By: no date set")
    if action["done"] and action.get("done_on"):
        parts.append(f"Done: yes, {_day(action['done_on'])}")
    elif action["done"]:
        parts.append("Done: yes")
    else:
        parts.append("Done: not yet" + (" (overdue)" if action["state"] == "overdue" else ""))
    return " · ".join(parts)


def render_summary_pdf(summary: SupervisionSummary, *, password: str | None = None) -> bytes:

    from journal.export.pdf import ACCENT, MUTED, ReportPDF, _check_fonts, _day, _when

    _check_fonts()
    pdf = ReportPDF("Confidential · Supervision summary")
    try:
        pdf.describe(
            "Supervision summary",
            "A supervision record for the supervision file",
            summary.practitioner,
            summary.generated_at,
        )
        pdf.add_page()
        pdf.write_text("CONFIDENTIAL", size=10, style="B", colour=ACCENT)
        pdf.gap(2)
        pdf.write_text("Supervision summary", size=20, style="B", height=9)
        pdf.write_text("For the supervision file", size=12, colour=MUTED, height=6)
        pdf.gap(6)
        record = summary.record
        pdf.field("Date", _day(record["date"]))
        pdf.field("Supervisor", record["supervisor"] or "Not given")
        if summary.practitioner:
            pdf.field("Practitioner", summary.practitioner)
        since = _day(summary.period_since) if summary.period_since else ""
        until = _day(summary.period_until)
        if not since:
            period = f"Up to {until}"
        elif since == until:
            period = until
        else:
            period = f"{since} to {until}"
        pdf.field("Period", period)
        pdf.field("Next supervision", _day(record["next_date"]) or "Not set")
        pdf.field("Generated", _when(summary.generated_at))
        if summary.export_id:
            pdf.field("Summary id", summary.export_id, mono=True)
        pdf.gap(3)
        pdf.write_text(
            f"Produced by {APP_NAME} from an encrypted record kept by the practitioner. It "
            "holds only what they chose to share; notes they kept private are not included.",
            size=9.5,
            colour=MUTED,
        )
        pdf.gap(5)

        pdf.heading("Entries discussed", 13)
        if not summary.discussed:
            pdf.write_text("No shared entries are recorded as discussed.", size=10.5)
        for item in summary.discussed:
            head, details = _discussed_line(item)
            pdf.keep(14)
            pdf.write_text(head, size=10.5, style="B")
            if details:
                pdf.write_text(details, size=9.5, colour=MUTED)
            pdf.gap(1.5)
        pdf.gap(3)

        pdf.heading("Wellbeing discussed", 13)
        pdf.write_text(record["wellbeing_discussed"].strip() or "Nothing recorded.", size=10.5)
        pdf.gap(4)
        if record["notes"].strip():
            pdf.heading("Notes", 13)
            pdf.write_text(record["notes"].strip(), size=10.5)
            pdf.gap(4)

        pdf.heading("Agreed actions", 13)
        if not record["actions"]:
            pdf.write_text("No actions were agreed.", size=10.5)
        for number, action in enumerate(record["actions"], 1):
            pdf.keep(14)
            pdf.write_text(f"{number}. {action['what']}", size=10.5, style="B")
            pdf.write_text(_action_lines(action), size=9.5, colour=MUTED)
            pdf.gap(1.5)
        pdf.gap(4)
        pdf.field("Record revision", str(record["revision"]))
        pdf.field("Revision hash", record["hash"], mono=True)
        return pdf.finish(password)
    finally:
        pdf.close_fonts()


# -- writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryResult:
    export_id: str
    record_id: str
    files: dict[str, Path]  # format → file written
    sha256s: dict[str, str]
    entry_ids: tuple[str, ...]  # the discussed entries included
    encrypted: bool


def default_file_stem(record_date: datetime) -> str:
    """Names what it is and the supervision's date, never anything from the entries."""
    return f"supervision-summary-{record_date.astimezone().strftime('%Y-%m-%d')}"


def _check_formats(formats: Sequence[str], password: str | None) -> tuple[str, ...]:
    return chosen_formats(
        formats,
        FORMATS,
        password,
        none="choose PDF, JSON or both.",
        unknown="“{}” isn't available: a supervision summary is PDF or JSON.",
        pdf_only="protects PDF files only. Choose PDF, or leave the password out.",
    )


def _write(targets: Mapping[str, Path], data: Mapping[str, bytes]) -> None:
    """Every file or none: a failure removes what was already written."""
    with removed_on_failure() as written:
        write_new_files(targets, data, "summary", written)


def export_supervision_summary(
    source: Any,
    record_id: str,
    out: Path | str | Mapping[str, Path | str],
    formats: Sequence[str] = ("pdf", "json"),
    *,
    exclude: Collection[str] = (),
    practitioner: str | None = None,
    password: str | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> SummaryResult:
    """Build, render and write the summary of one supervision record.

    ``source`` is an open ``Journal`` or its ``Repository``; ``out`` a folder
    (names chosen, never overwriting) or a mapping of format to a new file.
    ``practitioner`` defaults to the name in the report settings. A cancel
    (``should_cancel()`` true) before the files are written writes nothing.
    """
    from journal.export.engine import ExportCancelled, _repository

    repo = _repository(source)
    chosen = _check_formats(formats, password)
    if password is not None:
        from journal.export.password import check_password

        check_password(password)
    if practitioner is None:
        from journal.export.settings import ReportSettings

        practitioner = ReportSettings.load(repo).practitioner_name
    total = len(chosen) + 2
    done = 0

    def step(*, may_cancel: bool = True) -> None:
        nonlocal done
        if may_cancel and should_cancel is not None and should_cancel():
            raise ExportCancelled("The summary was cancelled. No files were written.")
        done += 1
        if progress is not None:
            progress(done, total)

    export_id = str(uuid.uuid4())
    summary = build_summary(
        repo, record_id, exclude=exclude, practitioner=practitioner, export_id=export_id
    )
    targets = new_targets(
        out,
        chosen,
        stem=default_file_stem(summary.period_until),
        extensions=EXTENSIONS,
        noun="summary",
        nouns="summaries",
    )
    step()
    rendered: dict[str, bytes] = {}
    for fmt in chosen:
        rendered[fmt] = (
            render_summary_pdf(summary, password=password)
            if fmt == "pdf"
            else render_summary_json(summary)
        )
        step()
    if should_cancel is not None and should_cancel():
        raise ExportCancelled("The summary was cancelled. No files were written.")
    _write(targets, rendered)
    step(may_cancel=False)  # written: too late to cancel
    return SummaryResult(
        export_id=export_id,
        record_id=summary.record["id"],
        files=targets,
        sha256s={fmt: hashlib.sha256(data).hexdigest() for fmt, data in rendered.items()},
        entry_ids=summary.entry_ids,
        encrypted=password is not None,
    )
