"""A chronology with numbered exhibits, as police officers and legal colleagues expect it.

A cover (who prepared it, when, about whom), a numbered table of incidents in
date order, then every exhibit labelled with the practitioner's initials and a
number (``JS/1``) with its original file name, when it was taken and recorded,
and its SHA-256, so each can be checked against the original. Private notes
never appear; the exact words quoted appear only when asked for. It is
protected and logged exactly like the manager's report.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf.fonts import FontFace

from journal.errors import InputError, JournalError
from journal.export.log import ExportedEntry, ExportFile, ExportRecord, new_export_id
from journal.export.pdf import (
    ACCENT,
    MUTED,
    RULE,
    URGENT,
    ReportPDF,
    _check_fonts,
    _image_size,
    _open_image,
    _size,
    _when,
)
from journal.export.report import label
from journal.export.settings import ReportSettings
from journal.models import CATEGORY_LABELS, PLATFORM_LABELS, SEVERITY_LABELS, Incident
from journal.repository import Repository
from journal.screenshots import SOURCE_LABELS, heic_supported, recorded_times, taken_sources

DESCRIPTION_LIMIT = 1200
DEFAULT_INITIALS = "EX"


class NothingInChronology(JournalError):
    exit_code = 8
    default_message = (
        "There is nothing to put in a chronology: no shareable incidents from that person's "
        "accounts. No file was written."
    )


@dataclass(frozen=True)
class Exhibit:
    reference: str  # JS/1
    incident_number: int
    attachment_id: str
    filename: str
    mime: str
    size: int
    sha256: str
    taken_at: datetime
    taken_from: str
    recorded_at: datetime | None


@dataclass(frozen=True)
class ChronologyResult:
    path: Path
    sha256: str
    export_id: str
    incident_count: int
    exhibit_count: int
    encrypted: bool
    left_out: int  # incidents not marked shareable, so not included


def exhibit_initials(name: str) -> str:
    """'Jane Smith' → 'JS'; letters only, so a reference reads the same everywhere."""
    letters = [part[0].upper() for part in re.split(r"[\s\-.]+", name.strip()) if part]
    text = "".join(ch for ch in letters if ch.isalpha())
    return text[:4] or DEFAULT_INITIALS


def _incidents(
    repo: Repository, person: str | None, incident_ids: Sequence[str] | None
) -> tuple[list[Incident], int]:
    from journal import persons

    ids = list(incident_ids) if incident_ids is not None else []
    if person is not None:
        ids = persons.incident_ids(repo, person)
    entries = [repo.get(i) for i in dict.fromkeys(ids)]
    incidents = [e for e in entries if isinstance(e, Incident)]
    # Made-up entries (the demo command's) never leave the journal, like private ones.
    shareable = [e for e in incidents if e.shareable and not e.demo]
    shareable.sort(key=lambda e: (e.occurred_at, e.recorded_at or e.occurred_at))
    return shareable, len(incidents) - len(shareable)


def _exhibits(repo: Repository, incidents: Sequence[Incident], initials: str) -> list[Exhibit]:
    attachment_ids = [a.id for e in incidents for a in e.attachments]
    sources = taken_sources(repo, attachment_ids)
    recorded = recorded_times(repo, attachment_ids)
    out: list[Exhibit] = []
    for number, incident in enumerate(incidents, 1):
        for att in incident.attachments:
            out.append(
                Exhibit(
                    reference=f"{initials}/{len(out) + 1}",
                    incident_number=number,
                    attachment_id=att.id,
                    filename=att.filename,
                    mime=att.mime,
                    size=att.size,
                    sha256=att.sha256,
                    taken_at=att.captured_at,
                    taken_from=sources.get(att.id, ""),
                    recorded_at=recorded.get(att.id),
                )
            )
    return out


def _what_happened(incident: Incident, include_quoted: bool) -> str:
    parts = [incident.title]
    details = [
        label(CATEGORY_LABELS, incident.category),
        f"severity {label(SEVERITY_LABELS, incident.severity).lower()}",
    ]
    if incident.author_handle:
        details.append(f"from {incident.author_handle}")
    parts.append(", ".join(details))
    if incident.description.strip():
        text = incident.description.strip()
        if len(text) > DESCRIPTION_LIMIT:
            text = text[: DESCRIPTION_LIMIT - 1] + "…"
        parts.append(text)
    if include_quoted and incident.quoted_text.strip():
        parts.append(f"Exact words: “{incident.quoted_text.strip()}”")
    return "\n".join(parts)


def _police_ref(incident: Incident) -> str:
    return str(getattr(incident, "police_crime_ref", "") or "")


def _cover(
    pdf: ReportPDF,
    *,
    subject: str,
    accounts: Sequence[str],
    practitioner: str,
    generated_at: datetime,
    incidents: Sequence[Incident],
    exhibits: Sequence[Exhibit],
    initials: str,
    include_quoted: bool,
    left_out: int,
) -> None:
    pdf.add_page()
    pdf.gap(18)
    pdf.write_text("CONFIDENTIAL", size=10, style="B", colour=ACCENT)
    pdf.gap(2)
    pdf.write_text("Chronology", size=26, style="B", height=12)
    pdf.gap(2)
    pdf.write_text(subject, size=14, colour=MUTED, height=7)
    pdf.gap(8)
    pdf.field("Prepared by", practitioner or "Not given")
    pdf.field("Prepared on", _when(generated_at))
    if accounts:
        pdf.field("Accounts", ", ".join(accounts))
    pdf.field("Period", f"{_when(incidents[0].occurred_at)} to {_when(incidents[-1].occurred_at)}")
    pdf.field("Incidents", str(len(incidents)))
    pdf.field(
        "Exhibits",
        f"{len(exhibits)}, labelled {initials}/1 to {initials}/{len(exhibits)}"
        if exhibits
        else "none",
    )
    pdf.gap(6)
    notes = [
        "Each incident was recorded at the time in an encrypted journal; the time it happened "
        "and the time it was recorded are kept apart and the second is never edited.",
        "Each exhibit is the original file as it was brought in. Its SHA-256 below lets anyone "
        "check a copy of the original: the same file always gives the same SHA-256.",
        "The practitioner's private notes are never included."
        + (
            " The exact words quoted in each incident are included."
            if include_quoted
            else " The exact words quoted in incidents are left out of this document."
        ),
    ]
    if left_out:
        notes.append(
            f"{left_out} incident(s) from these accounts, marked as not for sharing, are left out."
        )
    for note in notes:
        pdf.write_text(note, size=9.5, colour=MUTED)
        pdf.gap(1.5)


def _table(
    pdf: ReportPDF,
    incidents: Sequence[Incident],
    exhibits: Sequence[Exhibit],
    include_quoted: bool,
    on_entry: Callable[[], None] | None,
) -> None:
    pdf.add_page()
    pdf.heading("Chronology of incidents")
    by_incident: dict[int, list[str]] = {}
    for ex in exhibits:
        by_incident.setdefault(ex.incident_number, []).append(ex.reference)
    pdf.font(8.5)
    pdf.set_draw_color(*RULE)
    widths = (9, 30, 22, 76, 16, 17)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=4.3,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", color=ACCENT, fill_color=(241, 243, 245)),
        repeat_headings=1,
    ) as table:
        header = table.row()
        for text in ("No.", "Date and time", "Platform", "What happened", "Exhibits", "Police"):
            header.cell(text)
        for number, incident in enumerate(incidents, 1):
            row = table.row()
            row.cell(str(number))
            row.cell(pdf.clean(_when(incident.occurred_at)))
            row.cell(pdf.clean(label(PLATFORM_LABELS, incident.platform)))
            row.cell(pdf.clean(_what_happened(incident, include_quoted)))
            row.cell(pdf.clean(", ".join(by_incident.get(number, [])) or "–"))
            row.cell(pdf.clean(_police_ref(incident) or "–"))
            if on_entry is not None:
                on_entry()


def _exhibit_pages(
    pdf: ReportPDF, repo: Repository, exhibits: Sequence[Exhibit], on_exhibit: Callable[[], None]
) -> None:
    if not exhibits:
        return
    heic_supported()  # HEIC exhibits are drawn too when they can be read
    pdf.add_page()
    pdf.heading("Exhibits")
    for ex in exhibits:
        data = repo.attachment(ex.attachment_id).data or b""
        matches = hashlib.sha256(data).hexdigest() == ex.sha256
        opened = _open_image(data) if matches and ex.mime.startswith("image/") else None
        height = 0.0
        width = 0.0
        if opened is not None:
            width, height = _image_size(pdf, opened[1])
        pdf.keep(height + 40)
        pdf.write_text(f"Exhibit {ex.reference}", size=13, style="B", colour=ACCENT, height=7)
        pdf.field("Original file name", ex.filename)
        pdf.field("In incident", f"No. {ex.incident_number} of the chronology")
        taken = _when(ex.taken_at)
        if ex.taken_from in SOURCE_LABELS:
            taken += f" (from {SOURCE_LABELS[ex.taken_from]})"
        pdf.field("Taken", taken)
        pdf.field("Recorded", _when(ex.recorded_at) if ex.recorded_at else "")
        pdf.field("Size", _size(ex.size))
        pdf.field("SHA-256", ex.sha256, mono=True)
        if not matches:
            pdf.write_text(
                "This file no longer matches the SHA-256 recorded when it was added, so it is "
                "not shown. Run “practitioner-journal verify” and keep the journal as it is.",
                size=9,
                colour=URGENT,
            )
        elif opened is not None:
            pdf.gap(1.5)
            top = pdf.get_y()
            pdf.image(opened[0], x=pdf.l_margin, y=top, w=width, h=height)
            pdf.set_draw_color(*RULE)
            pdf.rect(pdf.l_margin, top, width, height)
            pdf.set_y(top + height + 2)
        else:
            pdf.write_text("Kept in the journal; not a picture, so not shown here.", size=9)
        pdf.gap(6)
        on_exhibit()


def render_chronology(
    repo: Repository,
    incidents: Sequence[Incident],
    *,
    subject: str,
    accounts: Sequence[str],
    practitioner: str,
    initials: str,
    generated_at: datetime,
    include_quoted: bool = False,
    password: str | None = None,
    left_out: int = 0,
    progress: Callable[[], None] | None = None,
) -> tuple[bytes, list[Exhibit]]:
    """The chronology as PDF bytes (AES-256 when a password is given), and its exhibits."""
    _check_fonts()
    exhibits = _exhibits(repo, incidents, initials)
    pdf = ReportPDF("Confidential · Chronology")
    try:
        pdf.describe("Chronology", subject, practitioner, generated_at)
        _cover(
            pdf,
            subject=subject,
            accounts=accounts,
            practitioner=practitioner,
            generated_at=generated_at,
            incidents=incidents,
            exhibits=exhibits,
            initials=initials,
            include_quoted=include_quoted,
            left_out=left_out,
        )
        _table(pdf, incidents, exhibits, include_quoted, progress)
        _exhibit_pages(pdf, repo, exhibits, progress or (lambda: None))
        return pdf.finish(password), exhibits
    finally:
        pdf.close_fonts()


def _subject(
    repo: Repository, person: str | None, incidents: Sequence[Incident]
) -> tuple[str, Sequence[str], str]:
    """What the chronology is about, the accounts it names, and to whom the log says it went."""
    from journal import persons

    if person is not None:
        found = persons.get(repo, person)
        return f"Incidents from {found.label}", found.handles, f"Chronology: {found.label}"
    accounts = sorted({i.author_handle for i in incidents if i.author_handle})
    return "Chosen incidents", accounts, "Chronology"


def _chronology_record(
    target: Path,
    data: bytes,
    incidents: Sequence[Incident],
    recipient: str,
    generated_at: datetime,
    password: str | None,
) -> ExportRecord:
    """The export log's row for the chronology: its one PDF and the incidents in it."""
    sha256 = hashlib.sha256(data).hexdigest()
    export_id = new_export_id()
    return ExportRecord(
        id=export_id,
        created_at=generated_at,
        recipient_name=recipient,
        recipient_email="",
        formats=("pdf",),
        urgent=False,
        includes_threat=any(i.category == "threat" for i in incidents),
        period_since=incidents[0].occurred_at,
        period_until=incidents[-1].occurred_at,
        files=(
            ExportFile(
                "pdf", str(target.resolve()), sha256, len(data), encrypted=password is not None
            ),
        ),
        entries=tuple(ExportedEntry(i.id, i.revision, i.hash) for i in incidents),
    )


def export_chronology(
    repo: Repository,
    out: Path,
    *,
    person: str | None = None,
    incident_ids: Sequence[str] | None = None,
    password: str | None = None,
    include_quoted: bool = False,
    initials: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ChronologyResult:
    """Write the chronology for one person (or chosen incidents) and log it as an export."""
    from journal.export.engine import _write_and_log

    if (person is None) == (incident_ids is None):
        raise InputError("Choose a person or a set of incidents for the chronology.")
    if password is not None:
        from journal.export.password import check_password

        check_password(password)
    target = Path(out).expanduser()
    if target.exists():
        raise InputError(f"{target} already exists. Choose a new file name; nothing was written.")
    incidents, left_out = _incidents(repo, person, incident_ids)
    if not incidents:
        raise NothingInChronology()
    settings = ReportSettings.load(repo)
    practitioner = settings.practitioner_name
    initials = exhibit_initials(initials or practitioner)
    subject, accounts, recipient = _subject(repo, person, incidents)
    attachment_total = sum(len(i.attachments) for i in incidents)
    total = len(incidents) + attachment_total
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, total), total)

    generated_at = repo.clock()
    data, exhibits = render_chronology(
        repo,
        incidents,
        subject=subject,
        accounts=accounts,
        practitioner=practitioner,
        initials=initials,
        generated_at=generated_at,
        include_quoted=include_quoted,
        password=password,
        left_out=left_out,
        progress=step,
    )
    record = _chronology_record(target, data, incidents, recipient, generated_at, password)
    _write_and_log(repo, record, {"pdf": target}, {"pdf": data})
    return ChronologyResult(
        path=target,
        sha256=record.files[0].sha256,
        export_id=record.id,
        incident_count=len(incidents),
        exhibit_count=len(exhibits),
        encrypted=password is not None,
        left_out=left_out,
    )
