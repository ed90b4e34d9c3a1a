"""The one click: a protected PDF for the manager, a new email draft with it attached, logged.

``send_report`` does what "Send to manager" and "Report this to your manager now" do,
and what ``practitioner-journal send`` does:

- what goes in: one incident (``incident_id``), everything shareable (``everything``),
  or what is new since the last report that reached the manager; the first time, the
  incidents still open;
- a PDF only, AES-256, with a new generated password (see ``password.py``), written to
  the reports folder, where it stays until the person deletes it;
- a new draft to the manager in the person's own email program, the PDF attached, the
  subject and a short neutral body holding no journal text and never the password;
- the export log says *draft opened* only when the email program opened one; otherwise
  the report is *saved to a file* and the caller shows the file and says what to do.

Nothing is ever sent by the app itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from journal.errors import InputError, ValidationError
from journal.export.engine import ExportResult, NothingToExport, Progress, export_report
from journal.export.log import ExportLog, ExportRecord
from journal.export.mail import EmailDraft, draft_email
from journal.export.mailer import Draft, DraftResult, Mailer
from journal.export.password import generate_password
from journal.export.selection import ReportRequest
from journal.export.settings import ReportSettings, reports_folder
from journal.repository import Repository

_EMAIL = re.compile(r"^[^@\s,;<>'\"]+@[^@\s,;<>'\"]+\.[^@\s,;<>'\"]+$")


def check_address(address: str) -> str:
    """An email address as the draft takes it: one address, nothing that could add another."""
    address = address.strip()
    if not _EMAIL.match(address):
        raise ValidationError(
            {"to": f"“{address}” doesn't look like an email address. Check it and try again."}
        )
    return address


@dataclass(frozen=True)
class Sent:
    """What the one click did."""

    export: ExportResult
    record: ExportRecord  # as logged, after the draft opened (or didn't)
    password: str
    email: EmailDraft
    draft: DraftResult

    @property
    def pdf(self) -> Path:
        return self.export.files["pdf"]


def _repository(source: Any) -> Repository:
    repo = getattr(source, "repo", source)
    if not isinstance(repo, Repository):
        raise TypeError("send_report needs a Journal or a Repository")
    return repo


def open_incident_ids(repo: Repository) -> tuple[str, ...]:
    """Shareable incidents not yet closed, oldest first: the first report's contents."""
    rows = repo.conn.execute(
        "SELECT id FROM entries WHERE kind = 'incident' AND deleted_at IS NULL "
        "AND shareable = 1 AND coalesce(status, 'open') <> 'closed' ORDER BY occurred_at, rowid"
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


def people(repo: Repository, to: str | None = None, sender: str | None = None) -> ReportSettings:
    """Who the report is for and from: as given (then kept for next time), else as saved."""
    settings = ReportSettings.load(repo)
    changed = settings
    if to is not None:
        address = check_address(to)
        if address.casefold() != settings.manager_email.casefold():
            changed = replace(changed, manager_email=address, manager_name="")
    if sender is not None:
        changed = replace(changed, practitioner_name=" ".join(sender.split()))
    if changed != settings:
        changed.save(repo)
    if not changed.manager_email:
        raise InputError(
            "Your manager's email address isn't saved yet. Give it once (on the command line, "
            "--to ADDRESS) and it's kept for next time."
        )
    check_address(changed.manager_email)
    return changed


def request_for(
    repo: Repository,
    settings: ReportSettings,
    *,
    incident_id: str | None = None,
    everything: bool = False,
) -> ReportRequest:
    common: dict[str, Any] = {
        "practitioner": settings.practitioner_name,
        "manager_name": settings.manager_name,
        "manager_email": settings.manager_email,
    }
    if incident_id is not None:
        return ReportRequest(
            entry_ids=(incident_id,), since_last_export=False, urgent=True, **common
        )
    if everything:
        return ReportRequest(since_last_export=False, **common)
    if ExportLog(repo).last_report_time() is None:
        return ReportRequest(
            entry_ids=open_incident_ids(repo),
            kinds=frozenset({"incident"}),
            since_last_export=False,
            **common,
        )
    return ReportRequest(since_last_export=True, **common)


def nothing_message(repo: Repository, incident_id: str | None, everything: bool) -> str:
    if incident_id is not None:
        return (
            "That incident can't go into a report: it is marked as not for reports, or it "
            "was deleted. Nothing was written."
        )
    if everything:
        return "There is nothing to send: no entries are marked to share. Nothing was written."
    if ExportLog(repo).last_report_time() is None:
        return (
            "There is nothing to send yet: no open incidents are marked to share. Nothing "
            "was written."
        )
    return (
        "There is nothing new to send since your last report. To send earlier entries, "
        "choose what goes in. Nothing was written."
    )


def send_report(
    source: Any,
    mailer: Mailer,
    *,
    incident_id: str | None = None,
    everything: bool = False,
    to: str | None = None,
    sender: str | None = None,
    folder: Path | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Sent:
    """Make the report, open the draft, log what happened. See the module's notes."""
    repo = _repository(source)
    settings = people(repo, to, sender)
    request = request_for(repo, settings, incident_id=incident_id, everything=everything)
    password = generate_password()
    target = folder or reports_folder(repo)
    try:
        result = export_report(
            repo,
            request,
            target,
            ("pdf",),
            password=password,
            progress=progress,
            should_cancel=should_cancel,
        )
    except NothingToExport:
        raise NothingToExport(nothing_message(repo, incident_id, everything)) from None
    email = draft_email(result, request)
    opened = mailer.open_draft(
        Draft(to=email.to, subject=email.subject, body=email.body, attachment=result.files["pdf"])
    )
    log = ExportLog(repo)
    record = (
        log.mark_draft_opened(result.export_id, opened.program)
        if opened.opened
        else log.get(result.export_id)
    )
    return Sent(result, record, password, email, opened)
