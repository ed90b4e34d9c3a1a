"""What the desktop app reads, each a named function of the open journal.

The app's worker calls these (and the use cases in ``journal.usecases`` for writes)
and never the repository or the database itself, so what a screen may ask for is
decided here, in the core, where the command line and the tests can use it too.
Each returns plain data: entries, summaries, numbers, or a setting's checked value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from journal.models import Entry
from journal.repository import EntryQuery, EntrySummary, Revision, translated

if TYPE_CHECKING:
    from journal.export.selection import ReportRequest
    from journal.export.settings import ReportSettings
    from journal.session import Journal
    from journal.supervision import Preparation

# What the app remembers quietly, beside the entries (inside the encrypted file).
LAST_PLATFORM = "last_platform"  # the platform the last incident was saved with
DISCLOSURE_NOTE_SEEN = "disclosure_note_seen"  # the editor's note on disclosure was read
BACKUP_COUNTS = "backup.entry_counts"  # {automatic backup's file name: [size, entries]}
FOLLOWUP_REMINDED = "report.followup_reminded"  # export id -> when a reminder last went


# -- entries --------------------------------------------------------------------------------


def entry(journal: Journal, entry_id: str) -> Entry:
    """One entry, whole (private notes too: screens that must not show them leave them out)."""
    return journal.repo.get(entry_id)


def entries(journal: Journal, query: EntryQuery) -> list[EntrySummary]:
    """A page of list rows: never the full text."""
    return journal.repo.list_entries(query)


def count(journal: Journal, query: EntryQuery) -> int:
    """How many entries match ``query`` (its page, offset and limit aside)."""
    return journal.repo.count(query)


def counts_by_kind(journal: Journal) -> dict[str, int]:
    """Entries not deleted, by kind (every kind present, 0 when there are none)."""
    return journal.repo.counts_by_kind()


def entry_total(journal: Journal) -> int:
    """Entries not deleted, of every kind: the number the status bar shows."""
    return sum(counts_by_kind(journal).values())


@translated
def stored_entry_total(journal: Journal) -> int:
    """Every entry row, deleted ones too: counted the way a restore counts a backup."""
    return int(journal.conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def history(journal: Journal, entry_id: str) -> list[Revision]:
    """Every saved revision of an entry, oldest first."""
    return journal.repo.history(entry_id)


def attachment_data(journal: Journal, attachment_id: str) -> bytes:
    """A piece of evidence's bytes, read from inside the encrypted database."""
    return journal.repo.attachment(attachment_id).data or b""


def tag_names(journal: Journal) -> list[str]:
    """Impact tags to suggest: the built-in ones first, then the person's own."""
    return [t.name for t in journal.repo.tags()]


def author_handles(journal: Journal) -> list[str]:
    """Handles already recorded, the most frequent first (for completing the field)."""
    return [a.handle for a in journal.repo.authors()]


# -- drafts ---------------------------------------------------------------------------------


def drafts(journal: Journal, prefix: str) -> list[tuple[str, datetime, dict[str, Any]]]:
    """The drafts one form keeps (their ids start with ``prefix``), oldest first."""
    return [
        (draft_id, saved_at, data)
        for draft_id, saved_at, data in journal.repo.drafts()
        if draft_id.startswith(prefix) and isinstance(data, dict)
    ]


def draft(journal: Journal, draft_id: str) -> dict[str, Any] | None:
    """One form's single draft, or None."""
    for found, _saved_at, data in journal.repo.drafts():
        if found == draft_id and isinstance(data, dict):
            return data
    return None


# -- what the app remembers, and the person's settings ----------------------------------------


def last_platform(journal: Journal) -> str | None:
    value = journal.repo.get_setting(LAST_PLATFORM)
    return value if isinstance(value, str) else None


def disclosure_note_seen(journal: Journal) -> bool:
    return bool(journal.repo.get_setting(DISCLOSURE_NOTE_SEEN, False))


def lock_after_minutes(journal: Journal) -> int:
    """The idle minutes before the app locks, within bounds."""
    from journal.idle_lock import DEFAULT_LOCK_MINUTES, SETTING, clamp_lock_minutes

    return clamp_lock_minutes(journal.repo.get_setting(SETTING, DEFAULT_LOCK_MINUTES))


def supervision_preparation(journal: Journal) -> Preparation:
    """The period and the entries left out, as chosen when preparing the next session."""
    from journal.supervision import load_preparation

    return load_preparation(journal.repo)


def report_settings(journal: Journal) -> ReportSettings:
    """Who reports go to, and when to follow a threat report up."""
    from journal.export.settings import ReportSettings

    return ReportSettings.load(journal.repo)


def export_folder(journal: Journal) -> str:
    """The folder the last report was saved in, or "" when none was chosen yet."""
    from journal.export.settings import EXPORT_FOLDER

    folder = journal.repo.get_setting(EXPORT_FOLDER, "")
    return folder if isinstance(folder, str) else ""


def followup_reminders(journal: Journal) -> dict[str, str]:
    """When a follow-up reminder last went out, by export id."""
    value = journal.repo.get_setting(FOLLOWUP_REMINDED, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def backup_counts(journal: Journal) -> dict[str, Any]:
    """The entry counts already worked out for automatic backups, by file name."""
    value = journal.repo.get_setting(BACKUP_COUNTS, {})
    return dict(value) if isinstance(value, dict) else {}


def automatic_backups(journal: Journal) -> bool:
    from journal.backup_rotation import SETTING_AUTOMATIC

    return bool(journal.repo.get_setting(SETTING_AUTOMATIC, True))


def footprint_draft(journal: Journal) -> dict[str, Any] | None:
    """Answers to the footprint check kept in progress, or None."""
    from journal.footprint import DRAFT_KEY

    draft = journal.repo.get_setting(DRAFT_KEY)
    return draft if isinstance(draft, dict) else None


# -- the journal's clock ----------------------------------------------------------------------


def now(journal: Journal) -> datetime:
    """The time by the journal's own clock (the one every record is stamped with)."""
    return journal.repo.clock()


def today(journal: Journal) -> date:
    """Today on the person's own calendar, by the journal's clock."""
    return journal.repo.clock().astimezone().date()


_CHUNK = 500  # ids per query (well under SQLite's limit on parameters)


@dataclass(frozen=True)
class ReportPreview:
    """The entries a report may hold, oldest first, and what was asked for that may not."""

    rows: tuple[EntrySummary, ...]
    unshareable: tuple[str, ...]  # ids asked for by name that may not be shared


def report_preview(
    journal: Journal, request: ReportRequest, extra_ids: Sequence[str] = ()
) -> ReportPreview:
    """The entries a report for ``request`` may hold, plus ``extra_ids`` where shareable:
    the list a person ticks before sending, never an entry's text."""
    from journal.export.selection import ReportRequest, select_entry_ids

    ids = list(select_entry_ids(journal.repo, request).entry_ids)
    unshareable: tuple[str, ...] = ()
    if extra_ids:
        named = select_entry_ids(
            journal.repo,
            ReportRequest(
                entry_ids=tuple(extra_ids),
                since_last_export=False,
                include_checkins=request.include_checkins,
            ),
        ).entry_ids
        known = set(ids)
        ids += [i for i in named if i not in known]
        unshareable = tuple(i for i in extra_ids if i not in set(named))
    rows: list[EntrySummary] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = tuple(ids[start : start + _CHUNK])
        rows += journal.repo.list_entries(EntryQuery(ids=chunk, limit=None, order="oldest"))
    rows.sort(key=lambda r: (r.occurred_at, r.id))
    return ReportPreview(tuple(rows), unshareable)
