"""What a person offers to unlock a journal with, and the database key it opens.

Kept apart from ``journal.session`` so that backups, restores and key changes, which
need only the key, don't import the open journal (and the journal, which calls them,
doesn't import itself round a circle).
"""

from __future__ import annotations

from dataclasses import dataclass

from journal.errors import CorruptJournal, NoUnlockMethod, UnlockError, ValidationError
from journal.keys import MIN_PASSPHRASE_LENGTH, SLOT_KEYRING, KeyringAccess, KeySlots


@dataclass(frozen=True)
class Unlock:
    """What a person offered to unlock with. Tried in order: keyring, passphrase, recovery key."""

    passphrase: str | None = None
    recovery_key: str | None = None
    use_keyring: bool = True


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            {"passphrase": f"should be at least {MIN_PASSPHRASE_LENGTH} characters long."}
        )


def unlock_key(
    slots: KeySlots, unlock: Unlock, keyring_access: KeyringAccess | None = None
) -> bytes:
    """The database key from the first method that works; the most useful error otherwise."""
    try:
        return _unlock_key(slots, unlock, keyring_access)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # mangled slot fields
        raise CorruptJournal(
            "The journal's key file is damaged, so the journal can't be unlocked. "
            "Restore it from a backup; the journal itself was not changed."
        ) from exc


def _unlock_key(
    slots: KeySlots, unlock: Unlock, keyring_access: KeyringAccess | None = None
) -> bytes:
    first_error: UnlockError | None = None
    if unlock.use_keyring and slots.has(SLOT_KEYRING):
        try:
            return slots.unlock_keyring(keyring_access or KeyringAccess())
        except UnlockError as exc:
            first_error = exc
    if unlock.passphrase is not None:
        return slots.unlock_passphrase(unlock.passphrase)
    if unlock.recovery_key is not None:
        return slots.unlock_recovery(unlock.recovery_key)
    if first_error is not None:
        raise first_error
    if unlock.use_keyring and not slots.has(SLOT_KEYRING):
        raise NoUnlockMethod(
            "This journal doesn't unlock with the password store. Use your passphrase "
            "or recovery key."
        )
    raise NoUnlockMethod()
