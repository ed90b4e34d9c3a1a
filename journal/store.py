"""The encrypted SQLCipher database: opening, settings, schema and migrations.

Opened with the raw 256-bit key (no KDF: the key slots already did the slow
part). ``PRAGMA key`` always says ok, so the key is confirmed by a read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal import compact, ledger
from journal.driver import _driver
from journal.driver import database_errors as database_errors
from journal.errors import (
    CorruptJournal,
    JournalMissing,
    NewerVersion,
    StorageError,
    UnsupportedBuild,
)

Connection = Any  # sqlcipher3.Connection; the package ships no type information


SCHEMA_V1 = """
CREATE TABLE entries (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    shareable INTEGER NOT NULL,
    deleted_at TEXT,
    category TEXT,
    severity TEXT,
    platform TEXT,
    status TEXT,
    author_handle TEXT,
    case_ref TEXT,
    impact_score INTEGER,
    attachment_count INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL,
    hash TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX entries_by_time ON entries (occurred_at DESC, rowid DESC);
CREATE INDEX entries_by_kind_time ON entries (kind, occurred_at DESC, rowid DESC);
CREATE INDEX entries_by_author ON entries (author_handle) WHERE author_handle <> '';

CREATE TABLE entry_tags (
    tag TEXT NOT NULL,
    entry_rowid INTEGER NOT NULL REFERENCES entries (rowid) ON DELETE CASCADE,
    PRIMARY KEY (tag, entry_rowid)
) WITHOUT ROWID;
CREATE INDEX entry_tags_by_entry ON entry_tags (entry_rowid);

CREATE TABLE tags (
    name TEXT PRIMARY KEY,
    builtin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE revisions (
    entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (entry_id, revision)
);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    added_at TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX attachments_by_entry ON attachments (entry_id);

CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body, quoted, tags, refs, private,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"""

SCHEMA_V2 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    saved_at TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
"""


# The export log: every report sent, to whom, with which entries and the hash of each file.
# entry_id has no foreign key on purpose: the log outlives a purged entry.
SCHEMA_EXPORT_LOG = """
CREATE TABLE exports (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    recipient_email TEXT NOT NULL DEFAULT '',
    formats TEXT NOT NULL,
    urgent INTEGER NOT NULL DEFAULT 0,
    includes_threat INTEGER NOT NULL DEFAULT 0,
    period_since TEXT,
    period_until TEXT,
    acknowledged_at TEXT
) WITHOUT ROWID;
CREATE INDEX exports_by_time ON exports (created_at DESC);

CREATE TABLE export_files (
    export_id TEXT NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
    format TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    encrypted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (export_id, format)
) WITHOUT ROWID;

CREATE TABLE export_entries (
    export_id TEXT NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (export_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX export_entries_by_entry ON export_entries (entry_id);
"""


# The wellbeing dashboard reads every incident of a period: a covering index lets it do so
# without touching the rows themselves.
SCHEMA_DASHBOARD_INDEX = """
CREATE INDEX entries_for_dashboard ON entries
    (kind, occurred_at, deleted_at, severity, category, status, impact_score)
"""


# "By author" groups incidents per handle: a partial index holding just what it shows.
SCHEMA_AUTHOR_INDEX = """
CREATE INDEX entries_by_author_conduct ON entries (author_handle, occurred_at, severity)
    WHERE kind = 'incident' AND deleted_at IS NULL AND author_handle <> ''
"""


# The export log says what happened to each report: a draft opened in the email program, or
# only saved to a file (every earlier row: the journal can't know it was sent), and when the
# person said they sent it themselves.
SCHEMA_EXPORT_DELIVERY = """
ALTER TABLE exports ADD COLUMN delivery TEXT NOT NULL DEFAULT 'file';
ALTER TABLE exports ADD COLUMN mail_program TEXT NOT NULL DEFAULT '';
ALTER TABLE exports ADD COLUMN sent_at TEXT;
CREATE INDEX exports_by_delivery ON exports (delivery, created_at DESC)
"""


# Screenshot import and people behind accounts: evidence found by its hash (so the same file
# is never stored twice), where an attachment's taken time came from, the persons a
# practitioner names, the handles linked to each, and a history of every link and unlink.
SCHEMA_PERSONS_AND_IMPORT = """
CREATE INDEX attachments_by_sha256 ON attachments (sha256);
ALTER TABLE attachments ADD COLUMN taken_from TEXT NOT NULL DEFAULT '';
CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE person_handles (
    handle TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    linked_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_handles_by_person ON person_handles (person_id);
CREATE TABLE person_history (
    rowid INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    person_id TEXT NOT NULL,
    label TEXT NOT NULL,
    handle TEXT NOT NULL
)
"""


def _script(sql: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                conn.execute(statement)

    return run


# MIGRATIONS[n] takes a database from user_version n to n + 1. Forward only.
MIGRATIONS: list[Callable[[Connection], None]] = [
    _script(SCHEMA_V1),
    _script(SCHEMA_V2),
    _script(SCHEMA_EXPORT_LOG),
    _script(SCHEMA_DASHBOARD_INDEX),
    _script(SCHEMA_AUTHOR_INDEX),
    _script(SCHEMA_EXPORT_DELIVERY),
    compact.migrate_to_compact,
    ledger.migrate,  # one hash chain of every change (journal/ledger.py)
    _script(SCHEMA_PERSONS_AND_IMPORT),
]
SCHEMA_VERSION = len(MIGRATIONS)


def check_build(conn: Connection) -> None:
    """Refuse to run on a driver without SQLCipher or FTS5 rather than store plaintext."""
    version = conn.execute("PRAGMA cipher_version").fetchone()
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    if not version or not version[0] or "ENABLE_FTS5" not in options:
        raise UnsupportedBuild()


def _key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("the database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_keyed(path: Path, key: bytes) -> Connection:
    """A bare connection to a copy, its key given: nothing read, checked, set or migrated.

    For copies that are only checked, read or copied elsewhere (backups, a key change).
    """
    conn = _driver().connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
    except BaseException:
        conn.close()
        raise
    return conn


_checked_driver: Any = None  # the driver whose build passed ``check_build``


def connect(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or create) the database, confirm the key with a read, apply settings, migrate."""
    global _checked_driver
    driver = _driver()
    if not create and not path.exists():
        raise JournalMissing()
    if create and path.exists():
        raise FileExistsError(path)
    conn = driver.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if _checked_driver is not driver:  # once per process: the build doesn't change
            check_build(conn)
            _checked_driver = driver
        conn.execute(_key_pragma(key))
        # SQLCipher's memory security (wipe and mlock every allocation) stays off: it made
        # each query 3 to 10 times slower, and the same text also lives in Python's and
        # Qt's memory, which it cannot protect. See docs/SECURITY.md ("Memory").
        conn.execute("PRAGMA cipher_memory_security = OFF")
        prepare(conn, path, create=create, database_error=driver.DatabaseError)
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()
        raise
    return conn


def prepare(
    conn: Connection, path: Path, *, create: bool, database_error: type[BaseException]
) -> None:
    """What every opening does once the file can be read: a first read (the key was
    already proved by its slot, so an unreadable file is damage), the version and
    whole-page checks, the settings and the migrations."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database_error as exc:
        if _disk_refused(exc):
            raise StorageError(_OPEN_REFUSED) from exc
        raise CorruptJournal() from exc
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerVersion()
    if version == 0 and not create:
        # A journal always has a schema; an empty or truncated file must not become a
        # new, empty journal (that would hide the damage and write over the file).
        raise CorruptJournal()
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    if not create and path.stat().st_size % page_size:
        # A database file is always whole pages: a cut inside the last page would only
        # show itself later, when that page is read.
        raise CorruptJournal()
    try:
        if create:  # must come before the first table
            conn.execute(f"PRAGMA auto_vacuum = {compact.AUTO_VACUUM_INCREMENTAL}")
        _configure(conn)
        migrate(conn)
        compact.ensure_auto_vacuum(conn)
    except database_error as exc:
        if _disk_refused(exc):
            raise StorageError(_OPEN_REFUSED) from exc
        raise


_OPEN_REFUSED = (
    "The journal couldn't be opened because the disk refused a write (it may be full). "
    "Nothing was changed; free some space and try again."
)


def _disk_refused(exc: BaseException) -> bool:
    """A full, size-limited or failing disk, as opposed to a damaged file."""
    text = str(exc).lower()
    return "disk i/o" in text or "full" in text or "readonly" in text


def _configure(conn: Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA trusted_schema = OFF")


def migrate(conn: Connection) -> int:
    """Run every migration past the file's version, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerVersion()
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version += 1
    return version


def export_encrypted(conn: Connection, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the whole database with ``sqlcipher_export``."""
    conn.execute("ATTACH DATABASE ? AS backup KEY \"x'" + key.hex() + "'\"", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('backup')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA backup.user_version = {int(version)}")
    finally:
        conn.execute("DETACH DATABASE backup")
