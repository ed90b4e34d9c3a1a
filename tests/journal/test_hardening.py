"""Hardening and keys: no core dumps, no extensions, nothing sensitive in logs, keys never lost."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from conftest import PASSPHRASE
from helpers.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring
from helpers.paths import HELPERS, REPO
from helpers.processes import run_python
from keyring.backends import fail

from journal import backup, store
from journal.cli import main
from journal.errors import (
    CorruptJournal,
    JournalExists,
    KeyringUnavailable,
    KeyringWrongKey,
    NoUnlockMethod,
)
from journal.keys import KeyringAccess
from journal.paths import JournalPaths
from journal.session import Journal, Unlock


def helper_env() -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("PRACTITIONER_JOURNAL_DEBUG", None)
    env.pop("PRACTITIONER_JOURNAL_DIR", None)
    return env


# -- process ----------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="core dumps are a POSIX matter")
def test_command_line_disables_core_dumps_before_any_command(tmp_path: Path) -> None:
    done = run_python(
        HELPERS / "hardening_probe.py", "--data-dir", tmp_path, "list",
        env=helper_env(), timeout=60, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout)
    assert report["code"] == 3  # no journal there: the command ran, after hardening
    assert report["after"]["core"] == [0, 0]
    if sys.platform.startswith("linux"):
        assert report["before"]["dumpable"] is True  # so the change below is real
        assert report["after"]["dumpable"] is False


def test_extension_loading_is_refused_on_our_connections(journal: Journal, tmp_path: Path) -> None:
    driver = store._driver()
    with pytest.raises(driver.OperationalError, match="not authorized"):
        journal.conn.execute("SELECT load_extension('libm.so.6')")
    target = tmp_path / "b.pjbackup"
    backup.write_backup(journal, target)
    with pytest.raises(driver.OperationalError, match="not authorized"):
        journal.conn.execute("SELECT load_extension('libm.so.6', 'sqrt')")


def test_logs_and_stderr_never_hold_content_or_keys(tmp_path: Path) -> None:
    marker = "Platypuszeta"
    done = run_python(HELPERS / "cli_workflow.py", tmp_path, marker, env=helper_env(), check=True)
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    # Every step did its work (the deliberate failures exit 8, 9 and 8).
    assert codes[:12] == [0] * 12, codes
    assert codes[12:] == [8, 0, 9], codes
    stderr = done.stderr
    assert "logging reaches stderr" in stderr  # the capture works, so silence means something
    assert "Traceback" not in stderr

    paths = JournalPaths(tmp_path / "data")
    recovery_key = (tmp_path / "recovery.txt").read_text(encoding="utf-8").strip()
    with Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False)) as journal:
        key = journal._key
        assert journal.repo.search(marker)  # the marker really is in the journal
    secrets = [
        marker,
        marker.lower(),
        key.hex(),
        key.hex().upper(),
        recovery_key,
        recovery_key.replace("-", ""),
        "a workflow passphrase",
    ]
    for secret in secrets:
        assert secret not in stderr
    assert marker not in done.stdout.split("\n")[0]  # init's output holds no content either


# -- keys ---------------------------------------------------------------------------------


def fingerprint(paths: JournalPaths) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (paths.database, paths.key_slots)
    }


@pytest.fixture
def with_recovery(paths: JournalPaths) -> Iterator[tuple[JournalPaths, str]]:
    journal, recovery_key = Journal.create(paths, passphrase=PASSPHRASE)
    journal.repo.set_setting("kept", "yes")
    journal.close()
    yield paths, recovery_key


def _works_with_passphrase_and_recovery(paths: JournalPaths, recovery_key: str) -> None:
    access = KeyringAccess(timeout=0.3)
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE), keyring_access=access) as journal:
        assert journal.repo.get_setting("kept") == "yes"
    with Journal.open(paths, Unlock(recovery_key=recovery_key), keyring_access=access) as journal:
        assert journal.repo.get_setting("kept") == "yes"


@pytest.mark.parametrize("broken", ["unavailable", "locked", "hanging"])
def test_a_keyring_that_does_not_answer_loses_nothing(
    with_recovery: tuple[JournalPaths, str], broken: str, request: pytest.FixtureRequest
) -> None:
    paths, recovery_key = with_recovery
    if broken == "unavailable":
        keyring.set_keyring(fail.Keyring())
    elif broken == "locked":
        keyring.set_keyring(LockedKeyring())
    else:
        request.getfixturevalue("hanging_keyring")
    before = fingerprint(paths)
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.open(paths, Unlock(), keyring_access=KeyringAccess(timeout=0.3))
    assert not isinstance(caught.value, KeyringWrongKey)
    expected = {"unavailable": "isn't available", "locked": "locked", "hanging": "didn't answer"}
    assert expected[broken] in caught.value.message
    assert fingerprint(paths) == before
    _works_with_passphrase_and_recovery(paths, recovery_key)
    assert fingerprint(paths)["keyslots.json"] == before["keyslots.json"]


@pytest.mark.parametrize("value", ["ab" * 32, "not hex at all", "", "00"])
def test_a_keyring_with_a_wrong_value_is_not_taken_for_damage(
    with_recovery: tuple[JournalPaths, str], memory_keyring: MemoryKeyring, value: str
) -> None:
    paths, recovery_key = with_recovery
    (account,) = memory_keyring.passwords
    memory_keyring.passwords[account] = value
    before = fingerprint(paths)
    with pytest.raises(KeyringWrongKey, match="Nothing was changed"):
        Journal.open(paths, Unlock())
    assert fingerprint(paths) == before
    assert memory_keyring.passwords[account] == value  # never rewritten behind the person's back
    _works_with_passphrase_and_recovery(paths, recovery_key)


def test_a_keyring_that_forgot_the_key_says_so(
    with_recovery: tuple[JournalPaths, str], memory_keyring: MemoryKeyring
) -> None:
    paths, recovery_key = with_recovery
    memory_keyring.passwords.clear()
    with pytest.raises(KeyringUnavailable, match="no longer has"):
        Journal.open(paths, Unlock())
    _works_with_passphrase_and_recovery(paths, recovery_key)


def test_create_with_a_hanging_keyring_falls_back_to_the_passphrase(
    paths: JournalPaths, hanging_keyring: HangingKeyring
) -> None:
    journal, recovery_key = Journal.create(
        paths, passphrase=PASSPHRASE, keyring_access=KeyringAccess(timeout=0.3)
    )
    assert not journal.slots.has("keyring")
    journal.repo.set_setting("kept", "yes")
    journal.close()
    _works_with_passphrase_and_recovery(paths, recovery_key)


def test_cli_without_keyring_or_passphrase_refuses_in_one_line(
    with_recovery: tuple[JournalPaths, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paths, _ = with_recovery
    keyring.set_keyring(fail.Keyring())
    before = fingerprint(paths)
    assert main(["list"]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "passphrase or recovery key" in err
    assert main(["--no-keyring", "list"]) == 4
    assert "--passphrase-file" in capsys.readouterr().err
    assert fingerprint(paths) == before
    with pytest.raises(NoUnlockMethod):
        Journal.open(paths, Unlock(use_keyring=False))


def test_init_never_makes_a_new_key_over_an_existing_journal(
    with_recovery: tuple[JournalPaths, str],
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    paths, recovery_key = with_recovery
    before = fingerprint(paths)
    stored = dict(memory_keyring.passwords)
    pw = tmp_path / "pw.txt"
    pw.write_text("another passphrase\n", encoding="utf-8")
    assert main(["init", "--passphrase-file", str(pw)]) == 3
    assert "already exists" in capsys.readouterr().err
    with pytest.raises(JournalExists):
        Journal.create(paths, passphrase="another passphrase")
    assert fingerprint(paths) == before and memory_keyring.passwords == stored
    _works_with_passphrase_and_recovery(paths, recovery_key)


def test_a_mangled_key_slot_is_reported_as_damage_not_a_crash(
    with_recovery: tuple[JournalPaths, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paths, recovery_key = with_recovery
    data = json.loads(paths.key_slots.read_text(encoding="utf-8"))
    del data["slots"]["passphrase"]["nonce"]
    data["slots"]["keyring"]["ciphertext"] = 12
    paths.key_slots.write_text(json.dumps(data), encoding="utf-8")
    before = fingerprint(paths)
    with pytest.raises(CorruptJournal, match="key file is damaged"):
        Journal.open(paths, Unlock(passphrase=PASSPHRASE))
    assert main(["--no-keyring", "--recovery-key-file", "/nonexistent", "list"]) == 8
    capsys.readouterr()
    assert fingerprint(paths) == before
    with Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False)) as journal:
        assert journal.repo.get_setting("kept") == "yes"
