"""Who reports go to, kept in the encrypted settings table so the app and CLI agree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.repository import Repository

PRACTITIONER_NAME = "report.practitioner_name"
MANAGER_NAME = "report.manager_name"
MANAGER_EMAIL = "report.manager_email"
FOLLOWUP_DAYS = "report.followup_days"
EXPORT_FOLDER = "report.export_folder"  # where the last report was saved
DEFAULT_FOLLOWUP_DAYS = 3


@dataclass(frozen=True)
class ReportSettings:
    practitioner_name: str = ""
    manager_name: str = ""
    manager_email: str = ""
    followup_days: int = DEFAULT_FOLLOWUP_DAYS

    @classmethod
    def load(cls, repo: Repository) -> ReportSettings:
        days = repo.get_setting(FOLLOWUP_DAYS, DEFAULT_FOLLOWUP_DAYS)
        return cls(
            practitioner_name=str(repo.get_setting(PRACTITIONER_NAME, "") or ""),
            manager_name=str(repo.get_setting(MANAGER_NAME, "") or ""),
            manager_email=str(repo.get_setting(MANAGER_EMAIL, "") or ""),
            followup_days=days if isinstance(days, int) and days >= 0 else DEFAULT_FOLLOWUP_DAYS,
        )

    def save(self, repo: Repository) -> None:
        repo.set_setting(PRACTITIONER_NAME, self.practitioner_name.strip())
        repo.set_setting(MANAGER_NAME, self.manager_name.strip())
        repo.set_setting(MANAGER_EMAIL, self.manager_email.strip())
        repo.set_setting(FOLLOWUP_DAYS, int(self.followup_days))


def reports_folder(repo: Repository) -> Path:
    """Where reports are saved: the folder used last time, else "Reports" in Documents."""
    saved = repo.get_setting(EXPORT_FOLDER, "")
    if isinstance(saved, str) and saved:
        return Path(saved)
    from platformdirs import user_documents_path

    return user_documents_path() / "Reports"
