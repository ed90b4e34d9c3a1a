"""The export log and the engine's promises: default period, progress, cancel, no half writes."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journal import patterns
from journal.errors import InputError, NotFound, StorageError, ValidationError
from journal.export import (
    ExportCancelled,
    ExportLog,
    ExportRecord,
    NothingToExport,
    ReportRequest,
    export_report,
    select_entry_ids,
)
from journal.export.log import (
    DELIVERY_DRAFT,
    DELIVERY_FILE,
    ExportedEntry,
    ExportFile,
    new_export_id,
)
from journal.export.mail import draft_email
from journal.export.settings import ReportSettings
from journal.models import Incident
from journal.session import Journal, Unlock
from journal.store import SCHEMA_VERSION
from journal.timeutil import now

T0 = datetime.fromisoformat("2026-03-01T09:00:00+00:00")


class Clock:
    """A settable clock for the repository: times in the log and entries are exact."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock(journal: Journal) -> Clock:
    fixed = Clock(T0)
    journal.repo.clock = fixed
    return fixed


def _incident(journal: Journal, title: str, occurred: datetime, **fields: object) -> Incident:
    saved = journal.repo.add(Incident(title=title, occurred_at=occurred, **fields))
    assert isinstance(saved, Incident)
    return saved


# -- the log itself -------------------------------------------------------------------------


def test_the_log_is_a_migration_and_survives_reopening(journal: Journal, paths) -> None:
    version = journal.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
    tables = {r[0] for r in journal.conn.execute("SELECT name FROM sqlite_master")}
    assert {"exports", "export_files", "export_entries"} <= tables
    record = ExportRecord(
        id=new_export_id(),
        created_at=T0,
        recipient_name="Morgan Lee",
        recipient_email="morgan@example.org",
        formats=("pdf",),
        urgent=True,
        includes_threat=True,
        period_since=None,
        period_until=T0,
        files=(ExportFile("pdf", "/reports/r.pdf", "a" * 64, 10, encrypted=True),),
        entries=(ExportedEntry("e1", 2, "b" * 64),),
    )
    ExportLog(journal.repo).record(record)
    journal.close()
    with Journal.open(paths, Unlock()) as again:
        assert ExportLog(again.repo).records() == [record]


def test_acknowledge_followups_and_reported_ids(journal: Journal, clock: Clock) -> None:
    log = ExportLog(journal.repo)

    def record(days_ago: int, *, threat: bool, entry: str, draft: bool = True) -> ExportRecord:
        return log.record(
            ExportRecord(
                id=new_export_id(),
                created_at=T0 - timedelta(days=days_ago),
                recipient_name="",
                recipient_email="",
                formats=("json",),
                urgent=False,
                includes_threat=threat,
                period_since=None,
                period_until=None,
                entries=(ExportedEntry(entry, 1, "c" * 64),),
                delivery=DELIVERY_DRAFT if draft else DELIVERY_FILE,
            )
        )

    old_threat = record(5, threat=True, entry="e1")
    new_threat = record(1, threat=True, entry="e2")
    old_abuse = record(9, threat=False, entry="e1")
    only_saved = record(0, threat=True, entry="e3", draft=False)
    assert [r.id for r in log.records()] == [
        only_saved.id, new_threat.id, old_threat.id, old_abuse.id
    ]  # fmt: skip
    assert log.last_export_time() == T0
    assert log.last_report_time() == T0 - timedelta(days=1)
    assert log.reported_entry_ids() == {"e1", "e2"}  # a file saved reports nothing
    assert log.reported_on("e1") == T0 - timedelta(days=9)
    assert log.reported_on("e3") is None
    assert [r.id for r in log.reports_for_entry("e1")] == [old_threat.id, old_abuse.id]

    assert [r.id for r in log.followups_due(3, T0)] == [old_threat.id]
    assert [r.id for r in log.followups_due(0, T0)] == [old_threat.id, new_threat.id]
    sent = log.mark_sent(only_saved.id, T0 + timedelta(hours=2))
    assert sent.reported and sent.state == "sent" and sent.reported_at == T0 + timedelta(hours=2)
    assert log.reported_entry_ids() == {"e1", "e2", "e3"}
    assert log.reported_on("e3") == T0 + timedelta(hours=2)
    assert log.clear_sent(only_saved.id).state == "file"
    assert "e3" not in log.reported_entry_ids()
    acknowledged = log.acknowledge(old_threat.id)
    assert acknowledged.acknowledged_at == T0 and acknowledged.acknowledged
    assert log.followups_due(3, T0) == []
    assert log.clear_acknowledgement(old_threat.id).acknowledged_at is None
    assert [r.id for r in log.followups_due(3, T0)] == [old_threat.id]
    with pytest.raises(NotFound):
        log.acknowledge("no-such-report")
    with pytest.raises(ValidationError):
        log.followups_due(-1, T0)


def test_only_a_report_that_reached_the_manager_silences_the_threat_prompt(
    journal: Journal, tmp_path: Path
) -> None:
    threat = _incident(journal, "Threat at the school gate", now(), category="threat")
    log = ExportLog(journal.repo)

    def threat_prompts() -> list[patterns.Prompt]:
        found = patterns.evaluate(
            journal.repo,
            reported_ids=log.reported_entry_ids(),
            sent_reports=patterns.sent_reports_from(log.records()),
        )
        return [p for p in found if p.rule == "threat_unreported"]

    [prompt] = threat_prompts()
    assert prompt.entry_ids == (threat.id,)
    saved = export_report(journal, ReportRequest(since_last_export=False), tmp_path, ("csv",))
    assert log.get(saved.export_id).state == "file"
    assert [p.entry_ids for p in threat_prompts()] == [(threat.id,)]  # a CSV isn't a report
    assert patterns.sent_reports_from(log.records()) == []  # and waits for no reply
    log.mark_draft_opened(saved.export_id, "Thunderbird")
    assert threat_prompts() == []
    assert log.reported_on(threat.id) == saved.record.created_at


# -- default period: since the last export --------------------------------------------------


def test_default_selection_is_what_is_new_since_the_last_export(
    journal: Journal, clock: Clock, tmp_path: Path
) -> None:
    first = _incident(journal, "First", T0 - timedelta(days=10))
    clock.moment = T0 + timedelta(hours=1)
    result = export_report(journal, ReportRequest(), tmp_path, ("json",))
    assert result.entry_ids == (first.id,)
    # Only saved to a file: the manager wasn't told, so it is still all new.
    assert select_entry_ids(journal.repo, ReportRequest()).entry_ids == (first.id,)
    ExportLog(journal.repo).mark_draft_opened(result.export_id, "Thunderbird")

    clock.moment = T0 + timedelta(days=1)
    late = _incident(journal, "Recorded late, happened long ago", T0 - timedelta(days=20))
    recent = _incident(journal, "Happened since", T0 + timedelta(hours=5))
    chosen = select_entry_ids(journal.repo, ReportRequest())
    assert set(chosen.entry_ids) == {late.id, recent.id}
    assert chosen.since == T0 + timedelta(hours=1)
    # the command line's choice: every shareable entry, whatever was sent before
    everything = select_entry_ids(journal.repo, ReportRequest(since_last_export=False))
    assert set(everything.entry_ids) == {first.id, late.id, recent.id}
    # an explicit period filters on when things happened
    window = ReportRequest(since=T0 - timedelta(days=15), until=T0, since_last_export=False)
    assert select_entry_ids(journal.repo, window).entry_ids == (first.id,)


def test_requests_are_checked(journal: Journal, tmp_path: Path) -> None:
    _incident(journal, "One", now())
    out = tmp_path / "out"
    with pytest.raises(ValidationError, match="period"):
        export_report(journal, ReportRequest(since=now(), until=now() - timedelta(days=1)), out)
    with pytest.raises(ValidationError, match="formats"):
        export_report(journal, ReportRequest(), out, ("docx",))
    with pytest.raises(ValidationError, match="PDF"):
        export_report(journal, ReportRequest(), out, ("json",), password="long enough password")
    with pytest.raises(ValidationError, match="12"):
        export_report(journal, ReportRequest(), out, ("pdf",), password="short")
    with pytest.raises(NothingToExport):
        export_report(journal, ReportRequest(kinds=frozenset({"search"})), out)
    assert not out.exists()
    assert ExportLog(journal.repo).count() == 0


# -- progress, cancelling and failures -------------------------------------------------------


def test_progress_counts_up_to_its_total(journal: Journal, tmp_path: Path) -> None:
    for n in range(5):
        _incident(journal, f"Incident {n}", now() - timedelta(hours=n))
    calls: list[tuple[int, int]] = []
    export_report(
        journal,
        ReportRequest(),
        tmp_path,
        ("pdf", "json", "csv"),
        progress=lambda done, total: calls.append((done, total)),
    )
    totals = {total for _, total in calls}
    assert len(totals) == 1
    total = totals.pop()
    assert [done for done, _ in calls] == list(range(1, total + 1))
    assert total == 5 + 5 * 3 + 3 + 1  # read, render per format, finish each file, write


@pytest.mark.parametrize("stop_after", [0, 3, 12])
def test_cancelling_writes_and_logs_nothing(
    journal: Journal, tmp_path: Path, stop_after: int
) -> None:
    for n in range(5):
        _incident(journal, f"Incident {n}", now() - timedelta(hours=n))
    polls = 0

    def should_cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls > stop_after

    out = tmp_path / "reports"
    with pytest.raises(ExportCancelled):
        export_report(journal, ReportRequest(), out, ("pdf", "json"), should_cancel=should_cancel)
    assert not out.exists() or list(out.iterdir()) == []
    assert ExportLog(journal.repo).count() == 0


def test_once_files_are_written_a_cancel_is_too_late(journal: Journal, tmp_path: Path) -> None:
    _incident(journal, "One", now())
    out = tmp_path / "reports"
    result = export_report(
        journal,
        ReportRequest(),
        out,
        ("json",),
        should_cancel=lambda: out.exists() and any(out.iterdir()),
    )
    assert result.files["json"].exists()
    assert ExportLog(journal.repo).count() == 1


def test_a_failed_write_removes_what_was_written_and_logs_nothing(
    journal: Journal, tmp_path: Path
) -> None:
    _incident(journal, "One", now())
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    good = out / "report.pdf"
    with pytest.raises(StorageError, match="couldn't be saved"):
        export_report(
            journal,
            ReportRequest(),
            {"pdf": good, "json": blocker / "report.json"},
            ("pdf", "json"),
        )
    assert not good.exists()
    assert sorted(p.name for p in out.iterdir()) == ["not-a-folder"]
    assert ExportLog(journal.repo).count() == 0


def test_existing_files_are_never_overwritten(journal: Journal, tmp_path: Path) -> None:
    _incident(journal, "One", now())
    target = tmp_path / "sent-last-week.json"
    target.write_text("the report the manager already has")
    with pytest.raises(InputError, match="already exists"):
        export_report(journal, ReportRequest(), {"json": target}, ("json",))
    assert target.read_text() == "the report the manager already has"
    # into a folder, a second report gets a new name
    first = export_report(journal, ReportRequest(since_last_export=False), tmp_path, ("json",))
    second = export_report(journal, ReportRequest(since_last_export=False), tmp_path, ("json",))
    assert first.files["json"] != second.files["json"]
    assert first.files["json"].exists() and second.files["json"].exists()


def test_urgent_threat_report_and_its_email(journal: Journal, tmp_path: Path) -> None:
    threat = _incident(journal, "Threat", now(), category="threat", severity="high")
    _incident(journal, "Another", now())
    ReportSettings("Alex Example", "Morgan Lee", "morgan@example.org").save(journal.repo)
    settings = ReportSettings.load(journal.repo)
    request = ReportRequest(
        entry_ids=(threat.id,),
        urgent=True,
        practitioner=settings.practitioner_name,
        manager_name=settings.manager_name,
        manager_email=settings.manager_email,
    )
    result = export_report(journal, request, tmp_path, ("pdf", "json"), password="a" * 20)
    assert result.entry_ids == (threat.id,)
    assert result.files["pdf"].name.endswith("-urgent.pdf")
    data = json.loads(result.files["json"].read_text())
    assert data["metadata"]["urgent"] is True
    (logged,) = ExportLog(journal.repo).records()
    assert logged.urgent and logged.includes_threat
    assert logged.files == result.record.files
    assert result.sha256s["json"] == hashlib.sha256(result.files["json"].read_bytes()).hexdigest()

    draft = draft_email(result, request)
    assert draft.to == "morgan@example.org"
    assert draft.subject.startswith("Urgent")
    assert "Threat" not in draft.subject  # no entry text in the mail
    assert "separately" in draft.body and "a" * 20 not in draft.body
    assert result.sha256s["pdf"] in draft.body
    url = draft.mailto_url()
    assert url.startswith("mailto:morgan@example.org?subject=Urgent")
    assert "%0D%0A" in url and " " not in url
