"""One call that selects, renders, writes and logs a report; safe to run off the UI thread.

Everything is rendered in memory first, with progress and a chance to cancel
after every entry; a cancelled export writes nothing. The files are then
written atomically (private permissions) inside the same database
transaction that records them in the export log: if any write or the log
fails, the files already written are removed and the log is left unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from journal.errors import JournalError
from journal.export.files import chosen_formats, new_targets, removed_on_failure, write_new_files
from journal.export.log import ExportedEntry, ExportFile, ExportLog, ExportRecord, new_export_id
from journal.export.report import Report, build_report
from journal.export.selection import ReportRequest, select_entry_ids
from journal.repository import Repository

FORMATS = ("pdf", "json", "csv")
EXTENSIONS = {"pdf": ".pdf", "json": ".json", "csv": ".csv"}

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]


class ExportCancelled(JournalError):
    """The person cancelled; nothing was written and nothing was logged."""

    exit_code = 130
    default_message = "The export was cancelled. No files were written."


class NothingToExport(JournalError):
    exit_code = 8
    default_message = (
        "There is nothing to send: no shareable entries match what you chose. "
        "No files were written."
    )


@dataclass(frozen=True)
class ExportResult:
    export_id: str
    files: dict[str, Path]  # format → file written
    sha256s: dict[str, str]  # format → SHA-256 of that file
    entry_ids: tuple[str, ...]
    record: ExportRecord
    includes_threat: bool
    encrypted: bool


class _Steps:
    """Counts work done, reports it, and stops the work when asked to."""

    def __init__(
        self, total: int, progress: Progress | None, should_cancel: ShouldCancel | None
    ) -> None:
        self.done = 0
        self.total = max(total, 1)
        self.progress = progress
        self.should_cancel = should_cancel

    def check(self) -> None:
        if self.should_cancel is not None and self.should_cancel():
            raise ExportCancelled()

    def step(self, *, may_cancel: bool = True) -> None:
        if may_cancel:
            self.check()
        self.done = min(self.done + 1, self.total)
        if self.progress is not None:
            self.progress(self.done, self.total)


def _repository(source: Any) -> Repository:
    repo = getattr(source, "repo", source)
    if not isinstance(repo, Repository):
        raise TypeError("export_report needs a Journal or a Repository")
    return repo


def default_file_stem(generated_at: datetime, urgent: bool = False) -> str:
    """A file name that says what it is and when, never anything from the entries."""
    stamp = generated_at.astimezone().strftime("%Y-%m-%d-%H%M")
    return f"report-to-manager-{stamp}" + ("-urgent" if urgent else "")


def _check_formats(formats: Sequence[str], password: str | None) -> tuple[str, ...]:
    return chosen_formats(
        formats,
        FORMATS,
        password,
        none="choose at least one of PDF, JSON or CSV.",
        unknown="“{}” isn't one of PDF, JSON or CSV.",
        pdf_only="protects PDF reports only. Choose PDF, or leave the password out.",
    )


def render_report(
    report: Report,
    repo: Repository,
    formats: Sequence[str],
    *,
    password: str | None = None,
    on_entry: Callable[[], None] | None = None,
    on_file: Callable[[], None] | None = None,
) -> dict[str, bytes]:
    """Every requested format as bytes, in memory."""
    out: dict[str, bytes] = {}
    if "json" in formats:
        from journal.export.json_export import render_json

        out["json"] = render_json(report, on_entry)
        if on_file is not None:
            on_file()
    if "csv" in formats:
        from journal.export.csv_export import render_csv

        out["csv"] = render_csv(report, on_entry)
        if on_file is not None:
            on_file()
    if "pdf" in formats:
        from journal.export.pdf import render_pdf

        def load(attachment_id: str) -> bytes:
            data = repo.attachment(attachment_id).data
            return data or b""

        out["pdf"] = render_pdf(
            report,
            load,
            password=password,
            on_entry=on_entry,
        )
        if on_file is not None:
            on_file()
    return {fmt: out[fmt] for fmt in formats}


def export_report(
    source: Any,
    request: ReportRequest,
    out: Path | str | Mapping[str, Path | str],
    formats: Sequence[str] = ("pdf", "json"),
    *,
    password: str | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ExportResult:
    """Build, write and log a report.

    ``source`` is an open ``Journal`` or its ``Repository``. ``out`` is a folder
    (file names are chosen, never overwriting) or a mapping of format to file
    (an existing file is refused). ``progress(done, total)`` is called from the
    calling thread after each step; ``should_cancel()`` is polled as often.
    """
    repo = _repository(source)
    request.validate()
    chosen = _check_formats(formats, password)
    if password is not None:
        from journal.export.password import check_password

        check_password(password)
    selection = select_entry_ids(repo, request)
    if not selection.entry_ids:
        raise NothingToExport()
    count = len(selection.entry_ids)
    # reading each entry, then each entry once per format, then each file, then the write
    steps = _Steps(count + count * len(chosen) + len(chosen) + 1, progress, should_cancel)
    steps.check()
    export_id = new_export_id()
    generated_at = repo.clock()
    targets = new_targets(
        out,
        chosen,
        stem=default_file_stem(generated_at, request.urgent),
        extensions=EXTENSIONS,
        noun="report",
        nouns="reports",
    )
    report = build_report(
        repo,
        request,
        generated_at=generated_at,
        export_id=export_id,
        on_entry=steps.step,
        selection=selection,
    )
    if not report.entries:
        raise NothingToExport()
    rendered = render_report(
        report, repo, chosen, password=password, on_entry=steps.step, on_file=steps.step
    )
    steps.check()
    sha256s = {fmt: hashlib.sha256(data).hexdigest() for fmt, data in rendered.items()}
    record = _export_record(report, request, targets, sha256s, rendered, password)
    _write_and_log(repo, record, targets, rendered)
    steps.step(may_cancel=False)  # written and logged: too late to cancel
    return ExportResult(
        export_id=export_id,
        files=targets,
        sha256s=sha256s,
        entry_ids=report.entry_ids,
        record=record,
        includes_threat=report.includes_threat,
        encrypted=password is not None,
    )


def _export_record(
    report: Report,
    request: ReportRequest,
    targets: Mapping[str, Path],
    sha256s: Mapping[str, str],
    rendered: Mapping[str, bytes],
    password: str | None,
) -> ExportRecord:
    """The export log's row for the report: to whom, which period, each file and entry."""
    chosen = tuple(rendered)
    since, until = report.period()
    return ExportRecord(
        id=report.export_id,
        created_at=report.generated_at,
        recipient_name=report.manager_name,
        recipient_email=report.manager_email,
        formats=chosen,
        urgent=request.urgent,
        includes_threat=report.includes_threat,
        period_since=since,
        period_until=until,
        files=tuple(
            ExportFile(
                fmt,
                str(targets[fmt].resolve()),
                sha256s[fmt],
                len(rendered[fmt]),
                encrypted=fmt == "pdf" and password is not None,
            )
            for fmt in chosen
        ),
        entries=tuple(
            ExportedEntry(e["id"], int(e["revision"]), str(e["hash"])) for e in report.entries
        ),
    )


def _write_and_log(
    repo: Repository, record: ExportRecord, targets: Mapping[str, Path], data: Mapping[str, bytes]
) -> None:
    with removed_on_failure() as written, repo.transaction():
        ExportLog(repo).insert(record)
        write_new_files(targets, data, "report", written)
