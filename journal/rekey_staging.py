"""Where a key change builds its new files, and how opening finishes one stopped part way.

``journal.rekey`` builds the new database and backups in ``.rekey/`` and swaps them in
(its docstring gives the order); when it was stopped part way, ``settle`` (called by
``Journal.open`` with the lock held) keeps whichever key actually opens ``journal.db``
and finishes or undoes the rest. It sits below the session, which calls it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from journal import store
from journal.errors import JournalError, UnlockError
from journal.fileio import fsync_dir
from journal.keys import KeyringAccess, KeySlots
from journal.paths import JournalPaths
from journal.unlocking import Unlock, unlock_key

STAGE_DIR = ".rekey"
NEXT_SLOTS = "keyslots.next.json"
STAGED_BACKUPS = "backups"
TAG_FILE = "staged.json"


@dataclass
class RekeyResult:
    """What changed: the new recovery key (show it once) and what happened to old copies."""

    recovery_key: str
    backups_reencrypted: list[Path] = field(default_factory=list)
    backups_removed: list[Path] = field(default_factory=list)
    copies_removed: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        """One or two sentences for a person: which older copies were dealt with, and how."""
        parts = []
        if self.backups_reencrypted:
            n = len(self.backups_reencrypted)
            parts.append(
                f"{n} automatic backup{'s were' if n != 1 else ' was'} re-encrypted with the "
                "new key."
            )
        if self.backups_removed:
            n = len(self.backups_removed)
            parts.append(
                f"{n} automatic backup{'s' if n != 1 else ''} that couldn't be read "
                f"{'were' if n != 1 else 'was'} removed."
            )
        if self.copies_removed:
            n = len(self.copies_removed)
            parts.append(
                f"{n} cop{'ies' if n != 1 else 'y'} kept from before a restore "
                f"{'were' if n != 1 else 'was'} removed."
            )
        if not parts:
            parts.append("There were no older backups in the journal's folder to deal with.")
        return " ".join(parts)


def stage_dir(paths: JournalPaths) -> Path:
    return paths.root / STAGE_DIR


def next_slots_file(paths: JournalPaths) -> Path:
    return paths.root / NEXT_SLOTS


def pending(paths: JournalPaths) -> bool:
    """A re-key was under way when the app last stopped (cheap: two ``stat`` calls)."""
    return next_slots_file(paths).exists() or stage_dir(paths).exists()


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _opens_with(database: Path, key: bytes) -> bool:
    """The key reads the database's first page (a cheap check, not a full verify)."""
    conn = store.connect_keyed(database, key)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except store.database_errors():
        return False
    finally:
        conn.close()


def tag(key: bytes, names: list[str]) -> str:
    """Proof, made with the new key, that the staged files are this app's own."""
    return hmac.new(key, json.dumps(sorted(names)).encode(), hashlib.sha256).hexdigest()


def finish_backups(paths: JournalPaths, key: bytes, result: RekeyResult | None) -> None:
    """Step 5: move staged backups in (if their tag holds) and clear ``.rekey/``."""
    stage = stage_dir(paths)
    staged = stage / STAGED_BACKUPS
    try:
        record = json.loads((stage / TAG_FILE).read_text(encoding="utf-8"))
        names = [str(n) for n in record["replace"]]
        removed = [str(n) for n in record["remove"]]
        authentic = hmac.compare_digest(str(record["tag"]), tag(key, names + removed))
    except (OSError, ValueError, KeyError, TypeError):
        authentic = False
    if authentic:
        for name in names:
            if Path(name).name != name:
                continue
            source = staged / name
            if source.exists():
                os.replace(source, paths.backups / name)
                if result is not None:
                    result.backups_reencrypted.append(paths.backups / name)
        for name in removed:
            if Path(name).name != name:
                continue
            with contextlib.suppress(FileNotFoundError):
                (paths.backups / name).unlink()
                if result is not None:
                    result.backups_removed.append(paths.backups / name)
        with contextlib.suppress(OSError):
            fsync_dir(paths.backups)
        aside = paths.root / "before-restore"
        if aside.exists():
            for copy in sorted(aside.iterdir()):
                remove_tree(copy) if copy.is_dir() else copy.unlink()
                if result is not None and not copy.name.startswith("."):
                    result.copies_removed.append(copy)
    remove_tree(stage)
    with contextlib.suppress(OSError):
        fsync_dir(paths.root)


def settle(
    paths: JournalPaths,
    slots: KeySlots,
    unlock: Unlock,
    keyring_access: KeyringAccess | None = None,
) -> tuple[KeySlots, bytes]:
    """Finish or undo a re-key that was stopped part way. Call with the lock held.

    Returns the slots and key that open ``journal.db``. Nothing is changed unless what
    was offered unlocks a key that opens the journal.
    """
    next_file = next_slots_file(paths)
    first_error: JournalError | None = None
    key: bytes | None = None
    try:
        key = unlock_key(slots, unlock, keyring_access)
        if _opens_with(paths.database, key):
            if next_file.exists():  # stopped before the swap: the old journal stands
                with contextlib.suppress(FileNotFoundError):
                    next_file.unlink()
                remove_tree(stage_dir(paths))
            else:  # stopped after the swap, while the backups were moved in
                finish_backups(paths, key, None)
            return slots, key
    except UnlockError as exc:
        first_error = exc
    if next_file.exists():
        try:
            new_slots = KeySlots.load(next_file)
        except JournalError:
            new_slots = None
        if new_slots is not None and new_slots.journal_id == slots.journal_id:
            try:
                new_key = unlock_key(new_slots, unlock, keyring_access)
            except UnlockError as exc:
                raise first_error or exc from None
            if _opens_with(paths.database, new_key):
                os.replace(next_file, paths.key_slots)
                fsync_dir(paths.root)
                finish_backups(paths, new_key, None)
                return new_slots, new_key
    if first_error is not None:
        raise first_error
    assert key is not None
    return slots, key  # neither opens it: opening reports the damage as usual
