"""Worker-side functions for the off-laptop folder and "Check this backup". No Qt here."""

from __future__ import annotations

from pathlib import Path

from journal import offsite, recovery
from journal.backup_check import BackupCheck, check_backup_file
from journal.session import Journal, Unlock


def load_offsite(journal: Journal) -> offsite.OffsiteStatus:
    return offsite.status(journal)


def choose_folder(journal: Journal, folder: Path) -> offsite.OffsiteStatus:
    """Choose the folder and make the first copy; a failed copy still raises (after choosing)."""
    offsite.set_second_folder(journal, folder)
    return offsite.status(journal)


def stop_folder(journal: Journal) -> offsite.OffsiteStatus:
    offsite.set_second_folder(journal, None)
    return offsite.status(journal)


def looks_like_recovery_key(text: str) -> bool:
    """Eight groups of five letters and digits (dashes and spaces optional), or nearly."""
    chars = recovery.normalise(text)
    if not chars.isascii() or not chars.isalnum():
        return False
    return len(chars) == recovery.GROUPS * recovery.GROUP_LEN or text.count("-") >= 4


def unlock_for(secret: str | None) -> Unlock:
    """What a typed secret is: nothing (try the password store), a recovery key, a passphrase."""
    if not secret:
        return Unlock(use_keyring=True)
    if looks_like_recovery_key(secret):
        return Unlock(recovery_key=secret, use_keyring=False)
    return Unlock(passphrase=secret, use_keyring=False)


def check_file(path: Path, secret: str | None, scratch: Path | None) -> BackupCheck:
    return check_backup_file(path, unlock_for(secret), scratch=scratch)
