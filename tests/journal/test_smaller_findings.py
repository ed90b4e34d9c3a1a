"""The smaller findings of the attack review, each reproduced and each fixed.

Every test here failed before its fix: a traceback-free exit 1 ("something
unexpected"), a misleading message, a file left behind or acted on, or a
permission left wide.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from journal import rekey, rekey_staging
from journal.cli import main
from journal.errors import WrongRecoveryKey
from journal.hardening import harden_process
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now
from journal.verify import verify

PASSPHRASE = "correct horse battery staple"  # the one in passphrase_file (tests/conftest.py)
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    def call(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            wrapper = io.TextIOWrapper(
                io.BytesIO(stdin), encoding="utf-8", errors="surrogateescape"
            )
            monkeypatch.setattr(sys, "stdin", wrapper)
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def ready(
    paths: JournalPaths, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch
) -> JournalPaths:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.add(Incident(title="Post naming me", occurred_at=now()))
    journal.close()
    monkeypatch.setenv("PRACTITIONER_JOURNAL_PASSPHRASE_FILE", str(passphrase_file))
    return paths


@pytest.fixture
def restore_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody can create files in: by its mode, or for root (whom modes don't
    stop) by the immutable attribute, which root's writes obey too."""
    if os.getuid() != 0:
        os.chmod(folder, 0o555)  # noqa: S103 - the finding itself
        try:
            yield
        finally:
            os.chmod(folder, 0o700)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)  # noqa: S607
    if made.returncode != 0:
        pytest.skip("running as root on a file system without the immutable attribute")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)  # noqa: S607


def test_read_only_data_folder_gets_a_clear_message(run: Run, ready: JournalPaths) -> None:
    ready.lock_file.unlink(missing_ok=True)
    with read_only(ready.root):
        for command in ("list", "verify"):
            code, _out, err = run(command)
            assert code == 10, err
            assert "can't be written to" in one_line(err)


def test_add_from_stdin_in_latin1_is_refused_as_input(run: Run, ready: JournalPaths) -> None:
    data = '{"kind": "incident", "title": "Caf\xe9", "occurred_at": "2026-03-14"}'.encode("latin-1")
    code, _out, err = run("add", "-", stdin=data)
    assert code == 8, err
    assert "UTF-8" in one_line(err)


@pytest.mark.parametrize("field", ["title", "impact_tags", "attachments"])
def test_a_lone_surrogate_is_refused_as_input(run: Run, ready: JournalPaths, field: str) -> None:
    entry: dict[str, object] = {"kind": "incident", "title": "ok", "occurred_at": "2026-03-14"}
    bad = "bad \ud800 text"
    if field == "title":
        entry["title"] = bad
    elif field == "impact_tags":
        entry["impact_tags"] = [bad]
    else:
        entry["attachments"] = [{"filename": bad, "mime": "text/plain", "data": "aGk="}]
    code, _out, err = run("add", "-", stdin=json.dumps(entry).encode("ascii"))
    assert code == 8, err
    assert "isn't valid text" in one_line(err)


def test_a_huge_limit_is_refused_as_input(run: Run, ready: JournalPaths) -> None:
    code, _out, err = run("list", "--limit", "99999999999999999999")
    assert code == 8, err
    assert "--all" in one_line(err)


@pytest.mark.parametrize("field", ["urls", "impact_tags"])
def test_long_lists_have_a_limit(run: Run, ready: JournalPaths, field: str) -> None:
    entry = {"kind": "incident", "title": "ok", "occurred_at": "2026-03-14"}
    entry[field] = [f"item{n}" for n in range(50_000)]
    code, _out, err = run("add", "-", stdin=json.dumps(entry).encode("ascii"))
    assert code == 8, err
    assert "at most 1,000" in one_line(err)


def test_duplicates_are_removed_in_order(run: Run, ready: JournalPaths) -> None:
    entry = {"kind": "incident", "title": "ok", "occurred_at": "2026-03-14"}
    entry["impact_tags"] = ["b", "a", "B", "a ", "c"] * 100
    code, out, err = run("add", "-", "--json", stdin=json.dumps(entry).encode("ascii"))
    assert code == 0, err
    assert json.loads(out)[0]["impact_tags"] == ["b", "a", "c"]


def test_a_killed_backups_leftovers_are_removed(
    run: Run, ready: JournalPaths, tmp_path: Path
) -> None:
    out_dir = tmp_path / "usb"
    leftover = out_dir / ".pj-backup-abc123"
    leftover.mkdir(parents=True)
    (leftover / "journal.db").write_bytes(b"\0" * 4096)
    code, _out, err = run("backup", "--out", str(out_dir / "today.pjbackup"))
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["today.pjbackup"]


def test_a_planted_restore_is_not_acted_on(ready: JournalPaths) -> None:
    stage = ready.restore_stage
    stage.mkdir()
    (stage / "journal.db").write_bytes(b"planted database")
    (stage / "keyslots.json").write_bytes(b"{}")
    ready.restore_intent.write_text(json.dumps({"format": 1, "stage": ".restore"}))
    before = ready.database.read_bytes()
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        assert journal.repo.count() == 1
        assert verify(journal.conn).ok
    assert ready.database.read_bytes()[:16] == before[:16]
    assert not ready.restore_intent.exists() and not stage.exists()
    # With a forged tag too: the tag must be made with the journal's own key.
    stage.mkdir()
    (stage / "journal.db").write_bytes(b"planted database")
    ready.restore_intent.write_text(json.dumps({"format": 1, "stage": ".restore", "tag": "0" * 64}))
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        assert journal.repo.count() == 1
    assert not ready.restore_intent.exists()


def test_a_wide_open_folder_is_made_private(ready: JournalPaths) -> None:
    os.chmod(ready.root, 0o777)  # noqa: S103 - the finding itself
    os.chmod(ready.key_slots, 0o666)  # noqa: S103
    Journal.open(ready, Unlock(passphrase=PASSPHRASE)).close()
    assert stat.S_IMODE(ready.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(ready.key_slots.stat().st_mode) == 0o600


def test_files_the_toolkit_writes_are_private(tmp_path: Path, restore_umask: None) -> None:
    from PySide6.QtCore import QSettings

    harden_process()
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("main_window/geometry", b"x")
    settings.sync()
    assert stat.S_IMODE((tmp_path / "window.ini").stat().st_mode) == 0o600


def test_search_reads_its_words_from_stdin(run: Run, ready: JournalPaths) -> None:
    code, out, err = run("search", "-", stdin=b"naming\n")
    assert code == 0, err
    assert "Post naming me" in out


def test_a_replaced_recovery_key_is_called_replaced(ready: JournalPaths) -> None:
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        old = journal.new_recovery_key()
        journal.new_recovery_key()
    with pytest.raises(WrongRecoveryKey) as caught:
        Journal.open(ready, Unlock(recovery_key=old, use_keyring=False))
    assert "replaced" in caught.value.message


def test_a_missing_journal_file_is_not_called_no_journal(run: Run, ready: JournalPaths) -> None:
    ready.database.unlink()
    code, _out, err = run("list")
    assert code == 6, err
    line = one_line(err)
    assert "journal.db" in line and "missing" in line and "init" not in line


def test_init_without_a_password_store_asks_for_a_passphrase(run: Run, paths: JournalPaths) -> None:
    keyring.set_keyring(fail.Keyring())
    code, _out, err = run("init")
    assert code == 4, err
    line = one_line(err)
    assert "passphrase-file" in line and "recovery key" not in line


def test_deleting_revision_2_is_reported_as_revision_2(ready: JournalPaths) -> None:
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        entry = journal.repo.list_entries()[0]
        full = journal.repo.get(entry.id)
        for n in range(2):
            full.title = f"edit {n}"
            full = journal.repo.update(full)
        journal.conn.execute(
            "DELETE FROM revisions WHERE entry_id = ? AND revision = 2", (entry.id,)
        )
        problems = verify(journal.conn).problems
    assert any("revision 2 is missing" in p for p in problems), problems
    assert not any("revision 3" in p for p in problems), problems


def test_rekey_leaves_no_pending_files(ready: JournalPaths) -> None:
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        rekey.rekey(journal, PASSPHRASE)
    assert not rekey_staging.pending(ready)
