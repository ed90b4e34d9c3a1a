"""One chain for the whole journal: every change the review made with the key is reported.

Each tamper here is what someone holding the key could do with plain SQL, with every
per-entry hash recomputed so the older checks pass; ``verify`` must say what changed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from journal import ledger
from journal.compact import unpack_revision
from journal.export.log import ExportLog
from journal.models import Incident
from journal.repository import GENESIS_HASH, canonical_json, chain_hash
from journal.retention import purge_entries
from journal.session import Journal
from journal.verify import verify

LONG_AGO = datetime(2015, 1, 5, 9, 0, tzinfo=UTC)


def _problems(journal: Journal) -> list[str]:
    return verify(journal.conn).problems


@pytest.fixture
def filled(journal: Journal) -> Journal:
    first = journal.repo.add(Incident(title="Threat in a comment", occurred_at=LONG_AGO))
    second = journal.repo.add(
        Incident(title="Message naming my child", private_notes="my own worry", shareable=False)
    )
    second.title = "Message naming my child (edited)"
    journal.repo.update(second)
    journal.repo.delete(first.id)
    journal.repo.undelete(first.id)
    assert _problems(journal) == []
    return journal


def _rewrite(journal: Journal, entry_id: str, change: dict[str, object]) -> None:
    """Change an entry and every revision's hash after it, as a careful forger would."""
    conn = journal.conn
    revisions = conn.execute(
        "SELECT revision, data FROM revisions WHERE entry_id = ? ORDER BY revision", (entry_id,)
    ).fetchall()
    head = conn.execute("SELECT data FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
    prev = GENESIS_HASH
    for revision, data in revisions:
        # Stored compressed, or empty for the newest (journal/compact.py); plain text is read too.
        fields = json.loads(unpack_revision(data, head) or "{}") | change
        text = canonical_json(fields)
        new = chain_hash(prev, text)
        conn.execute(
            "UPDATE revisions SET data = ?, prev_hash = ?, hash = ? "
            "WHERE entry_id = ? AND revision = ?",
            (text, prev, new, entry_id, revision),
        )
        prev = new
    shareable = int(bool(fields.get("shareable")))
    conn.execute(
        "UPDATE entries SET data = ?, hash = ?, shareable = ?, title = ? WHERE id = ?",
        (text, prev, shareable, fields["title"], entry_id),
    )


def _ids(journal: Journal) -> list[str]:
    return [r[0] for r in journal.conn.execute("SELECT id FROM entries ORDER BY rowid")]


def test_deleting_a_whole_entry_with_its_history_is_reported(filled: Journal) -> None:
    victim = _ids(filled)[0]
    filled.conn.execute("DELETE FROM revisions WHERE entry_id = ?", (victim,))
    filled.conn.execute(
        "DELETE FROM entries_fts WHERE rowid = (SELECT rowid FROM entries WHERE id = ?)", (victim,)
    )
    filled.conn.execute("DELETE FROM entries WHERE id = ?", (victim,))
    problems = _problems(filled)
    assert any(f"Entry {victim[:8]} is gone, with its history" in p for p in problems), problems


def test_flipping_shareable_with_recomputed_hashes_is_reported(filled: Journal) -> None:
    victim = _ids(filled)[1]
    _rewrite(filled, victim, {"shareable": True})
    problems = _problems(filled)
    assert any(
        f"Entry {victim[:8]} isn't what its last recorded change saved" in p for p in problems
    )


def test_rewriting_private_notes_with_recomputed_hashes_is_reported(filled: Journal) -> None:
    victim = _ids(filled)[1]
    _rewrite(filled, victim, {"private_notes": "something else"})
    assert any("private notes" in p for p in _problems(filled))


def test_deleting_the_export_log_is_reported(filled: Journal) -> None:
    from journal.export.log import ExportRecord

    record = ExportRecord(
        id="exp-1", created_at=datetime.now(UTC), recipient_name="Sam",
        recipient_email="sam@example.org", formats=("pdf",), urgent=False,
        includes_threat=False, period_since=None, period_until=None,
    )  # fmt: skip
    ExportLog(filled.repo).record(record)
    assert _problems(filled) == []
    filled.conn.execute("DELETE FROM exports")
    problems = _problems(filled)
    assert any("was removed from the export log" in p for p in problems), problems


def test_changing_only_the_search_index_is_reported(filled: Journal) -> None:
    rowid = filled.conn.execute("SELECT rowid FROM entries WHERE deleted_at IS NULL").fetchone()[0]
    # The index keeps no text of its own: a forger deletes the row and indexes other words.
    filled.conn.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
    filled.conn.execute(
        "INSERT INTO entries_fts (rowid, title) VALUES (?, 'nothing to see')", (rowid,)
    )
    assert any("search index doesn't match" in p for p in _problems(filled))


def test_an_entry_added_outside_the_app_is_reported(filled: Journal) -> None:
    row = filled.conn.execute("SELECT * FROM entries LIMIT 1").fetchone()
    columns = [d[0] for d in filled.conn.execute("SELECT * FROM entries LIMIT 1").description]
    values = dict(zip(columns, row, strict=True)) | {"rowid": None, "id": "forged-entry-0001"}
    filled.conn.execute(
        f"INSERT INTO entries ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )
    assert any("forged-e" in p and "added outside the app" in p for p in _problems(filled))


def test_an_altered_change_record_is_reported(filled: Journal) -> None:
    filled.conn.execute("UPDATE ledger SET at = '2020-01-01T00:00:00+00:00' WHERE seq = 2")
    assert any("altered at change 2" in p for p in _problems(filled))


def test_a_removed_change_is_reported(filled: Journal) -> None:
    filled.conn.execute("DELETE FROM ledger WHERE seq = 3")
    assert any("change 3 is missing" in p for p in _problems(filled))


def test_a_purge_leaves_a_tombstone_without_content(filled: Journal) -> None:
    old = _ids(filled)[0]
    purge_entries(filled.repo, 2)
    assert old not in _ids(filled)
    assert _problems(filled) == []
    rows = filled.conn.execute(
        "SELECT action, subject, digest FROM ledger WHERE subject = ? ORDER BY seq DESC", (old,)
    ).fetchall()
    assert rows[0][0] == "purge" and len(rows[0][2]) == 64
    text = " ".join(str(v) for r in filled.conn.execute("SELECT * FROM ledger") for v in r)
    assert "Threat in a comment" not in text and "my own worry" not in text


def test_every_change_appends_one_event(journal: Journal) -> None:
    before, _ = ledger.head(journal.conn)
    entry = journal.repo.add(Incident(title="one"))
    entry.shareable = not entry.shareable
    journal.repo.update(entry)
    journal.repo.delete(entry.id)
    after, _ = ledger.head(journal.conn)
    assert after - before == 3
