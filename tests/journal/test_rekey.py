"""Re-keying: after a change of secret, the old passphrase and recovery key open nothing.

Real SQLCipher files throughout; the crash test kills a real process with SIGKILL
between every two file operations of a re-key.
"""

from __future__ import annotations

import json
import shutil
import signal
import zipfile
from pathlib import Path

import pytest

from journal import rekey, rekey_staging
from journal.backup import backup_now, restore
from journal.cli import main
from journal.errors import JournalError, UnlockError, ValidationError
from journal.keys import KeySlots
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now
from journal.verify import verify

OLD = "the old passphrase"
NEW = "a brand new passphrase"


def _open(
    paths: JournalPaths, *, passphrase: str | None = None, recovery: str | None = None
) -> Journal:
    return Journal.open(
        paths, Unlock(passphrase=passphrase, recovery_key=recovery, use_keyring=False)
    )


def _make(paths: JournalPaths, entries: int = 3, *, keyring: bool = False) -> tuple[Journal, str]:
    journal, recovery = Journal.create(paths, passphrase=OLD, use_keyring=keyring)
    for n in range(entries):
        journal.repo.add(Incident(title=f"entry {n}", occurred_at=now()))
    return journal, recovery


def _folder_with(paths: JournalPaths, slots_bytes: bytes, into: Path) -> JournalPaths:
    """A copy of the journal folder with ``keyslots.json`` replaced by an old one."""
    into.mkdir()
    shutil.copy2(paths.database, into / "journal.db")
    (into / "keyslots.json").write_bytes(slots_bytes)
    return JournalPaths(into)


def _slots_in_backup(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("keyslots.json")


def test_old_secrets_open_nothing_in_the_folder_after_a_rekey(
    paths: JournalPaths, tmp_path: Path
) -> None:
    journal, old_recovery = _make(paths)
    backup_now(journal)
    old_slots = paths.key_slots.read_bytes()
    result = rekey.rekey(journal, NEW)
    journal.repo.add(Incident(title="written after the change", occurred_at=now()))
    journal.close()
    assert len(result.backups_reencrypted) == 1
    assert "re-encrypted" in result.describe()

    # The journal opens with the new secrets, entries and checks intact.
    for unlock in ({"passphrase": NEW}, {"recovery": result.recovery_key}):
        with _open(paths, **unlock) as again:
            assert again.repo.count() == 4
            assert verify(again.conn).ok
    # Old secrets against the current key file, against the key file as it was before,
    # and against the key file inside every backup in the folder: nothing opens.
    candidates = [paths.key_slots.read_bytes(), old_slots]
    candidates += [_slots_in_backup(p) for _s, p in paths.automatic_backups()]
    for n, slots_bytes in enumerate(candidates):
        folder = _folder_with(paths, slots_bytes, tmp_path / f"copy{n}")
        for unlock in ({"passphrase": OLD}, {"recovery": old_recovery}):
            with pytest.raises(JournalError):
                _open(folder, **unlock).close()
    # The re-encrypted backup still restores, with the new recovery key.
    backup = paths.automatic_backups()[0][1]
    other = JournalPaths(tmp_path / "elsewhere")
    restore(other, backup, Unlock(recovery_key=result.recovery_key, use_keyring=False))
    with _open(other, recovery=result.recovery_key) as restored:
        assert restored.repo.count() == 3


def test_rekey_keeps_the_password_store_slot_working(paths: JournalPaths) -> None:
    journal, _recovery = _make(paths, keyring=True)
    rekey.rekey(journal, NEW)
    journal.close()
    with Journal.open(paths, Unlock()) as again:  # the password store alone
        assert again.repo.count() == 3


def test_new_recovery_key_needs_the_current_passphrase(paths: JournalPaths) -> None:
    journal, _recovery = _make(paths)
    with pytest.raises(ValidationError):
        rekey.rekey(journal, None)
    journal.close()
    assert not rekey_staging.pending(paths)


def test_a_failure_before_the_swap_leaves_the_old_journal(paths: JournalPaths) -> None:
    journal, recovery = _make(paths)
    before = KeySlots.load(paths.key_slots).slots

    def refuse(_text: str) -> None:
        raise OSError("the recovery key file couldn't be written")

    with pytest.raises(OSError):
        rekey.rekey(journal, NEW, deliver_recovery_key=refuse)
    assert journal.repo.count() == 3  # still open and usable
    journal.close()
    assert KeySlots.load(paths.key_slots).slots["passphrase"] == before["passphrase"]
    assert not rekey_staging.pending(paths)
    with _open(paths, recovery=recovery) as again:
        assert again.repo.count() == 3


def test_planted_staged_backups_are_not_moved_in(paths: JournalPaths) -> None:
    journal, _recovery = _make(paths)
    backup_now(journal)
    journal.close()
    original = paths.automatic_backups()[0][1]
    kept = original.read_bytes()
    stage = rekey.stage_dir(paths)
    (stage / rekey.STAGED_BACKUPS).mkdir(parents=True)
    (stage / rekey.STAGED_BACKUPS / original.name).write_bytes(b"planted")
    planted = {"replace": [original.name], "remove": [], "tag": "00"}
    (stage / rekey.TAG_FILE).write_text(json.dumps(planted), encoding="utf-8")
    with _open(paths, passphrase=OLD) as again:
        assert again.repo.count() == 3
    assert original.read_bytes() == kept
    assert not stage.exists()


# -- command line ---------------------------------------------------------------


def test_cli_passphrase_and_recovery_key_rekey(
    paths: JournalPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal, old_recovery = _make(paths)
    journal.close()
    old_pw, new_pw = tmp_path / "old.txt", tmp_path / "new.txt"
    old_pw.write_text(OLD + "\n", encoding="utf-8")
    new_pw.write_text(NEW + "\n", encoding="utf-8")
    base = ["--data-dir", str(paths.root), "--no-keyring"]
    key_out = tmp_path / "key1.txt"
    unlock = [*base, "--passphrase-file", str(old_pw)]
    code = main(
        [
            *unlock,
            "passphrase",
            "--new-passphrase-file",
            str(new_pw),
            "--recovery-key-out",
            str(key_out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    first_key = key_out.read_text(encoding="utf-8").strip()
    assert "new key" in capsys.readouterr().out
    with pytest.raises(UnlockError):
        _open(paths, passphrase=OLD)
    with pytest.raises(UnlockError):
        _open(paths, recovery=old_recovery)

    second = tmp_path / "key2.txt"
    code = main([*base, "--passphrase-file", str(new_pw), "recovery-key", "--out", str(second)])
    assert code == 0, capsys.readouterr().err
    with pytest.raises(UnlockError):
        _open(paths, recovery=first_key)
    with _open(paths, recovery=second.read_text(encoding="utf-8").strip()) as again:
        assert again.repo.count() == 3
    # An existing file is never overwritten with a key.
    assert (
        main([*base, "--passphrase-file", str(new_pw), "recovery-key", "--out", str(second)]) == 8
    )


# -- crash safety -----------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_kill_between_any_two_steps_leaves_old_or_new_usable(
    paths: JournalPaths, tmp_path: Path
) -> None:
    from helpers.crash import Worker

    journal, old_recovery = _make(paths)
    backup_now(journal)
    journal.close()
    template = tmp_path / "template"
    shutil.copytree(paths.root, template)
    step = 1
    outcomes = set()
    while True:
        shutil.rmtree(paths.root)
        shutil.copytree(template, paths.root)
        key_file = tmp_path / f"recovery-{step}.txt"
        worker = Worker("rekey", str(paths.root), OLD, NEW, str(key_file))
        stopped_early = worker.run_steps(step)
        worker.finish()
        opened = None
        for secret in (OLD, NEW):
            try:
                with _open(paths, passphrase=secret) as again:
                    assert again.repo.count() == 3, f"step {step}"
                    assert verify(again.conn).ok, f"step {step}"
                opened = secret
                break
            except UnlockError:
                continue
        assert opened is not None, f"killed before step {step}: opens with neither"
        outcomes.add(opened)
        stale = OLD if opened == NEW else NEW
        with pytest.raises(JournalError):
            _open(paths, passphrase=stale).close()
        if opened == NEW:
            with pytest.raises(JournalError):
                _open(paths, recovery=old_recovery).close()
            # Every backup in the folder follows the journal's key once it is opened.
            for _stamp, path in paths.automatic_backups():
                folder = _folder_with(paths, _slots_in_backup(path), tmp_path / f"b{step}")
                with pytest.raises(JournalError):
                    _open(folder, passphrase=OLD).close()
        assert not rekey_staging.pending(paths), f"step {step}: leftovers after opening"
        if not stopped_early:
            break
        step += 1
    assert outcomes == {OLD, NEW}
    assert step > 10


def test_copies_kept_from_before_a_restore_are_removed_and_said_so(
    paths: JournalPaths, tmp_path: Path
) -> None:
    journal, old_recovery = _make(paths)
    made = backup_now(journal)
    journal.close()
    restore(paths, made.path, Unlock(passphrase=OLD, use_keyring=False))
    aside = paths.root / "before-restore"
    assert any(aside.iterdir())
    with _open(paths, passphrase=OLD) as again:
        result = rekey.rekey(again, NEW)
    assert len(result.copies_removed) == 1
    assert "before a restore" in result.describe()
    assert not any(p for p in aside.iterdir() if not p.name.startswith("."))
    for folder in [p for p in paths.root.rglob("keyslots.json")]:
        copy = _folder_with(paths, folder.read_bytes(), tmp_path / f"c{abs(hash(folder))}")
        with pytest.raises(JournalError):
            _open(copy, recovery=old_recovery).close()
