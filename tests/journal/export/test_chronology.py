"""The chronology PDF: cover, numbered table in date order, exhibits with hashes, read back."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from conftest import PASSPHRASE, Run
from helpers.pictures import jpeg, png
from pypdf import PdfReader

from journal import persons
from journal.errors import ValidationError
from journal.export.chronology import NothingInChronology, export_chronology
from journal.export.log import ExportLog
from journal.export.settings import ReportSettings
from journal.models import Incident, NewAttachment
from journal.paths import JournalPaths
from journal.session import Journal, Unlock

PASSWORD = "Kf7Qm2Xr9Lp4Tz8Wn3Hb"
PDFTOTEXT = shutil.which("pdftotext") or "pdftotext"  # poppler-utils, installed by CI


def pdftotext(path: Path, password: str | None = None) -> str:
    args = [PDFTOTEXT, "-layout"]
    if password is not None:
        args += ["-upw", password]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def fill(journal: Journal) -> dict[str, bytes]:
    """Three incidents from two accounts of one person, one from someone else."""
    ReportSettings(practitioner_name="Jane Smith").save(journal.repo)
    repo = journal.repo
    street_at = datetime(2026, 11, 4, 10, 15, tzinfo=UTC)
    video_at = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    with_evidence = (  # the screenshot's name, type and picture, then the incident it shows
        ("Screenshot_20261104-101500.png", "image/png", png(colour=(10, 200, 10)), street_at, {
            "title": "Second: a post naming my street", "author_handle": "@truth4kids",
            "platform": "facebook", "category": "threat", "severity": "high",
            "description": "The post gave the name of my street.",
            "quoted_text": "we know where you live",
            "private_notes": "SECRET-NOTE-never-in-a-chronology",
        }),
        ("IMG_20261001_090000.jpg", "image/jpeg", jpeg("2026:10:01 09:00:00", "+01:00"),
         video_at, {"title": "First: a comment under a video",
                    "author_handle": "@dad_fights_back", "platform": "youtube"}),
    )  # fmt: skip
    shots: dict[str, bytes] = {}
    for name, mime, picture, taken, fields in with_evidence:
        shots[name] = picture
        evidence = [NewAttachment(name, mime, picture, captured_at=taken)]
        repo.add(Incident(occurred_at=taken, **fields), evidence)  # type: ignore[arg-type]
    repo.add(
        Incident(
            title="Third: kept to myself",
            occurred_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
            author_handle="@truth4kids",
            shareable=False,
        )
    )
    repo.add(Incident(title="Someone else entirely", author_handle="@other"))
    repo.add(
        Incident(
            title="Made up for the demo", author_handle="@truth4kids", demo=True,
            occurred_at=datetime(2026, 11, 5, 8, 0, tzinfo=UTC),
        )
    )  # fmt: skip
    persons.link(repo, "@dad_fights_back", "Parent A, case 123")
    persons.link(repo, "@truth4kids", "Parent A, case 123")
    return shots


def test_chronology_for_a_person(journal: Journal, tmp_path: Path) -> None:
    shots = fill(journal)
    out = tmp_path / "chronology.pdf"
    result = export_chronology(journal.repo, out, person="parent a, case 123")
    assert (result.incident_count, result.exhibit_count, result.left_out) == (2, 2, 2)

    text = pdftotext(out)
    words = flat(text)
    assert "Chronology" in words and "Incidents from Parent A, case 123" in words
    assert "Prepared by Jane Smith" in words
    assert "@dad_fights_back, @truth4kids" in words
    # numbered in date order, whichever was recorded first
    assert words.index("First: a comment") < words.index("Second: a post")
    assert "Someone else" not in words and "Third: kept" not in words
    assert "Made up for the demo" not in words  # demo entries never leave the journal
    # exhibits: initials and number, original name, taken and recorded, SHA-256
    assert "Exhibit JS/1" in words and "Exhibit JS/2" in words
    assert re.search(r"JS/1 .*IMG_20261001_090000\.jpg", words)
    for name, data in shots.items():
        assert name in words
        assert hashlib.sha256(data).hexdigest() in words
    assert "Recorded" in words and "Taken" in words
    # never private notes; exact words only when asked for
    assert "SECRET-NOTE" not in words
    assert "we know where you live" not in words

    pages = PdfReader(BytesIO(out.read_bytes())).pages
    assert any("Exhibit JS/2" in p.extract_text() for p in pages)
    record = ExportLog(journal.repo).get(result.export_id)
    assert record.files[0].sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert len(record.entry_ids) == 2


def test_exact_words_when_chosen_and_a_password(journal: Journal, tmp_path: Path) -> None:
    fill(journal)
    out = tmp_path / "protected.pdf"
    result = export_chronology(
        journal.repo, out, person="Parent A, case 123", include_quoted=True, password=PASSWORD
    )
    assert result.encrypted
    assert "we know where you live" in flat(pdftotext(out, PASSWORD))
    refused = subprocess.run(
        [PDFTOTEXT, str(out), "-"], capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    reader = PdfReader(BytesIO(out.read_bytes()))
    assert reader.is_encrypted
    assert reader.decrypt(PASSWORD)


def test_refusals_write_nothing(journal: Journal, tmp_path: Path) -> None:
    fill(journal)
    with pytest.raises(ValidationError):
        export_chronology(journal.repo, tmp_path / "a.pdf", person="Parent A, case 123",
                          password="short")  # fmt: skip
    persons.link(journal.repo, "@nobody", "Parent B")
    with pytest.raises(NothingInChronology):
        export_chronology(journal.repo, tmp_path / "b.pdf", person="Parent B")
    assert not list(tmp_path.glob("*.pdf"))
    assert ExportLog(journal.repo).count() == 0


def test_cli_chronology(
    run: Run, passphrase_file: Path, paths: JournalPaths, tmp_path: Path
) -> None:
    assert run("init", "--passphrase-file", str(passphrase_file))[0] == 0
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        fill(journal)
    password_file = tmp_path / "pw.txt"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    out = tmp_path / "c.pdf"
    code, text, err = run(
        "chronology", "--person", "Parent A, case 123", "--out", str(out),
        "--password-file", str(password_file),
    )  # fmt: skip
    assert code == 0, err
    assert "2 incidents with 2 exhibits" in text and "password protected" in text
    assert "Exhibit JS/1" in pdftotext(out, PASSWORD)
    code, _text, err = run("chronology", "--person", "Nobody", "--out", str(tmp_path / "n.pdf"))
    assert code == 9 and "no person labelled" in err and len(err.splitlines()) == 1
