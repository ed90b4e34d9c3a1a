"""The repository: saving, history, lists and filters, soft delete, and verify."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from journal.backup import set_automatic
from journal.compact import pack_revision, unpack_revision
from journal.errors import NotFound, ValidationError
from journal.models import (
    DEFAULT_IMPACT_TAGS,
    Action,
    Attachment,
    CheckIn,
    Entry,
    Incident,
    NewAttachment,
    SearchLogEntry,
    SupervisionRecord,
)
from journal.repository import (
    GENESIS_HASH,
    EntryQuery,
    Repository,
    canonical_json,
    chain_hash,
)
from journal.session import Journal
from journal.verify import verify

START = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment

    def tick(self, minutes: int = 1) -> None:
        self.moment += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def repo(journal: Journal, clock: Clock) -> Repository:
    set_automatic(journal, False)  # no backup on close: these tests are about the repository
    return Repository(journal.conn, clock=clock)


def incident(**fields: object) -> Incident:
    values: dict[str, object] = {
        "title": "Post calling my report biased",
        "occurred_at": datetime(2026, 3, 1, 20, 15, tzinfo=UTC),
    }
    values.update(fields)
    return Incident(**values)  # type: ignore[arg-type]


def ids(rows: list) -> list[str]:
    return [r.id for r in rows]


# -- add and get -------------------------------------------------------------------


def test_each_kind_round_trips(repo: Repository, clock: Clock) -> None:
    entries: list[Entry] = [
        incident(
            description="Shared in a local group.",
            private_notes="I felt sick reading it.",
            platform="facebook",
            content_type="comment",
            author_handle="@someone",
            author_relation="party",
            case_ref="C1234",
            urls=["https://example.org/p/1"],
            quoted_text="You should be ashamed",
            category="abuse",
            severity="high",
            impact_tags=["upset", "lost sleep"],
            impact_score=7,
            actions=[Action(what="Told my manager", done=True, done_on=date(2026, 3, 2))],
            status="monitoring",
            shareable=False,
        ),
        CheckIn(mood=2, stress=8, sleep=2, confidence=3, description="A long week."),
        SearchLogEntry(query="parent profile", where="Facebook", reason="Threat concern."),
        SupervisionRecord(
            supervisor="Sam",
            actions=[Action(what="Risk assessment", who="manager", due=date(2026, 4, 1))],
            next_date=date(2026, 4, 11),
        ),
    ]
    saved = repo.add_many([(e, ()) for e in entries])
    for original, stored in zip(entries, saved, strict=True):
        got = repo.get(stored.id)
        assert type(got) is type(original)
        assert got.recorded_at == START
        assert got.revision == 1
        assert got.hash == stored.hash
        mine = original.to_dict()
        theirs = got.to_dict()
        for key in ("id", "recorded_at", "updated_at", "revision", "hash"):
            mine.pop(key)
            theirs.pop(key)
        if original.kind != "incident":
            mine["title"] = theirs["title"]  # a default title is given to these kinds
            mine["shareable"] = theirs["shareable"]
        assert theirs == mine


def test_defaults_for_kinds_without_a_title(repo: Repository) -> None:
    checkin = repo.add(CheckIn())
    search = repo.add(SearchLogEntry(query="parent profile", reason="Concern."))
    assert repo.get(checkin.id).title == "Check-in"
    assert repo.get(checkin.id).shareable is False  # wellbeing stays private unless chosen
    assert repo.get(search.id).title == "parent profile"


def test_get_unknown_id(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.get("no-such-id")


def test_add_validates(repo: Repository) -> None:
    with pytest.raises(ValidationError) as caught:
        repo.add(Incident(title="", occurred_at=START))
    assert "title" in caught.value.errors
    assert repo.count() == 0


def test_add_many_is_all_or_nothing(repo: Repository) -> None:
    good = incident()
    bad = Incident(title="x", occurred_at=START, impact_score=11)
    with pytest.raises(ValidationError) as caught:
        repo.add_many([(good, ()), (good, ()), (bad, ())])
    assert caught.value.index == 2
    assert "Entry 3" in caught.value.message
    assert "impact_score" in caught.value.errors
    assert repo.count() == 0


def test_add_many_with_a_bad_attachment_writes_nothing(repo: Repository) -> None:
    empty = NewAttachment(filename="blank.png", mime="image/png", data=b"")
    with pytest.raises(ValidationError) as caught:
        repo.add_many([(incident(), ()), (incident(), [empty])])
    assert caught.value.index == 1
    assert repo.count() == 0
    assert repo.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


def test_an_error_inside_the_transaction_rolls_everything_back(repo: Repository) -> None:
    repo.add(incident(title="Already here"))
    original = repo._index

    def failing(rowid: int, entry: Entry) -> None:
        if entry.title == "Second":
            raise RuntimeError("boom")
        original(rowid, entry)

    repo._index = failing  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        repo.add_many([(incident(title="First"), ()), (incident(title="Second"), ())])
    repo._index = original  # type: ignore[method-assign]
    assert [r.title for r in repo.list_entries()] == ["Already here"]
    assert repo.conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 1
    assert repo.conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 1


# -- update and history ----------------------------------------------------------------


def test_recorded_at_never_changes(repo: Repository, clock: Clock) -> None:
    saved = repo.add(incident())
    clock.tick(90)
    saved.title = "Edited"
    saved.recorded_at = datetime(2020, 1, 1, tzinfo=UTC)  # the caller tries
    updated = repo.update(saved)
    assert updated.recorded_at == START
    got = repo.get(saved.id)
    assert got.recorded_at == START
    assert got.updated_at == START + timedelta(minutes=90)
    assert got.title == "Edited"
    assert got.revision == 2
    row = repo.conn.execute(
        "SELECT recorded_at, updated_at FROM entries WHERE id = ?", (saved.id,)
    ).fetchone()
    assert row == (START.isoformat(), (START + timedelta(minutes=90)).isoformat())


def test_recorded_at_in_input_is_ignored_on_add(repo: Repository) -> None:
    saved = repo.add(incident(recorded_at=datetime(2001, 1, 1, tzinfo=UTC), id="mine"))
    assert saved.id != "mine"
    assert repo.get(saved.id).recorded_at == START


def test_each_edit_is_a_revision_chained_by_sha256(repo: Repository, clock: Clock) -> None:
    entry = repo.add(incident(title="First words"))
    for n in range(3):
        clock.tick()
        entry.title = f"Edit {n}"
        entry = repo.update(entry)
    history = repo.history(entry.id)
    assert [r.revision for r in history] == [1, 2, 3, 4]
    assert [r.data["title"] for r in history] == ["First words", "Edit 0", "Edit 1", "Edit 2"]
    prev = GENESIS_HASH
    for revision in history:
        assert revision.prev_hash == prev
        expected = hashlib.sha256(f"{prev}\n{canonical_json(revision.data)}".encode()).hexdigest()
        assert revision.hash == expected == chain_hash(prev, canonical_json(revision.data))
        prev = revision.hash
    assert repo.get(entry.id).hash == history[-1].hash
    assert history[0].saved_at == START
    assert history[-1].saved_at == START + timedelta(minutes=3)


def test_update_refuses_a_stale_revision(repo: Repository) -> None:
    entry = repo.add(incident())
    first = repo.get(entry.id)
    second = repo.get(entry.id)
    first.title = "Saved first"
    repo.update(first, expected_revision=1)
    second.title = "Saved second"
    with pytest.raises(ValidationError) as caught:
        repo.update(second, expected_revision=1)
    assert "changed elsewhere" in caught.value.errors["entry"]
    assert repo.get(entry.id).title == "Saved first"


def test_update_refuses_a_change_of_kind(repo: Repository) -> None:
    entry = repo.add(incident())
    other = CheckIn()
    other.id = entry.id
    with pytest.raises(ValidationError):
        repo.update(other)
    assert repo.get(entry.id).kind == "incident"


def test_update_unknown_entry(repo: Repository) -> None:
    ghost = incident()
    ghost.id = "0000"
    with pytest.raises(NotFound):
        repo.update(ghost)


def test_update_validates_and_writes_nothing_when_invalid(repo: Repository) -> None:
    entry = repo.add(incident())
    entry.severity = "apocalyptic"
    with pytest.raises(ValidationError):
        repo.update(entry)
    assert len(repo.history(entry.id)) == 1


def test_updating_a_deleted_entry_is_refused(repo: Repository) -> None:
    entry = repo.add(incident(title="gone soon"))
    repo.delete(entry.id)
    entry.title = "changed while deleted"
    with pytest.raises(NotFound):
        repo.update(entry)
    assert repo.count(EntryQuery(text="changed")) == 0
    repo.undelete(entry.id)
    assert repo.get(entry.id).title == "gone soon"


# -- attachments ---------------------------------------------------------------------


def test_attachments_are_stored_with_their_hash(repo: Repository) -> None:
    captured = datetime(2026, 3, 1, 21, 0, 0, 123456, tzinfo=UTC)
    evidence = NewAttachment(filename="shot.png", mime="image/png", data=PNG, captured_at=captured)
    entry = repo.add(incident(), [evidence])
    (meta,) = repo.get(entry.id).attachments
    assert meta.sha256 == hashlib.sha256(PNG).hexdigest()
    assert meta.size == len(PNG)
    assert meta.captured_at == captured.replace(microsecond=0)
    assert repo.attachment(meta.id).data == PNG
    assert repo.list_entries()[0].attachment_count == 1
    assert verify(repo.conn).ok


def test_update_keeps_removes_and_adds_attachments(repo: Repository) -> None:
    one = NewAttachment(filename="one.png", mime="image/png", data=PNG)
    two = NewAttachment(filename="two.txt", mime="text/plain", data=b"second file")
    entry = repo.add(incident(), [one, two])
    got = repo.get(entry.id)
    keep = [a for a in got.attachments if a.filename == "two.txt"]
    got.attachments = keep
    three = NewAttachment(filename="three.txt", mime="text/plain", data=b"third file")
    updated = repo.update(got, [three])
    names = sorted(a.filename for a in repo.get(entry.id).attachments)
    assert names == ["three.txt", "two.txt"]
    assert sorted(a.filename for a in updated.attachments) == names
    assert repo.list_entries()[0].attachment_count == 2
    removed = next(a for a in entry.attachments if a.filename == "one.png")
    with pytest.raises(NotFound):
        repo.attachment(removed.id)
    # The first revision still lists the removed file by its hash.
    first = repo.history(entry.id)[0]
    assert {a["filename"] for a in first.data["attachments"]} == {"one.png", "two.txt"}
    assert verify(repo.conn).ok


def test_update_without_touching_attachments_keeps_them(repo: Repository) -> None:
    entry = repo.add(incident(), [NewAttachment(filename="a.png", mime="image/png", data=PNG)])
    got = repo.get(entry.id)
    got.title = "Only the title changes"
    repo.update(got)
    assert [a.filename for a in repo.get(entry.id).attachments] == ["a.png"]


def test_update_ignores_an_attachment_of_another_entry(repo: Repository) -> None:
    other = repo.add(incident(), [NewAttachment(filename="b.png", mime="image/png", data=PNG)])
    mine = repo.get(repo.add(incident()).id)
    mine.attachments = list(repo.get(other.id).attachments)
    repo.update(mine)
    assert repo.get(mine.id).attachments == []
    assert len(repo.get(other.id).attachments) == 1
    assert verify(repo.conn).ok


def test_too_large_an_attachment_is_refused(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journal.models as models

    monkeypatch.setattr(models, "MAX_ATTACHMENT_BYTES", 1024)
    big = NewAttachment(filename="big.mov", mime="video/quicktime", data=b"x" * 1025)
    with pytest.raises(ValidationError) as caught:
        repo.add(incident(), [big])
    assert "big.mov" in caught.value.errors["attachments"]
    assert repo.count() == 0


# -- lists and filters ----------------------------------------------------------------


@pytest.fixture
def varied(repo: Repository, clock: Clock) -> dict[str, Entry]:
    day = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    made = {
        "old_threat": incident(
            title="Old threat", occurred_at=day, category="threat", severity="critical",
            platform="x", status="closed", author_handle="@a", impact_tags=["fearful"],
        ),
        "mid_abuse": incident(
            title="Mid abuse", occurred_at=day + timedelta(days=10), category="abuse",
            severity="low", platform="facebook", status="open", author_handle="@b",
            impact_tags=["upset", "Lost  Sleep"], shareable=False,
        ),
        "new_leak": incident(
            title="New leak", occurred_at=day + timedelta(days=20),
            category="sensitive_information", severity="high", platform="facebook",
            status="monitoring", author_handle="@a",
        ),
        "checkin": CheckIn(occurred_at=day + timedelta(days=15), stress=9, shareable=False),
        "search": SearchLogEntry(
            occurred_at=day + timedelta(days=5), query="profile", reason="Concern."
        ),
        "supervision": SupervisionRecord(occurred_at=day + timedelta(days=25), supervisor="Jo"),
    }  # fmt: skip
    out = {}
    for name, entry in made.items():
        clock.tick()
        out[name] = repo.add(entry)
    return out


def _names(varied: dict[str, Entry], rows: list) -> list[str]:
    by_id = {e.id: name for name, e in varied.items()}
    return [by_id[r.id] for r in rows]


def test_list_newest_first_and_oldest_first(repo: Repository, varied: dict[str, Entry]) -> None:
    newest = _names(varied, repo.list_entries())
    assert newest == ["supervision", "new_leak", "checkin", "mid_abuse", "search", "old_threat"]
    assert _names(varied, repo.list_entries(EntryQuery(order="oldest"))) == newest[::-1]


def test_list_pages(repo: Repository, varied: dict[str, Entry]) -> None:
    everything = ids(repo.list_entries(EntryQuery(limit=None)))
    pages = [
        ids(repo.list_entries(EntryQuery(limit=4, offset=offset))) for offset in range(0, 8, 4)
    ]
    assert [len(p) for p in pages] == [4, 2]
    assert pages[0] + pages[1] == everything
    assert repo.list_entries(EntryQuery(limit=4, offset=100)) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EntryQuery(kind="incident"), {"old_threat", "mid_abuse", "new_leak"}),
        (EntryQuery(kind="checkin"), {"checkin"}),
        (EntryQuery(kind="search"), {"search"}),
        (EntryQuery(kind="supervision"), {"supervision"}),
        (EntryQuery(categories=frozenset({"threat", "abuse"})), {"old_threat", "mid_abuse"}),
        (EntryQuery(severities=frozenset({"high", "critical"})), {"old_threat", "new_leak"}),
        (EntryQuery(statuses=frozenset({"open"})), {"mid_abuse"}),
        (EntryQuery(platforms=frozenset({"facebook"})), {"mid_abuse", "new_leak"}),
        (EntryQuery(tag="Lost sleep"), {"mid_abuse"}),
        (EntryQuery(tag="fearful"), {"old_threat"}),
        (EntryQuery(tag="nobody uses this"), set()),
        (EntryQuery(author_handle="@a"), {"old_threat", "new_leak"}),
        (
            EntryQuery(shareable_only=True),
            {"old_threat", "new_leak", "search", "supervision"},
        ),
        (
            EntryQuery(
                since=datetime(2026, 1, 11, 12, 0, tzinfo=UTC),
                until=datetime(2026, 1, 21, 12, 0, tzinfo=UTC),
            ),
            {"mid_abuse", "checkin", "new_leak"},  # both ends included
        ),
        (
            EntryQuery(kind="incident", severities=frozenset({"low", "high"}), author_handle="@b"),
            {"mid_abuse"},
        ),
    ],
)
def test_filters(
    repo: Repository, varied: dict[str, Entry], query: EntryQuery, expected: set[str]
) -> None:
    assert set(_names(varied, repo.list_entries(query))) == expected
    assert repo.count(query) == len(expected)


def test_date_range_compares_instants_across_time_zones(
    repo: Repository, varied: dict[str, Entry]
) -> None:
    # 2026-01-11 12:00 UTC is 21:00 in Tokyo and 07:00 in New York (EST).
    tokyo = timezone(timedelta(hours=9))
    new_york = timezone(timedelta(hours=-5))
    since = datetime(2026, 1, 11, 21, 0, tzinfo=tokyo)
    until = datetime(2026, 1, 21, 7, 0, tzinfo=new_york)
    rows = repo.list_entries(EntryQuery(since=since, until=until))
    assert set(_names(varied, rows)) == {"mid_abuse", "checkin", "new_leak"}
    just_after = datetime(2026, 1, 11, 21, 0, 1, tzinfo=tokyo)
    assert "mid_abuse" not in _names(varied, repo.list_entries(EntryQuery(since=just_after)))


def test_occurred_at_keeps_its_offset_and_sorts_by_instant(repo: Repository) -> None:
    plus_five = timezone(timedelta(hours=5))
    early = repo.add(
        incident(title="early", occurred_at=datetime(2026, 5, 1, 3, 0, tzinfo=plus_five))
    )
    # Later in wall-clock digits, but earlier as an instant? No: 2026-05-01 00:00 UTC is later
    # than 2026-04-30 22:00 UTC (03:00 at +05:00).
    later = repo.add(incident(title="later", occurred_at=datetime(2026, 5, 1, 0, 0, tzinfo=UTC)))
    assert ids(repo.list_entries()) == [later.id, early.id]
    got = repo.get(early.id)
    assert got.occurred_at == datetime(2026, 4, 30, 22, 0, tzinfo=UTC)
    assert got.occurred_at.utcoffset() == timedelta(hours=5)


def test_summaries_hold_what_a_row_needs(repo: Repository, varied: dict[str, Entry]) -> None:
    (row,) = repo.list_entries(EntryQuery(tag="upset"))
    assert row.title == "Mid abuse"
    assert row.kind == "incident"
    assert row.severity == "low"
    assert row.platform == "facebook"
    assert row.author_handle == "@b"
    assert row.impact_tags == ("upset", "lost sleep")
    assert row.shareable is False
    (checkin,) = repo.list_entries(EntryQuery(kind="checkin"))
    assert checkin.impact_score == 9
    assert checkin.severity == ""


def test_list_by_ids(repo: Repository, varied: dict[str, Entry]) -> None:
    wanted = (varied["search"].id, varied["new_leak"].id)
    assert set(ids(repo.list_entries(EntryQuery(ids=wanted)))) == set(wanted)
    assert repo.list_entries(EntryQuery(ids=())) == []


def test_counts_authors_and_tags(repo: Repository, varied: dict[str, Entry]) -> None:
    assert repo.counts_by_kind() == {"incident": 3, "checkin": 1, "search": 1, "supervision": 1}
    authors = {a.handle: a for a in repo.authors()}
    assert authors["@a"].count == 2
    assert authors["@a"].worst_severity == "critical"
    assert authors["@a"].first == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert authors["@b"].count == 1
    tags = {t.name: t for t in repo.tags()}
    assert set(DEFAULT_IMPACT_TAGS) <= set(tags)
    assert tags["upset"].builtin and tags["upset"].uses == 1
    assert tags["lost sleep"].uses == 1
    repo.add_tag("  Court  Week ")
    assert "court week" in {t.name for t in repo.tags()}
    with pytest.raises(ValidationError):
        repo.add_tag("   ")


# -- soft delete ---------------------------------------------------------------------


def test_soft_delete_and_undelete(repo: Repository, varied: dict[str, Entry]) -> None:
    victim = varied["mid_abuse"]
    repo.delete(victim.id)
    assert victim.id not in ids(repo.list_entries(EntryQuery(limit=None)))
    assert repo.count() == 5
    assert ids(repo.list_entries(EntryQuery(deleted=True))) == [victim.id]
    assert repo.count(EntryQuery(text="mid abuse")) == 0
    assert repo.list_entries(EntryQuery(tag="upset")) == []
    with pytest.raises(NotFound):
        repo.get(victim.id)
    assert repo.get(victim.id, include_deleted=True).title == "Mid abuse"
    assert "@b" not in {a.handle for a in repo.authors()}

    repo.delete(victim.id)  # twice is the same as once
    assert len(repo.history(victim.id)) == 2

    repo.undelete(victim.id)
    assert repo.count() == 6
    assert ids(repo.search("mid abuse")) == [victim.id]
    assert repo.get(victim.id).title == "Mid abuse"
    history = repo.history(victim.id)
    assert [r.revision for r in history] == [1, 2, 3]
    assert "deleted_at" in history[1].data and "deleted_at" not in history[2].data
    assert verify(repo.conn).ok


def test_delete_unknown(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.delete("nope")
    with pytest.raises(NotFound):
        repo.history("nope")


# -- settings and drafts ----------------------------------------------------------------


def test_settings_and_drafts(repo: Repository, clock: Clock) -> None:
    assert repo.get_setting("manager", {"name": ""}) == {"name": ""}
    repo.set_setting("manager", {"name": "A. Manager"})
    repo.set_setting("manager", {"name": "B. Manager"})
    assert repo.get_setting("manager") == {"name": "B. Manager"}
    repo.save_draft("d1", {"title": "half"})
    clock.tick()
    repo.save_draft("d1", {"title": "half done"})
    assert repo.drafts() == [("d1", START + timedelta(minutes=1), {"title": "half done"})]
    repo.delete_draft("d1")
    assert repo.drafts() == []


# -- verify ------------------------------------------------------------------------------


@pytest.fixture
def with_history(repo: Repository, clock: Clock) -> Entry:
    entry = repo.add(
        incident(title="Original words", author_handle="@a", impact_tags=["upset"]),
        [NewAttachment(filename="e.png", mime="image/png", data=PNG)],
    )
    clock.tick()
    entry = repo.get(entry.id)
    entry.title = "Edited words"
    repo.update(entry)
    repo.add(CheckIn(stress=4))
    assert verify(repo.conn).ok
    return entry


def _problems(repo: Repository) -> list[str]:
    report = verify(repo.conn)
    assert not report.ok
    return report.problems


def test_verify_counts_a_good_journal(repo: Repository, with_history: Entry) -> None:
    report = verify(repo.conn)
    assert report.ok
    assert (report.entries, report.revisions, report.attachments) == (2, 3, 1)


def _first_revision_rewritten(repo: Repository, entry: Entry) -> dict[str, Any]:
    """The entry's first saved version, read from the database, with words never written."""
    data: dict[str, Any] = json.loads(
        unpack_revision(
            repo.conn.execute(
                "SELECT data FROM revisions WHERE entry_id = ? AND revision = 1",
                (entry.id,),
            ).fetchone()[0]
        )
    )
    data["title"] = "Words I never wrote"
    return data


def test_verify_finds_an_altered_revision(repo: Repository, with_history: Entry) -> None:
    data = _first_revision_rewritten(repo, with_history)
    repo.conn.execute(
        "UPDATE revisions SET data = ? WHERE entry_id = ? AND revision = 1",
        (pack_revision(canonical_json(data)), with_history.id),
    )
    problems = _problems(repo)
    assert any("revision 1 was altered" in p for p in problems)


def test_verify_finds_a_rehashed_revision(repo: Repository, with_history: Entry) -> None:
    """Recomputing one revision's hash breaks the link to the next one."""
    new_json = canonical_json(_first_revision_rewritten(repo, with_history))
    repo.conn.execute(
        "UPDATE revisions SET data = ?, hash = ? WHERE entry_id = ? AND revision = 1",
        (pack_revision(new_json), chain_hash(GENESIS_HASH, new_json), with_history.id),
    )
    assert any("out of order" in p for p in _problems(repo))


def test_verify_finds_a_removed_revision(repo: Repository, with_history: Entry) -> None:
    repo.conn.execute(
        "DELETE FROM revisions WHERE entry_id = ? AND revision = 1", (with_history.id,)
    )
    assert any("revision 1 is missing" in p for p in _problems(repo))


def test_verify_finds_an_altered_entry_record(repo: Repository, with_history: Entry) -> None:
    data = json.loads(
        repo.conn.execute("SELECT data FROM entries WHERE id = ?", (with_history.id,)).fetchone()[0]
    )
    data["severity"] = "low"
    repo.conn.execute(
        "UPDATE entries SET data = ? WHERE id = ?", (canonical_json(data), with_history.id)
    )
    assert any("changed outside the app" in p for p in _problems(repo))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("title", "'A different title'"),
        ("severity", "'low'"),
        ("occurred_at", "'2020-01-01T00:00:00+00:00'"),
        ("recorded_at", "'2026-03-01T20:16:00+00:00'"),
        ("author_handle", "'@someone_else'"),
        ("shareable", "0"),
        ("attachment_count", "0"),
        ("deleted_at", "'2026-03-14T10:00:00+00:00'"),
        ("kind", "'checkin'"),
        ("kind", "'diary'"),
        ("impact_score", "9"),
        ("revision", "7"),
    ],
)
def test_verify_finds_an_altered_list_column(
    repo: Repository, with_history: Entry, column: str, value: str
) -> None:
    repo.conn.execute(f"UPDATE entries SET {column} = {value} WHERE id = ?", (with_history.id,))
    assert any("list details" in p for p in _problems(repo))


def test_verify_finds_altered_tags(repo: Repository, with_history: Entry) -> None:
    repo.conn.execute("DELETE FROM entry_tags")
    assert any("list details" in p for p in _problems(repo))


def test_verify_finds_a_tampered_attachment(repo: Repository, with_history: Entry) -> None:
    repo.conn.execute("UPDATE attachments SET data = ?", (PNG + b"edited",))
    assert any("no longer matches its SHA-256" in p for p in _problems(repo))


def test_verify_finds_a_swapped_attachment_with_its_hash(
    repo: Repository, with_history: Entry
) -> None:
    other = b"a different picture"
    repo.conn.execute(
        "UPDATE attachments SET data = ?, sha256 = ?", (other, hashlib.sha256(other).hexdigest())
    )
    assert any("isn't recorded" in p for p in _problems(repo))


def test_verify_finds_a_removed_attachment(repo: Repository, with_history: Entry) -> None:
    repo.conn.execute("DELETE FROM attachments")
    assert any("no longer in the journal" in p for p in _problems(repo))


def test_verify_finds_an_entry_without_history(repo: Repository, with_history: Entry) -> None:
    repo.conn.execute("DELETE FROM revisions WHERE entry_id = ?", (with_history.id,))
    assert any("no saved history" in p for p in _problems(repo))


def test_verify_passes_after_soft_delete_and_every_kind(
    repo: Repository, varied: dict[str, Entry]
) -> None:
    repo.delete(varied["old_threat"].id)
    report = verify(repo.conn)
    assert report.ok, report.problems


def test_attachment_model_is_not_the_bytes() -> None:
    meta = Attachment("1", "a.png", "image/png", 3, "abc", START, b"xyz")
    assert "xyz" not in repr(meta)
    assert meta.to_dict()["sha256"] == "abc"


def test_a_naive_clock_still_gives_unambiguous_times(journal: Journal) -> None:
    set_automatic(journal, False)
    naive = datetime(2026, 7, 1, 12, 30, 45, 987654)  # no time zone, with microseconds
    repo = Repository(journal.conn, clock=lambda: naive)
    entry = repo.add(incident())
    entry.title = "Edited"
    repo.update(entry)
    got = repo.get(entry.id)
    expected = naive.astimezone().astimezone(UTC).replace(microsecond=0)
    assert got.recorded_at == got.updated_at == expected
    assert got.recorded_at.tzinfo is not None and got.recorded_at.utcoffset() == timedelta(0)
    for revision in repo.history(entry.id):
        assert revision.data["recorded_at"] == expected.isoformat()
    assert verify(repo.conn).ok
