"""Noticing an older copy put back: the chain's position kept where a copied file can't reach.

``journal.db`` carries its own change record (``journal.chain``), but a whole
older file carries an older record that is perfectly consistent. So the
position reached (the last change's number and hash) is also kept:

- in ``keyslots.json``, as a pseudo-slot that unlocking never reads, tagged
  with an HMAC made with the database key (so it can't be edited without the
  key); an older ``journal.db`` put back beside it is behind it;
- in the computer's password store, when the journal uses one; an older
  ``journal.db`` *and* an older ``keyslots.json`` put back together are
  behind that.

Opening compares the database with the key file's marker; ``verify`` with both.
An older copy (or one written to after going back) is reported in words; ``verify`` fails with exit
6 until the person either keeps this copy on purpose (``verify
--keep-this-copy``) or restores their newest backup, and restoring a backup on
purpose moves the marker with it. Until then the marker is not moved, so the
notice can't be closed away by using the journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from journal import ledger
from journal.errors import JournalError
from journal.keys import SLOT_KEYRING, KeyringAccess, KeySlots
from journal.timeutil import local_display, now, to_storage

if TYPE_CHECKING:
    from journal.paths import JournalPaths
    from journal.store import Connection
    from journal.verify import VerifyReport


class _Journal(Protocol):
    """What this module needs of an open journal (``journal.session.Journal`` is one)."""

    rollback_notice: str | None
    paths: JournalPaths
    slots: KeySlots
    conn: Connection
    _key: bytes


MARKER_SLOT = "chain-position"


@dataclass(frozen=True)
class Marker:
    seq: int
    head: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "head": self.head, "at": self.at}


def password_store_marker(journal_id: str, text: str | None = None) -> str | None:
    """Read (``text`` None) or write the marker kept in the password store.

    The one place that reaches the password store for it, through the same access
    the key slot uses; any failure there means "not available" (None).
    """
    access = KeyringAccess()
    account = f"{journal_id}:chain-position"
    try:
        if text is None:
            return access.fetch(account)
        access.store(account, text)
        return text
    except JournalError:
        return None


def _tag(key: bytes, journal_id: str, marker: Marker) -> str:
    message = f"{journal_id}\n{marker.seq}\n{marker.head}\n{marker.at}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _parse(data: object) -> Marker | None:
    if not isinstance(data, dict):
        return None
    seq, head, at = data.get("seq"), data.get("head"), data.get("at")
    if isinstance(seq, int) and not isinstance(seq, bool) and isinstance(head, str):
        return Marker(seq, head, str(at or ""))
    return None


def _slot_marker(slots: KeySlots, key: bytes) -> tuple[Marker | None, bool]:
    """The key file's marker and whether its tag holds (True when there is none)."""
    data = slots.slots.get(MARKER_SLOT)
    if data is None:
        return None, True
    marker = _parse(data)
    if marker is None:
        return None, False
    return marker, hmac.compare_digest(
        str(data.get("tag", "")), _tag(key, slots.journal_id, marker)
    )


def _store_marker(slots: KeySlots) -> Marker | None:
    if not slots.has(SLOT_KEYRING):
        return None
    text = password_store_marker(slots.journal_id)
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return _parse(json.loads(text))
    return None


def _when(marker: Marker) -> str:
    with contextlib.suppress(ValueError):
        return " on " + local_display(datetime.fromisoformat(marker.at))
    return ""


def check(
    conn: Connection, slots: KeySlots, key: bytes, *, password_store: bool = False
) -> str | None:
    """A sentence when this database is behind (or off) the last position recorded.

    Opening checks the key file only (no extra round trip to the password store, which
    can be slow); ``verify`` asks the password store too, which also catches an older
    key file put back with the older database.
    """
    seq, _head = ledger.head(conn)
    from_slots, authentic = _slot_marker(slots, key)
    if not authentic:
        return (
            "The journal's key file holds a record of its last position that doesn't match "
            "its key: the key file was altered outside the app."
        )
    from_store = _store_marker(slots) if password_store else None
    markers = [m for m in (from_slots, from_store) if m is not None]
    if not markers:
        return None
    newest = max(markers, key=lambda m: m.seq)
    advice = (
        " If that wasn't you, restore your newest backup; if you meant to go back to this "
        "copy, keep it with 'practitioner-journal verify --keep-this-copy' (or in the app)."
    )
    if seq < newest.seq:
        return (
            f"This is an older copy of the journal: it stops at change {seq:,}, but change "
            f"{newest.seq:,} was already recorded here{_when(newest)}. An older journal.db may "
            "have been put back, and later changes (a threat you recorded, perhaps) are "
            "missing from it." + advice
        )
    row = conn.execute("SELECT hash FROM ledger WHERE seq = ?", (newest.seq,)).fetchone()
    recorded = ledger.GENESIS if newest.seq == 0 else (row[0] if row else None)
    if recorded != newest.head:
        return (
            f"This journal doesn't continue the one last used here: it differs at change "
            f"{newest.seq:,}. An older copy may have been put back and written to since." + advice
        )
    return None


def save(conn: Connection, slots: KeySlots, key: bytes, key_file: Path) -> None:
    """Record the database's position in the key file and the password store, if moved."""
    seq, head = ledger.head(conn)
    current, _ = _slot_marker(slots, key)
    if seq == 0 or (current is not None and (current.seq, current.head) == (seq, head)):
        return  # nothing recorded yet, or nothing moved since it was
    marker = Marker(seq, head, to_storage(now()))
    slots.slots[MARKER_SLOT] = {**marker.to_json(), "tag": _tag(key, slots.journal_id, marker)}
    slots.save(key_file)
    if slots.has(SLOT_KEYRING):
        password_store_marker(slots.journal_id, json.dumps(marker.to_json()))


def save_for(journal: _Journal) -> None:
    """On close, and after keeping an older copy on purpose."""
    save(journal.conn, journal.slots, journal._key, journal.paths.key_slots)


def after_restore(key_file: Path, database: Path, key: bytes) -> None:
    """A backup restored on purpose: the marker moves to the restored journal's position."""
    from journal import store

    conn = store.connect(database, key)
    try:
        slots = KeySlots.load(key_file)
        slots.slots.pop(MARKER_SLOT, None)
        save(conn, slots, key, key_file)
    finally:
        conn.close()


def verify_journal(journal: _Journal) -> VerifyReport:
    """Every check ``verify`` makes, and whether this is an older copy put back."""
    from journal.verify import verify

    report = verify(journal.conn)
    if not journal.rollback_notice:
        journal.rollback_notice = check(
            journal.conn, journal.slots, journal._key, password_store=True
        )
    if journal.rollback_notice:
        report.problems.insert(0, journal.rollback_notice)
        report.older_copy = True
    return report


def keep_this_copy(journal: _Journal) -> None:
    """The person put this older copy back on purpose: record its position from now on."""
    journal.rollback_notice = None
    save_for(journal)
