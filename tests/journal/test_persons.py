"""Persons: a chosen label over several handles; by-person conduct; history; add's "person"."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import PASSPHRASE, Run

from journal import persons
from journal.errors import ValidationError
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock


def incident(handle: str, when: str, platform: str = "x", severity: str = "medium") -> Incident:
    return Incident(
        title=f"Post by {handle}",
        occurred_at=datetime.fromisoformat(when),
        author_handle=handle,
        platform=platform,
        severity=severity,
    )


def test_a_person_gathers_every_account(journal: Journal) -> None:
    repo = journal.repo
    repo.add(incident("@dad_fights_back", "2026-10-01T10:00:00+00:00", "x", "low"))
    repo.add(incident("@truth4kids", "2026-11-05T10:00:00+00:00", "facebook", "high"))
    repo.add(incident("@truth4kids", "2026-11-20T10:00:00+00:00", "facebook"))
    repo.add(incident("@someone_else", "2026-11-21T10:00:00+00:00"))

    assert persons.link(repo, "@dad_fights_back", "Parent A, case 123")
    assert persons.link(repo, "@truth4kids", "parent a,  case 123")  # same label, any case
    assert not persons.link(repo, "@truth4kids", "Parent A, case 123")  # nothing to change

    rows = persons.conduct(repo)
    assert [(r.label, r.count) for r in rows] == [("Parent A, case 123", 3), ("", 1)]
    person = rows[0]
    assert person.handles == ("@dad_fights_back", "@truth4kids")
    assert person.first == datetime(2026, 10, 1, 10, tzinfo=UTC)
    assert person.last == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert person.worst_severity == "high"
    assert person.platforms == ("facebook", "x")
    assert rows[1].handles == ("@someone_else",)
    assert len(persons.incident_ids(repo, "Parent A, case 123")) == 3


def test_linking_and_unlinking_are_in_the_history(journal: Journal) -> None:
    repo = journal.repo
    persons.link(repo, "@one", "Parent A")
    persons.link(repo, "@one", "Parent B")  # moved: an unlink from A, a link to B
    assert persons.unlink(repo, "@one")
    assert not persons.unlink(repo, "@one")
    events = [(e.action, e.label, e.handle) for e in persons.history(repo)]
    assert events == [
        ("linked", "Parent A", "@one"),
        ("unlinked", "Parent A", "@one"),
        ("linked", "Parent B", "@one"),
        ("unlinked", "Parent B", "@one"),
    ]
    assert [e.action for e in persons.history(repo, "Parent A")] == ["linked", "unlinked"]
    assert persons.get(repo, "Parent B").handles == ()


def test_labels_are_checked(journal: Journal) -> None:
    with pytest.raises(ValidationError):
        persons.link(journal.repo, "@one", "   ")
    with pytest.raises(ValidationError):
        persons.link(journal.repo, "  ", "Parent A")
    assert persons.all_persons(journal.repo) == []


def test_add_links_the_author_to_a_person(run: Run, ready: JournalPaths, tmp_path: Path) -> None:
    data = [
        {"kind": "incident", "title": "Post", "occurred_at": "2026-11-01T09:00:00+00:00",
         "author_handle": "@dad_fights_back", "person": "Parent A, case 123"},
        {"kind": "incident", "title": "Reel", "occurred_at": "2026-11-02T09:00:00+00:00",
         "author_handle": "@truth4kids", "platform": "tiktok", "person": "Parent A, case 123"},
    ]  # fmt: skip
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("add", str(source), "--json")
    assert code == 0, err
    assert [e["person"] for e in json.loads(out)] == ["Parent A, case 123"] * 2
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        person = persons.get(journal.repo, "Parent A, case 123")
        assert person.handles == ("@dad_fights_back", "@truth4kids")
        first = persons.incident_ids(journal.repo, person.label)[0]
    code, out, _ = run("show", first[:8], "--json")
    assert json.loads(out)["person"] == "Parent A, case 123"
    code, out, _ = run("list", "--json")
    assert [e["person"] for e in json.loads(out)] == ["Parent A, case 123"] * 2


def test_add_with_a_person_but_no_handle_writes_nothing(
    run: Run, ready: JournalPaths, tmp_path: Path
) -> None:
    data = {"kind": "incident", "title": "Post", "occurred_at": "2026-11-01T09:00:00+00:00",
            "person": "Parent A"}  # fmt: skip
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = run("add", str(source))
    assert code == 8 and "author_handle" in err and len(err.splitlines()) == 1
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        assert journal.repo.count() == 0
        assert persons.all_persons(journal.repo) == []
