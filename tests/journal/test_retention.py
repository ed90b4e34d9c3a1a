"""Retention: review and purge entries older than N years, leaving their text nowhere."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.sqlcipher_pages import plaintext

from journal import retention
from journal.backup import list_backups, restore, write_backup
from journal.errors import NotFound, ValidationError
from journal.models import CheckIn, Incident, NewAttachment
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.verify import verify

TODAY = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OLD = datetime(2021, 5, 1, 9, 0, tzinfo=UTC)
RECENT = datetime(2025, 2, 3, 9, 0, tzinfo=UTC)
MARKER = "Quokkafrost"  # one word, so the search index holds it as a token
GONE = [MARKER, MARKER.lower(), f"{MARKER}-note", f"{MARKER}-quote", f"{MARKER}-evidence"]


def clock() -> datetime:
    return TODAY


def test_retention_is_off_by_default_and_validates_years(journal: Journal) -> None:
    assert retention.get_policy(journal.repo) is None
    retention.set_policy(journal.repo, 6)
    assert retention.get_policy(journal.repo) == 6
    for bad in (0, 101, -1, 2.5, "6", True):
        with pytest.raises(ValidationError):
            retention.set_policy(journal.repo, bad)  # type: ignore[arg-type]
    retention.set_policy(journal.repo, None)
    assert retention.get_policy(journal.repo) is None


def test_cutoff_is_the_same_day_n_years_ago() -> None:
    assert retention.cutoff_for(3, TODAY) == datetime(2023, 11, 20, 12, 0, tzinfo=UTC)
    leap = datetime(2028, 2, 29, 8, 0, tzinfo=UTC)
    assert retention.cutoff_for(1, leap) == datetime(2027, 2, 28, 8, 0, tzinfo=UTC)


def test_review_counts_and_lists_old_entries_and_changes_nothing(journal: Journal) -> None:
    old = journal.repo.add(Incident(title="old one", occurred_at=OLD))
    deleted = journal.repo.add(CheckIn(occurred_at=OLD.replace(month=7)))
    journal.repo.delete(deleted.id)
    journal.repo.add(Incident(title="recent", occurred_at=RECENT))
    before = journal.repo.count()
    found = retention.review(journal.repo, 5, clock=clock)
    assert found.count == 2 and found.cutoff == datetime(2021, 11, 20, 12, 0, tzinfo=UTC)
    assert [i.id for i in found.items] == [old.id, deleted.id]  # oldest first
    assert [i.deleted for i in found.items] == [False, True]
    assert retention.review(journal.repo, 5, clock=clock, limit=1).count == 2
    assert retention.review(journal.repo, 10, clock=clock).count == 0
    assert journal.repo.count() == before
    assert journal.repo.get(old.id).title == "old one"


def _everything_old(journal: Journal) -> tuple[str, str]:
    """An old entry with the marker in every place text can live, and its history."""
    old = journal.repo.add(
        Incident(
            title=f"Post by {MARKER}",
            description=f"They wrote {MARKER} again",
            private_notes=f"{MARKER}-note",
            quoted_text=f"{MARKER}-quote",
            author_handle=f"@{MARKER}",
            impact_tags=[f"{MARKER}-tag"],
            occurred_at=OLD,
        ),
        [NewAttachment("shot.png", "image/png", f"{MARKER}-evidence".encode() * 50)],
    )
    for n in range(3):
        current = journal.repo.get(old.id)
        journal.repo.update(replace(current, description=f"{MARKER} edit {n}"))
    gone = journal.repo.add(CheckIn(description=f"{MARKER} check-in", occurred_at=OLD))
    journal.repo.delete(gone.id)
    journal.repo.clock = lambda: OLD
    journal.repo.save_draft("draft-1", {"title": f"{MARKER} draft"})
    journal.repo.clock = datetime.now
    return old.id, gone.id


def _no_marker_in_plaintext(journal: Journal, root: Path) -> None:
    key = journal._key
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        assert MARKER.encode() not in raw, path  # nothing is ever stored in the clear
        if path.name in ("journal.db", "journal.db-wal"):
            text = plaintext(path, key)
            for word in GONE:
                assert word.encode() not in text, f"{word} still inside {path}"
        if path.suffix == ".pjbackup":
            with zipfile.ZipFile(path) as zf:
                data = zf.read("journal.db")
            unpacked = root.parent / "unpacked.db"
            unpacked.write_bytes(data)
            assert MARKER.encode() not in plaintext(unpacked, key), path
            unpacked.unlink()


def test_purge_removes_old_entries_everywhere(paths: JournalPaths, tmp_path: Path) -> None:
    journal, _ = Journal.create(paths, passphrase="retention passphrase")
    old_id, gone_id = _everything_old(journal)
    recent = journal.repo.add(
        Incident(title="recent and kept", description="still here", occurred_at=RECENT)
    )
    journal.repo.update(replace(journal.repo.get(recent.id), description="still here, edited"))
    # A restore leaves the previous journal aside, and automatic backups hold old data too.
    saved = tmp_path / "saved.pjbackup"
    write_backup(journal, saved)
    journal.close()
    restore(paths, saved, Unlock())
    journal = Journal.open(paths, Unlock())
    assert (paths.root / "before-restore").exists() and list_backups(paths)

    # Control: the decryption the test relies on does see the marker before the purge.
    journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert MARKER.encode() in plaintext(paths.database, journal._key)

    result = retention.purge(journal, 5, clock=clock)
    assert (result.entries, result.revisions, result.attachments, result.drafts) == (2, 6, 1, 1)
    for entry_id in (old_id, gone_id):
        with pytest.raises(NotFound):
            journal.repo.get(entry_id, include_deleted=True)
    assert journal.repo.search(MARKER) == []
    assert journal.repo.drafts() == []
    assert f"{MARKER.lower()}-tag" not in {t.name for t in journal.repo.tags()}
    assert journal.repo.get(recent.id).description == "still here, edited"
    assert len(journal.repo.history(recent.id)) == 2
    assert [r.id for r in journal.repo.search("kept")] == [recent.id]
    assert verify(journal.conn).ok

    assert not (paths.root / "before-restore").exists()
    (fresh,) = list_backups(paths)
    assert fresh.created_at == TODAY  # made by the purge, after the removal
    assert result.backups_removed >= 1
    wal = paths.root / "journal.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    _no_marker_in_plaintext(journal, paths.root)
    journal.close()

    with Journal.open(paths, Unlock()) as again:
        assert again.repo.count() == 1 and verify(again.conn).ok
    assert saved.exists()  # a backup saved elsewhere is the person's own to delete


def test_purge_with_nothing_old_removes_nothing(journal: Journal) -> None:
    kept = journal.repo.add(Incident(title="recent", occurred_at=RECENT))
    result = retention.purge_entries(journal.repo, 5, clock=clock)
    assert result.entries == 0 and journal.repo.get(kept.id).title == "recent"
    assert verify(journal.conn).ok
