"""The quick check never misses what the full one finds, in any part it skips.

Each tamper below is made after a check recorded its checkpoint, to an entry (or part)
that the app did not change since: exactly what the quick check does not read again in
full. Both checks must report it. Real SQLCipher files throughout.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.tampering import forge_entry

from journal import backup, store
from journal.backup_check import check_backup_file
from journal.errors import CorruptJournal
from journal.models import Incident, NewAttachment
from journal.repository import GENESIS_HASH, canonical_json, chain_hash
from journal.session import Journal, Unlock
from journal.verify import verify
from journal.verify_incremental import SETTING, load, save, verify_quickly

PASSPHRASE = "correct horse battery staple"  # the journal fixture's (tests/conftest.py)

LONG_AGO = datetime(2015, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def checked(journal: Journal) -> Journal:
    """A journal with history, tags and evidence, checked once (so it has a checkpoint),
    then changed in the app (so the quick check has something new to check in full)."""
    repo = journal.repo
    repo.add(Incident(title="Threat in a comment", occurred_at=LONG_AGO, impact_tags=["fear"]))
    edited = repo.add(Incident(title="Message naming my child", private_notes="my worry"))
    edited.title = "Message naming my child (edited)"
    repo.update(edited)
    repo.add(
        Incident(title="Screenshot of the post on the wall"),
        [NewAttachment(filename="shot.png", mime="image/png", data=b"\x89PNG evidence")],
    )
    binned = repo.add(Incident(title="Posted twice by mistake"))
    repo.delete(binned.id)
    first = verify_quickly(journal.conn)
    assert first.full and first.report.ok and first.checkpoint is not None
    save(journal.conn, first.checkpoint)
    # Changes the app makes after the checkpoint: checked in full next time.
    repo.add(Incident(title="A new one today", impact_tags=["anxiety"]))
    later = repo.get(edited.id)
    assert later is not None
    later.description = "It happened again."
    repo.update(later)
    again = verify_quickly(journal.conn)
    assert not again.full and again.report.ok and again.rechecked == 2, again
    return journal


def _old(journal: Journal, title: str) -> tuple[int, str]:
    row = journal.conn.execute("SELECT rowid, id FROM entries WHERE title = ?", (title,)).fetchone()
    return int(row[0]), str(row[1])


def _edit_data(j: Journal) -> None:
    _rowid, entry_id = _old(j, "Threat in a comment")
    j.conn.execute(
        "UPDATE entries SET data = json_set(data, '$.description', 'rewritten') WHERE id = ?",
        (entry_id,),
    )


def _edit_list_column(j: Journal) -> None:
    j.conn.execute("UPDATE entries SET severity = 'low' WHERE title = 'Threat in a comment'")


def _add_tag(j: Journal) -> None:
    rowid, _ = _old(j, "Threat in a comment")
    j.conn.execute("INSERT INTO entry_tags (tag, entry_rowid) VALUES ('sleep', ?)", (rowid,))


def _edit_search_index(j: Journal) -> None:
    rowid, _ = _old(j, "Threat in a comment")
    j.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
    j.conn.execute(
        "INSERT INTO entries_fts (rowid, title) VALUES (?, 'threat in a comment')", (rowid,)
    )  # the same words but one: its tag is gone from the index


def _add_a_word_to_the_index(j: Journal) -> None:
    rowid, _ = _old(j, "Screenshot of the post on the wall")
    j.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
    j.conn.execute(
        "INSERT INTO entries_fts (rowid, title) VALUES (?, ?)",
        (rowid, "screenshot of the post on the wall forged"),
    )


def _edit_change_record(j: Journal) -> None:
    j.conn.execute("UPDATE ledger SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 1")


def _edit_revision(j: Journal) -> None:
    _rowid, entry_id = _old(j, "Threat in a comment")
    j.conn.execute("UPDATE revisions SET prev_hash = ? WHERE entry_id = ?", ("1" * 64, entry_id))


def _rewrite_with_new_hashes(j: Journal) -> None:
    """A careful forger: the entry and its revision rewritten, every hash recomputed."""
    _rowid, entry_id = _old(j, "Threat in a comment")
    data = json.loads(
        j.conn.execute("SELECT data FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
    )
    text = canonical_json(data | {"private_notes": "forged"})
    new = chain_hash(GENESIS_HASH, text)
    j.conn.execute("UPDATE revisions SET hash = ? WHERE entry_id = ?", (new, entry_id))
    j.conn.execute("UPDATE entries SET data = ?, hash = ? WHERE id = ?", (text, new, entry_id))


def _edit_evidence(j: Journal) -> None:
    j.conn.execute("UPDATE attachments SET data = x'00'")


def _move_to_bin(j: Journal) -> None:
    j.conn.execute(
        "UPDATE entries SET deleted_at = '2026-01-01T00:00:00+00:00' "
        "WHERE title = 'Threat in a comment'"
    )


def _remove_entry(j: Journal) -> None:
    rowid, entry_id = _old(j, "Threat in a comment")
    j.conn.execute("DELETE FROM revisions WHERE entry_id = ?", (entry_id,))
    j.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
    j.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))


def _remove_history(j: Journal) -> None:
    _rowid, entry_id = _old(j, "Threat in a comment")
    j.conn.execute("DELETE FROM revisions WHERE entry_id = ?", (entry_id,))


def _orphan_history(j: Journal) -> None:
    j.conn.execute("PRAGMA foreign_keys = OFF")  # as a forger with the plain SQL shell would
    j.conn.execute(
        "INSERT INTO revisions (entry_id, revision, saved_at, prev_hash, hash, data) "
        "VALUES ('not-an-entry', 1, '2026-01-01', ?, ?, '{}')",
        (GENESIS_HASH, GENESIS_HASH),
    )


def _add_entry(j: Journal) -> None:
    forge_entry(j.conn, "Threat in a comment")


TAMPERS: dict[str, Callable[[Journal], None]] = {
    "an old entry's saved JSON": _edit_data,
    "an old entry's list column": _edit_list_column,
    "an old entry's tags": _add_tag,
    "a word taken from the search index": _edit_search_index,
    "a word added to the search index": _add_a_word_to_the_index,
    "the record of changes": _edit_change_record,
    "an old revision": _edit_revision,
    "an entry rewritten with new hashes": _rewrite_with_new_hashes,
    "an evidence file": _edit_evidence,
    "an entry moved into the bin": _move_to_bin,
    "an entry removed with its history": _remove_entry,
    "an entry's history removed": _remove_history,
    "history without an entry": _orphan_history,
    "an entry added outside the app": _add_entry,
}


@pytest.mark.parametrize("tamper", TAMPERS.values(), ids=list(TAMPERS))
def test_the_quick_check_finds_what_the_full_one_finds(
    checked: Journal, tamper: Callable[[Journal], None]
) -> None:
    assert load(checked.conn) is not None
    tamper(checked)
    full = verify(checked.conn)
    assert not full.ok
    quick = verify_quickly(checked.conn)
    assert not quick.full, "the checkpoint must still be used"
    assert not quick.report.ok, f"missed: {full.problems}"
    assert quick.checkpoint is None  # a failed check records nothing


def test_an_honest_journal_passes_and_moves_its_checkpoint_on(checked: Journal) -> None:
    save(checked.conn, verify_quickly(checked.conn).checkpoint or pytest.fail("none"))
    before = load(checked.conn)
    result = verify_quickly(checked.conn)
    assert result.report.ok and result.rechecked == 0 and result.checkpoint is not None
    assert result.checkpoint.rows == (before.rows if before else None)
    assert result.report.entries == 5


def test_a_damaged_or_foreign_checkpoint_means_every_check_in_full(checked: Journal) -> None:
    text = json.loads(
        checked.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()[0]
    )
    outer = json.loads(text)
    outer["checkpoint"] = outer["checkpoint"].replace('"format": 1', '"format": 2')
    checked.repo.set_setting(SETTING, json.dumps(outer))  # its own digest no longer matches
    assert load(checked.conn) is None
    result = verify_quickly(checked.conn)
    assert result.full and result.report.ok
    checked.repo.set_setting(SETTING, "not a checkpoint")
    assert verify_quickly(checked.conn).full


def test_damaged_pages_are_found_without_the_checkpoint_helping(
    checked: Journal, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    store.export_encrypted(checked.conn, copy, checked._key)
    conn = store.connect(copy, checked._key)
    save(conn, verify_quickly(conn).checkpoint or pytest.fail("no checkpoint"))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(copy.read_bytes())
    pages = len(data) // 4096
    spot = (pages - 1) * 4096 + 100  # inside the last page's encrypted content
    data[spot : spot + 8] = bytes(b ^ 0xFF for b in data[spot : spot + 8])
    copy.write_bytes(bytes(data))
    conn = backup.open_database(copy, checked._key)
    pages_conn = backup.open_database(copy, checked._key)
    try:
        result = verify_quickly(conn, pages_conn)
    finally:
        conn.close()
        pages_conn.close()
    assert any("authentication check" in p for p in result.report.problems), result.report


def test_backups_record_a_checkpoint_and_are_checked_against_the_one_they_carry(
    journal: Journal, tmp_path: Path
) -> None:
    journal.repo.add(Incident(title="Threat in a comment", occurred_at=LONG_AGO))
    first = backup.write_backup(journal, tmp_path / "first.pjbackup")
    assert first.path.exists()
    assert load(journal.conn) is not None  # recorded after the first (full) check
    journal.repo.add(Incident(title="A new one today"))
    second = backup.write_backup(journal, tmp_path / "second.pjbackup")
    unlock = Unlock(passphrase=PASSPHRASE, use_keyring=False)
    assert check_backup_file(second.path, unlock).ok

    # The second backup carries the first's checkpoint: checked quickly, the new entry in full.
    db = tmp_path / "unpacked.db"
    with zipfile.ZipFile(second.path) as zf:
        db.write_bytes(zf.read(backup.DATABASE))
    conn = backup.open_database(db, journal._key)
    try:
        quick = verify_quickly(conn)
    finally:
        conn.close()
    assert not quick.full and quick.rechecked == 1 and quick.report.ok

    # Tampered inside, with the archive's checksums made to match: still found.
    conn = store.connect(db, journal._key)
    conn.execute("UPDATE entries SET severity = 'low' WHERE title = 'Threat in a comment'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tampered = tmp_path / "tampered.pjbackup"
    _repack(second.path, tampered, db.read_bytes())
    result = check_backup_file(tampered, unlock)
    assert not result.ok
    assert any("list details" in p for p in result.report.problems), result.report.problems


def test_a_backup_is_refused_when_the_quick_check_fails(journal: Journal, tmp_path: Path) -> None:
    journal.repo.add(Incident(title="Threat in a comment", occurred_at=LONG_AGO))
    backup.write_backup(journal, tmp_path / "first.pjbackup")
    assert load(journal.conn) is not None
    _edit_list_column(journal)
    with pytest.raises(CorruptJournal):
        backup.write_backup(journal, tmp_path / "second.pjbackup")
    assert not (tmp_path / "second.pjbackup").exists()


def _repack(source: Path, target: Path, database: bytes) -> None:
    with zipfile.ZipFile(source) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members[backup.MANIFEST])
    manifest["members"][backup.DATABASE] = {
        "size": len(database),
        "sha256": hashlib.sha256(database).hexdigest(),
    }
    members[backup.MANIFEST] = json.dumps(manifest).encode()
    members[backup.DATABASE] = database
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
