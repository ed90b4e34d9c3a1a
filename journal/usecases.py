"""What a person does in one click, each one core function that commits once.

Saving an incident writes the entry, its evidence and its revision, forgets the
draft it came from and remembers the platform, and all of that is one transaction:
a crash, a full disk or a refused save leaves the journal as it was, never a saved
entry beside a stale draft. Each use case returns a small frozen record of what it
changed (``Changes``), so a screen redraws from what happened instead of guessing.
The desktop app calls these for every write and ``journal.queries`` for every read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from journal import queries
from journal.errors import JournalError, ValidationError
from journal.models import (
    TITLE_MAX,
    Attachment,
    CheckIn,
    Entry,
    Incident,
    NewAttachment,
    SearchLogEntry,
    SupervisionRecord,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from journal.export.engine import ExportResult
    from journal.export.selection import ReportRequest
    from journal.export.settings import ReportSettings
    from journal.footprint import FootprintCheck
    from journal.repository import Repository
    from journal.retention import PurgeResult
    from journal.session import Journal
    from journal.supervision import Preparation

T = TypeVar("T")
ENTRY_KINDS = frozenset({"incident", "checkin", "search", "supervision"})
# What else a use case may change that a screen shows (``Changes.other``).
EXPORT_LOG = "export_log"  # a report made, sent or acknowledged
BACKUPS = "backups"  # automatic backups made or removed


@dataclass(frozen=True)
class Changes:
    """What one use case wrote, for the screens that show it."""

    kinds: frozenset[str] = frozenset()  # kinds of entry added, changed, deleted or restored
    ids: tuple[str, ...] = ()  # those entries
    settings: frozenset[str] = frozenset()  # settings the person chose (screens reload them)
    remembered: frozenset[str] = frozenset()  # what the app keeps quietly (last platform...)
    drafts: tuple[str, ...] = ()  # drafts kept or forgotten
    selected: str | None = None  # the entry to select afterwards (one just saved)
    # Anything else the journal holds that a screen may show: EXPORT_LOG, BACKUPS
    other: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Done(Generic[T]):
    """A use case's result and what it changed."""

    value: T
    changes: Changes


E = TypeVar("E", bound=Entry)


def _current(repo: Repository, entry_id: str, kind: type[E], gone: str) -> E:
    """The entry being edited, still of the kind its form edits (``gone`` says otherwise)."""
    current = repo.get(entry_id)
    if not isinstance(current, kind):
        raise ValidationError({"entry": gone})
    return current


def _copy_fields(source: Entry, target: Entry, names: Sequence[str]) -> None:
    """What a form shows, from the entry it built onto the saved one (the rest stays)."""
    for name in names:
        setattr(target, name, getattr(source, name))


def _entry_saved(entry: Entry, draft_id: str = "", **more: Any) -> Changes:
    return Changes(
        kinds=frozenset({entry.kind}),
        ids=(entry.id,),
        drafts=(draft_id,) if draft_id else (),
        selected=entry.id,
        **more,
    )


@contextlib.contextmanager
def _keeping_draft_on_failure(
    repo: Repository, draft_id: str, draft: Mapping[str, Any] | None
) -> Iterator[None]:
    """When the save is refused, keep what was typed as the draft (its own transaction,
    after the refused one was undone): a lock queued behind the save won't save it again."""
    try:
        yield
    except JournalError:
        if draft_id and draft is not None:
            with contextlib.suppress(JournalError):
                repo.save_draft(draft_id, dict(draft))
        raise


# -- entries ----------------------------------------------------------------------------------


def save_incident(
    journal: Journal,
    incident: Incident,
    new_files: Sequence[NewAttachment] = (),
    *,
    editing: str | None = None,
    kept: Sequence[Attachment] = (),
    expected_revision: int | None = None,
    draft_id: str = "",
    draft: Mapping[str, Any] | None = None,
    disclosure_seen: bool = False,
) -> Done[Incident]:
    """Save an incident (new, or ``editing`` as a new revision) with its evidence.

    In the same transaction: the editor's draft is forgotten, the platform is remembered
    for the next incident and, with ``disclosure_seen``, the note on disclosure is marked
    read. ``kept`` are the saved files an edit keeps; ``new_files`` are added.
    """
    repo = journal.repo
    remembered = {queries.LAST_PLATFORM}
    with _keeping_draft_on_failure(repo, draft_id, draft), repo.transaction():
        if editing is not None:
            incident = replace(incident, id=editing, attachments=list(kept))
            saved = repo.update(incident, new_files, expected_revision=expected_revision)
        else:
            saved = repo.add(incident, new_files)
        assert isinstance(saved, Incident)
        if draft_id:
            repo.delete_draft(draft_id)
        repo.set_setting(queries.LAST_PLATFORM, saved.platform)
        if disclosure_seen:
            repo.set_setting(queries.DISCLOSURE_NOTE_SEEN, True)
            remembered.add(queries.DISCLOSURE_NOTE_SEEN)
    return Done(saved, _entry_saved(saved, draft_id, remembered=frozenset(remembered)))


def default_search_title(query: str) -> str:
    """A look-up's title when the person gave none: the words searched for."""
    return " ".join(query.split())[:TITLE_MAX] or "Online look-up"


def save_search(
    journal: Journal,
    search: SearchLogEntry,
    *,
    editing: str | None = None,
    expected_revision: int | None = None,
    draft_id: str = "",
) -> Done[SearchLogEntry]:
    """Save a look-up in the search log and forget its form's draft.

    An edit changes the fields the form shows and keeps the rest (a title given
    elsewhere stays; one made from the old query follows the new query).
    """
    repo = journal.repo
    with repo.transaction():
        if editing is None:
            saved = repo.add(search)
        else:
            current = _current(repo, editing, SearchLogEntry, "is no longer a look-up. Reopen it.")
            old_title = current.title
            if not old_title or old_title in (default_search_title(current.query), current.query):
                current.title = default_search_title(search.query)
            _copy_fields(search, current, (
                "occurred_at", "case_ref", "query", "where", "reason", "agreed_by",
                "outcome", "shareable", "private_notes",
            ))  # fmt: skip
            saved = repo.update(current, expected_revision=expected_revision)
        assert isinstance(saved, SearchLogEntry)
        if draft_id:
            repo.delete_draft(draft_id)
    return Done(saved, _entry_saved(saved, draft_id))


def save_supervision_record(
    journal: Journal,
    record: SupervisionRecord,
    *,
    editing: str | None = None,
    expected_revision: int | None = None,
    draft_id: str = "",
) -> Done[SupervisionRecord]:
    """Save a supervision record with its agreed actions and forget its form's draft.

    A new record also forgets the choices made while preparing the session, so the
    next one starts afresh. An edit keeps the private notes the form never shows.
    """
    from journal.supervision import PREPARE_KEY

    repo = journal.repo
    remembered: frozenset[str] = frozenset()
    with repo.transaction():
        if editing is None:
            saved = repo.add(record)
            repo.set_setting(PREPARE_KEY, None)
            remembered = frozenset({PREPARE_KEY})
        else:
            current = _current(
                repo, editing, SupervisionRecord, "is no longer a supervision record."
            )
            _copy_fields(record, current, (
                "occurred_at", "supervisor", "discussed", "wellbeing_discussed",
                "description", "actions", "next_date", "shareable",
            ))  # fmt: skip
            saved = repo.update(current, expected_revision=expected_revision)
        assert isinstance(saved, SupervisionRecord)
        if draft_id:
            repo.delete_draft(draft_id)
    return Done(saved, _entry_saved(saved, draft_id, remembered=remembered))


def save_checkin(
    journal: Journal,
    values: Mapping[str, Any],
    *,
    title: str,
    editing: CheckIn | None = None,
    draft_id: str = "",
) -> Done[CheckIn]:
    """Save a wellbeing check-in (``values`` are its fields) and forget the form's draft.

    ``editing`` is the check-in as the form opened it: its revision must still be the
    newest, so a change made elsewhere meanwhile is not overwritten.
    """
    repo = journal.repo
    with repo.transaction():
        if editing is not None:
            saved = repo.update(replace(editing, **values), expected_revision=editing.revision)
        else:
            saved = repo.add(CheckIn(title=title, **values))
        assert isinstance(saved, CheckIn)
        if draft_id:
            repo.delete_draft(draft_id)
    return Done(saved, _entry_saved(saved, draft_id))


def set_action_done(
    journal: Journal, record_id: str, index: int, *, done: bool
) -> Done[SupervisionRecord]:
    """Tick an agreed action done (or not done again): a new revision of its record."""
    from journal import supervision

    repo = journal.repo
    with repo.transaction():
        saved = supervision.set_action_done(repo, record_id, index, done=done)
    return Done(saved, Changes(kinds=frozenset({"supervision"}), ids=(record_id,)))


def move_to_bin(journal: Journal, entry_id: str) -> Changes:
    """Delete an entry so that it can be brought back: hidden, kept in its history."""
    repo = journal.repo
    with repo.transaction():
        kind = repo.kind_of(entry_id)
        repo.delete(entry_id)
    return Changes(kinds=frozenset({kind}), ids=(entry_id,))


def restore_from_bin(journal: Journal, entry_id: str) -> Changes:
    """Bring a deleted entry back, and select it."""
    repo = journal.repo
    with repo.transaction():
        kind = repo.kind_of(entry_id)
        repo.undelete(entry_id)
    return Changes(kinds=frozenset({kind}), ids=(entry_id,), selected=entry_id)


def purge_older_than(journal: Journal, years: int) -> Done[PurgeResult]:
    """Remove for good every entry older than ``years``, then the backups that hold them.

    The entries go in one transaction; the search index, the log file and the backups
    are then cleared (files, which no transaction covers; each step can be run again).
    """
    from journal.retention import purge

    result = purge(journal, years)
    return Done(result, Changes(kinds=ENTRY_KINDS, other=frozenset({BACKUPS})))


# -- drafts ---------------------------------------------------------------------------------


def keep_draft(journal: Journal, draft_id: str, data: Mapping[str, Any]) -> Changes:
    """Keep what a form holds, encrypted, to offer again (after a lock or a crash)."""
    journal.repo.save_draft(draft_id, dict(data))
    return Changes(drafts=(draft_id,))


def discard_draft(journal: Journal, draft_id: str) -> Changes:
    journal.repo.delete_draft(draft_id)
    return Changes(drafts=(draft_id,))


# -- settings and what the app remembers -----------------------------------------------------


def save_settings(journal: Journal, *, lock_after_minutes: int, report: ReportSettings) -> Changes:
    """The settings dialog's Save: the idle lock and who reports go to, together."""
    from journal.idle_lock import SETTING

    repo = journal.repo
    with repo.transaction():
        repo.set_setting(SETTING, lock_after_minutes)
        report.save(repo)
    return Changes(settings=frozenset({SETTING, *_report_keys()}))


def save_report_people(
    journal: Journal, practitioner: str, manager: str, email: str
) -> Done[ReportSettings]:
    """Keep who reports go to, leaving the follow-up setting as it was."""
    from journal.export.settings import ReportSettings

    repo = journal.repo
    with repo.transaction():
        current = ReportSettings.load(repo)
        chosen = replace(
            current, practitioner_name=practitioner, manager_name=manager, manager_email=email
        )
        chosen.save(repo)
    return Done(ReportSettings.load(repo), Changes(settings=frozenset(_report_keys())))


def _report_keys() -> tuple[str, ...]:
    from journal.export import settings

    return (
        settings.PRACTITIONER_NAME,
        settings.MANAGER_NAME,
        settings.MANAGER_EMAIL,
        settings.FOLLOWUP_DAYS,
    )


def note_disclosure_seen(journal: Journal) -> Changes:
    """The person has read the editor's note on disclosure: it isn't shown again."""
    journal.repo.set_setting(queries.DISCLOSURE_NOTE_SEEN, True)
    return Changes(remembered=frozenset({queries.DISCLOSURE_NOTE_SEEN}))


def save_supervision_preparation(journal: Journal, preparation: Preparation) -> Changes:
    """The period and the entries to leave out, chosen before a supervision session."""
    from journal.supervision import PREPARE_KEY

    journal.repo.set_setting(PREPARE_KEY, preparation.to_json())
    return Changes(remembered=frozenset({PREPARE_KEY}))


def note_followup_reminder(journal: Journal, export_id: str) -> Changes:
    """A follow-up reminder went out: ask again only after the follow-up days once more."""
    repo = journal.repo
    with repo.transaction():
        reminded = queries.followup_reminders(journal)
        reminded[export_id] = repo.clock().isoformat()
        repo.set_setting(queries.FOLLOWUP_REMINDED, reminded)
    return Changes(remembered=frozenset({queries.FOLLOWUP_REMINDED}))


def remember_backup_count(journal: Journal, name: str, size: int, entries: int) -> Changes:
    """Keep how many entries an automatic backup holds (only a convenience: it is slow to
    count), forgetting the counts of backups that have since been rotated away."""
    from journal.backup_archive import SUFFIX

    present = {p.name for p in journal.paths.backups.glob("journal-*" + SUFFIX)}
    repo = journal.repo
    with repo.transaction():
        counts = {n: v for n, v in queries.backup_counts(journal).items() if n in present}
        counts[name] = [size, entries]
        repo.set_setting(queries.BACKUP_COUNTS, counts)
    return Changes(remembered=frozenset({queries.BACKUP_COUNTS}))


# -- reports ----------------------------------------------------------------------------------


def export_report_to(
    journal: Journal,
    request: ReportRequest,
    folder: Path,
    formats: Sequence[str],
    *,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Done[ExportResult]:
    """Write a report into ``folder``, log it, and remember the folder for next time.

    The log entry and the folder are one commit. Should that commit fail after the
    files were written, the files are removed again: nothing unlogged is left behind.
    """
    from journal.export.engine import export_report
    from journal.export.settings import EXPORT_FOLDER

    repo = journal.repo
    result: ExportResult | None = None
    try:
        with repo.transaction():
            result = export_report(
                journal,
                request,
                folder,
                formats,
                password=password,
                progress=progress,
                should_cancel=should_cancel,
            )
            repo.set_setting(EXPORT_FOLDER, str(folder))
    except BaseException:
        if result is not None:
            for path in result.files.values():
                with contextlib.suppress(OSError):
                    Path(path).unlink()
        raise
    return Done(
        result,
        Changes(remembered=frozenset({EXPORT_FOLDER}), other=frozenset({EXPORT_LOG})),
    )


def acknowledge_report(journal: Journal, export_id: str, acknowledged: bool) -> Done[Any]:
    """The manager said the report arrived (or, ``acknowledged=False``, take that back)."""
    from journal.export.log import ExportLog

    log = ExportLog(journal.repo)
    record = log.acknowledge(export_id) if acknowledged else log.clear_acknowledgement(export_id)
    return Done(record, _REPORT_LOGGED)


def mark_report_sent(journal: Journal, export_id: str, sent: bool) -> Done[Any]:
    """The person sent the report themselves (or, ``sent=False``, hadn't after all)."""
    from journal.export.log import ExportLog

    log = ExportLog(journal.repo)
    record = log.mark_sent(export_id) if sent else log.clear_sent(export_id)
    return Done(record, _REPORT_LOGGED)


def note_draft_opened(journal: Journal, export_id: str, mail_program: str) -> Done[Any]:
    """A message to the manager opened in the email program with the report attached."""
    from journal.export.log import ExportLog

    return Done(ExportLog(journal.repo).mark_draft_opened(export_id, mail_program), _REPORT_LOGGED)


_REPORT_LOGGED = Changes(other=frozenset({EXPORT_LOG}))


# -- the digital-footprint check --------------------------------------------------------------


def save_footprint_check(
    journal: Journal, results: Mapping[str, str], note: str
) -> Done[FootprintCheck]:
    """Record a dated footprint check and forget the answers kept in progress."""
    from journal import footprint

    repo = journal.repo
    with repo.transaction():
        check = footprint.record_check(repo, results, note=note)
        repo.set_setting(footprint.DRAFT_KEY, None)
    keys = {footprint.FOOTPRINT_CHECKS_KEY, footprint.DRAFT_KEY}
    return Done(check, Changes(settings=frozenset(keys)))


def keep_footprint_draft(journal: Journal, draft: Mapping[str, Any]) -> Changes:
    """Answers in progress, kept in the journal until the check is saved."""
    from journal.footprint import DRAFT_KEY

    journal.repo.set_setting(DRAFT_KEY, dict(draft))
    return Changes(remembered=frozenset({DRAFT_KEY}))


def set_footprint_reminders(journal: Journal, on: bool) -> Changes:
    """Turn the six-monthly reminder on or off (turning it on forgets a "Not now")."""
    from journal import footprint

    footprint.set_reminders_enabled(journal.repo, on)
    return Changes(settings=frozenset({footprint.REMINDERS_KEY, footprint.SNOOZED_KEY}))


def footprint_reminder_due(journal: Journal) -> Done[str | None]:
    """ "first", "again" or None: whether to remind the person of the footprint check.

    The first time it is asked it notes the day, for a new journal's week of grace.
    """
    from journal import footprint

    due = footprint.reminder_due(journal.repo)
    return Done(due, Changes(remembered=frozenset({footprint.FIRST_SEEN_KEY})))


def snooze_footprint_reminder(journal: Journal) -> Changes:
    """ "Not now": the reminder waits two weeks."""
    from journal import footprint

    footprint.snooze(journal.repo)
    return Changes(remembered=frozenset({footprint.SNOOZED_KEY}))
