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
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal import passwordstore
from journal.errors import (
    CorruptJournal,
    JournalError,
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


class KeyringAccess:
    """The OS password store, treated as unreliable (see ``journal.passwordstore``).

    A missing or null store, an exception, a locked store or a call that does not come
    back within ``timeout`` seconds all mean "keyring unavailable" (never "wrong key").
    Writes are read back. ``backend`` picks a store object instead of the platform's.
    """

    def __init__(
        self,
        service: str = KEYRING_SERVICE,
        timeout: float = 10.0,
        backend: passwordstore.Store | None = None,
    ) -> None:
        self.service = service
        self.timeout = timeout
        self.backend = backend

    def available(self) -> bool:
        return passwordstore.available(self.backend, self.timeout)

    def store(self, account: str, secret: str) -> None:
        if not self.available():
            raise KeyringUnavailable()
        passwordstore.set_secret(
            self.service, account, secret, timeout=self.timeout, store=self.backend
        )
        if self.fetch(account) != secret:
            raise KeyringUnavailable(
                "Your computer's password store didn't keep the key. Use a passphrase instead."
            )

    def fetch(self, account: str) -> str | None:
        return passwordstore.get_secret(
            self.service, account, timeout=self.timeout, store=self.backend
        )

    def delete(self, account: str) -> None:
        passwordstore.delete_secret(self.service, account, timeout=self.timeout, store=self.backend)


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

    def _slot(self, name: str, missing: JournalError) -> dict[str, Any]:
        """The slot ``name``; ``missing`` is raised when the journal has none."""
        slot = self.slots.get(name)
        if slot is None:
            raise missing
        return slot

    def unlock_passphrase(self, passphrase: str) -> bytes:
        slot = self._slot(
            SLOT_PASSPHRASE,
            WrongPassphrase("This journal has no passphrase. Use your recovery key."),
        )
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
        slot = self._slot(SLOT_RECOVERY, WrongRecoveryKey("This journal has no recovery key slot."))
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
        slot = self._slot(
            SLOT_KEYRING, KeyringUnavailable("This journal doesn't unlock with the password store.")
        )
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
