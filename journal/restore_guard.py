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
import shutil
from typing import TYPE_CHECKING

from journal.errors import JournalError
from journal.keys import KeySlots
from journal.paths import JournalPaths

if TYPE_CHECKING:
    from journal.keys import KeyringAccess
    from journal.session import Unlock

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
    from journal import backup
    from journal.session import unlock_key

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
    staged_slots = stage / backup.SLOTS
    try:
        slots = KeySlots.load(staged_slots if staged_slots.exists() else paths.key_slots)
        key = unlock_key(slots, unlock, keyring_access)
    except JournalError:
        return False
    if not hmac.compare_digest(tag, intent_tag(key)):
        _discard(paths)
        return False
    return backup.finish_interrupted_restore(paths)
