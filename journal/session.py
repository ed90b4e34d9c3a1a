"""An open journal: the lock, the key, the connection and the repository together.

``Journal.create`` sets a new journal up; ``Journal.open`` unlocks an existing
one with whichever method is offered. Neither ever writes a key in the clear,
and neither creates a new key where a journal already exists.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from journal import rekey_staging, store
from journal.errors import (
    CorruptJournal,
    JournalError,
    JournalExists,
    JournalMissing,
    KeyringUnavailable,
    ValidationError,
)
from journal.keys import (
    SLOT_KEYRING,
    SLOT_PASSPHRASE,
    Argon2Params,
    KeyringAccess,
    KeySlots,
    new_database_key,
)
from journal.lockfile import ProcessLock
from journal.paths import JournalPaths, sqlite_files
from journal.repository import Repository
from journal.timeutil import now
from journal.unlocking import Unlock, check_passphrase, unlock_key

__all__ = ["Journal", "Unlock", "check_passphrase", "journal_state", "unlock_key"]


def journal_state(paths: JournalPaths) -> str:
    """``missing``, ``ready``, or ``damaged`` (a database without its key file)."""
    if paths.database.exists():
        return "ready" if paths.key_slots.exists() else "damaged"
    return "missing"


class Journal:
    def __init__(
        self,
        paths: JournalPaths,
        key: bytes,
        slots: KeySlots,
        lock: ProcessLock,
        conn: store.Connection,
    ) -> None:
        self.paths = paths
        self._key = key
        self.slots = slots
        self._lock = lock
        self.conn = conn
        self.repo = Repository(conn)
        # Set when this database is behind the position recorded outside it (an older copy
        # put back): the marker then stays where it was until that is dealt with.
        self.rollback_notice: str | None = None

    # -- life cycle -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        paths: JournalPaths,
        *,
        passphrase: str | None = None,
        use_keyring: bool = True,
        keyring_access: KeyringAccess | None = None,
        argon2: Argon2Params | None = None,
    ) -> tuple[Journal, str]:
        """Set up a new journal. Returns it and the recovery key, to be shown once.

        Needs the keyring or a passphrase: a journal that only opens with the
        recovery key would have to be typed open every day.
        """
        if journal_state(paths) != "missing":
            raise JournalExists()
        if paths.key_slots.exists():
            # Its database may be mid-restore or moved away: never make a new key over it.
            raise JournalExists(
                "A key file from an earlier journal is here but its journal file is missing. "
                "Nothing was changed. Restore a backup, or move that folder aside to start afresh."
            )
        if passphrase is not None:
            check_passphrase(passphrase)
        elif not use_keyring:
            raise ValidationError({"passphrase": "is needed when the password store isn't used."})
        paths.ensure_root()
        lock = ProcessLock(paths.lock_file)
        lock.acquire()
        try:
            key = new_database_key()
            slots = KeySlots.new()
            recovery_text = slots.create_recovery(key)
            if passphrase is not None:
                slots.set_passphrase(key, passphrase, argon2)
            if use_keyring:
                try:
                    slots.set_keyring(key, keyring_access or KeyringAccess())
                except KeyringUnavailable as exc:
                    if passphrase is None:
                        if "recovery key" not in exc.message:
                            raise
                        # A new journal has no passphrase or recovery key to use yet.
                        first = exc.message.split(". ")[0].rstrip(".")
                        raise KeyringUnavailable(
                            f"{first}, so a journal that opens with it can't be set up. Choose "
                            "a passphrase instead (on the command line, --passphrase-file F). "
                            "Nothing was created."
                        ) from exc
            if not slots.has(SLOT_KEYRING) and not slots.has(SLOT_PASSPHRASE):
                raise ValidationError(
                    {"passphrase": "is needed when the password store isn't used."}
                )
            # Build the database under a temporary name and move it into place only
            # once its key file is safely written: a crash leaves no half journal.
            staging = paths.database.with_name(".journal.db.creating")
            for leftover in sqlite_files(staging):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            old_umask = os.umask(0o077)
            try:
                conn = store.connect(staging, key, create=True)
            finally:
                os.umask(old_umask)
            Repository(conn).seed_defaults()
            conn.close()
            slots.save(paths.key_slots)
            os.replace(staging, paths.database)
            conn = store.connect(paths.database, key)
        except BaseException:
            lock.release()
            raise
        return cls(paths, key, slots, lock, conn), recovery_text

    @classmethod
    def open(
        cls,
        paths: JournalPaths,
        unlock: Unlock,
        *,
        keyring_access: KeyringAccess | None = None,
    ) -> Journal:
        from journal.background import wait_for

        wait_for(paths)  # this program's own background backup of it, if one is running
        if paths.restore_interrupted():
            from journal.restore_guard import finish_restore_if_ours

            with ProcessLock(paths.lock_file):
                finish_restore_if_ours(paths, unlock, keyring_access)
        state = journal_state(paths)
        if state == "missing" and paths.key_slots.exists():
            from journal import backup_rotation as backup

            raise backup.damaged_journal(
                paths,
                None,
                "The journal file (journal.db) is missing, though its key file is still here.",
            )
        if state == "missing":
            raise JournalMissing()
        if state == "damaged":
            from journal import backup_rotation as backup

            raise backup.damaged_journal(
                paths, None, "The journal's key file is missing, so the journal can't be unlocked."
            )
        lock = ProcessLock(paths.lock_file)
        lock.acquire_waiting_for_backup()
        paths.tighten()
        try:
            try:
                slots = KeySlots.load(paths.key_slots)
                if rekey_staging.pending(paths):  # a key change was stopped part way
                    slots, key = rekey_staging.settle(paths, slots, unlock, keyring_access)
                else:
                    key = unlock_key(slots, unlock, keyring_access)
            except CorruptJournal as exc:
                from journal import backup_rotation as backup

                raise backup.damaged_journal(
                    paths, None, "The journal's key file is damaged, so it can't be unlocked."
                ) from exc
            try:
                conn = store.connect(paths.database, key)
            except CorruptJournal as exc:
                from journal import backup_rotation as backup

                raise backup.damaged_journal(paths, key) from exc
        except BaseException:
            lock.release()
            raise
        journal = cls(paths, key, slots, lock, conn)
        from journal import rollback

        with contextlib.suppress(JournalError, *store.database_errors()):
            journal.rollback_notice = rollback.check(conn, slots, key)
        return journal

    # The command line and the app set this: the day's backups are then made by a
    # detached process after the journal has closed (journal.background).
    background_close = False

    def close(self, *, background: bool | None = None) -> None:
        if self.conn is not None and self.rollback_notice is None:
            from journal import rollback

            with contextlib.suppress(JournalError, OSError, *store.database_errors()):
                rollback.save_for(self)  # where a copied journal.db can't reach
        if self.conn is not None:
            local_due = self.paths.automatic_backup_due(now())  # the names tell, no module
            if local_due:
                from journal.background import backup_wanted

                local_due = backup_wanted(self.repo)
            from journal.offsite import copy_due

            offsite_due = False
            with contextlib.suppress(Exception):
                offsite_due = copy_due(self, now())  # a second folder is chosen, a copy due
            handed = False
            if (local_due or offsite_due) and (
                self.background_close if background is None else background
            ):
                from journal.background import hand_over

                handed = hand_over(self.paths, self._key)
            if local_due and not handed:
                from journal.backup_rotation import auto_backup_quietly

                auto_backup_quietly(self)  # at most daily; a failure never stops the close
            if offsite_due and not handed:
                from journal.offsite import copy_if_due_quietly

                copy_if_due_quietly(self)
            with contextlib.suppress(Exception):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            self.conn = None
        self._key = b""
        self._lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys ---------------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str, argon2: Argon2Params | None = None) -> None:
        """Rewrap the key under a new passphrase. The database itself is not touched."""
        check_passphrase(new_passphrase)
        previous = self.slots.slots.get(SLOT_PASSPHRASE)
        self.slots.set_passphrase(self._key, new_passphrase, argon2)
        try:
            self.slots.save(self.paths.key_slots)
        except BaseException:
            if previous is None:
                self.slots.remove(SLOT_PASSPHRASE)
            else:
                self.slots.slots[SLOT_PASSPHRASE] = previous
            raise

    def remove_passphrase(self) -> None:
        if not self.slots.has(SLOT_KEYRING):
            raise ValidationError(
                {"passphrase": "can't be removed while the password store isn't set up."}
            )
        self.slots.remove(SLOT_PASSPHRASE)
        self.slots.save(self.paths.key_slots)

    def enable_keyring(self, access: KeyringAccess | None = None) -> None:
        self.slots.set_keyring(self._key, access or KeyringAccess())
        self.slots.save(self.paths.key_slots)

    def new_recovery_key(self) -> str:
        text = self.slots.create_recovery(self._key)
        self.slots.save(self.paths.key_slots)
        return text

    def backup_to(self, target: Path) -> None:
        store.export_encrypted(self.conn, target, self._key)
