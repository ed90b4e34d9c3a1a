"""One writer at a time: an OS advisory lock on ``journal.lock``.

The OS releases the lock when the process ends, even after a crash, so a
stale lock file never keeps a person out of their journal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from pathlib import Path

from journal.errors import JournalLocked, StorageError

_REFUSED = {errno.EACCES, errno.EPERM, errno.EROFS}
_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows only


# What the journal's own background backup (journal.background) writes after its pid, so
# a program that finds the journal locked by it waits a little instead of refusing.
BACKGROUND_NOTE = "background backup"
BACKGROUND_WAIT_S = 120.0


class ProcessLock:
    def __init__(self, path: Path, note: str = "") -> None:
        self.path = path
        self.note = note
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        try:
            try:
                fd = os.open(self.path, _FLAGS, 0o600)
            except FileNotFoundError:  # the first time: the folder doesn't exist yet
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(self.path, _FLAGS, 0o600)
        except (PermissionError, OSError) as exc:
            if isinstance(exc, FileNotFoundError) or exc.errno not in _REFUSED:
                raise
            raise StorageError(
                f"The journal's folder {self.path.parent} can't be written to (it is read-only "
                "or belongs to someone else), and the journal needs to keep a lock file there "
                "while it is open. Nothing was changed. Check the folder's permissions, or copy "
                "it somewhere you can write to."
            ) from None
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            raise JournalLocked() from exc
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # a lock file left by an older copy may be wider
            # Who holds it, for a person looking at the folder; the app reads only the note.
            pid = f"{os.getpid()} {self.note}".strip().encode("ascii")
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, pid)
            if os.fstat(fd).st_size != len(pid):  # emptying a file is slow on some disks
                os.ftruncate(fd, len(pid))
        except OSError:
            pass  # the lock itself is what matters
        self._fd = fd

    def acquire_waiting_for_backup(self, timeout: float = BACKGROUND_WAIT_S) -> None:
        """``acquire``; while the holder is the journal's own background backup (the day's
        backup, made after the last program closed it), wait for it rather than refuse."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.acquire()
                return
            except JournalLocked:
                if time.monotonic() > deadline or not self.held_by_background_backup():
                    raise
                time.sleep(0.05)

    def held_by_background_backup(self) -> bool:
        try:
            text = self.path.read_text(encoding="ascii", errors="replace")
        except OSError:
            return False
        return text.strip().endswith(BACKGROUND_NOTE)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(self._fd)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> ProcessLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
