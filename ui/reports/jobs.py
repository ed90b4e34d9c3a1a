"""Work for the reports screens that runs on the journal's worker thread (no widgets here).

Each function takes the open ``Journal`` and returns plain data for the screen to show.
What may go into a report is decided by the core (``journal.export``); these only ask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from journal import queries, usecases
from journal.export.selection import ReportRequest
from journal.export.settings import ReportSettings
from journal.repository import EntrySummary
from journal.session import Journal

REMINDED = queries.FOLLOWUP_REMINDED  # export id -> when a reminder was last sent


@dataclass(frozen=True)
class SendSetup:
    """What the send dialog needs before it shows anything."""

    settings: ReportSettings
    last_export: datetime | None
    folder: str  # the folder used last time, or "" for the default


def load_setup(journal: Journal) -> SendSetup:
    from journal.export.log import ExportLog

    return SendSetup(
        queries.report_settings(journal),
        ExportLog(journal.repo).last_report_time(),
        queries.export_folder(journal),
    )


def save_people(journal: Journal, practitioner: str, manager: str, email: str) -> ReportSettings:
    """Keep who reports go to, leaving the follow-up setting as it was."""
    return usecases.save_report_people(journal, practitioner, manager, email).value


Preview = queries.ReportPreview
PreviewRow = EntrySummary


def load_preview(
    journal: Journal, request: ReportRequest, extra_ids: Sequence[str] = ()
) -> Preview:
    """The entries a report for ``request`` may hold, plus ``extra_ids`` where shareable."""
    return queries.report_preview(journal, request, extra_ids)


# -- the export log and follow-ups -------------------------------------------------------


def load_log(journal: Journal) -> list[Any]:
    from journal.export.log import ExportLog

    return ExportLog(journal.repo).records()


def acknowledge(journal: Journal, export_id: str, acknowledged: bool) -> Any:
    return usecases.acknowledge_report(journal, export_id, acknowledged).value


def mark_sent(journal: Journal, export_id: str, sent: bool) -> Any:
    return usecases.mark_report_sent(journal, export_id, sent).value


@dataclass(frozen=True)
class FollowUp:
    """A threat report the manager hasn't acknowledged, old enough to follow up."""

    export_id: str
    sent_at: datetime
    days: int  # whole days since it was sent
    recipient_name: str
    recipient_email: str
    practitioner: str
    waiting: int  # how many reports are waiting in all (this one included)


def due_followup(journal: Journal) -> FollowUp | None:
    """The oldest threat report to follow up, unless a reminder went out recently."""
    from journal.export.log import ExportLog

    settings = queries.report_settings(journal)
    now = queries.now(journal)
    reminded = queries.followup_reminders(journal)
    quiet = timedelta(days=max(settings.followup_days, 1))
    due = []
    for record in ExportLog(journal.repo).followups_due(settings.followup_days, now):
        last = reminded.get(record.id)
        if last and now - datetime.fromisoformat(last) < quiet:
            continue
        due.append(record)
    if not due:
        return None
    first = due[0]
    return FollowUp(
        first.id,
        first.created_at,
        max(0, (now - first.created_at).days),
        first.recipient_name,
        first.recipient_email,
        settings.practitioner_name,
        len(due),
    )


def note_reminder(journal: Journal, export_id: str) -> None:
    """A reminder went out: ask again only after the follow-up days have passed once more."""
    usecases.note_followup_reminder(journal, export_id)


# -- the one click -----------------------------------------------------------------------


@dataclass(frozen=True)
class OneClickSetup:
    """Whether the one click can go straight ahead: it needs an address and a name."""

    practitioner: str
    manager_email: str

    @property
    def ready(self) -> bool:
        from journal.errors import ValidationError
        from journal.export.send import check_address

        try:
            check_address(self.manager_email)
        except ValidationError:
            return False
        return bool(self.practitioner.strip())


def load_one_click(journal: Journal) -> OneClickSetup:
    settings = queries.report_settings(journal)
    return OneClickSetup(settings.practitioner_name, settings.manager_email)


@dataclass(frozen=True)
class OneClick:
    """What the one click did, for the screen: never any entry text."""

    sent: Any  # journal.export.send.Sent
    revealed: bool  # the file shown in its folder (when no draft could open)


def one_click(
    journal: Journal,
    incident_id: str | None,
    default_folder: Path,
    progress: Callable[[int, int], None],
    should_cancel: Callable[[], bool],
    *,
    to: str | None = None,
    sender: str | None = None,
) -> OneClick:
    """Make the report, open the draft (or show the file), log what happened."""
    from journal.export.mailer import default_mailer
    from journal.export.send import send_report
    from journal.export.settings import reports_folder

    saved = queries.export_folder(journal)
    folder = reports_folder(journal.repo) if saved else default_folder
    mailer = default_mailer()
    sent = send_report(
        journal,
        mailer,
        incident_id=incident_id,
        to=to,
        sender=sender,
        folder=folder,
        progress=progress,
        should_cancel=should_cancel,
    )
    revealed = False
    if not sent.draft.opened or sent.draft.check_attachment:
        revealed = mailer.reveal(sent.pdf)
    return OneClick(sent, revealed)


def open_draft(journal: Journal, result: Any, request: ReportRequest) -> Any:
    """The wizard's report: a new draft with its PDF attached; logged when one opened."""
    from journal.export.mail import draft_email
    from journal.export.mailer import Draft, default_mailer

    email = draft_email(result, request)
    opened = default_mailer().open_draft(
        Draft(email.to, email.subject, email.body, result.files["pdf"])
    )
    if opened.opened:
        usecases.note_draft_opened(journal, result.export_id, opened.program)
    return opened
