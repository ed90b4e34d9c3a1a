"""Where everything lives. The only module that decides a path.

The default is the per-user data directory from platformdirs, the same for
the pip install and the packaged app. ``--data-dir`` or
``PRACTITIONER_JOURNAL_DIR`` override it (tests and portable use).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ENV_DATA_DIR = "PRACTITIONER_JOURNAL_DIR"
APP_DIR_NAME = "PractitionerJournal"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


DEMO_DIR_NAME = "PractitionerJournal Demo"


def demo_data_dir() -> Path:
    """The demo journal's own folder, beside the real one and never inside it."""
    import platformdirs

    return Path(platformdirs.user_data_dir(DEMO_DIR_NAME, appauthor=False, roaming=False))


def data_dir_given(explicit: str | os.PathLike[str] | None = None) -> bool:
    """Whether the person named a folder (``--data-dir`` or the environment variable)."""
    return bool(explicit) or bool(os.environ.get(ENV_DATA_DIR))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


BACKUP_SUFFIX = ".pjbackup"
AUTO_BACKUP_INTERVAL = timedelta(hours=24)
AUTO_BACKUP_STAMP = "%Y%m%dT%H%M%SZ"  # in UTC, in the file's name


@dataclass(frozen=True)
class JournalPaths:
    root: Path

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> JournalPaths:
        return cls(resolve_data_dir(explicit))

    @property
    def database(self) -> Path:
        return self.root / "journal.db"

    @property
    def key_slots(self) -> Path:
        return self.root / "keyslots.json"

    @property
    def lock_file(self) -> Path:
        return self.root / "journal.lock"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def restore_intent(self) -> Path:
        """Written while a restore swaps files in; its presence means "finish the restore"."""
        return self.root / "restore-pending.json"

    @property
    def restore_stage(self) -> Path:
        """Where a restore unpacks and checks a backup before the swap."""
        return self.root / ".restore"

    def automatic_backups(self) -> list[tuple[datetime, Path]]:
        """The automatic backups, by the time in their names, newest first.

        Read from the names alone (no file is opened), so closing the journal can tell
        cheaply whether the day's backup is still to be made.
        """
        return backups_in(self.backups)

    def automatic_backup_due(self, moment: datetime) -> bool:
        newest = self.automatic_backups()
        return not newest or moment - newest[0][0] >= AUTO_BACKUP_INTERVAL

    def restore_interrupted(self) -> bool:
        return self.restore_intent.exists() or self.restore_stage.exists()

    @property
    def settings(self) -> Path:
        """Non-sensitive preferences only (window size, idle time); never journal content."""
        return self.root / "settings.json"

    def exists(self) -> bool:
        return self.database.exists() and self.key_slots.exists()

    def ensure_root(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.tighten()

    def tighten(self) -> None:
        """The folder private to its owner (0700) and the key and database files 0600,
        whatever an older copy or another program left (best effort: never stops an open)."""
        if os.name != "posix":
            return
        for path, mode in ((self.root, 0o700), (self.key_slots, 0o600), (self.database, 0o600)):
            try:
                if path.stat().st_mode & 0o777 != mode:
                    os.chmod(path, mode)
            except OSError:
                continue


def sqlite_files(database: Path) -> list[Path]:
    """The database file and the ``-wal`` and ``-shm`` files SQLite keeps beside it."""
    return [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]


def backups_in(folder: Path) -> list[tuple[datetime, Path]]:
    """Files named like automatic backups in ``folder``, newest first (by their names)."""
    found: list[tuple[datetime, int, Path]] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        known = _automatic_backup_name(name)
        path = folder / name
        if known is not None and path.is_file():
            found.append((*known, path))
    found.sort(reverse=True)
    return [(stamp, path) for stamp, _n, path in found]


def _automatic_backup_name(name: str) -> tuple[datetime, int] | None:
    """The UTC time and number in ``journal-YYYYMMDDTHHMMSSZ[-N].pjbackup``, else None."""
    if not (name.startswith("journal-") and name.endswith(BACKUP_SUFFIX)):
        return None
    stamp, dash, number = name[len("journal-") : -len(BACKUP_SUFFIX)].partition("-")
    digits = stamp[:8] + stamp[9:15]
    if len(stamp) != 16 or stamp[8] != "T" or stamp[15] != "Z":
        return None
    if not (digits.isascii() and digits.isdigit()):
        return None
    if dash and not (number.isascii() and number.isdigit()):
        return None
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    hour, minute, second = int(digits[8:10]), int(digits[10:12]), int(digits[12:14])
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:  # "journal-20261399T…": not one of ours
        return None
    return when, int(number or 0)
