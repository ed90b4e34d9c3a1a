"""Errors the world causes, each with a message a person understands.

Anything that is not one of these is a bug. The command line prints
``error.message`` on one line and exits with ``error.exit_code``; the desktop
app shows the same message in a calm dialog.
"""

from __future__ import annotations

from collections.abc import Mapping


class JournalError(Exception):
    """Base of every expected failure. ``message`` is for people, never for logs of content."""

    exit_code = 1
    default_message = "Something went wrong with the journal."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class JournalMissing(JournalError):
    exit_code = 3
    default_message = (
        "There is no journal here yet. Create one with 'practitioner-journal init' "
        "or open the app to set one up."
    )


class JournalExists(JournalError):
    exit_code = 3
    default_message = "A journal already exists here. Nothing was changed."


class UnlockError(JournalError):
    """The journal could not be unlocked with what was offered."""

    exit_code = 4


class WrongPassphrase(UnlockError):
    default_message = (
        "That passphrase didn't open the journal. Check Caps Lock, or use your recovery key."
    )


class WrongRecoveryKey(UnlockError):
    default_message = (
        "That recovery key is well formed but it doesn't open this journal: it may be an "
        "older key that was replaced by a newer one, or belong to another journal. Use the "
        "newest recovery key you saved for this journal."
    )


class RecoveryKeyTypo(UnlockError):
    """The recovery key has a character that does not fit: a typing mistake, not a wrong key."""

    def __init__(self, group: int | None = None, message: str | None = None) -> None:
        self.group = group
        if message is None:
            if group is None:
                message = (
                    "That recovery key has the wrong number of characters. It is "
                    "8 groups of 5, like ABCDE-FGHJK-…. Check it and try again."
                )
            else:
                message = (
                    f"Group {group} of the recovery key looks mistyped. Check that group "
                    "against your saved copy and try again."
                )
        super().__init__(message)


class KeyringUnavailable(UnlockError):
    default_message = (
        "Your computer's password store isn't available, so the journal can't unlock "
        "by itself. Use your passphrase or recovery key."
    )


class KeyringWrongKey(UnlockError):
    default_message = (
        "Your computer's password store gave back a key that doesn't open this journal. "
        "Nothing was changed. Use your passphrase or recovery key."
    )


class NoUnlockMethod(UnlockError):
    default_message = (
        "The journal is locked and no way to unlock it was given. Use --passphrase-file "
        "or --recovery-key-file."
    )


class JournalLocked(JournalError):
    exit_code = 5
    default_message = (
        "The journal is open in another window or program. Close it there, then try again."
    )


class CorruptJournal(JournalError):
    exit_code = 6
    default_message = (
        "The journal file is damaged and can't be read. It has been left exactly as it was. "
        "Restore your newest backup, or ask for help before changing anything."
    )


class IntegrityError(JournalError):
    """``verify`` found something wrong."""

    exit_code = 6


class NewerVersion(JournalError):
    exit_code = 7
    default_message = (
        "This journal was saved by a newer version of Practitioner Journal. "
        "Install the newer version to open it; nothing was changed."
    )


class UnsupportedBuild(JournalError):
    exit_code = 7
    default_message = (
        "This installation can't encrypt the journal (SQLCipher with full-text search is "
        "missing). Reinstall Practitioner Journal."
    )


class ValidationError(JournalError):
    """One or more fields were not acceptable. ``errors`` maps field name to a sentence."""

    exit_code = 8

    def __init__(self, errors: Mapping[str, str], index: int | None = None) -> None:
        self.errors = dict(errors)
        self.index = index
        where = f"Entry {index + 1}: " if index is not None else ""
        parts = " ".join(f"{field}: {text}" for field, text in self.errors.items())
        super().__init__(f"{where}{parts}")


class InputError(JournalError):
    """Input that is not even the right shape (not JSON, not an object)."""

    exit_code = 8


class NotFound(JournalError):
    exit_code = 9
    default_message = "There is no entry with that id."


class StorageError(JournalError):
    """The disk refused a write (full, read-only, failing). Nothing was saved."""

    exit_code = 10
    default_message = (
        "The journal couldn't be saved because the disk refused the write (it may be full). "
        "Nothing was changed; free some space and try again."
    )
