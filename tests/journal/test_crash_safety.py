"""SIGKILL at random points: every acknowledged write survives, and every check passes.

A worker process (tests/helpers/crash_worker.py) writes and prints each
acknowledgement after it is durable; the test kills it at a random moment,
reopens the real journal files and checks them. One journal is reused
across kills so the whole file runs in well under a minute.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest
from helpers.crash import PASSPHRASE, Worker, open_journal

from journal.backup import read_info, write_backup
from journal.errors import UnlockError
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now
from journal.verify import verify

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def entry_ids(journal: Journal) -> set[str]:
    return {r[0] for r in journal.conn.execute("SELECT id FROM entries")}


def test_kill_during_writes_loses_no_acknowledged_entry(
    paths: JournalPaths, tmp_path: Path
) -> None:
    rng = random.Random(20260314)
    journal, recovery_key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE, encoding="utf-8")
    acknowledged: set[str] = set()
    unacknowledged_seen = 0
    for run in range(50):
        worker = Worker("add", str(paths.root), str(pw), str(run))
        if rng.random() < 0.1:
            time.sleep(rng.uniform(0, 0.2))  # sometimes while it is still opening
        else:
            worker.expect_lines(1 + rng.randint(0, 4))  # "ready", then some acks
            time.sleep(rng.uniform(0, 0.01))
        lines = worker.finish()
        acked = {line for line in lines if line != "ready"}
        acknowledged |= acked
        with open_journal(paths) as again:
            present = entry_ids(again)
            missing = acknowledged - present
            assert not missing, f"run {run}: acknowledged entries lost: {sorted(missing)}"
            # At most one entry was committed but killed before its acknowledgement.
            extra = present - acknowledged
            assert len(extra) <= 1, f"run {run}: {len(extra)} entries nobody asked for"
            unacknowledged_seen += len(extra)
            acknowledged |= extra
            report = verify(again.conn)
            assert report.ok, f"run {run}: {report.problems}"
    assert len(acknowledged) >= 50  # the kills did land between writes, not only before them
    with Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False)) as final:
        assert entry_ids(final) == acknowledged


def test_kill_during_passphrase_change_opens_with_old_or_new(paths: JournalPaths) -> None:
    rng = random.Random(7)
    prefix = "passphrase number"
    journal, recovery_key = Journal.create(paths, passphrase=f"{prefix}-0", use_keyring=False)
    saved = journal.repo.add(Incident(title="kept", occurred_at=now()))
    journal.close()
    current = 0
    changes = 0
    for run in range(25):
        worker = Worker("passphrase", str(paths.root), prefix, str(current))
        worker.expect_lines(1 + rng.randint(0, 3))
        time.sleep(rng.uniform(0, 0.005))
        lines = worker.finish()
        acked = [int(line) for line in lines if line != "ready"]
        last = acked[-1] if acked else current
        changes += len(acked)
        opened_with = None
        for candidate in (last, last + 1):
            try:
                with open_journal(paths, f"{prefix}-{candidate}") as again:
                    assert again.repo.get(saved.id).title == "kept"
                    assert verify(again.conn).ok
                opened_with = candidate
                break
            except UnlockError:
                continue
        assert opened_with is not None, f"run {run}: opens with neither {last} nor {last + 1}"
        for stale in (last - 1, last + 2):
            with pytest.raises(UnlockError):
                open_journal(paths, f"{prefix}-{stale}")
        current = opened_with
    assert changes >= 25
    with Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False)) as final:
        assert final.repo.count() == 1


def test_kill_during_restore_leaves_old_or_restored_state(
    paths: JournalPaths, tmp_path: Path
) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE, encoding="utf-8")
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.repo.add(Incident(title="in the backup", occurred_at=now()))
    same = tmp_path / "same.pjbackup"
    write_backup(journal, same)
    same_ids = entry_ids(journal)
    journal.repo.add(Incident(title="after the backup", occurred_at=now()))
    journal.close()

    other_paths = JournalPaths(tmp_path / "other")
    other, _ = Journal.create(other_paths, passphrase=PASSPHRASE, use_keyring=False)
    other.repo.add(Incident(title="another journal", occurred_at=now()))
    other_backup = tmp_path / "other.pjbackup"
    write_backup(other, other_backup)
    other_ids = entry_ids(other)
    other.close()

    backups = {
        journal_id(same): (same, same_ids),
        journal_id(other_backup): (other_backup, other_ids),
    }
    outcomes = {"old": 0, "restored": 0}
    # Kill before each rename, deletion and fsync in turn (the "step" lines), once while
    # restoring this journal's own backup and once another journal's (which swaps the key
    # file too), until a run gets to the end: so every window between two steps is hit.
    next_step = {True: 1, False: 1}
    finished = {True: False, False: False}
    run = 0
    while not all(finished.values()):
        run += 1
        assert run < 200, "the restore never finished"
        own = not finished[True] and (finished[False] or run % 2 == 0)
        with open_journal(paths) as current:
            current.repo.add(Incident(title=f"new {run}", occurred_at=now()))
            old_ids = entry_ids(current)
            current_id = current.slots.journal_id
        ((source, restored_ids),) = [
            value for key, value in backups.items() if (key == current_id) == own
        ]
        worker = Worker("restore", str(paths.root), str(pw), str(source))
        worker.run_steps(next_step[own])
        lines = worker.finish()
        if worker.proc.returncode != -signal.SIGKILL:
            assert worker.proc.returncode == 0 and "done" in lines, worker.stderr
        if "done" in lines:
            finished[own] = True
        next_step[own] += 1
        with open_journal(paths) as again:
            state = entry_ids(again)
            assert state in (old_ids, restored_ids), f"run {run}: a mixed state after the kill"
            report = verify(again.conn)
            assert report.ok, f"run {run}: {report.problems}"
            outcomes["restored" if state == restored_ids else "old"] += 1
            if "done" in lines:
                assert state == restored_ids
        assert not (paths.root / ".restore").exists()
        assert not (paths.root / "restore-pending.json").exists()
    assert run >= 50
    assert outcomes["old"] and outcomes["restored"], outcomes


def journal_id(backup_file: Path) -> str:
    return read_info(backup_file).journal_id
