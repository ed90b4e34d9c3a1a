"""A full disk: the write fails with StorageError, and the journal stays exactly as it was.

Each case runs in a subprocess (tests/helpers/disk_full.py) whose file size
limit makes the next write fail with EFBIG, unprivileged. The test then
reopens the real files and checks them.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from helpers.paths import HELPERS, REPO
from helpers.processes import run_python

from journal.backup import write_backup
from journal.errors import UnlockError
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now
from journal.verify import verify

pytest.importorskip("resource")

HELPER = HELPERS / "disk_full.py"
PASSPHRASE = "disk full passphrase"


@pytest.fixture
def setup(paths: JournalPaths, tmp_path: Path) -> tuple[JournalPaths, Path, set[str]]:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    saved = journal.repo.add_many(
        [
            (Incident(title=f"before {i}", description="z" * 500, occurred_at=now()), ())
            for i in range(5)
        ]
    )
    journal.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE, encoding="utf-8")
    return paths, pw, {e.id for e in saved}


def run(operation: str, paths: JournalPaths, pw: Path, margin: str, *extra: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("PRACTITIONER_JOURNAL_DEBUG", None)
    done = run_python(HELPER, operation, paths.root, pw, margin, *extra, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def entry_ids(paths: JournalPaths, passphrase: str = PASSPHRASE) -> set[str]:
    with Journal.open(paths, Unlock(passphrase=passphrase, use_keyring=False)) as journal:
        report = verify(journal.conn)
        assert report.ok, report.problems
        return {r[0] for r in journal.conn.execute("SELECT id FROM entries")}


@pytest.mark.parametrize("operation", ["add", "add_many"])
def test_a_write_that_does_not_fit_changes_nothing(
    setup: tuple[JournalPaths, Path, set[str]], operation: str
) -> None:
    paths, pw, before = setup
    result = run(operation, paths, pw, "16384")
    assert result["error"] == "StorageError"
    assert "disk" in result["message"] and "Nothing was changed" in result["message"]
    # The journal went on working once there was room, in the same process.
    assert entry_ids(paths) == before | {result["after"]}


def test_a_passphrase_change_that_does_not_fit_keeps_the_old_one(
    setup: tuple[JournalPaths, Path, set[str]],
) -> None:
    paths, pw, before = setup
    slots_before = paths.key_slots.read_bytes()
    # The key file is rewritten whole: cap files at half its size.
    result = run("passphrase", paths, pw, f"={paths.key_slots.stat().st_size // 2}")
    assert result["error"] == "StorageError"
    assert entry_ids(paths) == before | {result["after"]}
    with pytest.raises(UnlockError):
        entry_ids(paths, "a new passphrase that won't fit")
    assert (
        json.loads(paths.key_slots.read_bytes())["slots"]["passphrase"]
        == json.loads(slots_before)["slots"]["passphrase"]
    )
    assert not [p for p in paths.root.iterdir() if p.name.startswith(".keyslots.json.")]


def test_a_backup_that_does_not_fit_leaves_no_file(
    setup: tuple[JournalPaths, Path, set[str]], tmp_path: Path
) -> None:
    paths, pw, before = setup
    target = tmp_path / "out" / "b.pjbackup"
    result = run("backup", paths, pw, "=20000", str(target))
    assert result["error"] == "StorageError"
    assert not target.exists()
    assert not list(target.parent.iterdir())  # no temp folder left behind either
    assert entry_ids(paths) == before | {result["after"]}


def test_cli_reports_a_full_disk_in_one_line(
    setup: tuple[JournalPaths, Path, set[str]], tmp_path: Path
) -> None:
    paths, pw, before = setup
    source = tmp_path / "entries.json"
    source.write_text(
        json.dumps(
            [{"kind": "incident", "title": f"t{i}", "occurred_at": "2026-03-14T09:30:00+00:00",
              "description": "w" * 30_000} for i in range(20)]
        ),
        encoding="utf-8",
    )  # fmt: skip
    digest = hashlib.sha256(paths.database.read_bytes()).hexdigest()
    result = run("cli-add", paths, pw, "16384", str(source))
    assert result["code"] == 10
    assert result["stdout"] == ""
    lines = result["stderr"].strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("practitioner-journal: ")
    assert "disk" in lines[0]
    assert entry_ids(paths) == before
    assert hashlib.sha256(paths.database.read_bytes()).hexdigest() == digest

    target = tmp_path / "backup.pjbackup"
    for cap, when in (("=40000", "writing the copy"), ("=20000", "opening: no room for -shm")):
        result = run("cli-backup", paths, pw, cap, str(target))
        assert result["code"] == 10 and not target.exists(), (when, result)
        lines = result["stderr"].strip().splitlines()
        assert len(lines) == 1 and "disk" in lines[0] and "damaged" not in lines[0]
        assert entry_ids(paths) == before


def test_a_restore_that_does_not_fit_changes_nothing(
    setup: tuple[JournalPaths, Path, set[str]], tmp_path: Path
) -> None:
    paths, pw, before = setup
    target = tmp_path / "b.pjbackup"
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        write_backup(journal, target)
        journal.repo.add(Incident(title="since the backup", occurred_at=now()))
    current = entry_ids(paths)
    files = {p.name: p.read_bytes() for p in (paths.database, paths.key_slots)}
    result = run("cli-restore", paths, pw, "=40000", str(target))
    assert result["code"] == 10, result
    lines = result["stderr"].strip().splitlines()
    assert len(lines) == 1 and "disk" in lines[0]
    assert {p.name: p.read_bytes() for p in (paths.database, paths.key_slots)} == files
    assert not (paths.root / ".restore").exists()
    assert entry_ids(paths) == current and before < current
