"""Key slots: each way in opens the journal, each wrong way says so and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from conftest import PASSPHRASE
from helpers.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from journal import keys, recovery
from journal.errors import (
    JournalExists,
    KeyringUnavailable,
    KeyringWrongKey,
    NoUnlockMethod,
    RecoveryKeyTypo,
    StorageError,
    UnlockError,
    ValidationError,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE, SLOT_RECOVERY, KeyringAccess, KeySlots
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock, journal_state


def snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def recovery_key(paths: JournalPaths) -> str:
    """A closed journal (keyring, passphrase, recovery key) holding one entry."""
    journal, key = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        journal.repo.add(Incident(title="A post about my report"))
    return key


def _titles(journal: Journal) -> list[str]:
    return [row.title for row in journal.repo.list_entries()]


def _typo_in_group(key: str, group: int) -> str:
    groups = recovery.groups_of(key)
    first = groups[group - 1][0]
    groups[group - 1] = ("B" if first != "B" else "C") + groups[group - 1][1:]
    return "-".join(groups)


# -- each slot opens --------------------------------------------------------------


def test_keyring_slot_opens_without_asking(paths: JournalPaths, recovery_key: str) -> None:
    with Journal.open(paths, Unlock()) as journal:
        assert _titles(journal) == ["A post about my report"]


def test_passphrase_slot_opens(paths: JournalPaths, recovery_key: str) -> None:
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        assert _titles(journal) == ["A post about my report"]


@pytest.mark.parametrize(
    "typed",
    [
        lambda k: k,
        lambda k: k.lower(),
        lambda k: k.replace("-", " "),
        lambda k: k.replace("0", "O").replace("1", "l"),
    ],
)
def test_recovery_slot_opens(paths: JournalPaths, recovery_key: str, typed) -> None:
    with Journal.open(paths, Unlock(recovery_key=typed(recovery_key), use_keyring=False)) as j:
        assert _titles(j) == ["A post about my report"]


def test_slots_file_holds_no_key_in_the_clear(paths: JournalPaths, recovery_key: str) -> None:
    slots = KeySlots.load(paths.key_slots)
    key = slots.unlock_passphrase(PASSPHRASE)
    text = paths.key_slots.read_bytes()
    assert key.hex().encode() not in text
    assert key.hex().upper().encode() not in text
    assert recovery_key.encode() not in text
    assert recovery_key.replace("-", "").encode() not in text
    assert PASSPHRASE.encode() not in text
    # Besides the key's slots, only the journal's last position (journal/rollback.py).
    assert set(slots.slots) - {"chain-position"} == {SLOT_KEYRING, SLOT_PASSPHRASE, SLOT_RECOVERY}
    assert slots.unlock_recovery(recovery_key) == key


# -- wrong ways in change nothing -----------------------------------------------


def test_wrong_passphrase_is_refused_and_changes_nothing(
    paths: JournalPaths, recovery_key: str
) -> None:
    before = snapshot(paths.root)
    with pytest.raises(WrongPassphrase) as caught:
        Journal.open(paths, Unlock(passphrase="not the passphrase", use_keyring=False))
    assert "didn't open the journal" in caught.value.message
    assert caught.value.exit_code == 4
    assert snapshot(paths.root) == before
    # The lock was let go: the right passphrase still opens.
    Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)).close()


def test_wrong_recovery_key_is_refused_and_changes_nothing(
    paths: JournalPaths, recovery_key: str
) -> None:
    other, _raw = recovery.generate()  # well formed, from no journal at all
    before = snapshot(paths.root)
    with pytest.raises(WrongRecoveryKey) as caught:
        Journal.open(paths, Unlock(recovery_key=other, use_keyring=False))
    assert "doesn't open this journal" in caught.value.message
    assert snapshot(paths.root) == before


@pytest.mark.parametrize("group", [1, 3, 8])
def test_recovery_key_typo_names_the_group(
    paths: JournalPaths, recovery_key: str, group: int
) -> None:
    before = snapshot(paths.root)
    with pytest.raises(RecoveryKeyTypo) as caught:
        Journal.open(
            paths, Unlock(recovery_key=_typo_in_group(recovery_key, group), use_keyring=False)
        )
    assert not isinstance(caught.value, WrongRecoveryKey)
    assert caught.value.group == group
    assert f"Group {group}" in caught.value.message
    assert snapshot(paths.root) == before


def test_nothing_offered_is_its_own_error(paths: JournalPaths, recovery_key: str) -> None:
    before = snapshot(paths.root)
    with pytest.raises(NoUnlockMethod):
        Journal.open(paths, Unlock(use_keyring=False))
    assert snapshot(paths.root) == before


def test_passphrase_is_tried_when_the_keyring_fails(paths: JournalPaths, recovery_key: str) -> None:
    keyring.set_keyring(fail.Keyring())
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        assert _titles(journal) == ["A post about my report"]


# -- changing the passphrase -------------------------------------------------------


def test_change_passphrase_rewraps_only(paths: JournalPaths, recovery_key: str) -> None:
    db_files = ("journal.db", "journal.db-wal")
    old_slots = json.loads(paths.key_slots.read_text())
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        before = {k: v for k, v in snapshot(paths.root).items() if k in db_files}
        journal.change_passphrase("a brand new passphrase")
        after = {k: v for k, v in snapshot(paths.root).items() if k in db_files}
        assert after == before
    new_slots = json.loads(paths.key_slots.read_text())
    assert new_slots["journal_id"] == old_slots["journal_id"]
    assert new_slots["slots"][SLOT_RECOVERY] == old_slots["slots"][SLOT_RECOVERY]
    assert new_slots["slots"][SLOT_KEYRING] == old_slots["slots"][SLOT_KEYRING]
    assert new_slots["slots"][SLOT_PASSPHRASE] != old_slots["slots"][SLOT_PASSPHRASE]

    with pytest.raises(WrongPassphrase):
        Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    with Journal.open(paths, Unlock(passphrase="a brand new passphrase", use_keyring=False)) as j:
        assert _titles(j) == ["A post about my report"]
    with Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False)) as j:
        assert _titles(j) == ["A post about my report"]


def test_change_passphrase_refuses_a_short_one(paths: JournalPaths, recovery_key: str) -> None:
    with Journal.open(paths, Unlock()) as journal:
        before = paths.key_slots.read_bytes()
        with pytest.raises(ValidationError) as caught:
            journal.change_passphrase("short")
        assert "at least 8 characters" in caught.value.errors["passphrase"]
        assert paths.key_slots.read_bytes() == before


def test_change_passphrase_that_cannot_be_saved_keeps_the_old_one(
    paths: JournalPaths, recovery_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with Journal.open(paths, Unlock()) as journal:
        before = paths.key_slots.read_bytes()
        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(StorageError):
            journal.change_passphrase("a brand new passphrase")
        monkeypatch.undo()
        assert paths.key_slots.read_bytes() == before
        assert [p.name for p in paths.root.iterdir() if p.name.endswith(".tmp")] == []
        # The slots in memory were put back too: a later save doesn't smuggle the new one in.
        journal.new_recovery_key()
    Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)).close()


def test_key_slots_file_is_private_and_replaced_whole(
    paths: JournalPaths, recovery_key: str
) -> None:
    assert stat.S_IMODE(paths.key_slots.stat().st_mode) == 0o600
    inode = paths.key_slots.stat().st_ino
    with Journal.open(paths, Unlock()) as journal:
        journal.change_passphrase("a brand new passphrase")
    # A new file renamed over the old one, never rewritten in place.
    assert paths.key_slots.stat().st_ino != inode
    assert stat.S_IMODE(paths.key_slots.stat().st_mode) == 0o600
    assert [p.name for p in paths.root.iterdir() if p.name.startswith(".keyslots")] == []


def test_new_recovery_key_replaces_the_old_one(paths: JournalPaths, recovery_key: str) -> None:
    with Journal.open(paths, Unlock()) as journal:
        fresh = journal.new_recovery_key()
    assert fresh != recovery_key
    with pytest.raises(WrongRecoveryKey):
        Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False))
    Journal.open(paths, Unlock(recovery_key=fresh, use_keyring=False)).close()


def test_remove_passphrase_needs_the_keyring(paths: JournalPaths) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    with journal, pytest.raises(ValidationError):
        journal.remove_passphrase()
    Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)).close()


def test_journal_without_keyring_slot_says_so(paths: JournalPaths) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.close()
    with pytest.raises(NoUnlockMethod) as caught:
        Journal.open(paths, Unlock())
    assert "doesn't unlock with the password store" in caught.value.message


def test_remove_passphrase_leaves_keyring_and_recovery(paths: JournalPaths) -> None:
    journal, key = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        journal.remove_passphrase()
    with pytest.raises(WrongPassphrase):
        Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    Journal.open(paths, Unlock()).close()
    Journal.open(paths, Unlock(recovery_key=key, use_keyring=False)).close()


# -- the OS keyring --------------------------------------------------------------

UNUSABLE_BACKENDS = {
    "fail": (fail.Keyring, "isn't available"),
    "null": (null.Keyring, "isn't available"),
    "locked": (LockedKeyring, "is locked"),
}


@pytest.fixture(params=sorted(UNUSABLE_BACKENDS))
def unusable_keyring(request: pytest.FixtureRequest) -> Callable[[], str]:
    """Puts an unusable password store in place when called; returns what its refusal says."""
    backend, words = UNUSABLE_BACKENDS[request.param]

    def put_in_place() -> str:
        keyring.set_keyring(backend())
        return words

    return put_in_place


def test_create_without_a_usable_keyring_or_passphrase_fails(
    paths: JournalPaths, unusable_keyring: Callable[[], str]
) -> None:
    words = unusable_keyring()
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.create(paths)
    assert words in caught.value.message
    assert journal_state(paths) == "missing"
    assert not paths.key_slots.exists()
    assert [p for p in paths.root.rglob("*") if p.name != "journal.lock"] == []


def test_create_with_passphrase_falls_back_when_keyring_unusable(
    paths: JournalPaths, unusable_keyring: Callable[[], str]
) -> None:
    unusable_keyring()
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        assert not journal.slots.has(SLOT_KEYRING)
        assert journal.slots.has(SLOT_PASSPHRASE)


def test_existing_journal_with_unusable_keyring(
    paths: JournalPaths, recovery_key: str, unusable_keyring: Callable[[], str]
) -> None:
    words = unusable_keyring()
    before = snapshot(paths.root)
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.open(paths, Unlock())
    assert words in caught.value.message
    assert "passphrase or recovery key" in caught.value.message
    assert not isinstance(caught.value, KeyringWrongKey)
    assert snapshot(paths.root) == before
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        assert _titles(journal) == ["A post about my report"]
    with Journal.open(paths, Unlock(recovery_key=recovery_key)) as journal:
        assert _titles(journal) == ["A post about my report"]


def test_keyring_that_forgets_writes_is_unavailable(paths: JournalPaths) -> None:
    class Forgetful(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            return None

    keyring.set_keyring(Forgetful())
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.create(paths)
    assert "didn't keep the key" in caught.value.message
    assert journal_state(paths) == "missing"


def test_keyring_that_lost_the_secret(
    paths: JournalPaths, recovery_key: str, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.passwords.clear()
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.open(paths, Unlock())
    assert "no longer has this journal's key" in caught.value.message


@pytest.mark.parametrize("stored", ["00" * 32, "not hex at all", "abcd", ""])
def test_keyring_with_a_wrong_value_is_a_wrong_key(
    paths: JournalPaths, recovery_key: str, memory_keyring: MemoryKeyring, stored: str
) -> None:
    (entry,) = [k for k in memory_keyring.passwords if not k[1].endswith(":chain-position")]
    memory_keyring.passwords[entry] = stored
    before = snapshot(paths.root)
    with pytest.raises(KeyringWrongKey) as caught:
        Journal.open(paths, Unlock())
    assert "doesn't open this journal" in caught.value.message
    assert not isinstance(caught.value, KeyringUnavailable)
    assert snapshot(paths.root) == before
    # A passphrase offered as well still gets in.
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        assert _titles(journal) == ["A post about my report"]


@pytest.fixture
def hanging_with_key(recovery_key: str, memory_keyring: MemoryKeyring) -> Iterator[HangingKeyring]:
    """A store that holds this journal's secret but never answers."""
    backend = HangingKeyring()
    backend.passwords.update(memory_keyring.passwords)
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()  # let the abandoned call finish


def test_hanging_keyring_times_out_on_open(
    paths: JournalPaths, hanging_with_key: HangingKeyring
) -> None:
    with pytest.raises(KeyringUnavailable) as caught:
        Journal.open(paths, Unlock(), keyring_access=KeyringAccess(timeout=0.2))
    assert "didn't answer" in caught.value.message
    with Journal.open(
        paths, Unlock(passphrase=PASSPHRASE), keyring_access=KeyringAccess(timeout=0.2)
    ) as journal:
        assert _titles(journal) == ["A post about my report"]


def test_hanging_keyring_times_out_on_create(
    paths: JournalPaths, hanging_keyring: HangingKeyring
) -> None:
    with pytest.raises(KeyringUnavailable):
        Journal.create(paths, keyring_access=KeyringAccess(timeout=0.2))
    assert journal_state(paths) == "missing"


def test_a_hung_keyring_call_does_not_hold_up_the_next_one(
    paths: JournalPaths, hanging_with_key: HangingKeyring, memory_keyring: MemoryKeyring
) -> None:
    with pytest.raises(KeyringUnavailable):
        Journal.open(paths, Unlock(), keyring_access=KeyringAccess(timeout=0.2))
    # The store answers again while the first call is still stuck: the next unlock
    # is served at once instead of queueing behind the call nobody answered.
    keyring.set_keyring(memory_keyring)
    with Journal.open(paths, Unlock(), keyring_access=KeyringAccess(timeout=5)) as journal:
        assert _titles(journal) == ["A post about my report"]
    assert not hanging_with_key.release.is_set()


def test_keyring_calls_share_one_waiting_thread(
    paths: JournalPaths, recovery_key: str, memory_keyring: MemoryKeyring
) -> None:
    """Starting a thread per call cost more than the rest of unlocking put together."""
    served_by: list[threading.Thread] = []  # held, so no id is reused

    class Recording(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            served_by.append(threading.current_thread())
            return super().get_password(service, username)

    backend = Recording()
    backend.passwords.update(memory_keyring.passwords)
    keyring.set_keyring(backend)
    for _ in range(5):
        with Journal.open(paths, Unlock()) as journal:
            assert _titles(journal) == ["A post about my report"]
    assert len(served_by) == 5
    assert len({id(thread) for thread in served_by}) == 1
    assert threading.current_thread() not in served_by  # still off the caller's thread


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_forked_child_gets_its_own_keyring_thread(
    paths: JournalPaths, recovery_key: str, memory_keyring: MemoryKeyring
) -> None:
    with Journal.open(paths, Unlock()):
        pass  # the parent's waiting thread now exists
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: only the thread that forked was copied
        try:
            with Journal.open(paths, Unlock(), keyring_access=KeyringAccess(timeout=5)) as j:
                ok = _titles(j) == ["A post about my report"]
        except BaseException:
            ok = False
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    os.close(read)
    assert status == 0


def test_keyring_secret_is_read_back_and_is_not_the_database_key(
    paths: JournalPaths, memory_keyring: MemoryKeyring
) -> None:
    journal, _key = Journal.create(paths, passphrase=PASSPHRASE)
    journal.close()
    (secret,) = memory_keyring.passwords.values()
    key = KeySlots.load(paths.key_slots).unlock_passphrase(PASSPHRASE)
    assert bytes.fromhex(secret) != key
    assert len(bytes.fromhex(secret)) == 32


def test_keyring_unavailable_and_wrong_key_are_both_unlock_errors() -> None:
    assert issubclass(KeyringUnavailable, UnlockError)
    assert issubclass(KeyringWrongKey, UnlockError)
    assert not issubclass(KeyringUnavailable, KeyringWrongKey)
    assert not issubclass(KeyringWrongKey, KeyringUnavailable)


class _Broken(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("D-Bus went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("D-Bus went away")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("D-Bus went away")


def test_keyring_raising_anything_is_unavailable(paths: JournalPaths, recovery_key: str) -> None:
    keyring.set_keyring(_Broken())
    with pytest.raises(KeyringUnavailable):
        Journal.open(paths, Unlock())
    assert KeyringAccess().available() is True  # the backend looks usable; its calls fail


# -- never a new key over an existing journal ----------------------------------------


def test_create_refuses_an_existing_journal(paths: JournalPaths, recovery_key: str) -> None:
    before = snapshot(paths.root)
    with pytest.raises(JournalExists):
        Journal.create(paths, passphrase="another passphrase")
    assert snapshot(paths.root) == before
    Journal.open(paths, Unlock(recovery_key=recovery_key, use_keyring=False)).close()


def test_create_refuses_a_key_file_without_its_journal(
    paths: JournalPaths, recovery_key: str
) -> None:
    paths.database.rename(paths.root / "moved-away.db")
    before = snapshot(paths.root)
    with pytest.raises(JournalExists) as caught:
        Journal.create(paths, passphrase="another passphrase")
    assert "key file" in caught.value.message
    assert snapshot(paths.root) == before


def test_create_refuses_a_journal_without_its_key_file(
    paths: JournalPaths, recovery_key: str
) -> None:
    paths.key_slots.unlink()
    before = snapshot(paths.root)
    with pytest.raises(JournalExists):
        Journal.create(paths, passphrase="another passphrase")
    assert snapshot(paths.root) == before


def test_create_needs_a_way_in(paths: JournalPaths) -> None:
    with pytest.raises(ValidationError) as caught:
        Journal.create(paths, use_keyring=False)
    assert "passphrase" in caught.value.errors
    assert journal_state(paths) == "missing"


def test_create_refuses_a_short_passphrase(paths: JournalPaths) -> None:
    with pytest.raises(ValidationError):
        Journal.create(paths, passphrase="short")
    assert journal_state(paths) == "missing"


# -- the slots file itself ---------------------------------------------------------


def test_unlock_passphrase_uses_the_stored_cost(paths: JournalPaths) -> None:
    slots = KeySlots.new()
    key = keys.new_database_key()
    params = keys.Argon2Params(memory_kib=16, iterations=2, lanes=1)
    slots.set_passphrase(key, PASSPHRASE, params)
    slots.save(paths.root / "slots.json")
    loaded = KeySlots.load(paths.root / "slots.json")
    assert loaded.slots[SLOT_PASSPHRASE]["memory_kib"] == 16
    assert loaded.slots[SLOT_PASSPHRASE]["iterations"] == 2
    assert loaded.unlock_passphrase(PASSPHRASE) == key


def test_a_slot_cannot_be_moved_to_another_journal() -> None:
    key = keys.new_database_key()
    first = KeySlots.new()
    first.set_passphrase(key, PASSPHRASE)
    second = KeySlots.new()
    second.slots[SLOT_PASSPHRASE] = first.slots[SLOT_PASSPHRASE]
    with pytest.raises(WrongPassphrase):
        second.unlock_passphrase(PASSPHRASE)


def _mangle(path: Path, change: Callable[[Any], Any]) -> None:
    data = json.loads(path.read_text())
    path.write_text(json.dumps(change(data)))


DAMAGE = {
    "a list": lambda d: [d],
    "a string": lambda d: "slots",
    "no slots": lambda d: {k: v for k, v in d.items() if k != "slots"},
    "unknown format": lambda d: d | {"format": 99},
    "salt a number": lambda d: d["slots"]["passphrase"].update(salt=5) or d,
    "salt not base64": lambda d: d["slots"]["passphrase"].update(salt="%%%") or d,
    "huge memory cost": lambda d: d["slots"]["passphrase"].update(memory_kib=2**40) or d,
    "memory cost as text": lambda d: d["slots"]["passphrase"].update(memory_kib="lots") or d,
    "no iterations": lambda d: d["slots"]["passphrase"].pop("iterations") and d,
    "slot not an object": lambda d: d["slots"].update(passphrase="x") or d,
    "nonce too short": lambda d: d["slots"]["passphrase"].update(nonce="AAAA") or d,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_key_file_is_reported_as_damage(
    paths: JournalPaths, recovery_key: str, damage: str
) -> None:
    from journal.errors import CorruptJournal

    _mangle(paths.key_slots, DAMAGE[damage])
    before = snapshot(paths.root)
    with pytest.raises(CorruptJournal) as caught:
        Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False))
    assert "key file" in caught.value.message
    assert snapshot(paths.root) == before
