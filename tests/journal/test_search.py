"""Full-text search: prefixes, ranking, every field, kept in step, and no input ever fails."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import search
from journal.backup import set_automatic
from journal.models import CheckIn, Entry, Incident, SearchLogEntry, SupervisionRecord
from journal.repository import EntryQuery, Repository
from journal.session import Journal

WHEN = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def repo(journal: Journal) -> Repository:
    set_automatic(journal, False)
    return journal.repo


def add(repo: Repository, entry: Entry) -> str:
    return repo.add(entry).id


def found(repo: Repository, text: str, **query: object) -> list[str]:
    return [r.id for r in repo.list_entries(EntryQuery(text=text, **query))]  # type: ignore[arg-type]


def test_prefixes_and_all_words(repo: Repository) -> None:
    threat = add(repo, Incident(title="Threatening email", occurred_at=WHEN))
    add(repo, Incident(title="Email about the hearing", occurred_at=WHEN))
    assert found(repo, "thr") == [threat]
    assert found(repo, "thr ema") == [threat]
    assert found(repo, "THREATENING") == [threat]
    assert len(found(repo, "email")) == 2
    assert found(repo, "threatening pizza") == []
    assert repo.count(EntryQuery(text="ema")) == 2


def test_every_searchable_field(repo: Repository) -> None:
    made = {
        "description": Incident(title="a", occurred_at=WHEN, description="zebrafish"),
        "quoted": Incident(title="b", occurred_at=WHEN, quoted_text="kangaroo"),
        "tags": Incident(title="c", occurred_at=WHEN, impact_tags=["walrus"]),
        "handle": Incident(title="d", occurred_at=WHEN, author_handle="@platypus_77"),
        "case": Incident(title="e", occurred_at=WHEN, case_ref="CASE9931"),
        "url": Incident(title="f", occurred_at=WHEN, urls=["https://example.org/ocelot"]),
        "outcome": Incident(title="g", occurred_at=WHEN, platform_report_outcome="armadillo"),
        "private": Incident(title="h", occurred_at=WHEN, private_notes="narwhal"),
        "checkin": CheckIn(description="pelican"),
        "search_reason": SearchLogEntry(query="q", reason="flamingo"),
        "search_ref": SearchLogEntry(query="q", reason="r", case_ref="CASE4412"),
        "supervisor": SupervisionRecord(supervisor="Tamarind"),
    }
    saved = {name: add(repo, entry) for name, entry in made.items()}
    for name, word in [
        ("description", "zebra"), ("quoted", "kangaroo"), ("tags", "walrus"),
        ("handle", "platypus"), ("case", "case9931"), ("url", "ocelot"),
        ("outcome", "armadillo"), ("private", "narwhal"), ("checkin", "pelican"),
        ("search_reason", "flamingo"), ("search_ref", "case4412"), ("supervisor", "tamarind"),
    ]:  # fmt: skip
        assert found(repo, word) == [saved[name]], name


def test_private_notes_can_be_left_out(repo: Repository) -> None:
    secret = add(repo, Incident(title="Post", occurred_at=WHEN, private_notes="narwhal"))
    assert found(repo, "narwhal") == [secret]
    assert found(repo, "narwhal", include_private_in_search=False) == []
    assert found(repo, "post", include_private_in_search=False) == [secret]


def test_accents_do_not_matter(repo: Repository) -> None:
    entry = add(repo, Incident(title="Café owner's review", occurred_at=WHEN))
    assert found(repo, "cafe") == [entry]
    assert found(repo, "CAFÉ") == [entry]


def test_title_hit_ranks_above_body_hit(repo: Repository) -> None:
    body = add(
        repo,
        Incident(
            title="Message late at night",
            occurred_at=datetime(2026, 2, 3, tzinfo=UTC),  # newer, so first by date
            description="It mentioned the harassment campaign once among other words.",
        ),
    )
    title = add(repo, Incident(title="Harassment campaign", occurred_at=WHEN))
    assert [r.id for r in repo.search("harassment")] == [title, body]
    assert found(repo, "harassment") == [body, title]  # the list order stays by date


def test_snippet_marks_the_hit(repo: Repository) -> None:
    text = "they posted\n\nmy address again"
    add(repo, Incident(title="x", occurred_at=WHEN, description=text))
    (row,) = repo.search("addr")
    assert f"{search.HIT_START}address{search.HIT_END}" in row.snippet
    # One line for a list row, however many lines the text has.
    assert search.strip_markers(row.snippet) == "they posted my address again"


def test_search_by_kind(repo: Repository) -> None:
    add(repo, Incident(title="Court week", occurred_at=WHEN))
    checkin = add(repo, CheckIn(description="court week was hard"))
    assert [r.id for r in repo.search("court", kind="checkin")] == [checkin]


def test_index_follows_updates(repo: Repository) -> None:
    entry = repo.add(Incident(title="Original wording", occurred_at=WHEN, quoted_text="liar"))
    entry.title = "Replacement phrasing"
    entry.quoted_text = "fraud"
    repo.update(entry)
    assert found(repo, "original") == []
    assert found(repo, "liar") == []
    assert found(repo, "replacement") == [entry.id]
    assert found(repo, "fraud") == [entry.id]
    assert repo.conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 1


def test_index_follows_delete_and_undelete(repo: Repository) -> None:
    entry = add(repo, Incident(title="Doxxing post", occurred_at=WHEN))
    repo.delete(entry)
    assert found(repo, "doxxing") == []
    assert repo.conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 0
    repo.undelete(entry)
    assert found(repo, "doxxing") == [entry]
    assert repo.conn.execute("SELECT count(*) FROM entries_fts").fetchone()[0] == 1


def test_tags_changed_on_update_are_searchable(repo: Repository) -> None:
    entry = repo.add(Incident(title="x", occurred_at=WHEN, impact_tags=["upset"]))
    entry.impact_tags = ["fearful"]
    repo.update(entry)
    assert found(repo, "upset") == []
    assert found(repo, "fearful") == [entry.id]
    assert [r.id for r in repo.list_entries(EntryQuery(tag="upset"))] == []


def test_search_with_filters_and_paging(repo: Repository) -> None:
    for n in range(5):
        add(repo, Incident(title=f"Review {n}", occurred_at=WHEN, severity="high"))
    add(repo, Incident(title="Review low", occurred_at=WHEN, severity="low"))
    high = EntryQuery(text="review", severities=frozenset({"high"}), limit=2)
    assert len(repo.list_entries(high)) == 2
    assert repo.count(high) == 5


@pytest.mark.parametrize(
    "typed",
    [
        '"', "'", '"unbalanced', "a AND", "OR", "NOT x", "NEAR(a b)", "title:x", "{title}: x",
        "x*", "*", "^x", "(", ")", "a - b", "x:y:z", "-", "+", "\\", "%", "_", "'; DROP TABLE x",
        "\x00", "😀", "ǅ", "٣", "x" * 5000, "a " * 200, "\u202e", "",  "   ",
    ],
)  # fmt: skip
def test_punctuation_and_operators_never_raise(repo: Repository, typed: str) -> None:
    add(repo, Incident(title="Threatening email about NEAR title", occurred_at=WHEN))
    repo.list_entries(EntryQuery(text=typed))
    repo.count(EntryQuery(text=typed))
    repo.search(typed)
    repo.list_entries(EntryQuery(text=typed, include_private_in_search=False))


def test_operator_words_are_plain_words(repo: Repository) -> None:
    entry = add(repo, Incident(title="Not near or and", occurred_at=WHEN))
    assert found(repo, "NOT NEAR") == [entry]
    assert found(repo, "or and") == [entry]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=60))
def test_any_text_is_a_safe_query(repo: Repository, typed: str) -> None:
    if repo.count() == 0:
        add(repo, Incident(title="Threatening email", occurred_at=WHEN, description="x y z"))
    rows = repo.list_entries(EntryQuery(text=typed))
    assert repo.count(EntryQuery(text=typed)) == len(rows)
    repo.search(typed)


@given(st.text(max_size=200))
def test_build_match_quotes_every_term(typed: str) -> None:
    match = search.build_match(typed)
    words = search.terms(typed)
    if not words:
        assert match is None
        return
    assert match is not None
    assert match.count('"') == 2 * len(words)
    assert len(words) <= search.MAX_TERMS
    for word in words:
        assert '"' not in word


def test_private_filter_expression() -> None:
    assert search.build_match("abc", include_private=False) == (
        '{title body quoted tags refs} : ("abc"*)'
    )
    assert search.build_match("a b") == '"a"* AND "b"*'


def test_where_the_match_is_and_what_the_list_may_show(repo: Repository) -> None:
    quoted = add(repo, Incident(title="A message", quoted_text="you will regret this"))
    body = add(repo, Incident(title="A post", description="They said I should regret it all"))
    private = add(repo, Incident(title="Another post", private_notes="I regret replying"))
    hits = {s.id: s for s in repo.list_entries(EntryQuery(text="regret"))}
    assert hits[quoted].matched_in == "quoted" and hits[quoted].snippet == ""
    assert hits[private].matched_in == "private" and hits[private].snippet == ""
    assert hits[body].matched_in == "body"
    assert f"{search.HIT_START}regret{search.HIT_END}" in hits[body].snippet
    assert "will" not in " ".join(s.snippet for s in hits.values())
    shared = repo.list_entries(EntryQuery(text="regret", include_private_in_search=False))
    assert {s.id for s in shared} == {quoted, body}


def test_make_snippet_windows_long_text() -> None:
    text = " ".join(f"word{i}" for i in range(100)) + " needle " + "tail " * 50
    snippet = search.make_snippet(text, ["needle"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert f"{search.HIT_START}needle{search.HIT_END}" in snippet
    assert len(snippet.split()) <= 12
    assert search.make_snippet("nothing here", ["needle"]) == ""
