"""Reports a manager can check with no journal and no key: verify-report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.pdf_readers import poppler_text

from journal.cli import main
from journal.models import Incident
from journal.paths import JournalPaths
from journal.report_check import share_hash
from journal.session import Journal, Unlock

PASSPHRASE = "correct horse battery staple"  # the one in passphrase_file (tests/conftest.py)


@pytest.fixture
def two_reports(paths: JournalPaths, passphrase_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Report 1 with entries A and B; then A edited and B moved to the bin; report 2."""
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    a = journal.repo.add(
        Incident(title="Threat in a comment", shareable=True, private_notes="my own worry")
    )
    b = journal.repo.add(Incident(title="Message naming my child", shareable=True))
    journal.close()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert _export(passphrase_file, first) == 0
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        entry = journal.repo.get(a.id)
        entry.description = "They posted again."
        entry.private_notes = "a different private worry"
        journal.repo.update(entry)
        journal.repo.delete(b.id)
    assert _export(passphrase_file, second) == 0
    return first, second


def _export(passphrase_file: Path, out: Path, fmt: str = "json") -> int:
    return main(["--passphrase-file", str(passphrase_file), "--no-keyring", "export",
                 "--format", fmt, "--out", str(out)])  # fmt: skip


def _edit(path: Path, change: Any) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    edited = path.with_name("edited-" + path.name)
    edited.write_text(json.dumps(data), encoding="utf-8")
    return edited


def _check(capsys: pytest.CaptureFixture[str], *reports: Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify-report", *map(str, reports)])
    out, err = capsys.readouterr()
    return code, out + err


def test_a_report_checks_out_on_its_own_and_a_change_is_caught(
    two_reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second = two_reports
    data = json.loads(first.read_text(encoding="utf-8"))
    assert "my own worry" not in first.read_text(encoding="utf-8")
    for entry in data["entries"]:  # recomputable from what the report shows
        assert entry["share_hash"] == share_hash(entry)
    assert data["integrity"]["chain"]["seq"] >= 2
    code, text = _check(capsys, first)
    assert code == 0 and "checks out" in text

    def soften(d: dict[str, Any]) -> None:
        d["entries"][0]["title"] = "A comment"

    code, text = _check(capsys, _edit(first, soften))
    assert code == 6 and "no longer matches its hash" in text


def test_a_later_report_continues_the_earlier_one(
    two_reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = two_reports
    later = json.loads(second.read_text(encoding="utf-8"))
    assert [i["status"] for i in later["integrity"]["previously_reported"]] == ["deleted"]
    code, text = _check(capsys, first, second)
    assert code == 0, text
    assert "continues the earlier one" in text


def _hide_the_deleted_entry(_earlier: dict[str, Any], later: dict[str, Any]) -> None:
    later["integrity"]["previously_reported"] = []


def _rewrite_an_entry(earlier: dict[str, Any], later: dict[str, Any]) -> None:
    """What an owner with the key could make their journal say, hashes and all."""
    entry = dict(earlier["entries"][0], title="Nothing much happened")
    entry["share_hash"] = share_hash(entry)
    later["entries"] = [entry]


def _from_an_older_copy(_earlier: dict[str, Any], later: dict[str, Any]) -> None:
    later["integrity"]["chain"]["seq"] = 1


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param(
            _hide_the_deleted_entry,
            "neither includes it nor says what became of it",
            id="an entry gone without a trace",
        ),
        pytest.param(
            _rewrite_an_entry,
            "without the change being recorded",
            id="a rewrite without a new revision",
        ),
        pytest.param(_from_an_older_copy, "earlier point of the journal", id="from an older copy"),
    ],
)
def test_a_later_report_that_does_not_continue_the_earlier_is_caught(
    two_reports: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any], dict[str, Any]], None],
    words: str,
) -> None:
    first, second = two_reports
    earlier = json.loads(first.read_text(encoding="utf-8"))
    code, text = _check(capsys, first, _edit(second, lambda later: change(earlier, later)))
    assert code == 6 and words in text


def test_not_a_report_is_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, text = _check(capsys, bad)
    assert code == 8 and "isn't a Practitioner Journal report" in text


def test_the_pdf_says_how_to_check(
    two_reports: tuple[Path, Path], passphrase_file: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "report.pdf"
    assert _export(passphrase_file, pdf, "pdf") == 0
    flat = " ".join(poppler_text(pdf).split())
    assert "verify-report" in flat and "Shareable hash" in flat and "Journal position" in flat
