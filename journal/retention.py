"""Keeping entries no longer than needed: review and purge entries older than N years.

The setting is off by default (``None``): nothing is ever removed unless the
person chooses a number of years and then confirms a purge after reviewing
what it would remove. Purging is a hard delete, unlike the everyday soft
delete:

- the entries, every revision, their evidence files and tag links, the
  search index rows (then an FTS ``optimize`` so no old index segment keeps
  their words), custom tags only they used, and editor drafts from before
  the cut-off;
- ``secure_delete`` (always on with SQLCipher) zeroes the freed space,
  ``incremental_vacuum`` gives the freed pages back to the file system, and a
  ``wal_checkpoint(TRUNCATE)`` moves the change into the database file and
  empties the write-ahead log, so the old pages leave the WAL too;
- automatic backups made before the purge still hold those entries, so they
  are replaced by one fresh backup, and the copies kept aside by earlier
  restores are removed. Backups saved elsewhere with ``backup --out`` are the
  person's own to delete; the app says so.

The export log keeps which entry ids and hashes went into past reports (no
text), because that record belongs to the reports already sent.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from journal import ledger
from journal.errors import StorageError, ValidationError
from journal.repository import Repository, translated_errors
from journal.timeutil import now, to_storage

if TYPE_CHECKING:
    from journal.session import Journal

SETTING_YEARS = "retention.years"
MIN_YEARS = 1
MAX_YEARS = 100


@dataclass(frozen=True)
class RetentionItem:
    """One entry a purge would remove (for the review list)."""

    id: str
    kind: str
    occurred_at: datetime
    title: str
    deleted: bool


@dataclass(frozen=True)
class RetentionReview:
    years: int
    cutoff: datetime
    count: int
    items: tuple[RetentionItem, ...]


@dataclass(frozen=True)
class PurgeResult:
    years: int
    cutoff: datetime
    entries: int
    revisions: int
    attachments: int
    drafts: int
    backups_removed: int


def check_years(years: object) -> int:
    if isinstance(years, bool) or not isinstance(years, int):
        raise ValidationError({"years": "should be a whole number of years."})
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError({"years": f"should be from {MIN_YEARS} to {MAX_YEARS}."})
    return years


def get_policy(repo: Repository) -> int | None:
    """The chosen number of years, or None when retention is off (the default)."""
    value = repo.get_setting(SETTING_YEARS, None)
    if value is None:
        return None
    try:
        return check_years(value)
    except ValidationError:
        return None


def set_policy(repo: Repository, years: int | None) -> None:
    """Choose N years, or None to turn retention off. Nothing is removed by this."""
    repo.set_setting(SETTING_YEARS, None if years is None else check_years(years))


def cutoff_for(years: int, today: datetime) -> datetime:
    """The same calendar day ``years`` ago (28 February for 29 February), in UTC."""
    check_years(years)
    moment = today.astimezone(UTC)
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def review(
    repo: Repository,
    years: int,
    *,
    clock: Callable[[], datetime] = now,
    limit: int | None = 500,
) -> RetentionReview:
    """Count and list (oldest first) the entries older than ``years``; changes nothing."""
    cutoff = cutoff_for(years, clock())
    stamp = to_storage(cutoff)
    with translated_errors():
        count = int(
            repo.conn.execute(
                "SELECT count(*) FROM entries WHERE occurred_at < ?", (stamp,)
            ).fetchone()[0]
        )
        sql = (
            "SELECT id, kind, occurred_at, title, deleted_at IS NOT NULL FROM entries "
            "WHERE occurred_at < ? ORDER BY occurred_at, rowid"
        )
        params: list[object] = [stamp]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = repo.conn.execute(sql, params).fetchall()
    items = tuple(
        RetentionItem(r[0], r[1], datetime.fromisoformat(r[2]), r[3], bool(r[4])) for r in rows
    )
    return RetentionReview(years, cutoff, count, items)


_OLD = "SELECT {col} FROM entries WHERE occurred_at < ?"


def purge_entries(
    repo: Repository, years: int, *, clock: Callable[[], datetime] = now
) -> PurgeResult:
    """Hard-delete everything older than ``years`` from the open database, then flush it.

    One transaction: a crash or a full disk leaves the journal as it was.
    """
    cutoff = cutoff_for(years, clock())
    stamp = to_storage(cutoff)
    conn = repo.conn
    with repo.transaction():
        rowids = _OLD.format(col="rowid")
        ids = _OLD.format(col="id")
        purged_at = to_storage(clock())
        for entry_id, last_hash in conn.execute(
            _OLD.format(col="id, hash") + " ORDER BY rowid", (stamp,)
        ).fetchall():  # a tombstone each: id and last hash, no content
            ledger.record(conn, "purge", entry_id, last_hash, purged_at)
        revisions = conn.execute(
            f"DELETE FROM revisions WHERE entry_id IN ({ids})", (stamp,)
        ).rowcount
        attachments = conn.execute(
            f"DELETE FROM attachments WHERE entry_id IN ({ids})", (stamp,)
        ).rowcount
        conn.execute(f"DELETE FROM entries_fts WHERE rowid IN ({rowids})", (stamp,))
        used = [
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT tag FROM entry_tags WHERE entry_rowid IN ({rowids})", (stamp,)
            )
        ]
        conn.execute(f"DELETE FROM entry_tags WHERE entry_rowid IN ({rowids})", (stamp,))
        entries = conn.execute("DELETE FROM entries WHERE occurred_at < ?", (stamp,)).rowcount
        # Custom tags that only the removed entries used go with them (a tag can be a name).
        conn.executemany(
            "DELETE FROM tags WHERE name = ? AND builtin = 0 "
            "AND NOT EXISTS (SELECT 1 FROM entry_tags et WHERE et.tag = tags.name)",
            [(tag,) for tag in used],
        )
        drafts = conn.execute("DELETE FROM drafts WHERE saved_at < ?", (stamp,)).rowcount
    flush(repo)
    return PurgeResult(years, cutoff, entries, revisions, attachments, drafts, 0)


def flush(repo: Repository) -> None:
    """Merge the search index and empty the WAL, so deleted text is left nowhere."""
    with repo.transaction():
        repo.conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
    with translated_errors():
        # The freed pages (already zeroed by secure_delete) go back to the file system.
        repo.conn.execute("PRAGMA incremental_vacuum").fetchall()
        busy, _log, _done = repo.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise StorageError(
            "The removed entries couldn't be cleared from the journal's log file yet because "
            "another program is reading it. Close other windows and try again."
        )


def purge(journal: Journal, years: int, *, clock: Callable[[], datetime] = now) -> PurgeResult:
    """``purge_entries`` on an open Journal, then replace the backups that still hold them."""
    from journal import backup_archive, backup_rotation
    from journal.restore import ASIDE_DIR

    result = purge_entries(journal.repo, years, clock=clock)
    removed = 0
    kept: set[str] = set()
    fresh: backup_archive.BackupInfo | None = None
    if journal.repo.get_setting(backup_rotation.SETTING_AUTOMATIC, True):
        fresh = backup_rotation.auto_backup(journal, clock=clock, force=True)
        if fresh is not None:
            kept.add(fresh.path.name)
    for path in list(journal.paths.backups.glob("journal-*" + backup_archive.SUFFIX)):
        if path.name not in kept:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed += 1
    aside = journal.paths.root / ASIDE_DIR
    if aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    from journal.offsite import replace_after_purge

    replace_after_purge(journal, fresh.path if fresh is not None else None)
    return PurgeResult(
        result.years,
        result.cutoff,
        result.entries,
        result.revisions,
        result.attachments,
        result.drafts,
        removed,
    )
