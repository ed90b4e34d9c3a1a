"""Closing never waits for the day's backups: a detached process of our own makes them.

Real processes, real journal files; the only thing changed is the environment switch
that the other tests use to keep backups inline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from journal import background, background_process, offsite
from journal.backup_check import check_backup_file
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.verify import verify

PASSPHRASE = "correct horse battery staple"
WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
PATIENCE_S = 120  # how long to wait for the background process on a busy machine


def wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def in_background(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(background.ENV_SYNC, raising=False)


def unlock() -> Unlock:
    return Unlock(passphrase=PASSPHRASE, use_keyring=False)


def test_closing_hands_the_backups_over_and_returns(
    paths: JournalPaths, tmp_path: Path, in_background: None
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(Incident(title="first", occurred_at=WHEN))
    offsite.set_second_folder(journal, stick)
    for copy in stick.iterdir():
        copy.unlink()
    offsite._save_state(journal, last_copy="2026-01-01T00:00:00+00:00")
    journal.close(background=False)  # nothing due now? the local one is: made here, inline
    for made in paths.backups.iterdir():
        made.unlink()
    # The closing program itself never loads the backup code: it hands the work over.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from journal.paths import JournalPaths\n"
        "from journal.session import Journal, Unlock\n"
        f"paths = JournalPaths(Path({str(paths.root)!r}))\n"
        f"j = Journal.open(paths, Unlock(passphrase={PASSPHRASE!r}, use_keyring=False))\n"
        "j.background_close = True\n"
        "j.close()\n"
        "print('journal.backup' in sys.modules, 'journal.verify' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
    wait_until(lambda: len(paths.automatic_backups()) == 1, "the local backup")
    wait_until(lambda: any(stick.glob("journal-*.pjbackup")), "the off-laptop copy")
    # The process finishes and lets go of the journal; both copies are whole and open.
    with_lock = JournalPaths(paths.root)
    wait_until(lambda: _lock_free(with_lock), "the lock to be let go")
    (local,) = [path for _stamp, path in paths.automatic_backups()]
    (copy,) = stick.glob("journal-*.pjbackup")
    for made in (local, copy):
        result = check_backup_file(made, unlock())
        assert result.ok and result.entries == 1
    with Journal.open(paths, unlock()) as again:
        state = offsite.status(again)
        assert state.problem is None and state.last_copy is not None


def _lock_free(paths: JournalPaths) -> bool:
    from journal.errors import JournalLocked
    from journal.lockfile import ProcessLock

    lock = ProcessLock(paths.lock_file)
    try:
        lock.acquire()
    except JournalLocked:
        return False
    lock.release()
    return True


def test_opening_again_in_the_same_program_waits_for_it(
    paths: JournalPaths, in_background: None
) -> None:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(Incident(title="first", occurred_at=WHEN))
    journal.close(background=True)
    with Journal.open(paths, unlock()) as again:  # no "open in another program"
        assert len(paths.automatic_backups()) == 1
        assert verify(again.conn).ok


def test_a_background_backup_stopped_part_way_loses_nothing(
    paths: JournalPaths, in_background: None
) -> None:
    from journal.demo import generate

    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    # Enough entries that the backup's checks take a while, so it can be caught part way.
    journal.repo.add_many([(entry, ()) for entry in generate(3000, seed=3)], validated=True)
    entries = journal.repo.count()
    key = journal._key
    journal.close(background=False)
    for made in paths.backups.iterdir():
        made.unlink()
    assert background.hand_over(paths, key)
    child = background._children.pop(Path(os.path.abspath(paths.root)))
    deadline = time.monotonic() + PATIENCE_S
    while not list(paths.backups.glob(".pj-backup-*")):  # the backup is being written
        assert child.poll() is None, "the background process ended before it was caught"
        assert time.monotonic() < deadline, "gave up waiting for the backup to start"
    os.kill(child.pid, signal.SIGKILL)  # the computer shuts down, or someone ends it
    child.wait()
    assert paths.automatic_backups() == []  # nothing half written under a backup's name
    with Journal.open(paths, unlock()) as again:
        assert verify(again.conn).ok and again.repo.count() == entries
        again.close(background=False)  # the next close makes the backup, and tidies up
    (_stamp, made), *_ = paths.automatic_backups()
    assert check_backup_file(made, unlock()).ok
    assert not list(paths.backups.glob(".pj-backup-*"))


def test_the_setting_name_is_the_backup_modules() -> None:
    from journal import backup

    assert background.SETTING_AUTOMATIC == backup.SETTING_AUTOMATIC


def test_the_background_process_refuses_a_wrong_key(paths: JournalPaths) -> None:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(Incident(title="first", occurred_at=WHEN))
    journal.close(background=False)
    assert background_process.run(str(paths.root), "00" * 32) == 6
    assert background_process.run(str(paths.root), "not hex") == 2
    with Journal.open(paths, unlock()) as again:
        assert verify(again.conn).ok


_HOLD = """
import sys, time
from pathlib import Path
from journal.lockfile import ProcessLock
lock = ProcessLock(Path(sys.argv[1]), note=sys.argv[2])
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[3]))
"""


def _hold_lock(paths: JournalPaths, note: str, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(paths.lock_file), note, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_another_program_waits_for_a_background_backup_instead_of_refusing(
    paths: JournalPaths,
) -> None:
    """A command run straight after another one closed the journal (its day's backup still
    running in the background) opens the journal once the backup lets go."""
    from journal.lockfile import BACKGROUND_NOTE

    Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)[0].close()
    holder = _hold_lock(paths, BACKGROUND_NOTE, 1.5)
    try:
        with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
            assert journal.repo.count() == 0
        assert holder.poll() is not None  # it opened only after the backup had finished
    finally:
        holder.kill()
        holder.communicate()


def test_a_journal_open_in_another_program_is_still_refused_at_once(paths: JournalPaths) -> None:
    from journal.errors import JournalLocked

    Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)[0].close()
    holder = _hold_lock(paths, "", 30)
    try:
        with pytest.raises(JournalLocked):
            Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
        assert holder.poll() is None  # refused while the other program still holds it
    finally:
        holder.kill()
        holder.communicate()
