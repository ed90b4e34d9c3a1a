"""The off-laptop second folder: real folders that vanish, come back, and fill up."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.processes import run_python

from journal import offsite
from journal.backup_check import check_backup_file
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock

PASSPHRASE = "correct horse battery staple"
DAY0 = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def at(days: float) -> datetime:
    return DAY0 + timedelta(days=days)


@pytest.fixture
def journal(paths: JournalPaths) -> Iterator[Journal]:
    j, _ = Journal.create(paths, passphrase=PASSPHRASE)
    j.repo.add(Incident(title="kept off the laptop", occurred_at=DAY0))
    yield j
    if j.conn is not None:
        j.close()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_choosing_a_folder_makes_the_first_copy_which_opens_with_the_passphrase(
    journal: Journal, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    info = offsite.set_second_folder(journal, stick, clock=lambda: at(0))
    assert info is not None and info.path.parent == stick
    assert names(stick) == [info.path.name]  # no temp file left
    assert oct(info.path.stat().st_mode & 0o777) == "0o600"
    state = offsite.status(journal, clock=lambda: at(0))
    assert state.folder == stick and state.last_copy == at(0) and state.problem is None
    assert not state.overdue
    result = check_backup_file(info.path, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    assert result.ok and result.entries == 1


def test_a_folder_inside_the_journal_is_refused(journal: Journal) -> None:
    with pytest.raises(offsite.InputError):
        offsite.set_second_folder(journal, journal.paths.backups.parent / "x")
    inside = journal.paths.root / "copies"
    inside.mkdir()
    with pytest.raises(offsite.InputError, match="same disk"):
        offsite.set_second_folder(journal, inside)
    assert offsite.second_folder(journal) is None


def test_a_folder_that_disappears_and_comes_back(journal: Journal, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    offsite.set_second_folder(journal, stick, clock=lambda: at(0))
    (first,) = names(stick)

    # Within the day nothing more is due.
    offsite.copy_if_due_quietly(journal, clock=lambda: at(0.5))
    assert names(stick) == [first]

    # The stick is unplugged: the copy waits, quietly, and the folder is never created.
    unplugged = tmp_path / "in-a-drawer"
    stick.rename(unplugged)
    for day in (1, 3, 6):
        offsite.copy_if_due_quietly(journal, clock=lambda d=day: at(d))  # type: ignore[misc]
        assert not stick.exists()
        state = offsite.status(journal, clock=lambda d=day: at(d))  # type: ignore[misc]
        assert state.problem == offsite.PROBLEM_MISSING
        assert state.last_copy == at(0) and not state.overdue
    # More than a week since the last copy: now (and only now) it is overdue.
    assert offsite.status(journal, clock=lambda: at(7.5)).overdue

    with pytest.raises(offsite.SecondFolderMissing):
        offsite.copy_now(journal, clock=lambda: at(7.5))

    # Plugged back in: the next close makes the copy.
    unplugged.rename(stick)
    offsite.copy_if_due_quietly(journal, clock=lambda: at(8))
    assert len(names(stick)) == 2
    state = offsite.status(journal, clock=lambda: at(8))
    assert state.last_copy == at(8) and state.problem is None and not state.overdue


def test_closing_the_journal_makes_the_days_copy(paths: JournalPaths, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(Incident(title="one", occurred_at=DAY0))
    offsite.set_second_folder(journal, stick)
    shutil.rmtree(stick)
    stick.mkdir()  # emptied behind our back, e.g. by another computer's sync
    # The last copy was recorded more than a day ago: the close writes the next one.
    offsite._save_state(journal, last_copy=(datetime.now(UTC) - timedelta(days=2)).isoformat())
    journal.close()
    (copy,) = stick.iterdir()
    # The close also made the local automatic backup, and copied that very file.
    (local,) = paths.backups.iterdir()
    assert copy.read_bytes() == local.read_bytes()
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as again:
        state = offsite.status(again)
        assert state.last_copy is not None and state.problem is None


def test_rotation_in_the_folder_keeps_seven_daily_and_never_touches_other_files(
    journal: Journal, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    other_paths = JournalPaths(tmp_path / "colleague")
    other, _ = Journal.create(other_paths, passphrase=PASSPHRASE)
    with other:
        other.repo.add(Incident(title="theirs", occurred_at=DAY0))
        offsite.set_second_folder(other, stick, clock=lambda: at(-30))
    theirs = names(stick)  # the first copy, and the one its close made
    (stick / "notes.txt").write_text("mine", encoding="utf-8")
    offsite.set_second_folder(journal, stick, clock=lambda: at(0))
    for day in range(1, 12):
        offsite.copy_if_due_quietly(journal, clock=lambda d=day: at(d))  # type: ignore[misc]
    ours = offsite.copies(stick, journal.slots.journal_id)
    # 12 copies (days 0-11): the 7 newest days, then the newest of each earlier ISO week
    # (Wednesday 18 March, and Sunday 15 March).
    assert [stamp for stamp, _ in ours] == [at(d) for d in (11, 10, 9, 8, 7, 6, 5, 4, 1)]
    assert set(theirs) <= set(names(stick)) and "notes.txt" in names(stick)


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real, small, full-able file system (root can mount one)."""
    mount = tmp_path / "small-stick"
    mount.mkdir()
    mount_tool, umount_tool = shutil.which("mount"), shutil.which("umount")
    if mount_tool is None or umount_tool is None:
        pytest.skip("no mount here; the RLIMIT_FSIZE stand-in covers a full folder")
    done = subprocess.run(
        [mount_tool, "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("can't mount a tmpfs here; the RLIMIT_FSIZE stand-in covers a full folder")
    try:
        yield mount
    finally:
        subprocess.run([umount_tool, "-l", str(mount)], check=False)


def test_a_full_folder_is_noticed_quietly_and_leaves_nothing_behind(
    journal: Journal, tiny_tmpfs: Path
) -> None:
    with pytest.raises(offsite.SecondFolderFull):
        offsite.set_second_folder(journal, tiny_tmpfs, clock=lambda: at(0))
    assert offsite.second_folder(journal) == tiny_tmpfs  # the choice is kept
    assert os.listdir(tiny_tmpfs) == []  # no half copy, no temp file
    state = offsite.status(journal, clock=lambda: at(0))
    assert state.problem == offsite.PROBLEM_FULL and state.last_copy is None
    offsite.copy_if_due_quietly(journal, clock=lambda: at(1))  # at close: no exception
    assert os.listdir(tiny_tmpfs) == []
    assert offsite.status(journal, clock=lambda: at(8)).overdue  # a week since it was chosen
    assert journal.repo.list_entries  # the journal goes on working
    journal.repo.add(Incident(title="after", occurred_at=DAY0))


def test_a_full_folder_stand_in_with_a_file_size_cap(journal: Journal, tmp_path: Path) -> None:
    """Without a mount: RLIMIT_FSIZE in a child process makes the big write fail (EFBIG)."""
    stick = tmp_path / "capped"
    stick.mkdir()
    offsite.set_second_folder(journal, stick, clock=lambda: at(0))
    journal.close()  # also makes the local automatic backup that the copy is made from
    shutil.rmtree(stick)
    stick.mkdir()
    (_stamp, local), *_ = journal.paths.automatic_backups()
    cap = local.stat().st_size // 2  # room for the journal's own small writes, not the copy
    script = f"""
import resource, signal
from pathlib import Path
from journal import keys, offsite
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
keys.DEFAULT_ARGON2 = keys.Argon2Params(memory_kib=8, iterations=1, lanes=1)
j = Journal.open(JournalPaths(Path({str(journal.paths.root)!r})),
                 Unlock(passphrase={PASSPHRASE!r}, use_keyring=False))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({cap}, resource.RLIM_INFINITY))
try:
    offsite.copy_now(j, source=Path({str(local)!r}))
    print("copied")
except offsite.SecondFolderFull:
    print("full")
print(offsite.status(j).problem)
j._lock.release()
"""
    done = run_python("-c", script)
    assert done.stdout.split() == ["full", "full"], done.stderr
    assert os.listdir(stick) == []


def test_removing_old_entries_replaces_the_copies_off_the_laptop_too(
    journal: Journal, tmp_path: Path
) -> None:
    from journal import retention

    stick = tmp_path / "stick"
    stick.mkdir()
    journal.repo.add(Incident(title="years ago", occurred_at=at(-4000)))
    offsite.set_second_folder(journal, stick, clock=lambda: at(0))
    offsite.copy_if_due_quietly(journal, clock=lambda: at(1))
    assert len(offsite.copies(stick, journal.slots.journal_id)) == 2

    # With the stick unplugged at the purge, the old copies go with the next copy.
    stick.rename(tmp_path / "drawer")
    result = retention.purge(journal, 7, clock=lambda: at(2))
    assert result.entries >= 1
    (tmp_path / "drawer").rename(stick)
    assert len(offsite.copies(stick, journal.slots.journal_id)) == 2  # not yet
    offsite.copy_if_due_quietly(journal, clock=lambda: at(3))
    (only,) = offsite.copies(stick, journal.slots.journal_id)
    check = check_backup_file(only[1], Unlock(passphrase=PASSPHRASE, use_keyring=False))
    assert check.ok and check.entries == 1  # the purged entry is in no copy any more

    # With the stick there, the purge itself replaces them.
    offsite.copy_if_due_quietly(journal, clock=lambda: at(5))
    assert len(offsite.copies(stick, journal.slots.journal_id)) == 2
    retention.purge(journal, 7, clock=lambda: at(6))
    assert len(offsite.copies(stick, journal.slots.journal_id)) == 1
