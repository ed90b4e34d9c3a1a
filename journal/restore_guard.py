"""A restore that was stopped part way is finished only when it is provably the app's own.

``restore-pending.json`` and ``.restore/`` are plain files in the data folder:
anyone who can write there could plant them, and finishing them used to
replace the journal on the next command, before any unlock. Now the intent
file carries a tag made with the restored journal's key, and the swap is
finished only after what the person offered unlocks that key and the tag
holds. A planted intent is removed without touching the journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from journal.backup_archive import (
    DATABASE,
    SLOTS,
    _disk_errors,
    _remove_tree,
)
from journal.errors import JournalError
from journal.fileio import fsync_dir
from journal.keys import KeySlots
from journal.paths import JournalPaths, sqlite_files

if TYPE_CHECKING:
    from journal.keys import KeyringAccess
    from journal.unlocking import Unlock

_LABEL = b"practitioner-journal restore intent"


def intent_tag(key: bytes) -> str:
    """Written into the intent file by ``PreparedRestore.commit``."""
    return hmac.new(key, _LABEL, hashlib.sha256).hexdigest()


def _discard(paths: JournalPaths) -> None:
    with contextlib.suppress(FileNotFoundError):
        paths.restore_intent.unlink()
    shutil.rmtree(paths.restore_stage, ignore_errors=True)


def finish_restore_if_ours(
    paths: JournalPaths, unlock: Unlock, keyring_access: KeyringAccess | None = None
) -> bool:
    """Finish an interrupted restore if its tag holds; call with the lock held.

    True when a restore was finished. When what was offered can't unlock the
    restored key, nothing is done either way (the journal opens as it is now).
    """
    from journal.unlocking import unlock_key

    intent = paths.restore_intent
    stage = paths.restore_stage
    if not intent.exists():
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)  # stopped before it committed
        return False
    try:
        record = json.loads(intent.read_bytes())
        tag = record["tag"] if isinstance(record, dict) else None
    except (OSError, ValueError, KeyError):
        tag = None
    if not isinstance(tag, str):
        _discard(paths)  # not written by this version of the app: never acted on
        return False
    staged_slots = stage / SLOTS
    try:
        slots = KeySlots.load(staged_slots if staged_slots.exists() else paths.key_slots)
        key = unlock_key(slots, unlock, keyring_access)
    except JournalError:
        return False
    if not hmac.compare_digest(tag, intent_tag(key)):
        _discard(paths)
        return False
    return finish_interrupted_restore(paths)


def _intent(paths: JournalPaths) -> Path:
    return paths.restore_intent


def _stage(paths: JournalPaths) -> Path:
    return paths.restore_stage


def restore_leftovers(paths: JournalPaths) -> bool:
    """A restore was stopped part way: the next open finishes it or clears its copy."""
    return _intent(paths).exists() or _stage(paths).exists()


def finish_interrupted_restore(paths: JournalPaths) -> bool:
    """Complete a restore that was stopped after it committed. Call with the lock held.

    Returns True when there was one. Every step may be repeated safely: the
    restored database is never opened before this has finished, so the only
    ``-wal`` and ``-shm`` files beside it are the replaced journal's (already
    linked aside).
    """
    intent = _intent(paths)
    if not intent.exists():
        stage = _stage(paths)
        if stage.exists():
            _remove_tree(stage)  # a restore that stopped before it committed
        return False
    stage = _stage(paths)
    with _disk_errors():
        for extra in sqlite_files(paths.database)[1:]:
            with contextlib.suppress(FileNotFoundError):
                extra.unlink()
        staged_db = stage / DATABASE
        if staged_db.exists():
            os.replace(staged_db, paths.database)
        staged_slots = stage / SLOTS
        if staged_slots.exists():
            os.replace(staged_slots, paths.key_slots)
        fsync_dir(paths.root)
        intent.unlink()
        fsync_dir(paths.root)
    _remove_tree(stage)
    return True
