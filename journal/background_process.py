"""The process that makes the day's backups after the journal has closed.

Started by ``journal.background.hand_over`` as ``python -m journal.background_process
DATA_DIR`` with the key in hex on stdin: it waits for the journal's lock, opens the journal
with the key and closes it again, which makes what is due.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from journal import store
from journal.background import LOCK_WAIT_S
from journal.errors import JournalError, JournalLocked
from journal.hardening import harden_process
from journal.keys import KeySlots
from journal.lockfile import BACKGROUND_NOTE, ProcessLock
from journal.paths import JournalPaths
from journal.session import Journal


def _acquire(paths: JournalPaths) -> object | None:
    lock = ProcessLock(paths.lock_file, note=BACKGROUND_NOTE)
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            lock.acquire()
            return lock
        except JournalLocked:
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)


def run(root: str, key_hex: str) -> int:
    """The background process: open with the key, close (which makes what is due)."""
    try:
        key = bytes.fromhex(key_hex.strip())
    except ValueError:
        return 2
    paths = JournalPaths(Path(root))
    lock = _acquire(paths)
    if not isinstance(lock, ProcessLock):
        return 5
    try:
        if paths.restore_interrupted() or not paths.exists():
            lock.release()
            return 0  # the next open deals with it
        slots = KeySlots.load(paths.key_slots)
        conn = store.connect(paths.database, key)
    except (JournalError, OSError):
        lock.release()
        return 6
    except store.database_errors():
        lock.release()
        return 6
    journal = Journal(paths, key, slots, lock, conn)
    journal.close(background=False)
    return 0


def main() -> int:
    harden_process()  # no core dumps of a process that holds the key
    if len(sys.argv) != 2:
        return 2
    return run(sys.argv[1], sys.stdin.readline())


if __name__ == "__main__":
    sys.exit(main())
