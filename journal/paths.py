"""Where everything lives. The only module that decides a path.

The default is the per-user data directory from platformdirs, the same for
the pip install and the packaged app. ``--data-dir`` or
``PRACTITIONER_JOURNAL_DIR`` override it (tests and portable use).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "PRACTITIONER_JOURNAL_DIR"
APP_DIR_NAME = "PractitionerJournal"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


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
