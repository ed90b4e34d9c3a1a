"""``send`` and ``reports``: the one click from the command line, with fake email programs.

The fake ``thunderbird`` on PATH is a real script that records what it was given;
the PDF it was handed is then opened with its password by poppler, qpdf and pypdf.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_mail import FakeMail
from helpers.pdf_readers import read_pdf_everywhere

from journal import patterns
from journal.cli import main
from journal.export import ExportLog
from journal.export.settings import ReportSettings
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now

T = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
SECRET_WORDS = "QXQUOTEDWORDS you will regret this"


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeMail:
    mail = FakeMail(tmp_path / "bin")
    for name, value in mail.env().items():
        if name in ("PATH", "XDG_DATA_DIRS", "XDG_DATA_HOME"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    return mail


@pytest.fixture
def filled(journal: Journal) -> dict[str, str]:
    journal.repo.clock = lambda: T  # recorded well before any report
    ids = {}
    for key, title, fields in (
        ("threat", "Threat after the hearing", {"category": "threat", "severity": "high"}),
        ("open", "Post about my report", {"status": "monitoring"}),
        ("closed", "Old comment, dealt with", {"status": "closed"}),
        ("hidden", "Kept back QXHIDDEN", {"shareable": False}),
    ):
        saved = journal.repo.add(
            Incident(
                title=title,
                occurred_at=T - timedelta(days=len(ids)),
                quoted_text=SECRET_WORDS,
                private_notes="QXPRIVATE",
                **fields,  # type: ignore[arg-type]
            )
        )
        ids[key] = saved.id
    journal.close()
    return ids


@dataclass(frozen=True)
class Sending:
    """What every test here starts from: the filled journal closed on disk (its ids by key),
    fake email programs on PATH, a spare folder, and what the command printed."""

    fake: FakeMail
    ids: dict[str, str]
    paths: JournalPaths
    tmp_path: Path
    capsys: pytest.CaptureFixture[str]


@pytest.fixture
def scene(
    fake: FakeMail,
    filled: dict[str, str],
    paths: JournalPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Sending:
    return Sending(fake, filled, paths, tmp_path, capsys)


def _records(paths) -> list:
    with Journal.open(paths, Unlock()) as journal:
        return ExportLog(journal.repo).records()


def _sent_pdf(fake: FakeMail) -> Path:
    [call] = fake.calls("thunderbird")
    fields = call["args"][1]
    found = re.search(r"attachment='file://([^']+)'", fields)
    assert found is not None
    return Path(found.group(1).replace("%20", " "))


def test_send_attaches_one_protected_pdf_to_a_new_draft_and_logs_it(scene: Sending) -> None:
    password_file = scene.tmp_path / "pw.txt"
    code = main(
        [
            "send", "--to", "sam.carter@example.org", "--from", "Alex Morgan",
            "--password-out", str(password_file),
        ]
    )  # fmt: skip
    printed = scene.capsys.readouterr().out
    assert code == 0
    password = password_file.read_text().strip()
    assert len(password) <= 32 and password.isalnum()
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password not in printed

    # exactly one file, the PDF, attached; poppler opens it with the password
    pdf = _sent_pdf(scene.fake)
    assert pdf.suffix == ".pdf" and pdf.parent == scene.tmp_path / "home" / "Documents" / "Reports"
    assert str(pdf) in printed and "Thunderbird" in printed
    text = read_pdf_everywhere(pdf, password)
    # the first report: the incidents still open, shareable ones only
    assert "Threat after the hearing" in text and "Post about my report" in text
    assert "Old comment" not in text and "QXHIDDEN" not in text and "QXPRIVATE" not in text
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]

    # subject and body: neutral, no journal text, no password
    [call] = scene.fake.calls("thunderbird")
    fields, body = call["args"][1], call["message_text"]
    assert "to='sam.carter@example.org'" in fields
    for words in ("Threat after", "Post about", "QXQUOTED", "regret", password):
        assert words not in fields and words not in body
    assert "Alex Morgan" in body and "password" in body

    (record,) = _records(scene.paths)
    assert record.state == "draft" and record.mail_program == "Thunderbird"
    assert record.recipient_email == "sam.carter@example.org"
    assert set(record.entry_ids) == {scene.ids["threat"], scene.ids["open"]}
    with Journal.open(scene.paths, Unlock()) as journal:
        settings = ReportSettings.load(journal.repo)
        assert (settings.manager_email, settings.practitioner_name) == (
            "sam.carter@example.org", "Alex Morgan",
        )  # fmt: skip
        log = ExportLog(journal.repo)
        found = patterns.evaluate(journal.repo, reported_ids=log.reported_entry_ids())
        assert "threat_unreported" not in {p.rule for p in found}

    # Again: nothing new since, and nothing written.
    assert main(["send"]) == 8
    assert "nothing new to send" in scene.capsys.readouterr().err
    assert len(_records(scene.paths)) == 1


def test_send_takes_what_is_new_one_incident_or_everything(scene: Sending) -> None:
    assert main(["send", "--to", "sam@example.org"]) == 0  # --to alone: no sender named
    first = scene.capsys.readouterr().out
    password = re.search(r"The password: (\w+)", first)
    assert password is not None
    with Journal.open(scene.paths, Unlock()) as journal:
        assert ReportSettings.load(journal.repo).practitioner_name == ""
        new = journal.repo.add(Incident(title="A new post today", occurred_at=now())).id
    made: list = []

    def send(*args: str) -> None:
        before = {r.id for r in _records(scene.paths)}
        assert main(["send", *args]) == 0
        scene.capsys.readouterr()
        [record] = [r for r in _records(scene.paths) if r.id not in before]
        made.append(record)

    send()
    send("--incident", scene.ids["closed"][:8])
    send("--all")
    since, one, everything = made
    assert since.entry_ids == (new,)
    assert one.entry_ids == (scene.ids["closed"],) and one.urgent
    assert set(everything.entry_ids) == {
        scene.ids["threat"],
        scene.ids["open"],
        scene.ids["closed"],
        new,
    }
    assert all(r.formats == ("pdf",) and r.files[0].encrypted for r in (everything, one, since))
    assert main(["send", "--incident", scene.ids["hidden"][:8]]) == 8
    assert "not for reports" in scene.capsys.readouterr().err
    assert main(["send", "--incident", "abc", "--all"]) == 8


def test_when_no_program_takes_the_file_it_is_saved_and_says_what_to_do(scene: Sending) -> None:
    scene.fake.configure(handler="firefox.desktop", xdg_email_version="1.2.1")
    assert main(["send", "--to", "sam@example.org"]) == 0
    printed = scene.capsys.readouterr().out
    (record,) = _records(scene.paths)
    assert record.state == "file" and not record.reported
    assert "Write to sam@example.org" in printed and "attach the file" in printed
    assert f"reports --sent {record.id[:8]}" in printed
    assert scene.fake.calls("thunderbird") == []

    # The person sends it by hand and says so: now it counts.
    assert main(["reports", "--sent", record.id[:8]]) == 0
    assert "sent by you" in scene.capsys.readouterr().out
    (record,) = _records(scene.paths)
    assert record.state == "sent" and record.reported


def test_export_is_logged_as_saved_to_a_file_and_reports_lists_the_log(scene: Sending) -> None:
    assert main(["export", "--format", "csv", "--out", str(scene.tmp_path / "r.csv")]) == 0
    assert "saved to a file" in scene.capsys.readouterr().out
    assert main(["send", "--to", "sam@example.org"]) == 0  # the CSV didn't count as a report
    scene.capsys.readouterr()
    records = _records(scene.paths)  # made in the same second: order by what they are
    [sent] = [r for r in records if r.formats == ("pdf",)]
    [saved] = [r for r in records if r.formats == ("csv",)]
    assert saved.state == "file" and sent.state == "draft"
    assert scene.ids["threat"] in sent.entry_ids

    assert main(["reports"]) == 0
    listing = {line[:8]: line for line in scene.capsys.readouterr().out.splitlines()}
    assert "draft opened in your email program" in listing[sent.id[:8]]
    assert "saved to a file" in listing[saved.id[:8]] and "CSV" in listing[saved.id[:8]]

    assert main(["reports", "--acknowledge", sent.id[:8]]) == 0
    assert "acknowledged" in scene.capsys.readouterr().out
    assert main(["reports", "--json"]) == 0
    data = {r["id"]: r for r in json.loads(scene.capsys.readouterr().out)}
    assert (data[sent.id]["state"], data[saved.id]["state"]) == ("acknowledged", "file")
    assert data[sent.id]["files"][0]["sha256"] == sent.files[0].sha256
    assert data[sent.id]["entries"] and data[sent.id]["recipient"]["email"] == "sam@example.org"
    assert main(["reports", "--acknowledge", "zzzz"]) == 9


def test_an_existing_password_file_is_refused_before_anything_is_made(scene: Sending) -> None:
    taken = scene.tmp_path / "pw.txt"
    taken.write_text("something else\n")
    assert main(["send", "--to", "sam@example.org", "--password-out", str(taken)]) == 8
    assert "already exists" in scene.capsys.readouterr().err
    assert taken.read_text() == "something else\n"
    assert _records(scene.paths) == [] and scene.fake.calls() == []
    assert main(["send", "--to", "not an address"]) == 8
    assert "doesn't look like an email address" in scene.capsys.readouterr().err
