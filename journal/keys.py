"""The database key and the slots that wrap it.

The journal is encrypted with one random 256-bit key. That key is never
written in the clear: each *slot* in ``keyslots.json`` holds it encrypted
(AES-256-GCM) under a key-encryption key that comes from

- the OS keyring (a random 256-bit secret kept there, read back after writing),
- a passphrase (Argon2id), or
- the recovery key shown once at set-up (HKDF; it already has 160 random bits).

Changing the passphrase rewraps the key and leaves the database untouched.
"""

from __future__ import annotations

import base64
import json
import os  # os.urandom: the OS's cryptographic source, as secrets.token_bytes is
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.errors import (
    CorruptJournal,
    JournalMissing,
    KeyringUnavailable,
    KeyringWrongKey,
    WrongPassphrase,
    WrongRecoveryKey,
)
from journal.fileio import atomic_write_bytes

KEY_BYTES = 32
KEYRING_SERVICE = "Practitioner Journal"
SLOT_KEYRING = "keyring"
SLOT_PASSPHRASE = "passphrase"
SLOT_RECOVERY = "recovery"
FORMAT = 1
MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost. The default follows OWASP's first recommended setting."""

    memory_kib: int = 47_104
    iterations: int = 1
    lanes: int = 1


DEFAULT_ARGON2 = Argon2Params()


def new_database_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _wrap(kek: bytes, key: bytes, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "ciphertext": _b64(AESGCM(kek).encrypt(nonce, key, aad))}


def _unwrap(kek: bytes, slot: dict[str, Any], aad: bytes) -> bytes:
    """Raises InvalidTag when the KEK is not the one the slot was made with."""
    return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["ciphertext"]), aad)


def _argon2(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def _check_cost(params: Argon2Params) -> None:
    """A damaged slot must not ask for 1 TB of memory or a year of work."""
    for value, low, high in (
        (params.memory_kib, 8, 4 * 1024 * 1024),
        (params.iterations, 1, 100),
        (params.lanes, 1, 64),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError("Argon2 cost out of range")


def _hkdf(raw: bytes, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"practitioner-journal recovery"
    ).derive(raw)


T = TypeVar("T")


class _KeyringWorker:
    """One long-lived thread that makes the keyring calls, so that a call that never
    comes back (a prompt nobody sees) can be given up on without stopping the caller.

    Handing a call to a waiting thread costs a fraction of starting a thread for it.
    A worker that was given up on is left to finish (or not) on its own; the next
    call gets a fresh one, so one hung call never holds up the next.
    """

    _current: _KeyringWorker | None = None
    _guard = threading.Lock()

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="keyring-call", daemon=True).start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job.result = job.fn()
            except BaseException as exc:  # handed back to the caller's thread
                job.error = exc
            job.done.release()
            del job  # the answer (a secret, perhaps) stays with the caller only

    @classmethod
    def run(
        cls, fn: Callable[[], object], timeout: float
    ) -> tuple[object, BaseException | None] | None:
        """``(result, error)`` of ``fn()`` on the worker, or None when it didn't answer in time."""
        with cls._guard:
            worker = cls._current
            if worker is None:
                worker = cls._current = cls()
            job = _Job(fn)
            worker._jobs.put(job)
        if job.done.acquire(timeout=timeout):
            return job.result, job.error
        with cls._guard:
            if cls._current is worker:
                cls._current = None  # stuck: later calls get a new thread
        return None


def _forget_worker_after_fork() -> None:
    _KeyringWorker._current = None  # its thread wasn't copied into the child process


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_worker_after_fork)


class _Job:
    __slots__ = ("done", "error", "fn", "result")

    def __init__(self, fn: Callable[[], object]) -> None:
        self.fn = fn
        # A bare lock, held until the answer is in: the cheapest hand-over there is.
        self.done = threading.Lock()
        self.done.acquire()
        self.result: object = None
        self.error: BaseException | None = None


class KeyringAccess:
    """The OS keyring, treated as unreliable.

    A ``null`` or ``fail`` backend, an exception, a locked store or a call
    that does not come back within ``timeout`` seconds all mean
    "keyring unavailable" (never "wrong key"). Writes are read back.
    """

    def __init__(self, service: str = KEYRING_SERVICE, timeout: float = 10.0) -> None:
        self.service = service
        self.timeout = timeout

    def _call(self, fn: Callable[[], T]) -> T:
        outcome = _KeyringWorker.run(fn, self.timeout)
        if outcome is None:
            raise KeyringUnavailable(
                "Your computer's password store didn't answer. Use your passphrase or "
                "recovery key; you can try the password store again later."
            )
        result, error = outcome
        if error is not None:
            if type(error).__name__ == "KeyringLocked":
                raise KeyringUnavailable(
                    "Your computer's password store is locked. Unlock it (or log in again), "
                    "or use your passphrase or recovery key."
                ) from error
            raise KeyringUnavailable() from error
        return cast(T, result)

    @staticmethod
    def _backend_usable() -> bool:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        chained = getattr(backend, "backends", None)
        if chained is not None:  # a ChainerBackend is usable when any member is
            return any(not isinstance(b, fail.Keyring | null.Keyring) for b in chained)
        return not isinstance(backend, fail.Keyring | null.Keyring)

    def available(self) -> bool:
        try:
            return self._call(self._backend_usable)
        except KeyringUnavailable:
            return False

    def store(self, account: str, secret: str) -> None:
        import keyring

        if not self.available():
            raise KeyringUnavailable()
        self._call(lambda: keyring.set_password(self.service, account, secret))
        if self._call(lambda: keyring.get_password(self.service, account)) != secret:
            raise KeyringUnavailable(
                "Your computer's password store didn't keep the key. Use a passphrase instead."
            )

    def fetch(self, account: str) -> str | None:
        import keyring

        def checked_get() -> tuple[bool, str | None]:
            if not self._backend_usable():
                return False, None
            return True, keyring.get_password(self.service, account)

        usable, secret = self._call(checked_get)  # one thread, one round trip
        if not usable:
            raise KeyringUnavailable()
        return secret

    def delete(self, account: str) -> None:
        import keyring

        def remove() -> None:
            try:
                keyring.delete_password(self.service, account)
            except Exception as exc:
                if type(exc).__name__ != "PasswordDeleteError":
                    raise

        self._call(remove)


@dataclass
class KeySlots:
    """The contents of ``keyslots.json``: wrapped copies of the database key."""

    journal_id: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def new(cls) -> KeySlots:
        return cls(journal_id=str(uuid.uuid4()))

    # -- file ---------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise JournalMissing() from exc
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("unknown format")
            slots = data["slots"]
            if not isinstance(slots, dict) or not isinstance(data["journal_id"], str):
                raise ValueError("bad shape")
            return cls(journal_id=data["journal_id"], slots=slots)
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptJournal(
                "The journal's key file is damaged, so the journal can't be unlocked. "
                "Restore it from a backup; the journal itself was not changed."
            ) from exc

    def save(self, path: Path) -> None:
        data = {"format": FORMAT, "journal_id": self.journal_id, "slots": self.slots}
        atomic_write_bytes(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))

    def has(self, slot: str) -> bool:
        return slot in self.slots

    def _aad(self, slot: str) -> bytes:
        return f"practitioner-journal:{self.journal_id}:{slot}".encode()

    # -- passphrase ---------------------------------------------------------

    def set_passphrase(
        self, key: bytes, passphrase: str, params: Argon2Params | None = None
    ) -> None:
        params = params or DEFAULT_ARGON2
        salt = os.urandom(16)
        kek = _argon2(passphrase, salt, params)
        self.slots[SLOT_PASSPHRASE] = {
            "kdf": "argon2id",
            "salt": _b64(salt),
            "memory_kib": params.memory_kib,
            "iterations": params.iterations,
            "lanes": params.lanes,
            **_wrap(kek, key, self._aad(SLOT_PASSPHRASE)),
        }

    def unlock_passphrase(self, passphrase: str) -> bytes:
        slot = self.slots.get(SLOT_PASSPHRASE)
        if slot is None:
            raise WrongPassphrase("This journal has no passphrase. Use your recovery key.")
        params = Argon2Params(slot["memory_kib"], slot["iterations"], slot["lanes"])
        _check_cost(params)
        kek = _argon2(passphrase, _unb64(slot["salt"]), params)
        try:
            return _unwrap(kek, slot, self._aad(SLOT_PASSPHRASE))
        except InvalidTag as exc:
            raise WrongPassphrase() from exc

    # -- recovery key -------------------------------------------------------

    def create_recovery(self, key: bytes) -> str:
        """Make a new recovery key, replacing any earlier one. Show the result once."""
        from journal import recovery

        text, raw = recovery.generate()
        salt = os.urandom(16)
        self.slots[SLOT_RECOVERY] = {
            "kdf": "hkdf-sha256",
            "salt": _b64(salt),
            **_wrap(_hkdf(raw, salt), key, self._aad(SLOT_RECOVERY)),
        }
        return text

    def unlock_recovery(self, text: str) -> bytes:
        from journal import recovery

        raw = recovery.decode(text)  # a typo is reported here, before any key is tried
        slot = self.slots.get(SLOT_RECOVERY)
        if slot is None:
            raise WrongRecoveryKey("This journal has no recovery key slot.")
        try:
            return _unwrap(_hkdf(raw, _unb64(slot["salt"])), slot, self._aad(SLOT_RECOVERY))
        except InvalidTag as exc:
            raise WrongRecoveryKey() from exc

    # -- OS keyring -----------------------------------------------------------

    def set_keyring(self, key: bytes, access: KeyringAccess) -> None:
        secret = os.urandom(32)
        access.store(self.journal_id, secret.hex())
        self.slots[SLOT_KEYRING] = {
            "service": access.service,
            "account": self.journal_id,
            **_wrap(secret, key, self._aad(SLOT_KEYRING)),
        }

    def unlock_keyring(self, access: KeyringAccess) -> bytes:
        slot = self.slots.get(SLOT_KEYRING)
        if slot is None:
            raise KeyringUnavailable("This journal doesn't unlock with the password store.")
        stored = access.fetch(slot["account"])
        if stored is None:
            raise KeyringUnavailable(
                "Your computer's password store no longer has this journal's key (this "
                "happens after a new laptop or a reset). Use your passphrase or recovery key."
            )
        try:
            secret = bytes.fromhex(stored)
            if len(secret) != 32:
                raise ValueError("wrong length")
            return _unwrap(secret, slot, self._aad(SLOT_KEYRING))
        except (ValueError, InvalidTag) as exc:
            raise KeyringWrongKey() from exc

    def remove(self, slot: str) -> None:
        self.slots.pop(slot, None)
