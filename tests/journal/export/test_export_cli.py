"""``practitioner-journal export`` end to end: files, the export log, and one-line failures."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from helpers.paths import REPO as ROOT
from helpers.pdf_readers import read_pdf_everywhere
from helpers.processes import run_python
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from journal.cli import main
from journal.export import ExportLog
from journal.export.json_export import load_schema
from journal.models import CheckIn, Incident
from journal.paths import ENV_DATA_DIR
from journal.session import Journal, Unlock


@pytest.fixture
def filled(journal: Journal) -> Journal:
    journal.repo.add(
        Incident(
            title="Early post",
            occurred_at=datetime.fromisoformat("2026-01-10T12:00:00+00:00"),
            private_notes="QXCLIPRIVATE",
        )
    )
    journal.repo.add(
        Incident(
            title="Later threat",
            occurred_at=datetime.fromisoformat("2026-02-20T12:00:00+00:00"),
            category="threat",
            severity="high",
        )
    )
    journal.repo.add(
        Incident(
            title="Kept back QXCLIHIDDEN",
            occurred_at=datetime.fromisoformat("2026-02-21T12:00:00+00:00"),
            shareable=False,
        )
    )
    journal.repo.add(
        CheckIn(
            occurred_at=datetime.fromisoformat("2026-02-21T12:00:00+00:00"),
            description="QXCLICHECKIN",
            shareable=False,
        )
    )
    journal.close()
    return journal


def _log(paths) -> list:
    with Journal.open(paths, Unlock()) as journal:
        return ExportLog(journal.repo).records()


def test_export_json_takes_every_shareable_entry_and_is_logged(
    filled: Journal, paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    assert main(["export", "--format", "json", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    Draft202012Validator(load_schema()).validate(data)
    assert [e["title"] for e in data["entries"]] == ["Early post", "Later threat"]
    text = out.read_text()
    for marker in ("QXCLIPRIVATE", "QXCLIHIDDEN", "QXCLICHECKIN"):
        assert marker not in text
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in printed and "2 entries" in printed
    (record,) = _log(paths)
    assert record.files[0].sha256 == digest and record.files[0].path == str(out.resolve())
    assert record.formats == ("json",) and record.includes_threat


def test_export_period_and_password_protected_pdf(
    filled: Journal, paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password_file = tmp_path / "pw.txt"
    password_file.write_text("tezor-fadim-hosun-revak\n")
    out = tmp_path / "report.pdf"
    code = main(
        [
            "export",
            "--format",
            "pdf",
            "--out",
            str(out),
            "--since",
            "2026-02-01",
            "--until",
            "2026-02-20",
            "--password-file",
            str(password_file),
        ]
    )
    assert code == 0
    assert "password protected" in capsys.readouterr().out
    assert "Later threat" in read_pdf_everywhere(out, "tezor-fadim-hosun-revak")
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("tezor-fadim-hosun-revak")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Later threat" in text and "Early post" not in text  # --until includes that day
    (record,) = _log(paths)
    assert record.files[0].encrypted
    assert record.files[0].sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "csv", "--since", "last tuesday"], "--since should be a date"),
        (["--format", "csv", "--since", "2027-01-01"], "nothing to send"),
        (["--format", "csv", "--password-file", "{pw}"], "PDF reports only"),
        (["--format", "pdf", "--password-file", "{missing}"], "couldn't be read"),
        (["--format", "pdf", "--password-file", "{long}"], "at most 32 characters"),
    ],
)
def test_failures_are_one_line_with_exit_8_and_write_nothing(
    filled: Journal,
    paths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    fragment: str,
) -> None:
    password_file = tmp_path / "pw.txt"
    password_file.write_text("a long enough password")
    out = tmp_path / "out" / "report"
    long_file = tmp_path / "long.txt"
    long_file.write_text("a password too long for pdf readers\n")  # 35 characters
    args = [
        a.format(pw=password_file, missing=tmp_path / "missing.txt", long=long_file) for a in args
    ]
    assert main(["export", "--out", str(out), *args]) == 8
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("practitioner-journal: ")
    assert fragment in err
    assert not out.exists() and not out.parent.exists()
    assert _log(paths) == []


def test_an_existing_file_is_refused(
    filled: Journal, paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    out.write_text("already sent")
    assert main(["export", "--format", "csv", "--out", str(out)]) == 8
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "already sent"


def test_the_real_command_without_qt(filled: Journal, paths, tmp_path: Path) -> None:
    """The installed entry point, in a fresh process that unlocks with a passphrase file."""
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("correct horse battery staple\n")
    out = tmp_path / "report.csv"
    script = (
        "import sys\n"
        "from journal.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "assert 'PySide6' not in sys.modules, 'Qt was loaded'\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, ENV_DATA_DIR: str(paths.root), "PYTHONPATH": str(ROOT)}
    done = run_python(
        "-c", script, "export", "--no-keyring", "--passphrase-file", passphrase,
        "--format", "csv", "--out", out, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"Later threat" in raw
    assert b"QXCLIPRIVATE" not in raw and b"QXCLIHIDDEN" not in raw
    assert len(_log(paths)) == 1
