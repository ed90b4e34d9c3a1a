"""`backup --check`, `restore` onto a new computer and `backup-folder`, through the real CLI."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from journal import store
from journal.backup_check import BackupCheckFailed, check_backup_file
from journal.cli import main
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.verify import verify

PASSPHRASE = "correct horse battery staple"
WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def fingerprint(paths: JournalPaths) -> dict[str, str]:
    out = {}
    for path in sorted(paths.root.rglob("*")):
        if path.is_file() and path.name != "journal.lock":
            out[str(path.relative_to(paths.root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def made(paths: JournalPaths, tmp_path: Path) -> tuple[Path, Path, set[str]]:
    """A journal with two entries, its backup file and its recovery key in a file."""
    journal, recovery = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        ids = {journal.repo.add(Incident(title=t, occurred_at=WHEN)).id for t in ("one", "two")}
    target = tmp_path / "elsewhere" / "mine.pjbackup"
    assert main(["backup", "--out", str(target)]) == 0
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(recovery + "\n", encoding="utf-8")
    return target, key_file, ids


def test_check_reports_entries_and_date_and_changes_nothing(
    made: tuple[Path, Path, set[str]], paths: JournalPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    target, key_file, _ = made
    capsys.readouterr()
    before = fingerprint(paths)
    backup_before = target.read_bytes()
    code = main(["backup", "--check", str(target), "--recovery-key-file", str(key_file)])
    out = capsys.readouterr().out
    assert code == 0
    assert "This backup is good: 2 entries, made" in out
    assert fingerprint(paths) == before  # no scratch copy left, nothing changed
    assert target.read_bytes() == backup_before
    assert list(target.parent.iterdir()) == [target]


def test_check_with_the_passphrase_it_had_and_on_a_new_computer(
    made: tuple[Path, Path, set[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, _, _ = made
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    empty = tmp_path / "new-computer"
    code = main(
        ["--data-dir", str(empty), "backup", "--check", str(target), "--passphrase-file", str(pw)]
    )
    assert code == 0, capsys.readouterr().err
    assert "2 entries" in capsys.readouterr().out
    assert not empty.exists()  # checking never creates a journal folder


def test_check_with_the_wrong_recovery_key_is_an_unlock_error(
    made: tuple[Path, Path, set[str]], paths: JournalPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    target, _, _ = made
    other, other_key = Journal.create(
        JournalPaths(paths.root.parent / "other"), passphrase=PASSPHRASE
    )
    other.close()
    wrong = paths.root.parent / "other-key.txt"
    wrong.write_text(other_key, encoding="utf-8")
    capsys.readouterr()
    code = main(
        ["backup", "--check", str(target), "--recovery-key-file", str(wrong), "--no-keyring"]
    )
    assert code == 4
    err = capsys.readouterr().err
    assert "doesn't open" in err and "Traceback" not in err


def _rewrite_database(source: Path, target: Path, change: bytes) -> None:
    """The same archive with ``change`` written over part of its database member."""
    with zipfile.ZipFile(source) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    db = bytearray(members["journal.db"])
    db[8192 : 8192 + len(change)] = change
    members["journal.db"] = bytes(db)
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_check_of_a_damaged_copy_exits_6_with_what_is_wrong(
    made: tuple[Path, Path, set[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, key_file, _ = made
    damaged = tmp_path / "damaged.pjbackup"
    _rewrite_database(target, damaged, b"\xff" * 64)
    capsys.readouterr()
    code = main(["backup", "--check", str(damaged), "--recovery-key-file", str(key_file)])
    assert code == 6
    err = capsys.readouterr().err
    assert "checksums" in err and "Traceback" not in err

    truncated = tmp_path / "truncated.pjbackup"
    truncated.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    assert main(["backup", "--check", str(truncated), "--recovery-key-file", str(key_file)]) == 6
    assert "isn't a backup archive" in capsys.readouterr().err


def test_a_damaged_member_is_said_in_the_words_of_a_check_and_of_a_restore(
    made: tuple[Path, Path, set[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checking and restoring unpack a member the same way; each says what is wrong its way."""
    target, key_file, _ = made
    damaged = tmp_path / "damaged.pjbackup"
    _rewrite_database(target, damaged, b"\xff" * 64)
    capsys.readouterr()
    assert main(["backup", "--check", str(damaged), "--recovery-key-file", str(key_file)]) == 6
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            f"{damaged} is damaged: its contents don't match their checksums. Nothing was changed."
        )
    )
    new = tmp_path / "new-computer"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    restore = ["--data-dir", str(new), "restore", str(damaged)]
    assert main([*restore, "--recovery-key-file", str(key_file)]) != 0
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            f"{damaged} isn't a backup that can be restored: its contents don't match their "
            "checksums. Nothing was changed."
        )
    )


def test_check_of_a_whole_archive_around_a_tampered_journal_lists_the_problem(
    paths: JournalPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The archive is intact (checksums match) but the journal inside fails verify."""
    journal, recovery = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(Incident(title="honest", occurred_at=WHEN))
    copy = tmp_path / "tampered.db"
    store.export_encrypted(journal.conn, copy, journal._key)
    key = journal._key
    journal.close()
    conn = store.connect(copy, key)
    conn.execute("UPDATE entries SET title = 'rewritten', data = json_set(data, '$.title', 'x')")
    conn.close()
    data, slots = copy.read_bytes(), paths.key_slots.read_bytes()
    manifest = {
        "format": "practitioner-journal-backup",
        "version": 1,
        "created_at": WHEN.isoformat(),
        "app_version": "0",
        "schema_version": store.SCHEMA_VERSION,
        "journal_id": json.loads(slots)["journal_id"],
        "members": {
            "journal.db": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
            "keyslots.json": {"size": len(slots), "sha256": hashlib.sha256(slots).hexdigest()},
        },
    }
    target = tmp_path / "tampered.pjbackup"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("keyslots.json", slots)
        zf.writestr("journal.db", data)
    result = check_backup_file(target, Unlock(recovery_key=recovery, use_keyring=False))
    assert not result.ok and result.entries == 1
    key_file = tmp_path / "key.txt"
    key_file.write_text(recovery, encoding="utf-8")
    capsys.readouterr()
    assert main(["backup", "--check", str(target), "--recovery-key-file", str(key_file)]) == 6
    err = capsys.readouterr().err
    assert "failed" in err and "changed outside the app" in err


def test_check_of_something_that_is_not_a_backup(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pjbackup"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BackupCheckFailed) as caught:
        check_backup_file(bad, Unlock(recovery_key="x", use_keyring=False))
    assert caught.value.exit_code == 6


def test_restore_onto_a_new_computer_with_the_recovery_key(
    made: tuple[Path, Path, set[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target, key_file, ids = made
    new = tmp_path / "new-computer"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nobody to answer: nothing to ask
    capsys.readouterr()
    code = main(
        ["--data-dir", str(new), "restore", str(target), "--recovery-key-file", str(key_file)]
    )
    assert code == 0, capsys.readouterr().err
    assert "Restored the backup" in capsys.readouterr().out
    with Journal.open(JournalPaths(new), Unlock(passphrase=PASSPHRASE, use_keyring=False)) as j:
        assert {r[0] for r in j.conn.execute("SELECT id FROM entries")} == ids
        assert verify(j.conn).ok
    # A journal is there now: restoring again asks first.
    assert (
        main(["--data-dir", str(new), "restore", str(target), "--recovery-key-file", str(key_file)])
        == 2
    )


def test_backup_folder_sets_copies_and_turns_off(
    made: tuple[Path, Path, set[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "stick"
    capsys.readouterr()
    assert main(["backup-folder", str(stick)]) == 8  # not there: refused, nothing chosen
    assert "no folder" in capsys.readouterr().err.lower()
    assert not stick.exists()
    stick.mkdir()
    assert main(["backup-folder", str(stick)]) == 0
    assert "first copy was made" in capsys.readouterr().out
    (copy,) = stick.iterdir()
    assert copy.name.startswith("journal-") and copy.suffix == ".pjbackup"
    assert main(["backup-folder"]) == 0
    out = capsys.readouterr().out
    assert str(stick) in out and "Last copy" in out
    assert main(["backup-folder", "--off"]) == 0
    assert "off" in capsys.readouterr().out
    assert main(["backup-folder"]) == 0
    assert "No folder" in capsys.readouterr().out
    assert list(stick.iterdir()) == [copy]  # copies stay where they are


def test_help_names_the_new_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["backup", "--help"])
    assert "--check FILE" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["backup-folder", "--help"])
    out = capsys.readouterr().out
    assert "--off" in out and "DIR" in out


def test_check_of_a_backup_from_an_older_version_brings_its_copy_up_to_date(
    tmp_path: Path,
) -> None:
    """A backup made at schema version 1 is checked as a restore would see it."""
    from journal.keys import KeySlots, new_database_key
    from journal.repository import Repository

    key = new_database_key()
    db = tmp_path / "v1.db"
    conn = store._driver().connect(str(db), isolation_level=None)
    conn.execute(store._key_pragma(key))
    store.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    Repository(conn).add(Incident(title="Written by the first version", occurred_at=WHEN))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    slots = KeySlots.new()
    recovery = slots.create_recovery(key)
    slots.save(tmp_path / "keyslots.json")
    data, slot_bytes = db.read_bytes(), (tmp_path / "keyslots.json").read_bytes()
    manifest = {
        "format": "practitioner-journal-backup",
        "version": 1,
        "created_at": WHEN.isoformat(),
        "app_version": "0.1.0",
        "schema_version": 1,
        "journal_id": json.loads(slot_bytes)["journal_id"],
        "members": {
            "journal.db": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
            "keyslots.json": {
                "size": len(slot_bytes),
                "sha256": hashlib.sha256(slot_bytes).hexdigest(),
            },
        },
    }
    target = tmp_path / "v1.pjbackup"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("keyslots.json", slot_bytes)
        zf.writestr("journal.db", data)
    before = target.read_bytes()
    result = check_backup_file(target, Unlock(recovery_key=recovery, use_keyring=False))
    assert result.ok, result.report.problems
    assert result.entries == 1
    assert target.read_bytes() == before


def test_check_says_how_to_give_the_key_when_the_password_store_cant(
    made: tuple[Path, Path, set[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: Any,
) -> None:
    target, _, _ = made
    memory_keyring.passwords.clear()  # another computer: its password store is empty
    capsys.readouterr()
    code = main(["--data-dir", str(tmp_path / "elsewhere"), "backup", "--check", str(target)])
    assert code == 4
    err = capsys.readouterr().err
    assert "--recovery-key-file" in err and "Traceback" not in err
