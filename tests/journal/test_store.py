"""The encrypted store: settings, schema versions, the build check, the lock, damaged files."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import PASSPHRASE
from helpers.paths import REPO as ROOT
from helpers.processes import run_python

from journal import store
from journal.errors import (
    CorruptJournal,
    JournalError,
    JournalLocked,
    JournalMissing,
    NewerVersion,
    UnsupportedBuild,
)
from journal.keys import KeySlots, new_database_key
from journal.lockfile import ProcessLock
from journal.models import Incident
from journal.paths import JournalPaths
from journal.repository import Repository
from journal.session import Journal, Unlock
from journal.verify import verify

BY_PASSPHRASE = Unlock(passphrase=PASSPHRASE, use_keyring=False)
E = TypeVar("E", bound=JournalError)


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def raw_connect(path: Path, key: bytes) -> store.Connection:
    """A bare SQLCipher connection, as a tool outside the app would make."""
    conn = store._driver().connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(store._key_pragma(key))
    return conn


def key_of(paths: JournalPaths) -> bytes:
    return KeySlots.load(paths.key_slots).unlock_passphrase(PASSPHRASE)


@pytest.fixture
def closed(paths: JournalPaths) -> JournalPaths:
    """A closed journal with a few entries, unlockable by passphrase."""
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    with journal:
        journal.repo.add_many(
            [(Incident(title=f"Comment {n}", description="words " * 100), ()) for n in range(30)]
        )
    return paths


# -- settings -------------------------------------------------------------------


def _pragma(conn: store.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_connection_settings(journal: Journal) -> None:
    conn = journal.conn
    assert _pragma(conn, "journal_mode") == "wal"
    assert _pragma(conn, "synchronous") == 2  # FULL
    assert _pragma(conn, "foreign_keys") == 1
    assert _pragma(conn, "secure_delete") == 1
    assert _pragma(conn, "temp_store") == 2  # MEMORY
    assert _pragma(conn, "trusted_schema") == 0
    # Off on purpose (speed; see docs/SECURITY.md "Memory"): a deliberate, tested choice.
    assert str(_pragma(conn, "cipher_memory_security")) == "0"
    assert _pragma(conn, "user_version") == store.SCHEMA_VERSION
    assert _pragma(conn, "cipher_version")


def test_settings_apply_again_after_reopening(closed: JournalPaths) -> None:
    with Journal.open(closed, BY_PASSPHRASE) as journal:
        assert _pragma(journal.conn, "synchronous") == 2
        assert _pragma(journal.conn, "foreign_keys") == 1
        assert _pragma(journal.conn, "temp_store") == 2


def test_database_file_is_encrypted_and_private(closed: JournalPaths) -> None:
    head = closed.database.read_bytes()[:100]
    assert not head.startswith(b"SQLite format 3")
    assert os.stat(closed.database).st_mode & 0o077 == 0
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(closed.database).execute("SELECT * FROM sqlite_master").fetchall()


# -- schema versions -----------------------------------------------------------------


def _open_is_refused_untouched(closed: JournalPaths, error: type[E]) -> E:
    """Opening the journal fails with ``error`` and changes nothing in its folder."""
    before = snapshot(closed.root)
    with pytest.raises(error) as caught:
        Journal.open(closed, BY_PASSPHRASE)
    assert snapshot(closed.root) == before
    return caught.value


def test_newer_version_is_refused_and_left_alone(closed: JournalPaths) -> None:
    conn = raw_connect(closed.database, key_of(closed))
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.close()
    refused = _open_is_refused_untouched(closed, NewerVersion)
    assert refused.exit_code == 7
    assert "newer version" in refused.message


def test_migrate_refuses_a_newer_version_directly(tmp_path: Path) -> None:
    key = new_database_key()
    conn = raw_connect(tmp_path / "j.db", key)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 5}")
    with pytest.raises(NewerVersion):
        store.migrate(conn)
    assert _pragma(conn, "user_version") == store.SCHEMA_VERSION + 5
    conn.close()


def _tables(conn: store.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _schema(conn: store.Connection) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in conn.execute("SELECT type, name FROM sqlite_master")}


def test_migrations_run_in_order_from_nothing(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "new.db", new_database_key(), create=True)
    assert _pragma(conn, "user_version") == store.SCHEMA_VERSION == len(store.MIGRATIONS)
    assert {"entries", "revisions", "attachments", "entries_fts", "settings", "drafts"} <= (
        _tables(conn)
    )
    conn.close()


def test_a_version_1_journal_is_brought_up_to_date(paths: JournalPaths) -> None:
    """Built by running MIGRATIONS[0] alone, with an entry written at that version."""
    paths.ensure_root()
    key = new_database_key()
    conn = raw_connect(paths.database, key)
    store.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    old = Repository(conn).add(Incident(title="Written by the first version"))
    assert "settings" not in _tables(conn)
    conn.close()
    slots = KeySlots.new()
    slots.set_passphrase(key, PASSPHRASE)
    slots.save(paths.key_slots)

    with Journal.open(paths, BY_PASSPHRASE) as journal:
        assert _pragma(journal.conn, "user_version") == store.SCHEMA_VERSION
        assert journal.repo.get(old.id).title == "Written by the first version"
        journal.repo.set_setting("manager", {"name": "A. Manager"})
        journal.repo.save_draft("d1", {"title": "half written"})
        assert verify(journal.conn).ok
    with Journal.open(paths, BY_PASSPHRASE) as journal:
        assert journal.repo.get_setting("manager") == {"name": "A. Manager"}


def test_each_migration_steps_one_version(tmp_path: Path) -> None:
    conn = raw_connect(tmp_path / "steps.db", new_database_key())
    for n, step in enumerate(store.MIGRATIONS):
        assert _pragma(conn, "user_version") == n
        before = _schema(conn)
        conn.execute("BEGIN")
        step(conn)
        conn.execute(f"PRAGMA user_version = {n + 1}")
        conn.execute("COMMIT")
        assert _schema(conn) != before, f"migration {n} changed nothing"
    assert store.migrate(conn) == store.SCHEMA_VERSION
    conn.close()


def test_a_failing_migration_leaves_the_last_good_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: store.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    migrations = [store.MIGRATIONS[0], broken]
    monkeypatch.setattr(store, "MIGRATIONS", migrations)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(migrations))
    conn = raw_connect(tmp_path / "m.db", new_database_key())
    with pytest.raises(RuntimeError, match="migration bug"):
        store.migrate(conn)
    assert _pragma(conn, "user_version") == 1
    assert "entries" in _tables(conn)
    assert "half_done" not in _tables(conn)
    conn.close()


# -- the build check -----------------------------------------------------------


def test_plain_sqlite_is_refused() -> None:
    with pytest.raises(UnsupportedBuild) as caught:
        store.check_build(sqlite3.connect(":memory:"))
    assert "can't encrypt" in caught.value.message


def test_sqlcipher_build_is_accepted(tmp_path: Path) -> None:
    conn = store._driver().connect(str(tmp_path / "x.db"))
    store.check_build(conn)  # SQLCipher with FTS5: no error
    conn.close()


def test_missing_driver_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import now fails
    with pytest.raises(UnsupportedBuild):
        store.connect(tmp_path / "j.db", new_database_key(), create=True)
    assert not (tmp_path / "j.db").exists()


# -- opening -------------------------------------------------------------------


def test_missing_database(tmp_path: Path) -> None:
    with pytest.raises(JournalMissing):
        store.connect(tmp_path / "nothing.db", new_database_key())
    assert not (tmp_path / "nothing.db").exists()


def test_create_never_opens_an_existing_file(closed: JournalPaths) -> None:
    with pytest.raises(FileExistsError):
        store.connect(closed.database, key_of(closed), create=True)


def test_wrong_key_at_the_store_is_damage_and_changes_nothing(closed: JournalPaths) -> None:
    before = snapshot(closed.root)
    with pytest.raises(CorruptJournal):
        store.connect(closed.database, new_database_key())
    assert snapshot(closed.root) == before


def test_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        store._key_pragma(b"short")


# -- damaged files -----------------------------------------------------------------


def _cuts(size: int) -> list[int]:
    return [0, 100, 4096, size // 2, size - 4096, size - 1]


@pytest.mark.parametrize("which", range(6))
def test_truncated_database_is_damage(closed: JournalPaths, which: int) -> None:
    whole = closed.database.read_bytes()
    cut = _cuts(len(whole))[which]
    closed.database.write_bytes(whole[:cut])
    refused = _open_is_refused_untouched(closed, CorruptJournal)
    assert refused.exit_code == 6
    assert "damaged" in refused.message
    # The lock was let go, and nothing made a new journal over the damaged one.
    with ProcessLock(closed.lock_file) as lock:
        assert lock.held


def test_random_bytes_are_damage(closed: JournalPaths) -> None:
    size = closed.database.stat().st_size
    closed.database.write_bytes(os.urandom(size))
    _open_is_refused_untouched(closed, CorruptJournal)


def test_a_flipped_byte_inside_a_page_is_found(closed: JournalPaths) -> None:
    data = bytearray(closed.database.read_bytes())
    data[len(data) // 2] ^= 0x01  # a page in the middle, not the first
    closed.database.write_bytes(bytes(data))
    with Journal.open(closed, BY_PASSPHRASE) as journal:
        report = verify(journal.conn)
    assert not report.ok


def test_damaged_key_file_is_damage(closed: JournalPaths) -> None:
    closed.key_slots.write_text('{"format": 1, "slots": ')
    assert "key file" in _open_is_refused_untouched(closed, CorruptJournal).message


def test_key_file_with_mangled_slot_is_damage(closed: JournalPaths) -> None:
    import json

    data = json.loads(closed.key_slots.read_text())
    del data["slots"]["passphrase"]["salt"]
    closed.key_slots.write_text(json.dumps(data))
    with pytest.raises(CorruptJournal):
        Journal.open(closed, BY_PASSPHRASE)


# -- one writer at a time ---------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from journal.paths import JournalPaths
    from journal.session import Journal, Unlock
    journal = Journal.open(JournalPaths.resolve(sys.argv[1]), Unlock(passphrase=sys.argv[2],
                           use_keyring=False))
    print("open", flush=True)
    sys.stdin.read()
    journal.close()
    print("closed", flush=True)
    """
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.pop("PRACTITIONER_JOURNAL_PASSPHRASE_FILE", None)
    return env


@pytest.fixture
def holder(closed: JournalPaths) -> Iterator[subprocess.Popen[str]]:
    """Another process with the journal open."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(closed.root), PASSPHRASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


def test_second_process_is_locked_out(closed: JournalPaths, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(JournalLocked) as caught:
        Journal.open(closed, BY_PASSPHRASE)
    assert caught.value.exit_code == 5
    assert "open in another window" in caught.value.message
    # Once the other process closes, the journal opens here.
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.close()
    assert holder.stdout.readline().strip() == "closed"
    holder.wait(30)
    Journal.open(closed, BY_PASSPHRASE).close()


def test_lock_goes_with_a_killed_process(
    closed: JournalPaths, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(30)
    with Journal.open(closed, BY_PASSPHRASE) as journal:
        assert journal.repo.count() == 30


def test_command_line_in_a_second_process_gets_exit_code_5(
    closed: JournalPaths, passphrase_file: Path
) -> None:
    with Journal.open(closed, BY_PASSPHRASE):
        before = snapshot(closed.root)
        result = run_python(
            "-m", "journal", "list", "--no-keyring", "--data-dir", closed.root,
            "--passphrase-file", passphrase_file, env=_env(), timeout=60,
        )  # fmt: skip
        assert snapshot(closed.root) == before
    assert result.returncode == 5
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "open in another window" in result.stderr
    assert "Traceback" not in result.stderr


def test_lock_file_holds_the_pid_and_is_private(journal: Journal) -> None:
    lock = journal.paths.lock_file
    assert lock.read_text() == str(os.getpid())
    assert lock.stat().st_mode & 0o077 == 0


# -- encrypted copies --------------------------------------------------------------


def test_export_encrypted_opens_with_the_same_key(journal: Journal, tmp_path: Path) -> None:
    journal.repo.add(Incident(title="Kept in the copy"))
    target = tmp_path / "copy.db"
    journal.backup_to(target)
    key = KeySlots.load(journal.paths.key_slots).unlock_passphrase(PASSPHRASE)
    assert not target.read_bytes().startswith(b"SQLite format 3")
    conn = store.connect(target, key)
    assert conn.execute("SELECT title FROM entries").fetchall() == [("Kept in the copy",)]
    assert _pragma(conn, "user_version") == store.SCHEMA_VERSION
    conn.close()


# -- damage met while the journal is open ----------------------------------------------


@pytest.fixture
def damaged_pages(paths: JournalPaths) -> tuple[JournalPaths, list[str]]:
    """A journal whose later pages are damaged; its first pages (the schema) are whole."""
    from journal import demo
    from journal.backup import set_automatic

    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    with journal:
        set_automatic(journal, False)
        saved = journal.repo.add_many([(e, ()) for e in demo.generate(400)], validated=True)
        journal.repo.set_setting("manager", "A. Manager")
        journal.repo.save_draft("d1", {"title": "half written"})
    data = bytearray(paths.database.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 2, pages, 3):
        data[page * 4096 + 2000] ^= 0xFF
    paths.database.write_bytes(bytes(data))
    return paths, [e.id for e in saved]


def test_damage_found_by_any_call_is_reported_as_damage(
    damaged_pages: tuple[JournalPaths, list[str]],
) -> None:
    from journal.errors import JournalError
    from journal.repository import EntryQuery

    paths, ids = damaged_pages
    with Journal.open(paths, BY_PASSPHRASE) as journal:
        repo = journal.repo
        calls = {
            "list": lambda: repo.list_entries(EntryQuery(limit=None)),
            "count": lambda: repo.count(EntryQuery(tag="upset")),
            "search": lambda: repo.search("report"),
            "get": lambda: [repo.get(i) for i in ids],
            "history": lambda: [repo.history(i) for i in ids],
            "tags": repo.tags,
            "authors": repo.authors,
            "counts": repo.counts_by_kind,
            "setting": lambda: repo.get_setting("manager"),
            "drafts": repo.drafts,
            "update": lambda: repo.update(repo.get(ids[-1])),
            "add": lambda: repo.add(Incident(title="New", occurred_at=repo.clock())),
            "delete": lambda: repo.delete(ids[-2]),
            "add tag": lambda: repo.add_tag("new tag"),
            "set": lambda: repo.set_setting("other", 1),
        }
        outcomes = {}
        for name, call in calls.items():
            try:
                call()
                outcomes[name] = "ok"
            except JournalError as exc:
                outcomes[name] = type(exc).__name__
            # Anything else (a raw driver error) fails the test here.
        assert set(outcomes.values()) <= {"ok", "CorruptJournal"}, outcomes
        assert outcomes["list"] == "CorruptJournal"
        assert outcomes["add"] == outcomes["set"] == "CorruptJournal", outcomes


def test_a_write_that_meets_damage_first_is_damage(
    damaged_pages: tuple[JournalPaths, list[str]],
) -> None:
    paths, _ids = damaged_pages
    with Journal.open(paths, BY_PASSPHRASE) as journal, pytest.raises(CorruptJournal):
        journal.repo.add_many([(Incident(title=f"n{n}", occurred_at=journal.repo.clock()), ())
                               for n in range(50)])  # fmt: skip
