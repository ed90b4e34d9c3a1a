"""The day's backups, finished after the journal has closed, so closing never waits.

When the journal closes and the daily backup (or the off-laptop copy) is due, the
closing program hands the work to a small detached process of its own and returns at
once. The key goes to that process through a pipe (never a file, never the command
line). The process waits for the journal's lock, which the closing program has just
let go, opens the journal with the key, makes what is due exactly as a close would,
and closes it again. Anything that opens the journal meanwhile in the same program
waits for it first; another program finds the journal open, as with any other.

A backup is written to a temp file and renamed into place, so a process that is
stopped part way (the computer shuts down, someone quits) leaves the journal and the
earlier backups as they were, and the backup is simply made at the next close.

The process itself is ``journal.background_process``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.paths import JournalPaths
    from journal.repository import Repository

SETTING_AUTOMATIC = "backup.automatic"  # journal.backup.SETTING_AUTOMATIC, without the import
ENV_SYNC = "PRACTITIONER_JOURNAL_SYNC_CLOSE"  # "1": do the day's backups inline (tests)
LOCK_WAIT_S = 120.0
_children: dict[Path, subprocess.Popen[bytes]] = {}
_guard = threading.Lock()


def backup_wanted(repo: Repository) -> bool:
    """Automatic backups are on and there is something to back up (asked at every close,
    so it reads one setting without loading the backup module)."""
    try:
        if not repo.get_setting(SETTING_AUTOMATIC, True):
            return False
        row = repo.conn.execute("SELECT EXISTS (SELECT 1 FROM entries)").fetchone()
    except Exception:  # a journal that can't answer is left to the close's own handling
        return True
    return bool(row[0])


def enabled() -> bool:
    """Frozen builds can't run ``-m``; there (and when asked) the close does the work itself."""
    return os.environ.get(ENV_SYNC) != "1" and not getattr(sys, "frozen", False)


def hand_over(paths: JournalPaths, key: bytes) -> bool:
    """Start the process that makes the day's backups. False when it couldn't start."""
    if not enabled():
        return False
    root = Path(os.path.abspath(paths.root))
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "journal.background_process", str(root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
        )
        assert child.stdin is not None
        child.stdin.write(key.hex().encode("ascii") + b"\n")
        child.stdin.close()
    except (OSError, ValueError):
        return False
    with _guard:
        _children[root] = child
    return True


def wait_for(paths: JournalPaths, timeout: float = LOCK_WAIT_S) -> None:
    """Before opening: let this program's own background backup of the journal finish."""
    root = Path(os.path.abspath(paths.root))
    with _guard:
        child = _children.pop(root, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout)
