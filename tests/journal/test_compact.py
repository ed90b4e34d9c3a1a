"""A lean journal: revisions without copies, an index without the text, pages given back,
and journals in the earlier format brought forward in place."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import pytest
from conftest import PASSPHRASE
from helpers.processes import run_python

from journal import compact, retention, store
from journal.backup import set_automatic
from journal.keys import KeySlots
from journal.models import Incident
from journal.paths import JournalPaths
from journal.repository import EntryQuery, Repository
from journal.session import Journal, Unlock
from journal.verify import verify

COMPACT_STEP = store.MIGRATIONS.index(compact.migrate_to_compact)

# The search index as journals before this format made it: with its own copy of the text.
_OLD_FTS = (
    "CREATE VIRTUAL TABLE entries_fts USING fts5 (title, body, quoted, tags, refs, private, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)


def _incident(title: str, when: int = 1, **fields: object) -> Incident:
    return Incident(
        title=title, occurred_at=datetime(2020 + when, 3, 1, 9, 0, tzinfo=UTC), **fields
    )  # type: ignore[arg-type]


def _fill(repo: Repository) -> dict[str, str]:
    """Three entries, one edited twice and one deleted; their ids by title."""
    edited = repo.add(_incident("Post naming my team", description="It named the clinic."))
    edited.description = "It named the clinic and my manager."
    edited = repo.update(edited)
    edited.title = "Post naming my team again"
    edited = repo.update(edited)
    kept = repo.add(_incident("Email about the hearing", when=3, description="Sent at night."))
    gone = repo.add(_incident("Message to delete", when=4, description="Unwanted words."))
    repo.delete(gone.id)
    return {"edited": edited.id, "kept": kept.id, "gone": gone.id}


def _pragma(conn: store.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def _tables(conn: store.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _titles(repo: Repository, text: str = "") -> list[str]:
    return [s.title for s in repo.list_entries(EntryQuery(text=text))]


def test_a_new_journal_is_lean(journal: Journal) -> None:
    set_automatic(journal, False)
    ids = _fill(journal.repo)
    conn = journal.conn
    assert _pragma(conn, "auto_vacuum") == compact.AUTO_VACUUM_INCREMENTAL
    assert "entries_fts_content" not in _tables(conn)  # the index holds no copy of the text
    # Only revisions that are no longer the entry itself keep their own (compressed) JSON.
    stored = conn.execute(
        "SELECT entry_id, revision, data FROM revisions WHERE length(data) > 0 "
        "ORDER BY entry_id, revision"
    ).fetchall()
    assert sorted((r[0], r[1]) for r in stored) == sorted(
        [(ids["edited"], 1), (ids["edited"], 2), (ids["gone"], 1)]
    )
    for entry_id, _revision, data in stored:
        assert isinstance(data, bytes)
        if entry_id != ids["edited"]:
            continue
        assert b"named the clinic" not in data
        assert b"named the clinic" in zlib.decompress(data)
    history = journal.repo.history(ids["edited"])
    assert [r.data["title"] for r in history] == [
        "Post naming my team",
        "Post naming my team",
        "Post naming my team again",
    ]
    assert "my manager" not in history[0].data["description"]
    assert [r.data.get("deleted_at") is None for r in journal.repo.history(ids["gone"])] == [
        True,
        False,
    ]
    assert _titles(journal.repo, "clinic manager") == ["Post naming my team again"]
    assert _titles(journal.repo, "unwanted") == []  # deleted: out of the index
    journal.repo.undelete(ids["gone"])
    assert _titles(journal.repo, "unwanted") == ["Message to delete"]
    assert verify(conn).ok, verify(conn).problems


def _make_old_format(paths: JournalPaths, *, tamper: bool = False, bulk: int = 0) -> dict[str, str]:
    """A journal as the version before this format wrote it: revisions each holding their
    JSON as text, the index with its own copy, no auto-vacuum. ``tamper`` changes the
    text of one entry's only revision behind the app's back."""
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        set_automatic(journal, False)
        repo = journal.repo
        ids = _fill(repo)
        filler = "Words that take room on the disk. " * 400
        repo.add_many([(_incident(f"Bulk {n}", description=filler), []) for n in range(bulk)])
        conn = journal.conn
        texts = {
            rowid: repo.get(entry_id, include_deleted=True).searchable_text()
            for rowid, entry_id in conn.execute("SELECT rowid, id FROM entries")
        }
        indexed = {r[0] for r in conn.execute("SELECT rowid FROM entries WHERE deleted_at IS NULL")}
        with repo.transaction():
            for rowid, data in conn.execute(
                "SELECT rowid, data FROM revisions WHERE length(data) > 0"
            ).fetchall():
                conn.execute(
                    "UPDATE revisions SET data = ? WHERE rowid = ?",
                    (zlib.decompress(data).decode(), rowid),
                )
            conn.execute(
                "UPDATE revisions SET data = (SELECT e.data FROM entries e "
                "WHERE e.id = revisions.entry_id) WHERE data = x''"
            )
            conn.execute("DROP TABLE entries_fts")
            conn.execute(_OLD_FTS)
            for rowid in indexed:
                text = texts[rowid]
                conn.execute(
                    "INSERT INTO entries_fts (rowid, title, body, quoted, tags, refs, private) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rowid, text["title"], text["body"], text["quoted"], text["tags"],
                     text["refs"], text["private"]),
                )  # fmt: skip
            if tamper:
                conn.execute(
                    "UPDATE revisions SET data = json_set(data, '$.title', 'Not my words') "
                    "WHERE entry_id = ?",
                    (ids["kept"],),
                )
            # What later migrations made isn't there yet in a journal of that version.
            conn.execute("DROP TABLE IF EXISTS ledger")
            for table in ("person_history", "person_handles", "persons"):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute("DROP INDEX IF EXISTS attachments_by_sha256")
            conn.execute("ALTER TABLE attachments DROP COLUMN taken_from")
            conn.execute(f"PRAGMA user_version = {COMPACT_STEP}")
        conn.execute("PRAGMA auto_vacuum = NONE")
        conn.execute("VACUUM")
        assert _pragma(conn, "auto_vacuum") == 0
        assert "entries_fts_content" in _tables(conn)
    return ids


def test_an_older_journal_is_brought_forward_in_place(paths: JournalPaths) -> None:
    ids = _make_old_format(paths)
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        conn = journal.conn
        assert _pragma(conn, "user_version") == store.SCHEMA_VERSION
        assert _pragma(conn, "auto_vacuum") == compact.AUTO_VACUUM_INCREMENTAL
        assert "entries_fts_content" not in _tables(conn)
        assert (
            conn.execute("SELECT count(*) FROM revisions WHERE typeof(data) = 'text'").fetchone()[0]
            == 0
        )
        assert verify(conn).ok, verify(conn).problems
        assert _titles(journal.repo, "clinic manager") == ["Post naming my team again"]
        assert _titles(journal.repo, "hearing") == ["Email about the hearing"]
        assert _titles(journal.repo, "unwanted") == []
        assert len(journal.repo.history(ids["edited"])) == 3
        # It goes on working: an edit after the migration keeps the history whole.
        entry = journal.repo.get(ids["kept"])
        entry.description = "Sent at night, twice."
        journal.repo.update(entry)
        assert [r.data["description"] for r in journal.repo.history(ids["kept"])] == [
            "Sent at night.",
            "Sent at night, twice.",
        ]
        assert verify(conn).ok, verify(conn).problems


def test_a_revision_altered_before_the_migration_is_still_reported(paths: JournalPaths) -> None:
    ids = _make_old_format(paths, tamper=True)
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        problems = verify(journal.conn).problems
    assert any(f"Entry {ids['kept'][:8]}: revision 1 was altered" in p for p in problems)


def _old_state(paths: JournalPaths) -> tuple[int, set[str], int]:
    """Version, tables and text revisions of the file, read without migrating it."""
    import sqlcipher3

    key = KeySlots.load(paths.key_slots).unlock_passphrase(PASSPHRASE)
    conn = sqlcipher3.connect(str(paths.database))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        texts = conn.execute("SELECT count(*) FROM revisions WHERE typeof(data) = 'text'")
        return _pragma(conn, "user_version"), _tables(conn), int(texts.fetchone()[0])
    finally:
        conn.close()


def test_a_failed_migration_leaves_the_older_format_whole(
    paths: JournalPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_old_format(paths)
    before = _old_state(paths)
    assert before[0] == COMPACT_STEP and before[2] == 6
    # The index can't be rebuilt (as if the disk gave out halfway): nothing is half-done.
    monkeypatch.setattr(compact, "FTS_SCHEMA", "CREATE VIRTUAL TABLE {name} USING nothing")
    with pytest.raises(Exception, match="nothing"):
        Journal.open(paths, Unlock(passphrase=PASSPHRASE))
    assert _old_state(paths) == before
    monkeypatch.undo()
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        assert _pragma(journal.conn, "user_version") == store.SCHEMA_VERSION
        assert verify(journal.conn).ok, verify(journal.conn).problems
        assert _titles(journal.repo, "hearing") == ["Email about the hearing"]


_OPEN_ON_A_FULL_DISK = """
import os, resource, signal, sys
from journal import keys
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
keys.DEFAULT_ARGON2 = keys.Argon2Params(memory_kib=8, iterations=1, lanes=1)
root = JournalPaths(__import__("pathlib").Path(sys.argv[1]))
cap = os.path.getsize(root.database) + int(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))
with Journal.open(root, Unlock(passphrase=sys.argv[3], use_keyring=False)) as journal:
    version = journal.conn.execute("PRAGMA user_version").fetchone()[0]
    vacuum = journal.conn.execute("PRAGMA auto_vacuum").fetchone()[0]
    found = [s.title for s in journal.repo.search("hearing")]
    print(version, vacuum, found)
"""


def test_no_room_for_the_vacuum_still_opens_the_journal(paths: JournalPaths) -> None:
    """Converting to auto-vacuum needs a whole copy of the file; without the room for it the
    journal opens all the same (migrated), and a later opening converts it."""

    _make_old_format(paths, bulk=60)  # about 1 MB: the copy needs that much room

    def open_with_room(margin: int) -> str:
        done = run_python("-c", _OPEN_ON_A_FULL_DISK, paths.root, margin, PASSPHRASE)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    version = store.SCHEMA_VERSION
    assert open_with_room(200_000) == f"{version} 0 ['Email about the hearing']"
    assert open_with_room(50_000_000) == f"{version} 2 ['Email about the hearing']"


def test_a_purge_gives_the_space_back(journal: Journal) -> None:
    set_automatic(journal, False)
    repo = journal.repo
    big = "Words that take room. " * 2000
    repo.add_many([(_incident(f"Old {n}", when=0, description=big), []) for n in range(40)])
    repo.add(_incident("Recent", when=6))
    journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = journal.paths.database.stat().st_size
    retention.purge_entries(repo, 2, clock=lambda: datetime(2026, 6, 1, tzinfo=UTC))
    assert _titles(repo) == ["Recent"]
    assert _pragma(journal.conn, "freelist_count") == 0
    assert journal.paths.database.stat().st_size < before / 4
