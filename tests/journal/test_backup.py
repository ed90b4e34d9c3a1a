"""Backups, restore, verify advice and damaged journals, on real SQLCipher files."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.backups import tampered_backup
from helpers.processes import run_python

from journal import backup
from journal.backup import (
    BackupDamaged,
    BackupInvalid,
    DamagedJournal,
    auto_backup,
    list_backups,
    newest_good_backup,
    restore,
    rotate,
    select_kept,
    write_backup,
)
from journal.cli import main
from journal.errors import CorruptJournal, InputError, JournalExists, UnlockError
from journal.models import Incident, NewAttachment
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.verify import verify

PASSPHRASE = "correct horse battery staple"
MARKER = "Zebracorn-7319-marker"
WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def incident(title: str, **extra: object) -> Incident:
    return Incident(title=title, occurred_at=WHEN, **extra)  # type: ignore[arg-type]


def fingerprint(paths: JournalPaths) -> dict[str, str]:
    """SHA-256 of every journal file, to prove a failed operation changed nothing."""
    out = {}
    for path in (paths.database, paths.key_slots, paths.root / "journal.db-wal"):
        if path.exists():
            out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def ids(journal: Journal) -> set[str]:
    rows = journal.conn.execute("SELECT id FROM entries").fetchall()
    return {r[0] for r in rows}


@pytest.fixture
def created(paths: JournalPaths) -> tuple[Journal, str]:
    return Journal.create(paths, passphrase=PASSPHRASE)


def open_with_passphrase(paths: JournalPaths, passphrase: str = PASSPHRASE) -> Journal:
    return Journal.open(paths, Unlock(passphrase=passphrase, use_keyring=False))


# -- writing ----------------------------------------------------------------------


def test_backup_is_one_file_holding_the_key_slots_and_no_plaintext(
    created: tuple[Journal, str], tmp_path: Path
) -> None:
    journal, recovery_key = created
    evidence = f"screenshot bytes {MARKER}".encode()
    journal.repo.add(
        incident(
            f"Post {MARKER}",
            description=f"They wrote {MARKER}",
            private_notes=f"private {MARKER}",
            impact_tags=[MARKER.lower()],
        ),
        [NewAttachment(filename="shot.png", mime="image/png", data=evidence)],
    )
    key_hex = journal._key.hex()
    target = tmp_path / "out" / "mine.pjbackup"
    info = write_backup(journal, target)
    journal.close()

    assert info.path == target and target.stat().st_mode & 0o077 == 0
    raw = target.read_bytes()
    for secret in (MARKER, MARKER.lower(), key_hex, recovery_key, PASSPHRASE):
        assert secret.encode() not in raw
    assert MARKER.encode("utf-16-le") not in raw
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == ["journal.db", "keyslots.json", "manifest.json"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        manifest = json.loads(zf.read("manifest.json"))
        slots = json.loads(zf.read("keyslots.json"))
    assert manifest["format"] == "practitioner-journal-backup"
    assert set(slots["slots"]) == {"keyring", "passphrase", "recovery"}
    assert not list(target.parent.glob(".pj-backup-*"))  # the temp folder is gone


def test_backup_opens_with_the_recovery_key_alone_on_another_computer(
    created: tuple[Journal, str], tmp_path: Path, memory_keyring: object
) -> None:
    journal, recovery_key = created
    saved = journal.repo.add(incident(f"Post {MARKER}"))
    target = tmp_path / "copy.pjbackup"
    write_backup(journal, target)
    journal.close()
    memory_keyring.passwords.clear()  # type: ignore[attr-defined]  # a new computer

    elsewhere = JournalPaths(tmp_path / "new-computer")
    result = restore(elsewhere, target, Unlock(recovery_key=recovery_key, use_keyring=False))
    assert result.entries == 1 and result.aside is None and not result.same_journal
    with Journal.open(elsewhere, Unlock(recovery_key=recovery_key, use_keyring=False)) as again:
        assert again.repo.get(saved.id).title == f"Post {MARKER}"
        assert verify(again.conn).ok

    # The documented way without the app's restore: unpack the archive into a folder.
    manual = JournalPaths(tmp_path / "unpacked")
    manual.ensure_root()
    with zipfile.ZipFile(target) as zf:
        zf.extract("journal.db", manual.root)
        zf.extract("keyslots.json", manual.root)
    with Journal.open(manual, Unlock(recovery_key=recovery_key, use_keyring=False)) as unpacked:
        assert unpacked.repo.get(saved.id).title == f"Post {MARKER}"


def test_backup_never_writes_over_the_journal_or_an_existing_file(
    created: tuple[Journal, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal, _ = created
    journal.repo.add(incident("one"))
    before = fingerprint(journal.paths)
    with pytest.raises(InputError):
        write_backup(journal, journal.paths.database)
    with pytest.raises(InputError):
        write_backup(journal, journal.paths.key_slots)
    assert fingerprint(journal.paths) == before
    journal.close()

    existing = tmp_path / "taken.pjbackup"
    existing.write_bytes(b"keep me")
    code = main(["--passphrase-file", str(_pw(tmp_path)), "backup", "--out", str(existing)])
    assert code == 8
    assert existing.read_bytes() == b"keep me"
    err = capsys.readouterr().err
    assert "already exists" in err and err.count("\n") == 1


def _pw(tmp_path: Path) -> Path:
    path = tmp_path / "pw.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_cli_backup_and_restore_round_trip(
    created: tuple[Journal, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journal, _ = created
    first = journal.repo.add(incident("first"))
    journal.close()
    target = tmp_path / "b.pjbackup"
    assert main(["backup", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert str(target) in out and "recovery key" in out

    with Journal.open(journal.paths, Unlock()) as again:
        later = again.repo.add(incident("later"))
    before = fingerprint(journal.paths)

    # No one to answer: refuse clearly and change nothing.
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["restore", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and "Nothing was changed" in err and "Traceback" not in err
    assert fingerprint(journal.paths) == before

    monkeypatch.setattr(sys, "stdin", io.StringIO("no\n"))
    assert main(["restore", str(target)]) == 0
    assert "Nothing was changed" in capsys.readouterr().out
    assert fingerprint(journal.paths) == before

    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert main(["restore", str(target)]) == 0
    captured = capsys.readouterr()
    assert "has 1 entries; your journal now has 2" in captured.err
    assert "Restored the backup" in captured.out and "kept in" in captured.out
    with Journal.open(journal.paths, Unlock()) as restored:
        assert ids(restored) == {first.id}
        assert verify(restored.conn).ok
    # The journal as it was is kept aside, whole, and opens with its key.
    (aside,) = (journal.paths.root / "before-restore").iterdir()
    kept = JournalPaths(aside)
    with Journal.open(kept, Unlock()) as old:
        assert ids(old) == {first.id, later.id}

    assert main(["restore", "--yes", str(target)]) == 0  # --yes asks nothing
    assert "Restored" in capsys.readouterr().out


def test_restore_of_the_same_journal_keeps_the_current_passphrase(
    created: tuple[Journal, str], tmp_path: Path
) -> None:
    journal, recovery_key = created
    journal.repo.add(incident("old"))
    target = tmp_path / "b.pjbackup"
    write_backup(journal, target)
    journal.change_passphrase("a brand new passphrase")
    journal.close()

    result = restore(
        journal.paths, target, Unlock(passphrase="a brand new passphrase", use_keyring=False)
    )
    assert result.same_journal
    with open_with_passphrase(journal.paths, "a brand new passphrase") as again:
        assert again.repo.count() == 1
    with pytest.raises(UnlockError):
        open_with_passphrase(journal.paths, PASSPHRASE)
    with Journal.open(journal.paths, Unlock(recovery_key=recovery_key, use_keyring=False)):
        pass


def test_restore_of_another_journal_brings_its_key_slots(
    created: tuple[Journal, str], tmp_path: Path, memory_keyring: object
) -> None:
    journal, _ = created
    journal.repo.add(incident("mine"))
    journal.close()
    other_paths = JournalPaths(tmp_path / "other")
    other, other_recovery = Journal.create(other_paths, passphrase="the other passphrase")
    theirs = other.repo.add(incident("theirs"))
    target = tmp_path / "other.pjbackup"
    write_backup(other, target)
    other.close()
    before = fingerprint(journal.paths)

    with pytest.raises(UnlockError, match="recovery key of the journal it came from"):
        restore(journal.paths, target, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    assert fingerprint(journal.paths) == before
    assert not (journal.paths.root / ".restore").exists()

    result = restore(journal.paths, target, Unlock(recovery_key=other_recovery, use_keyring=False))
    assert not result.same_journal and result.aside is not None
    with open_with_passphrase(journal.paths, "the other passphrase") as again:
        assert ids(again) == {theirs.id}


def test_restore_refuses_a_backup_that_fails_verify_and_changes_nothing(
    created: tuple[Journal, str], tmp_path: Path
) -> None:
    journal, _ = created
    journal.repo.add(incident("honest"))
    target = tampered_backup(journal, tmp_path, WHEN)
    before = fingerprint(journal.paths)

    with pytest.raises(BackupDamaged, match="doesn't pass its checks"):
        restore(journal.paths, target, Unlock())
    assert fingerprint(journal.paths) == before
    assert not (journal.paths.root / ".restore").exists()
    assert not (journal.paths.root / "before-restore").exists()
    with Journal.open(journal.paths, Unlock()) as again:
        assert verify(again.conn).ok


def test_restore_refuses_files_that_are_not_backups(paths: JournalPaths, tmp_path: Path) -> None:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(incident("keep"))
    journal.close()
    before = fingerprint(paths)
    bad = tmp_path / "bad.pjbackup"
    for content in (b"", b"PK\x03\x04 not really", b"SQLite format 3\x00" + b"\x00" * 100):
        bad.write_bytes(content)
        with pytest.raises(BackupInvalid):
            restore(paths, bad, Unlock())
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../escape.txt", "x")
    with pytest.raises(BackupInvalid):
        restore(paths, bad, Unlock())
    with pytest.raises(BackupInvalid, match="folder"):
        restore(paths, tmp_path, Unlock())
    with pytest.raises(BackupInvalid, match="no file"):
        restore(paths, tmp_path / "missing.pjbackup", Unlock())
    assert fingerprint(paths) == before
    assert not (tmp_path.parent / "escape.txt").exists()


# -- automatic backups and rotation ------------------------------------------------


def test_automatic_backup_on_close_at_most_daily(created: tuple[Journal, str]) -> None:
    journal, _ = created
    paths = journal.paths
    journal.close()
    assert list_backups(paths) == []  # nothing to back up yet

    with Journal.open(paths, Unlock()) as again:
        again.repo.add(incident("one"))
    (first,) = list_backups(paths)
    with Journal.open(paths, Unlock()) as again:
        again.repo.add(incident("two"))
        assert auto_backup(again) is None  # less than a day since the last
        later = auto_backup(again, clock=lambda: first.created_at + timedelta(hours=25))
        assert later is not None
    assert [b.path for b in list_backups(paths)] == [later.path, first.path]

    with Journal.open(paths, Unlock()) as again:
        backup.set_automatic(again, False)
        assert auto_backup(again, clock=lambda: first.created_at + timedelta(days=9)) is None


def test_closing_looks_only_at_names_while_the_days_backup_is_fresh(
    created: tuple[Journal, str],
) -> None:
    """The check runs on every close, command line included, so it must not load the
    backup module (zip, hashing, restore) just to find that nothing is due."""
    journal, _ = created
    journal.repo.add(incident("one"))
    journal.close()  # the day's first close makes the backup
    assert len(list_backups(journal.paths)) == 1
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from journal.paths import JournalPaths\n"
        "from journal.session import Journal, Unlock\n"
        f"paths = JournalPaths(Path({str(journal.paths.root)!r}))\n"
        f"with Journal.open(paths, Unlock(passphrase={PASSPHRASE!r}, use_keyring=False)):\n"
        "    pass\n"
        "print('journal.backup' in sys.modules)\n"
    )
    done = run_python("-c", script, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert len(list_backups(journal.paths)) == 1


def test_automatic_backups_are_known_by_their_names(paths: JournalPaths) -> None:
    paths.backups.mkdir(parents=True)
    for name in (
        "journal-20261101T090000Z.pjbackup",
        "journal-20261102T090000Z-2.pjbackup",
        "journal-20261102T090000Z.pjbackup",
        "journal-20261399T090000Z.pjbackup",  # no such month
        "journal-20261102T090000Z-.pjbackup",
        "journal-20261102T090000Z-x.pjbackup",
        "journal-2026110T2090000Z.pjbackup",
        "journal-20261103T090000Z.pjbackup.part",
        "pinned-20261104T090000Z.pjbackup",
    ):
        (paths.backups / name).write_bytes(b"")
    (paths.backups / "journal-20261105T090000Z.pjbackup").mkdir()
    found = paths.automatic_backups()
    assert [path.name for _, path in found] == [
        "journal-20261102T090000Z-2.pjbackup",
        "journal-20261102T090000Z.pjbackup",
        "journal-20261101T090000Z.pjbackup",
    ]
    assert found[0][0] == datetime(2026, 11, 2, 9, tzinfo=UTC)
    assert not paths.automatic_backup_due(datetime(2026, 11, 3, 8, 59, tzinfo=UTC))
    assert paths.automatic_backup_due(datetime(2026, 11, 3, 9, tzinfo=UTC))


def test_select_kept_is_seven_daily_then_four_weekly() -> None:
    start = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
    # Two backups a day for 60 days, newest first.
    stamps = [start - timedelta(hours=12 * i) for i in range(120)]
    kept = sorted(select_kept(stamps))
    kept_stamps = [stamps[i] for i in kept]
    daily = kept_stamps[:7]
    assert [s.date() for s in daily] == [start.date() - timedelta(days=d) for d in range(7)]
    assert all(s.hour == 18 for s in daily)  # the newest of each day
    weekly = kept_stamps[7:]
    assert len(weekly) == 4
    weeks = [s.isocalendar()[:2] for s in weekly]
    assert len(set(weeks)) == 4
    assert all(s.date() < daily[-1].date() for s in weekly)
    assert select_kept([]) == set()
    assert select_kept(stamps[:3]) == {0, 2}  # two days so far


def test_rotate_deletes_only_its_own_old_files(paths: JournalPaths) -> None:
    paths.backups.mkdir(parents=True)
    start = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
    names = []
    for day in range(40):
        name = "journal-" + (start - timedelta(days=day)).strftime("%Y%m%dT%H%M%SZ") + ".pjbackup"
        (paths.backups / name).write_bytes(b"x")
        names.append(name)
    (paths.backups / "my-own-copy.pjbackup").write_bytes(b"mine")
    removed = rotate(paths)
    left = sorted(p.name for p in paths.backups.iterdir())
    assert len(removed) == 40 - 11
    assert "my-own-copy.pjbackup" in left and len(left) == 12
    assert all(name in left for name in names[:7])  # the last 7 days
    # Then the newest of each older ISO week: Tue 23 June ends the week the days didn't cover.
    assert names[7] in left and names[8] not in left


# -- verify and damaged journals ---------------------------------------------------


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _journal_with_backups(paths: JournalPaths) -> tuple[Path, Path]:
    """A journal with two automatic backups a day apart; returns (older, newer) paths."""
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add_many([(incident(f"entry {i}", description="d" * 3000), ()) for i in range(30)])
    today = datetime.now(UTC).replace(microsecond=0)
    older = backup.backup_now(journal, clock=lambda: today - timedelta(days=1))
    newer = backup.backup_now(journal, clock=lambda: today)
    journal.close()  # the automatic backup is not due: the newest is minutes old
    assert len(list_backups(paths)) == 2
    return older.path, newer.path


def test_flipped_byte_in_the_first_page_names_the_newest_good_backup(
    paths: JournalPaths,
) -> None:
    older, newer = _journal_with_backups(paths)
    _flip(paths.database, 200)
    before = fingerprint(paths)
    with pytest.raises(DamagedJournal) as caught:
        Journal.open(paths, Unlock())
    assert caught.value.good_backup == newer
    assert "left exactly as it was" in caught.value.message and str(newer) in caught.value.message
    assert caught.value.exit_code == 6
    assert fingerprint(paths) == before

    # The newest backup is damaged too: the advice moves to the older good one.
    _flip(newer, newer.stat().st_size - 5000)
    with pytest.raises(DamagedJournal) as caught:
        Journal.open(paths, Unlock())
    assert caught.value.good_backup == older
    assert fingerprint(paths) == before


def test_flipped_byte_deeper_in_is_found_by_verify_without_changing_the_file(
    paths: JournalPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    _older, newer = _journal_with_backups(paths)
    size = paths.database.stat().st_size
    _flip(paths.database, size - 4096 + 100)  # the last page
    before = fingerprint(paths)
    code = main(["verify"])
    captured = capsys.readouterr()
    assert code == 6
    *problems, last = captured.err.strip().splitlines()
    assert problems and all("Traceback" not in p for p in problems)
    assert last.startswith("practitioner-journal: The journal failed")
    assert f'practitioner-journal restore "{newer}"' in last
    assert fingerprint(paths) == before


@pytest.mark.parametrize("keep", [0, 100, 4096, 3 * 4096 + 7])
def test_truncated_journal_is_reported_and_left_alone(paths: JournalPaths, keep: int) -> None:
    _older, newer = _journal_with_backups(paths)
    data = paths.database.read_bytes()
    paths.database.write_bytes(data[:keep])
    before = fingerprint(paths)
    with pytest.raises(CorruptJournal) as caught, Journal.open(paths, Unlock()) as journal:
        report = verify(journal.conn)
        assert not report.ok  # when the first pages survive, verify finds the rest
        raise CorruptJournal("found by verify")
    if isinstance(caught.value, DamagedJournal):
        assert caught.value.good_backup == newer
    assert fingerprint(paths) == before
    assert paths.database.stat().st_size == keep


def test_tampering_shows_in_verify_with_advice_and_no_backup_of_it_is_kept(
    paths: JournalPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(incident("what happened"))
    journal.conn.execute("UPDATE entries SET data = json_set(data, '$.title', 'edited')")
    journal.close()  # the automatic backup refuses a journal that fails its checks
    assert list_backups(paths) == []
    assert main(["verify"]) == 6
    err = capsys.readouterr().err
    assert "changed outside the app" in err
    assert "no automatic backup that passes its checks" in err


def test_newest_good_backup_without_a_key_is_the_newest_readable(paths: JournalPaths) -> None:
    older, newer = _journal_with_backups(paths)
    info = newest_good_backup(paths, None)
    assert info is not None and info.path == newer
    paths.key_slots.write_text("{ damaged", encoding="utf-8")
    with pytest.raises(DamagedJournal, match="recovery key") as caught:
        Journal.open(paths, Unlock())
    assert caught.value.good_backup == newer
    assert older.exists()


def test_create_never_makes_a_new_key_over_an_orphaned_key_file(paths: JournalPaths) -> None:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.close()
    slots = paths.key_slots.read_bytes()
    paths.database.rename(paths.root / "moved.db")
    with pytest.raises(JournalExists):
        Journal.create(paths, passphrase=PASSPHRASE)
    assert paths.key_slots.read_bytes() == slots
