"""``practitioner-journal export``: a report written, hashed and logged from the command line."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from journal.errors import InputError
from journal.timeutil import parse_datetime

if TYPE_CHECKING:
    from journal.export.log import ExportRecord


def _moment(text: str, option: str, *, end_of_day: bool) -> datetime:
    """A date (the whole day, local time) or a full ISO 8601 date and time."""
    try:
        moment = parse_datetime(text)
    except ValueError:
        raise InputError(
            f"{option} should be a date like 2026-03-14 (or a date and time like "
            "2026-03-14T09:30:00+00:00)."
        ) from None
    if end_of_day and len(text.strip()) == 10:
        moment = datetime.combine(moment.date(), time(23, 59, 59)).astimezone()
    return moment


def run_export(args: argparse.Namespace, out: TextIO) -> int:
    if getattr(args, "supervision", None):
        return run_supervision_summary(args, out)

    from journal.cli_common import open_journal, password_and_new_file, wrote
    from journal.export.engine import export_report
    from journal.export.selection import ReportRequest
    from journal.export.settings import ReportSettings

    since = _moment(args.since, "--since", end_of_day=False) if args.since else None
    until = _moment(args.until, "--until", end_of_day=True) if args.until else None
    password, target = password_and_new_file(args)
    with open_journal(args) as journal:
        settings = ReportSettings.load(journal.repo)
        request = ReportRequest(
            since=since,
            until=until,
            since_last_export=False,
            include_checkins=args.include_checkins,
            practitioner=settings.practitioner_name,
            manager_name=settings.manager_name,
            manager_email=settings.manager_email,
        )
        result = export_report(
            journal, request, {args.format: target}, (args.format,), password=password
        )
    count = len(result.entry_ids)
    entries = f"{count} {'entry' if count == 1 else 'entries'}"
    out.write(
        wrote(entries, target, result.encrypted, result.sha256s[args.format])
        + "Recorded in the export log as saved to a file. Use 'send' for a report your "
        "email program attaches to a message to your manager.\n"
    )
    return 0


def run_supervision_summary(args: argparse.Namespace, out: TextIO) -> int:
    """``export --supervision ID``: one supervision record's summary, for the supervision file."""

    from journal.cli_common import open_journal, password_and_new_file, resolve_id, wrote
    from journal.export.supervision_summary import export_supervision_summary

    if args.since or args.until or args.include_checkins:
        raise InputError(
            "A supervision summary covers the time since the record before it, so --since, "
            "--until and --include-checkins don't apply. Leave them out."
        )
    if args.format == "csv":
        raise InputError("A supervision summary is written as PDF or JSON. Choose one of those.")
    password, target = password_and_new_file(args)
    with open_journal(args) as journal:
        record_id = resolve_id(journal, args.supervision)
        result = export_supervision_summary(
            journal, record_id, {args.format: target}, (args.format,), password=password
        )
    count = len(result.entry_ids)
    what = (
        f"the supervision summary, with {count} {'entry' if count == 1 else 'entries'} discussed,"
    )
    out.write(wrote(what, target, result.encrypted, result.sha256s[args.format]))
    return 0


def run_send(args: argparse.Namespace, out: TextIO) -> int:
    """``send``: the one click from the command line."""
    from journal.cli_common import open_journal, reserve_file, resolve_id
    from journal.export.mailer import default_mailer
    from journal.export.password import grouped
    from journal.export.send import send_report
    from journal.fileio import atomic_write_bytes

    if args.incident and args.all:
        raise InputError("Choose --incident ID or --all, not both.")
    password_out = (
        reserve_file(Path(args.password_out), "password", "nothing was sent")
        if args.password_out
        else None
    )
    try:
        with open_journal(args) as journal:
            incident = resolve_id(journal, args.incident) if args.incident else None
            sent = send_report(
                journal,
                default_mailer(),
                incident_id=incident,
                everything=args.all,
                to=args.to,
                sender=getattr(args, "sender", None),
            )
    except BaseException:
        if password_out is not None:
            password_out.unlink(missing_ok=True)
        raise
    count = len(sent.export.entry_ids)
    out.write(
        f"Saved a report of {count} {'entry' if count == 1 else 'entries'}, protected with "
        f"a password, in {sent.pdf}\nSHA-256 {sent.export.sha256s['pdf']}\n"
    )
    if sent.draft.opened:
        out.write(
            f"A new email to {sent.email.to} is open in {sent.draft.program} with the report "
            "attached. Read it through and send it.\n"
        )
        if sent.draft.check_attachment:
            out.write("Check the report is attached; if it isn't, attach the file above.\n")
        out.write("Recorded in the export log as a draft opened in your email program.\n")
    else:
        out.write(
            f"{sent.draft.reason} Write to {sent.email.to} with the subject "
            f"“{sent.email.subject}”, attach the file above and send it. Then run "
            f"'practitioner-journal reports --sent {sent.record.id[:8]}' so it counts as "
            "reported.\nRecorded in the export log as saved to a file.\n"
        )
    if password_out is not None:
        atomic_write_bytes(password_out, (sent.password + "\n").encode("ascii"))
        out.write(f"The password is in {password_out}.")
    else:
        out.write(f"The password: {sent.password}  (read out: {grouped(sent.password)})")
    out.write(" Give it to your manager by phone or text message, never by email.\n")
    return 0


def run_reports(args: argparse.Namespace, out: TextIO) -> int:
    """``reports``: the export log, and marking one acknowledged (or sent)."""
    import json

    from journal.cli_common import open_journal
    from journal.export.log import ExportLog

    if args.acknowledge and args.sent:
        raise InputError("Choose --acknowledge ID or --sent ID, not both.")
    with open_journal(args) as journal:
        log = ExportLog(journal.repo)
        if args.acknowledge:
            record = log.acknowledge(log.resolve(args.acknowledge))
            out.write(f"Marked the report of {_made(record)} as acknowledged by your manager.\n")
            return 0
        if args.sent:
            record = log.mark_sent(log.resolve(args.sent))
            out.write(f"Marked the report of {_made(record)} as sent by you.\n")
            return 0
        records = log.records()
    if args.json:
        json.dump([r.to_dict() for r in records], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not records:
        out.write("No reports yet.\n")
        return 0
    for record in records:
        to = record.recipient_email or record.recipient_name or "no one named"
        count = len(record.entries)
        out.write(
            f"{record.id[:8]}  {_made(record)}  {_STATES[record.state]:<34}  {to}  "
            f"{count} {'entry' if count == 1 else 'entries'}  "
            f"{', '.join(f.format.upper() for f in record.files)}"
            f"{'  threat' if record.includes_threat else ''}\n"
        )
    return 0


_STATES = {
    "file": "saved to a file",
    "draft": "draft opened in your email program",
    "sent": "sent (you said so)",
    "acknowledged": "acknowledged by your manager",
}


def _made(record: ExportRecord) -> str:
    return record.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
