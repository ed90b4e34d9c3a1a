"""Process hardening: keep the journal's key and content out of core dumps.

A crash must never leave a copy of memory (which holds the database key and
whatever was on screen) on disk. So, before any command runs:

- the core file size limit is set to 0 (Linux, macOS and other POSIX systems);
- files and folders it creates are private to the user (umask 077), whichever
  part of the program or toolkit creates them (``window.ini`` included);
- on Linux the process is also marked not dumpable (``prctl(PR_SET_DUMPABLE, 0)``),
  which stops a system crash handler from taking a dump whatever the limit
  says, and stops other processes of the same user from attaching to read
  memory (root still can).

Every step is best effort: a refusal is logged (no content) and the program
goes on, because a person must always be able to reach their journal.
Extension loading is never enabled on a connection (SQLite keeps
``load_extension()`` off unless asked), and nothing logs journal content.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)

PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


@dataclass(frozen=True)
class HardeningState:
    core_limit_zero: bool
    not_dumpable: bool | None  # None where the platform has no such switch


def _set_core_limit_zero() -> bool:
    try:
        import resource
    except ImportError:  # Windows: no core files to disable
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        log.warning("could not disable core dumps")
        return False
    return True


def _prctl(option: int, arg: int = 0) -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return int(prctl(option, arg, 0, 0, 0))


def _set_not_dumpable() -> bool | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        if _prctl(PR_SET_DUMPABLE, 0) != 0:
            log.warning("could not mark the process as not dumpable")
            return False
        return _prctl(PR_GET_DUMPABLE) == 0
    except (OSError, AttributeError):
        log.warning("could not mark the process as not dumpable")
        return False


def is_dumpable() -> bool | None:
    """Linux only: whether the kernel would dump this process (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return _prctl(PR_GET_DUMPABLE) != 0
    except (OSError, AttributeError):
        return None


def harden_process() -> HardeningState:
    """Call once at start-up, before the journal is opened. Safe to call again."""
    import os

    os.umask(0o077)
    return HardeningState(
        core_limit_zero=_set_core_limit_zero(),
        not_dumpable=_set_not_dumpable(),
    )
