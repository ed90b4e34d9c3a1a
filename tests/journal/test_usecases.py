"""The use cases: one thing a person does, one commit, and a record of what changed.

Every test runs on a real SQLCipher journal. ``Statements`` watches what the connection
runs, so "one transaction" is checked as it happens on the file, not taken on trust.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from journal import queries, usecases
from journal.backup import set_automatic
from journal.errors import NotFound, StorageError, ValidationError
from journal.export.log import ExportLog
from journal.export.selection import ReportRequest
from journal.export.settings import ReportSettings
from journal.footprint import (
    DRAFT_KEY,
    FIRST_SEEN_KEY,
    REMINDERS_KEY,
    SNOOZED_KEY,
    history,
    reminders_enabled,
)
from journal.idle_lock import SETTING as LOCK_SETTING
from journal.models import (
    Action,
    CheckIn,
    Incident,
    NewAttachment,
    SearchLogEntry,
    SupervisionRecord,
)
from journal.paths import JournalPaths
from journal.repository import EntryQuery
from journal.session import Journal, Unlock
from journal.supervision import PREPARE_KEY, Preparation
from journal.usecases import Changes
from journal.verify import verify

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
WHEN = datetime(2026, 3, 1, 20, 15, tzinfo=UTC)


class Statements:
    """What the journal's connection runs, in order (SQLite's own trace)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, sql: str) -> None:
        self.seen.append(" ".join(sql.split()).upper())

    def count(self, word: str) -> int:
        return sum(1 for s in self.seen if s.startswith(word))

    @property
    def commits(self) -> int:
        return self.count("COMMIT")

    @property
    def transactions(self) -> int:
        return self.count("BEGIN")


@contextmanager
def watching(journal: Journal) -> Iterator[Statements]:
    statements = Statements()
    journal.conn.set_trace_callback(statements)
    try:
        yield statements
    finally:
        journal.conn.set_trace_callback(None)


@pytest.fixture
def j(journal: Journal) -> Journal:
    set_automatic(journal, False)  # no backup on close: these tests are about the writes
    return journal


def reopen(journal: Journal) -> Journal:
    """Close and open the real files again: only what was committed is there."""
    paths = journal.paths
    journal.close()
    return Journal.open(paths, Unlock(PASSPHRASE, use_keyring=False))


def an_incident(**fields: object) -> Incident:
    values: dict[str, object] = {
        "title": "Post calling my report biased",
        "occurred_at": WHEN,
        "platform": "facebook",
        "impact_tags": ["upset"],
    }
    values.update(fields)
    return Incident(**values)  # type: ignore[arg-type]


def a_picture(name: str = "shot.png") -> NewAttachment:
    return NewAttachment(filename=name, mime="image/png", data=PNG, captured_at=WHEN)


# -- the repository's transaction helper -------------------------------------------------------


def test_a_transaction_inside_another_joins_it_and_commits_once(j: Journal) -> None:
    repo = j.repo
    with watching(j) as sql, repo.transaction():
        repo.set_setting("a", 1)  # set_setting opens a transaction of its own when alone
        repo.save_draft("d", {"x": 1})
        assert repo.in_transaction
    assert not repo.in_transaction
    assert (sql.transactions, sql.commits) == (1, 1)
    assert repo.get_setting("a") == 1


def test_an_error_inside_undoes_only_the_inner_part_if_caught(j: Journal) -> None:
    repo = j.repo
    with repo.transaction():
        repo.set_setting("kept", True)
        with pytest.raises(ValidationError), repo.transaction():
            repo.add(an_incident(impact_tags=["only-here"]))
            raise ValidationError({"entry": "refused"})
        repo.add(an_incident(title="second", impact_tags=["only-here"]))
    j = reopen(j)
    try:
        assert j.repo.get_setting("kept") is True
        titles = [s.title for s in j.repo.list_entries()]
        assert titles == ["second"]
        # The tag the undone part made is made again for the entry that kept it.
        assert "only-here" in queries.tag_names(j)
        assert verify(j.conn).ok
    finally:
        j.close()


def test_an_error_in_the_outer_transaction_undoes_everything(j: Journal) -> None:
    repo = j.repo
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add(an_incident())
        repo.set_setting("a", 1)
        raise RuntimeError("a bug")
    assert repo.count() == 0
    assert repo.get_setting("a") is None
    assert not repo.in_transaction


# -- saving an incident ------------------------------------------------------------------------


def test_saving_a_new_incident_is_one_commit_with_its_draft_and_choices(j: Journal) -> None:
    j.repo.save_draft("incident-editor:1", {"fields": {"title": "Post"}})
    with watching(j) as sql:
        done = usecases.save_incident(
            j,
            an_incident(platform="tiktok"),
            [a_picture()],
            draft_id="incident-editor:1",
            draft={"fields": {"title": "Post"}},
            disclosure_seen=True,
        )
    assert (sql.transactions, sql.commits) == (1, 1)
    saved = done.value
    assert done.changes == Changes(
        kinds=frozenset({"incident"}),
        ids=(saved.id,),
        remembered=frozenset({"last_platform", "disclosure_note_seen"}),
        drafts=("incident-editor:1",),
        selected=saved.id,
    )
    j = reopen(j)
    try:
        stored = queries.entry(j, saved.id)
        assert isinstance(stored, Incident)
        assert [a.filename for a in stored.attachments] == ["shot.png"]
        assert queries.drafts(j, "incident-editor:") == []
        assert queries.last_platform(j) == "tiktok"
        assert queries.disclosure_note_seen(j) is True
    finally:
        j.close()


def test_the_disclosure_note_is_marked_read_only_when_asked(j: Journal) -> None:
    done = usecases.save_incident(j, an_incident())
    assert "disclosure_note_seen" not in done.changes.remembered
    assert queries.disclosure_note_seen(j) is False
    assert done.changes.drafts == ()


def test_editing_keeps_chosen_evidence_adds_new_and_makes_a_revision(j: Journal) -> None:
    first = usecases.save_incident(j, an_incident(), [a_picture("a.png"), a_picture("b.png")])
    saved = first.value
    keep = [a for a in saved.attachments if a.filename == "b.png"]
    done = usecases.save_incident(
        j,
        an_incident(title="Post, edited", platform="x"),
        [a_picture("c.png")],
        editing=saved.id,
        kept=keep,
        expected_revision=saved.revision,
    )
    edited = done.value
    assert edited.id == saved.id and edited.revision == 2
    assert sorted(a.filename for a in queries.entry(j, saved.id).attachments) == ["b.png", "c.png"]
    assert [r.revision for r in queries.history(j, saved.id)] == [1, 2]
    assert queries.last_platform(j) == "x"
    assert done.changes.selected == saved.id


def test_a_refused_save_changes_nothing_and_keeps_the_latest_draft(j: Journal) -> None:
    saved = usecases.save_incident(j, an_incident(platform="facebook")).value
    j.repo.save_draft("incident-editor:2", {"fields": {"title": "older words"}})
    with pytest.raises(ValidationError):
        usecases.save_incident(
            j,
            an_incident(title="newer words", platform="x"),
            editing=saved.id,
            expected_revision=saved.revision - 1,  # changed elsewhere meanwhile
            draft_id="incident-editor:2",
            draft={"fields": {"title": "newer words"}},
            disclosure_seen=True,
        )
    assert queries.entry(j, saved.id).title == saved.title
    assert queries.last_platform(j) == "facebook"
    assert queries.disclosure_note_seen(j) is False
    [(_id, _at, kept)] = queries.drafts(j, "incident-editor:")
    assert kept == {"fields": {"title": "newer words"}}


def test_a_failure_after_the_entry_is_written_undoes_the_entry_too(
    j: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old sequence's weak point: the entry written, then the draft's removal fails."""
    j.repo.save_draft("incident-editor:3", {"fields": {"title": "typed"}})

    def full_disk(_draft_id: str) -> None:
        raise StorageError()

    monkeypatch.setattr(j.repo, "delete_draft", full_disk)
    with pytest.raises(StorageError):
        usecases.save_incident(
            j,
            an_incident(),
            [a_picture()],
            draft_id="incident-editor:3",
            draft={"fields": {"title": "typed"}},
        )
    monkeypatch.undo()
    assert j.repo.count() == 0
    assert j.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    assert [d[0] for d in queries.drafts(j, "incident-editor:")] == ["incident-editor:3"]
    assert queries.last_platform(j) is None
    assert verify(j.conn).ok


# -- the search log, supervision and check-ins -------------------------------------------------


def test_saving_a_look_up_forgets_its_draft_in_the_same_commit(j: Journal) -> None:
    j.repo.save_draft("searchlog-form:1", {"fields": {}})
    look_up = SearchLogEntry(occurred_at=WHEN, query="Jo  Bloggs", reason="Agreed check")
    with watching(j) as sql:
        done = usecases.save_search(j, look_up, draft_id="searchlog-form:1")
    assert sql.commits == 1
    assert done.value.title == "Jo  Bloggs"  # the model's own default for a new look-up
    assert done.changes.kinds == {"search"} and done.changes.selected == done.value.id
    assert queries.drafts(j, "searchlog-form:") == []


def test_editing_a_look_up_keeps_a_given_title_and_follows_a_made_one(j: Journal) -> None:
    made = usecases.save_search(
        j, SearchLogEntry(occurred_at=WHEN, query="first words", reason="Agreed")
    ).value
    named = usecases.save_search(
        j, SearchLogEntry(occurred_at=WHEN, title="My name", query="q", reason="Agreed")
    ).value
    edit = SearchLogEntry(occurred_at=WHEN, query="new  words", reason="Agreed again")
    again = usecases.save_search(j, edit, editing=made.id, expected_revision=made.revision)
    assert again.value.title == "new words"
    assert again.value.reason == "Agreed again"
    kept = usecases.save_search(j, edit, editing=named.id, expected_revision=named.revision)
    assert kept.value.title == "My name"
    assert usecases.default_search_title("   ") == "Online look-up"


def test_editing_a_look_up_that_is_not_one_is_refused(j: Journal) -> None:
    other = usecases.save_incident(j, an_incident()).value
    with pytest.raises(ValidationError):
        usecases.save_search(
            j,
            SearchLogEntry(occurred_at=WHEN, query="q", reason="r"),
            editing=other.id,
            draft_id="searchlog-form:9",
        )


def test_a_new_supervision_record_forgets_the_preparation_and_the_draft(j: Journal) -> None:
    usecases.save_supervision_preparation(j, Preparation(date(2026, 2, 1), frozenset({"x"})))
    j.repo.save_draft("supervision-record:1", {"fields": {}})
    record = SupervisionRecord(
        occurred_at=WHEN,
        supervisor="Sam",
        actions=[Action(what="Talk to legal", who="Manager", due=date(2026, 3, 20))],
    )
    with watching(j) as sql:
        done = usecases.save_supervision_record(j, record, draft_id="supervision-record:1")
    assert sql.commits == 1
    assert PREPARE_KEY in done.changes.remembered
    assert queries.supervision_preparation(j) == Preparation()
    assert queries.drafts(j, "supervision-record:") == []
    assert [a.what for a in queries.entry(j, done.value.id).actions] == ["Talk to legal"]


def test_editing_a_supervision_record_keeps_its_private_notes(j: Journal) -> None:
    usecases.save_supervision_preparation(j, Preparation(date(2026, 2, 1)))
    first = usecases.save_supervision_record(
        j, SupervisionRecord(occurred_at=WHEN, supervisor="Sam", private_notes="mine")
    ).value
    usecases.save_supervision_preparation(j, Preparation(date(2026, 2, 2)))
    form = SupervisionRecord(occurred_at=WHEN, supervisor="Alex")  # the form never holds them
    done = usecases.save_supervision_record(
        j, form, editing=first.id, expected_revision=first.revision
    )
    stored = queries.entry(j, first.id)
    assert isinstance(stored, SupervisionRecord)
    assert (stored.supervisor, stored.private_notes) == ("Alex", "mine")
    assert done.changes.remembered == frozenset()
    assert queries.supervision_preparation(j).since == date(2026, 2, 2)  # an edit keeps it


def test_ticking_an_action_done_is_a_new_revision_of_its_record(j: Journal) -> None:
    record = usecases.save_supervision_record(
        j,
        SupervisionRecord(occurred_at=WHEN, actions=[Action(what="Risk assessment")]),
    ).value
    done = usecases.set_action_done(j, record.id, 0, done=True)
    assert done.value.actions[0].done and done.value.revision == 2
    assert done.changes == Changes(kinds=frozenset({"supervision"}), ids=(record.id,))
    with pytest.raises(NotFound):
        usecases.set_action_done(j, record.id, 5, done=True)


def test_a_check_in_is_saved_and_its_draft_forgotten_together(j: Journal) -> None:
    j.repo.save_draft("checkin-form:current", {"mood": 2})
    values = {"occurred_at": WHEN, "mood": 2, "stress": 7, "confidence": 3, "sleep": 2}
    with watching(j) as sql:
        done = usecases.save_checkin(j, values, title="Check-in", draft_id="checkin-form:current")
    assert sql.commits == 1
    assert done.value.title == "Check-in" and done.value.stress == 7
    assert done.changes.kinds == {"checkin"} and done.changes.selected == done.value.id
    assert queries.draft(j, "checkin-form:current") is None
    again = usecases.save_checkin(j, {**values, "stress": 3}, title="x", editing=done.value)
    assert again.value.stress == 3 and again.value.revision == 2
    assert again.value.title == "Check-in"  # an edit keeps its title
    with pytest.raises(ValidationError):  # the form's copy is now out of date
        usecases.save_checkin(j, {**values, "stress": 1}, title="x", editing=done.value)


# -- the bin -----------------------------------------------------------------------------------


def test_moving_to_the_bin_and_back_names_the_entry_and_its_kind(j: Journal) -> None:
    checkin = usecases.save_checkin(j, {"occurred_at": WHEN}, title="Check-in").value
    with watching(j) as sql:
        gone = usecases.move_to_bin(j, checkin.id)
    assert sql.commits == 1
    assert gone == Changes(kinds=frozenset({"checkin"}), ids=(checkin.id,))
    assert queries.count(j, EntryQuery(kind="checkin")) == 0
    back = usecases.restore_from_bin(j, checkin.id)
    assert back == Changes(kinds=frozenset({"checkin"}), ids=(checkin.id,), selected=checkin.id)
    assert queries.count(j, EntryQuery(kind="checkin")) == 1
    with pytest.raises(NotFound):
        usecases.move_to_bin(j, "no-such-id")


def test_purging_old_entries_reports_every_kind_and_the_backups(j: Journal) -> None:
    old = datetime.now(UTC) - timedelta(days=365 * 9)
    usecases.save_incident(j, an_incident(occurred_at=old))
    recent = usecases.save_incident(j, an_incident(occurred_at=datetime.now(UTC))).value
    done = usecases.purge_older_than(j, 7)
    assert done.value.entries == 1
    assert done.changes.kinds == usecases.ENTRY_KINDS
    assert "backups" in done.changes.other
    assert [s.id for s in queries.entries(j, EntryQuery())] == [recent.id]


# -- drafts ------------------------------------------------------------------------------------


def test_keeping_and_discarding_a_draft(j: Journal) -> None:
    assert usecases.keep_draft(j, "searchlog-form:7", {"fields": {"query": "q"}}) == Changes(
        drafts=("searchlog-form:7",)
    )
    assert queries.drafts(j, "searchlog-form:")[0][2] == {"fields": {"query": "q"}}
    assert queries.drafts(j, "incident-editor:") == []
    usecases.discard_draft(j, "searchlog-form:7")
    assert queries.draft(j, "searchlog-form:7") is None


# -- settings and what the app remembers -------------------------------------------------------


def test_the_settings_dialog_saves_everything_in_one_commit(j: Journal) -> None:
    report = ReportSettings("Pat", "Morgan", "morgan@example.org", followup_days=9)
    with watching(j) as sql:
        changes = usecases.save_settings(j, lock_after_minutes=12, report=report)
    assert (sql.transactions, sql.commits) == (1, 1)
    assert LOCK_SETTING in changes.settings and "report.manager_email" in changes.settings
    assert queries.lock_after_minutes(j) == 12
    assert queries.report_settings(j) == report


def test_a_failing_setting_leaves_the_others_as_they_were(
    j: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    usecases.save_settings(j, lock_after_minutes=5, report=ReportSettings(manager_name="Old"))
    real = j.repo.set_setting

    def refuse_email(key: str, value: object) -> None:
        if key == "report.manager_email":
            raise StorageError()
        real(key, value)

    monkeypatch.setattr(j.repo, "set_setting", refuse_email)
    with pytest.raises(StorageError):
        usecases.save_settings(
            j, lock_after_minutes=30, report=ReportSettings(manager_name="New", manager_email="x")
        )
    monkeypatch.undo()
    assert queries.lock_after_minutes(j) == 5
    assert queries.report_settings(j).manager_name == "Old"


def test_saving_who_reports_go_to_keeps_the_follow_up_days(j: Journal) -> None:
    usecases.save_settings(j, lock_after_minutes=5, report=ReportSettings(followup_days=11))
    done = usecases.save_report_people(j, "Pat", "Morgan", "morgan@example.org")
    assert done.value == ReportSettings("Pat", "Morgan", "morgan@example.org", 11)
    assert "report.manager_name" in done.changes.settings


def test_small_things_the_app_remembers(j: Journal) -> None:
    assert usecases.note_disclosure_seen(j).remembered == {"disclosure_note_seen"}
    assert queries.disclosure_note_seen(j)
    usecases.note_followup_reminder(j, "export-1")
    assert set(queries.followup_reminders(j)) == {"export-1"}
    j.paths.backups.mkdir(parents=True, exist_ok=True)
    (j.paths.backups / "journal-1.pjbackup").write_bytes(b"")
    usecases.remember_backup_count(j, "journal-gone.pjbackup", 1, 1)
    usecases.remember_backup_count(j, "journal-1.pjbackup", 10, 4)
    # Counts of backups no longer in the folder are forgotten.
    assert queries.backup_counts(j) == {"journal-1.pjbackup": [10, 4]}


def test_a_report_is_logged_and_its_folder_remembered_together(j: Journal, tmp_path: Path) -> None:
    usecases.save_incident(j, an_incident())
    folder = tmp_path / "reports"
    folder.mkdir()
    with watching(j) as sql:
        done = usecases.export_report_to(j, ReportRequest(), folder, ("json",))
    assert sql.commits == 1
    assert queries.export_folder(j) == str(folder)
    assert [r.id for r in ExportLog(j.repo).records()] == [done.value.export_id]
    assert done.changes.other == {"export_log"}
    assert all(Path(p).exists() for p in done.value.files.values())


def test_a_report_whose_folder_cannot_be_remembered_leaves_no_files_or_log(
    j: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usecases.save_incident(j, an_incident())
    folder = tmp_path / "reports"
    folder.mkdir()

    def full_disk(_key: str, _value: object) -> None:
        raise StorageError()

    monkeypatch.setattr(j.repo, "set_setting", full_disk)
    with pytest.raises(StorageError):
        usecases.export_report_to(j, ReportRequest(), folder, ("json", "pdf"))
    monkeypatch.undo()
    assert list(folder.iterdir()) == []
    assert ExportLog(j.repo).records() == []
    assert queries.export_folder(j) == ""


# -- the footprint check -----------------------------------------------------------------------


def test_a_footprint_check_is_recorded_and_its_draft_forgotten_together(j: Journal) -> None:
    usecases.keep_footprint_draft(j, {"results": {"photos": "to_do"}, "note": ""})
    assert queries.footprint_draft(j) == {"results": {"photos": "to_do"}, "note": ""}
    with watching(j) as sql:
        done = usecases.save_footprint_check(j, {"photos": "done"}, "all fine")
    assert sql.commits == 1
    assert [c.note for c in history(j.repo)] == ["all fine"]
    assert queries.footprint_draft(j) is None
    assert DRAFT_KEY in done.changes.settings
    with pytest.raises(ValidationError):
        usecases.save_footprint_check(j, {"no-such-item": "done"}, "")


def test_footprint_reminders_turned_on_forget_a_not_now(j: Journal) -> None:
    first = usecases.footprint_reminder_due(j)
    assert first.value is None  # a new journal has a week's grace
    assert first.changes.remembered == {FIRST_SEEN_KEY}
    usecases.snooze_footprint_reminder(j)
    assert j.repo.get_setting(SNOOZED_KEY)
    with watching(j) as sql:
        usecases.set_footprint_reminders(j, False)
    assert sql.commits == 1
    assert not reminders_enabled(j.repo)
    changes = usecases.set_footprint_reminders(j, True)
    assert reminders_enabled(j.repo) and j.repo.get_setting(SNOOZED_KEY) is None
    assert changes.settings == {REMINDERS_KEY, SNOOZED_KEY}


# -- reads -------------------------------------------------------------------------------------


def test_reads_the_app_makes(j: Journal) -> None:
    saved = usecases.save_incident(
        j, an_incident(author_handle="@someone", impact_tags=["own-tag"]), [a_picture()]
    ).value
    usecases.save_checkin(j, {"occurred_at": WHEN}, title="Check-in")
    gone = usecases.save_checkin(j, {"occurred_at": WHEN}, title="Check-in").value
    usecases.move_to_bin(j, gone.id)
    assert queries.entry_total(j) == 2
    assert queries.stored_entry_total(j) == 3  # deleted ones too, as a restore counts
    assert queries.count(j, EntryQuery(kind="incident")) == 1
    assert [s.id for s in queries.entries(j, EntryQuery(kind="incident"))] == [saved.id]
    assert queries.attachment_data(j, saved.attachments[0].id) == PNG
    assert queries.author_handles(j) == ["@someone"]
    assert "own-tag" in queries.tag_names(j)
    assert queries.lock_after_minutes(j) == 5  # the default
    assert queries.export_folder(j) == ""
    assert queries.automatic_backups(j) is False  # this test's fixture turned them off
    assert queries.today(j) == queries.now(j).astimezone().date()
    with pytest.raises(NotFound):
        queries.entry(j, "no-such-id")


def test_a_stored_setting_of_the_wrong_shape_reads_as_its_default(j: Journal) -> None:
    j.repo.set_setting("last_platform", 7)
    j.repo.set_setting("report.followup_reminded", ["not", "a", "dict"])
    j.repo.set_setting("backup.entry_counts", "nonsense")
    j.repo.set_setting("lock_after_minutes", "soon")
    assert queries.last_platform(j) is None
    assert queries.followup_reminders(j) == {}
    assert queries.backup_counts(j) == {}
    assert queries.lock_after_minutes(j) == 5
    assert json.loads(json.dumps(queries.supervision_preparation(j).to_json()))


def test_a_journal_opened_from_its_files_sees_every_use_case(paths: JournalPaths) -> None:
    """The same calls through a journal opened the way the app opens it."""
    with Journal.create(paths, passphrase=PASSPHRASE)[0] as journal:
        saved = usecases.save_checkin(journal, {"occurred_at": WHEN, "mood": 4}, title="C").value
    with Journal.open(paths, Unlock(PASSPHRASE, use_keyring=False)) as journal:
        stored = queries.entry(journal, saved.id)
        assert isinstance(stored, CheckIn) and stored.mood == 4


def test_the_report_preview_lists_shareable_entries_oldest_first_and_names_the_rest(
    j: Journal,
) -> None:
    later = j.repo.add(Incident(title="later", occurred_at=WHEN))
    earlier = j.repo.add(Incident(title="earlier", occurred_at=WHEN - timedelta(days=2)))
    private = j.repo.add(Incident(title="private", occurred_at=WHEN, shareable=False))
    preview = queries.report_preview(j, ReportRequest(since_last_export=False))
    assert [r.id for r in preview.rows] == [earlier.id, later.id]
    assert preview.unshareable == ()

    asked = queries.report_preview(
        j,
        ReportRequest(entry_ids=(later.id,), since_last_export=False),
        extra_ids=(earlier.id, private.id),
    )
    assert [r.id for r in asked.rows] == [earlier.id, later.id]
    assert asked.unshareable == (private.id,)
