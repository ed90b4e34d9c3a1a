"""``practitioner-journal export``: a report written, hashed and logged from the command line."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import TextIO

from journal.errors import InputError
from journal.timeutil import parse_datetime


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
    from pathlib import Path

    from journal.cli import _open, _read_secret_file
    from journal.export.engine import export_report
    from journal.export.selection import ReportRequest
    from journal.export.settings import ReportSettings

    since = _moment(args.since, "--since", end_of_day=False) if args.since else None
    until = _moment(args.until, "--until", end_of_day=True) if args.until else None
    password = None
    if args.export_password_file:
        password = _read_secret_file(args.export_password_file, "password")
    target = Path(args.out)
    if target.exists():
        raise InputError(f"{target} already exists. Choose a new file name; nothing was written.")
    with _open(args) as journal:
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
    out.write(
        f"Wrote {count} {'entry' if count == 1 else 'entries'} to {target}"
        f"{' (password protected)' if result.encrypted else ''}.\n"
        f"SHA-256 {result.sha256s[args.format]}\n"
        "Recorded in the export log.\n"
    )
    return 0


def run_supervision_summary(args: argparse.Namespace, out: TextIO) -> int:
    """``export --supervision ID``: one supervision record's summary, for the supervision file."""
    from pathlib import Path

    from journal.cli import _open, _read_secret_file, _resolve_id
    from journal.export.supervision_summary import export_supervision_summary

    if args.since or args.until or args.include_checkins:
        raise InputError(
            "A supervision summary covers the time since the record before it, so --since, "
            "--until and --include-checkins don't apply. Leave them out."
        )
    if args.format == "csv":
        raise InputError("A supervision summary is written as PDF or JSON. Choose one of those.")
    password = None
    if args.export_password_file:
        password = _read_secret_file(args.export_password_file, "password")
    target = Path(args.out)
    if target.exists():
        raise InputError(f"{target} already exists. Choose a new file name; nothing was written.")
    with _open(args) as journal:
        record_id = _resolve_id(journal, args.supervision)
        result = export_supervision_summary(
            journal, record_id, {args.format: target}, (args.format,), password=password
        )
    count = len(result.entry_ids)
    out.write(
        f"Wrote the supervision summary, with {count} "
        f"{'entry' if count == 1 else 'entries'} discussed, to {target}"
        f"{' (password protected)' if result.encrypted else ''}.\n"
        f"SHA-256 {result.sha256s[args.format]}\n"
    )
    return 0
