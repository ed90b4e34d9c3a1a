"""Putting back an older journal.db (or key file too) is noticed; a restore on purpose isn't."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.backup import restore, write_backup
from journal.cli import main
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock

PASSPHRASE = "correct horse battery staple"  # the one in passphrase_file (tests/conftest.py)


def _add(paths: JournalPaths, title: str, *, keyring: bool = False) -> None:
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=keyring)) as journal:
        journal.repo.add(Incident(title=title))


def _verify(passphrase_file: Path, *extra: str, keyring: bool = False) -> int:
    flags = [] if keyring else ["--no-keyring"]
    return main(["--passphrase-file", str(passphrase_file), *flags, "verify", *extra])


@pytest.fixture
def older(paths: JournalPaths, tmp_path: Path) -> Path:
    """A journal with one entry, copied aside, then a threat recorded after the copy."""
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.repo.add(Incident(title="First post"))
    journal.close()
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.copy2(paths.database, aside / "journal.db")
    shutil.copy2(paths.key_slots, aside / "keyslots.json")
    _add(paths, "Threat made later")
    return aside


def test_an_older_journal_db_put_back_is_noticed(
    paths: JournalPaths, older: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy2(older / "journal.db", paths.database)
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        assert journal.rollback_notice is not None
        assert "older copy" in journal.rollback_notice
    # Using it doesn't make the notice go away, and verify fails with exit 6 in words.
    _add(paths, "Written to the old copy")
    capsys.readouterr()
    assert _verify(passphrase_file) == 6
    err = capsys.readouterr().err
    assert "doesn't continue the one last used here" in err or "older copy" in err
    # Keeping it on purpose is the way forward; then verify passes.
    assert _verify(passphrase_file, "--keep-this-copy") == 0
    assert _verify(passphrase_file) == 0


def test_old_journal_db_and_old_key_file_together_are_noticed_through_the_password_store(
    paths: JournalPaths, tmp_path: Path, passphrase_file: Path
) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=True)
    journal.repo.add(Incident(title="First post"))
    journal.close()
    aside = tmp_path / "aside"
    shutil.copytree(paths.root, aside)
    _add(paths, "Threat made later", keyring=True)
    for name in ("journal.db", "keyslots.json"):
        shutil.copy2(aside / name, paths.root / name)
    assert _verify(passphrase_file, keyring=True) == 6


def test_a_restore_on_purpose_moves_the_marker(
    paths: JournalPaths, passphrase_file: Path, tmp_path: Path
) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.repo.add(Incident(title="First post"))
    made = write_backup(journal, tmp_path / "first.pjbackup")
    journal.close()
    _add(paths, "Later")
    restore(paths, made.path, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as again:
        assert again.rollback_notice is None
        assert again.repo.count() == 1
    assert _verify(passphrase_file) == 0


def test_an_edited_marker_in_the_key_file_is_reported(paths: JournalPaths, older: Path) -> None:
    import json

    data = json.loads(paths.key_slots.read_text(encoding="utf-8"))
    data["slots"]["chain-position"]["seq"] = 1
    paths.key_slots.write_text(json.dumps(data), encoding="utf-8")
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        assert journal.rollback_notice is not None and "altered" in journal.rollback_notice
