"""Helpers shared by the shell's tests (imported by name; tests/ui is not a package)."""

from __future__ import annotations

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import (
    type_into as type_into,
)
from helpers.qt import (
    unlock_with_passphrase as unlock_with_passphrase,
)
from helpers.qt import (
    wait_idle as wait_idle,
)

from journal.paths import JournalPaths
from journal.session import Journal

# The offscreen test platform can't pass size hints to windows or raise them; real
# platforms can. (A regular expression, as pytest-qt's qt_log_ignore takes.)
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def make_journal(
    paths: JournalPaths, *, passphrase: str | None = PASSPHRASE, keyring: bool = False
) -> str:
    """Set up a journal on disk, close it, and return its recovery key."""
    journal, recovery_key = Journal.create(paths, passphrase=passphrase, use_keyring=keyring)
    journal.close()
    return recovery_key
