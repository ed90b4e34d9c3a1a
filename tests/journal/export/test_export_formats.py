"""Reports written to real files from a real journal, read back with pypdf, jsonschema and csv.

Every private thing gets a unique marker: a private note, a non-shareable
entry, a check-in that was not ticked in, a deleted entry. No marker may
appear in any format.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers.pdf_readers import poppler_text, read_pdf_everywhere
from jsonschema import Draft202012Validator
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from journal.errors import ValidationError
from journal.export import ExportLog, Redaction, ReportRequest, export_report
from journal.export.csv_export import HEADINGS, unescape_cell
from journal.export.json_export import load_schema
from journal.export.password import generate_password, grouped
from journal.models import (
    Action,
    CheckIn,
    Entry,
    Incident,
    NewAttachment,
    SearchLogEntry,
    SupervisionRecord,
)
from journal.repository import Repository
from journal.session import Journal
from journal.timeutil import now

MARKERS = {
    "private_notes": "QXPRIVATENOTEMARK",
    "not_shareable": "QXNOTSHAREDMARK",
    "checkin_not_ticked": "QXCHECKINMARK",
    "deleted": "QXDELETEDMARK",
}


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (width, height), (250, 250, 250))
    ImageDraw.Draw(image).rectangle([5, 5, width - 5, 40], fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "JPEG", quality=80)
    return out.getvalue()


@dataclass
class Sample:
    journal: Journal
    threat: Incident
    abuse: Incident
    search: SearchLogEntry
    supervision: SupervisionRecord
    shared_checkin: CheckIn
    hidden: list[str]  # ids that must never be exported

    @property
    def shared_ids(self) -> set[str]:
        return {self.threat.id, self.abuse.id, self.search.id, self.supervision.id}


def _threat(when: datetime) -> tuple[Incident, list[NewAttachment]]:
    """A critical threat with every field filled in, and three pieces of evidence."""
    incident = Incident(
        title="Message saying they know where I live",
        occurred_at=when,
        platform="facebook",
        content_type="direct_message",
        author_handle="@truth_for_kids",
        author_relation="party",
        case_ref="C4821",
        urls=["https://example.org/post/1"],
        quoted_text="We know where you live 😡 שלום",
        description="It arrived late in the evening after the hearing.",
        category="threat",
        severity="critical",
        impact_tags=["fearful", "lost sleep"],
        impact_score=9,
        actions=[Action(what="Told my manager", done=True, done_on=when.date())],
        platform_report_ref="FB-99812",
        platform_report_outcome="Under review",
        private_notes=f"I wonder if {MARKERS['private_notes']} is behind it",
    )
    evidence = [
        NewAttachment("screenshot.png", "image/png", _png(600, 900, (59, 89, 152))),
        NewAttachment("photo.jpg", "image/jpeg", _jpeg(800, 500)),
        NewAttachment("chat-export.txt", "text/plain", b"the whole chat"),
    ]
    return incident, evidence


def _add_kept_back(repo: Repository, when: datetime) -> tuple[Entry, Entry, Entry, str]:
    """What no report may show: an unshared incident, check-ins not ticked, a deleted entry.

    Returns the incident, the unshared check-in, the shared one and the deleted one's id.
    """
    hidden_incident = repo.add(
        Incident(
            title=f"Not for sharing {MARKERS['not_shareable']}",
            occurred_at=when,
            quoted_text=MARKERS["not_shareable"],
            shareable=False,
        )
    )
    checkin = repo.add(
        CheckIn(
            occurred_at=when,
            description=f"Rough day {MARKERS['checkin_not_ticked']}",
            shareable=False,
        )
    )
    shared_checkin = repo.add(
        CheckIn(
            occurred_at=when,
            description=f"Shared but not ticked {MARKERS['checkin_not_ticked']}",
            shareable=True,
        )
    )
    deleted = repo.add(
        Incident(title=f"Gone {MARKERS['deleted']}", occurred_at=when, description="x")
    )
    repo.delete(deleted.id)
    return hidden_incident, checkin, shared_checkin, deleted.id


@pytest.fixture
def sample(journal: Journal) -> Sample:
    """One made-up entry of each kind, shared or kept back."""
    repo = journal.repo
    when = now() - timedelta(days=3)
    threat = repo.add(*_threat(when))
    abuse = repo.add(
        Incident(
            title="Post calling my assessment biased",
            occurred_at=when + timedelta(hours=2),
            category="abuse",
            severity="medium",
            impact_score=4,
            status="closed",
        )
    )
    search = repo.add(
        SearchLogEntry(
            occurred_at=when + timedelta(hours=3),
            query="parent profile",
            where="Facebook group",
            reason="Concern that case information was shared",
            agreed_by="Sam Patel",
        )
    )
    hidden_incident, checkin, shared_checkin, deleted_id = _add_kept_back(repo, when)
    supervision = repo.add(
        SupervisionRecord(
            occurred_at=when + timedelta(hours=4),
            supervisor="Jo Williams",
            discussed=[threat.id, hidden_incident.id],
            wellbeing_discussed="Sleep and worry",
            actions=[Action(what="Risk assessment with legal and HR", who="manager")],
        )
    )
    return Sample(
        journal,
        threat,
        abuse,
        search,
        supervision,
        shared_checkin,
        [hidden_incident.id, checkin.id, shared_checkin.id, deleted_id],
    )


REQUEST = ReportRequest(
    practitioner="Alex Example",
    manager_name="Morgan Lee",
    manager_email="morgan@example.org",
    since_last_export=False,
)


def _pdf_text(path: Path, password: str | None = None) -> tuple[str, PdfReader]:
    read_pdf_everywhere(path, password)  # poppler, qpdf (and --check) open it too
    reader = PdfReader(path)
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages), reader


def _assert_private_absent(data: str | bytes) -> None:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    for marker in MARKERS.values():
        assert marker not in text


@pytest.fixture
def exported(sample: Sample, tmp_path: Path) -> Iterator[tuple[Sample, dict[str, Path]]]:
    result = export_report(sample.journal, REQUEST, tmp_path / "out", ("pdf", "json", "csv"))
    yield sample, result.files


# -- minimisation: in every format ----------------------------------------------------------


def test_no_private_marker_in_any_format(exported: tuple[Sample, dict[str, Path]]) -> None:
    sample, files = exported
    text, _ = _pdf_text(files["pdf"])
    _assert_private_absent(text)
    _assert_private_absent(files["json"].read_bytes())
    _assert_private_absent(files["csv"].read_bytes())
    for entry_id in sample.hidden:
        for data in (text, files["json"].read_text(), files["csv"].read_text(encoding="utf-8-sig")):
            assert entry_id not in data
    report = json.loads(files["json"].read_text())
    assert {e["id"] for e in report["entries"]} == sample.shared_ids
    assert all("private_notes" not in e for e in report["entries"])
    # an entry discussed in supervision but not shareable is not named by its id either
    supervision = next(e for e in report["entries"] if e["kind"] == "supervision")
    assert supervision["discussed"] == [sample.threat.id]


def test_explicit_ids_cannot_bring_in_what_is_not_shareable(sample: Sample, tmp_path: Path) -> None:
    request = ReportRequest(entry_ids=(sample.threat.id, *sample.hidden))
    result = export_report(sample.journal, request, tmp_path, ("json",))
    assert result.entry_ids == (sample.threat.id,)
    _assert_private_absent(result.files["json"].read_bytes())


def test_checkins_only_when_ticked_in(sample: Sample, tmp_path: Path) -> None:
    request = ReportRequest(since_last_export=False, include_checkins=True)
    result = export_report(sample.journal, request, tmp_path, ("json",))
    # the shareable check-in now appears; the private one still doesn't
    assert sample.shared_checkin.id in result.entry_ids
    data = json.loads(result.files["json"].read_text())
    assert sum(1 for e in data["entries"] if e["kind"] == "checkin") == 1
    assert data["summary"]["counts_by_kind"]["checkin"] == 1


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_has_cover_summary_sections_hashes_and_page_numbers(
    exported: tuple[Sample, dict[str, Path]],
) -> None:
    sample, files = exported
    text, reader = _pdf_text(files["pdf"])
    pages = len(reader.pages)
    assert pages >= 4
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in reader.pages[number - 1].extract_text()
    for expected in (
        "CONFIDENTIAL",
        "Alex Example",
        "Morgan Lee <morgan@example.org>",
        "Summary",
        "1 open threat",
        "Threat to me or my family",
        "What I am asking of you",
        "risk assessment with legal and HR",
        sample.threat.title,
        sample.abuse.title,
        "parent profile",
        "Jo Williams",
        "Critical",
        "@truth_for_kids",
        "FB-99812",
        "Told my manager",
        "screenshot.png",
        "chat-export.txt",
    ):
        assert expected in text, expected
    flat = text.replace("\n", " ")
    for entry in (sample.threat, sample.abuse, sample.search, sample.supervision):
        assert entry.hash in flat  # the revision hash of each entry
    for attachment in sample.threat.attachments:
        assert attachment.sha256 in flat
    # the two images are placed; the text file is only listed
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 2
    assert "kept in the journal, not shown here" in flat
    # the emoji is named rather than lost; the Hebrew is kept
    assert "שלום" in text or "םולש" in text
    assert reader.metadata is not None and reader.metadata.title == "Report to manager"


def test_encrypted_pdf_opens_only_with_its_password(sample: Sample, tmp_path: Path) -> None:
    password = "kabit-mopun-tezor-fadim"
    result = export_report(sample.journal, REQUEST, tmp_path, ("pdf",), password=password)
    assert result.encrypted and result.record.files[0].encrypted
    reader = PdfReader(result.files["pdf"])
    assert reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert not PdfReader(result.files["pdf"]).decrypt("not the password")
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)  # AES-256
    text, opened = _pdf_text(result.files["pdf"], password)
    assert sample.threat.title in text
    _assert_private_absent(text)
    assert "Page 1 of" in opened.pages[0].extract_text()
    # nothing readable without the password: not the words, not the metadata
    raw = result.files["pdf"].read_bytes()
    for plain in (b"Alex Example", b"Report to manager", b"Morgan"):
        assert plain not in raw


def test_a_generated_password_opens_the_report_in_poppler(sample: Sample, tmp_path: Path) -> None:
    password = generate_password()
    result = export_report(sample.journal, REQUEST, tmp_path, ("pdf",), password=password)
    assert sample.threat.title in read_pdf_everywhere(result.files["pdf"], password)
    spoken = grouped(password)  # read out in groups, typed without the spaces
    assert sample.threat.title in poppler_text(result.files["pdf"], spoken.replace(" ", ""))


def test_a_typed_password_longer_than_poppler_takes_is_refused(
    sample: Sample, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="at most 32"):
        export_report(sample.journal, REQUEST, tmp_path / "out", ("pdf",), password="x" * 33)
    assert not (tmp_path / "out").exists()


def test_tampered_evidence_is_flagged_not_shown(sample: Sample, tmp_path: Path) -> None:
    screenshot = sample.threat.attachments[0]
    sample.journal.conn.execute(
        "UPDATE attachments SET data = ? WHERE id = ?",
        (_png(600, 900, (200, 0, 0)), screenshot.id),
    )
    request = ReportRequest(entry_ids=(sample.threat.id,))
    result = export_report(sample.journal, request, tmp_path, ("pdf",))
    text, reader = _pdf_text(result.files["pdf"])
    assert "no longer matches the SHA-256" in text
    assert len([i for p in reader.pages for i in p.images]) == 1  # only the JPEG


# -- JSON and CSV ---------------------------------------------------------------------------


def test_json_validates_against_the_schema(exported: tuple[Sample, dict[str, Path]]) -> None:
    sample, files = exported
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    validator.validate(data)
    assert data["metadata"]["manager"] == {"name": "Morgan Lee", "email": "morgan@example.org"}
    assert data["summary"]["open_threats"] == 1
    assert data["summary"]["incidents_by_category"]["threat"] == 1
    codes = [a["code"] for a in data["summary"]["asks"]]
    assert codes == ["risk_assessment", "support", "acknowledge"]
    threat = next(e for e in data["entries"] if e["id"] == sample.threat.id)
    assert threat["hash"] == sample.threat.hash
    assert [a["sha256"] for a in threat["attachments"]] == [
        a.sha256 for a in sample.threat.attachments
    ]
    # a report carrying a private field is rejected by the schema itself
    threat["private_notes"] = "anything"
    assert not validator.is_valid(data)


def test_csv_round_trips(exported: tuple[Sample, dict[str, Path]]) -> None:
    sample, files = exported
    raw = files["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == HEADINGS
    by_id = {row["Id"]: {k: unescape_cell(v) for k, v in row.items()} for row in rows}
    assert set(by_id) == sample.shared_ids
    threat = by_id[sample.threat.id]
    assert threat["Title"] == sample.threat.title
    assert threat["Exact words"] == sample.threat.quoted_text
    assert threat["Author handle"] == "@truth_for_kids"  # escaped in the file, restored here
    assert threat["Impact tags"] == "fearful; lost sleep"
    assert threat["Category"] == "Threat to me or my family"
    assert threat["Revision hash (SHA-256)"] == sample.threat.hash
    assert sample.threat.attachments[0].sha256 in threat["Evidence"]
    assert by_id[sample.search.id]["Reason"] == "Concern that case information was shared"
    assert "'@truth_for_kids" in raw.decode("utf-8-sig")


# -- redaction ------------------------------------------------------------------------------


def test_redaction_applies_to_every_format_and_field(journal: Journal, tmp_path: Path) -> None:
    name = "Quenby Fairweather"
    journal.repo.add(
        Incident(
            title=f"Post naming {name}",
            occurred_at=now(),
            description=f"{name} was named. QUENBY again.",
            quoted_text=f"{name.upper()} should be ashamed",
            author_handle=name,
            case_ref=f"{name} case",
            urls=[f"https://example.org/{name}"],
            impact_tags=["quenby fairweather"],
            actions=[Action(what=f"Told {name}'s team", who=name)],
            platform_report_ref=f"ref {name}",
            platform_report_outcome=f"{name} removed",
        ),
        [NewAttachment(f"{name}.png", "image/png", _png(100, 100, (0, 0, 0)))],
    )
    journal.repo.add(
        SearchLogEntry(query=name, where=name, reason=f"about {name}", agreed_by=name, outcome=name)
    )
    journal.repo.add(
        SupervisionRecord(
            supervisor=name,
            wellbeing_discussed=name,
            actions=[Action(what=name, who=name)],
            description=name,
        )
    )
    request = ReportRequest(
        since_last_export=False,
        note=f"Please don't contact {name} directly.",
        redactions=[Redaction(name, "Q.F."), Redaction("Quenby", "Q.")],
    )
    result = export_report(journal, request, tmp_path, ("pdf", "json", "csv"))
    text, _ = _pdf_text(result.files["pdf"])
    documents = {
        "pdf": text,
        "json": result.files["json"].read_text(),
        "csv": result.files["csv"].read_text(encoding="utf-8-sig"),
    }
    for where, document in documents.items():
        lowered = document.casefold()
        assert "quenby" not in lowered, where
        assert "fairweather" not in lowered, where
        assert "Q.F." in document, where
    data = json.loads(documents["json"])
    assert data["metadata"]["redacted"] is True
    assert data["metadata"]["note"] == "Please don't contact Q.F. directly."
    incident = next(e for e in data["entries"] if e["kind"] == "incident")
    assert incident["attachments"][0]["filename"] == "Q.F..png"
    assert "Some names have been replaced" in text


# -- files ----------------------------------------------------------------------------------


def test_files_are_private_named_by_date_and_logged_with_their_hashes(
    exported: tuple[Sample, dict[str, Path]],
) -> None:
    sample, files = exported
    log = ExportLog(sample.journal.repo)
    (record,) = log.records()
    assert {f.format: Path(f.path) for f in record.files} == {
        k: p.resolve() for k, p in files.items()
    }
    for logged in record.files:
        path = Path(logged.path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == logged.sha256
        assert logged.size == path.stat().st_size
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.name.startswith("report-to-manager-")
    assert set(record.entry_ids) == sample.shared_ids
    assert {(e.entry_id, e.hash) for e in record.entries} >= {
        (sample.threat.id, sample.threat.hash)
    }
    assert record.includes_threat and record.recipient_email == "morgan@example.org"
    assert sorted(p.name for p in files["pdf"].parent.iterdir()) == sorted(
        p.name for p in files.values()
    )  # no temporary files left behind
