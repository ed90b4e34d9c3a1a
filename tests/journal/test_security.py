"""Nothing a person writes ever reaches the disk in the clear.

A marker goes into every text field of every kind of entry, into tags, settings,
drafts and an attachment's bytes; then every file under the data folder is
searched for it while the journal is open (WAL and SHM present) and after it
is closed (with its automatic backup written).
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import stat
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from journal.models import (
    _CHOICES,
    ENTRY_TYPES,
    Entry,
    NewAttachment,
    entry_from_dict,
)
from journal.paths import JournalPaths
from journal.repository import EntryQuery
from journal.session import Journal, Unlock

MARKER = "Qz7vMarkerXylophone"
ATTACHMENT_MARKER = b"Kp3wEvidenceBytesMarker"
UNICODE_MARKER = "Ærøskøbing-Ünïcødé-Qz7v"

# Fields that are not free text: enums, numbers, flags, dates, core-set values.
NOT_TEXT = set(_CHOICES) | {
    "occurred_at", "id", "recorded_at", "updated_at", "revision", "hash", "shareable",
    "attachments", "impact_score", "mood", "stress", "sleep", "confidence",
    "raise_in_supervision", "next_date", "demo", "police_reported_on",
}  # fmt: skip


def _text_fields(cls: type[Entry]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.name not in NOT_TEXT]


def _value(name: str, n: int) -> object:
    mark = f"{MARKER} {name} {n}"
    if name == "actions":
        return [{"what": mark + " what", "who": mark + " who"}]
    if name == "court_orders":
        return [{"kind": mark + " kind", "reference": mark + " reference"}]
    if name == "impact_tags":
        return [f"{MARKER.lower()} {n}"]
    if name in {"urls", "discussed"}:
        return [f"https://example.org/{MARKER}/{n}"]
    return mark


def marked_entries() -> list[dict[str, object]]:
    out = []
    for n, (kind, cls) in enumerate(ENTRY_TYPES.items()):
        data: dict[str, object] = {"kind": kind, "occurred_at": "2026-03-14T09:30:00+00:00"}
        for name in _text_fields(cls):
            data[name] = _value(name, n)
        data["description"] = f"{data['description']} {UNICODE_MARKER}"
        out.append(data)
    return out


def needles() -> list[bytes]:
    found = []
    for text in (MARKER, MARKER.lower(), UNICODE_MARKER, UNICODE_MARKER.lower()):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le"):
            found.append(text.encode(encoding))
    found.append(ATTACHMENT_MARKER)
    found.append(ATTACHMENT_MARKER.decode().encode("utf-16-le"))
    found.append(base64.b64encode(ATTACHMENT_MARKER * 4)[:24])
    return found


def leaks(root: Path) -> list[str]:
    """Every (file, needle) pair where a marker shows in the clear."""
    out = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        lowered = data.lower()
        for needle in needles():
            if needle in data or needle.lower() in lowered:
                out.append(f"{path.relative_to(root)}: {needle!r}")
    return out


def test_the_marker_covers_every_text_field() -> None:
    """If a kind gains a text field, it must be in the marker test too."""
    for data in marked_entries():
        entry, _files = entry_from_dict(data)
        kind_fields = _text_fields(type(entry))
        assert kind_fields, data["kind"]
        for name in kind_fields:
            assert MARKER in str(getattr(entry, name)) or MARKER.lower() in str(
                getattr(entry, name)
            ), f"{data['kind']}.{name}"


def test_leak_check_finds_plain_text(tmp_path: Path) -> None:
    """The check itself works: a marker in a plain file is found in every form."""
    (tmp_path / "a").write_text(MARKER, encoding="utf-16")
    (tmp_path / "b").write_bytes(b"xx" + MARKER.upper().encode() + b"yy")
    (tmp_path / "c").write_bytes(ATTACHMENT_MARKER)
    assert len({line.split(":")[0] for line in leaks(tmp_path)}) == 3


def test_no_marker_on_disk(paths: JournalPaths, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    try:
        evidence = NewAttachment(
            filename=f"{MARKER}-screenshot.png",
            mime="image/png",
            data=b"\x89PNG\r\n" + ATTACHMENT_MARKER * 200,
        )
        items = [entry_from_dict(d) for d in marked_entries()]
        saved = journal.repo.add_many(
            [(entry, [evidence] if entry.kind == "incident" else files) for entry, files in items]
        )
        incident = next(e for e in saved if e.kind == "incident")
        # A second revision, a soft delete and an undo: history holds the marker too.
        incident.title = f"{MARKER} edited title"
        incident = journal.repo.update(incident)
        journal.repo.delete(saved[1].id)
        journal.repo.undelete(saved[1].id)
        journal.repo.add_tag(f"{MARKER.lower()} own tag")
        journal.repo.set_setting("manager", {"name": MARKER, "email": f"{MARKER}@example.org"})
        journal.repo.save_draft("draft-1", {"title": MARKER, "description": UNICODE_MARKER})

        # The journal really holds the text (so the test could fail)...
        assert journal.repo.count(EntryQuery(text=MARKER)) == len(saved)
        again = journal.repo.get(incident.id)
        assert journal.repo.attachment(again.attachments[0].id).data == evidence.data
        # ...while nothing on disk shows it, WAL included.
        present = {p.name for p in paths.root.iterdir()}
        assert {"journal.db", "journal.db-wal", "journal.db-shm"} <= present
        assert leaks(paths.root) == []
    finally:
        journal.close()

    assert (paths.backups).exists()  # the automatic backup on close was written
    assert any(p.is_file() for p in paths.backups.rglob("*"))
    assert leaks(paths.root) == []

    with Journal.open(paths, Unlock()) as reopened:
        assert reopened.repo.count(EntryQuery(text=MARKER)) == len(saved)
        assert reopened.repo.get_setting("manager")["name"] == MARKER
    assert leaks(paths.root) == []

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert MARKER not in logged and MARKER.lower() not in logged


def test_secret_files_are_private(paths: JournalPaths) -> None:
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        journal.repo.add(entry_from_dict(marked_entries()[0])[0])
        for path in paths.root.iterdir():
            if path.is_file():
                assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name
    assert stat.S_IMODE(paths.root.stat().st_mode) & 0o077 == 0
    for path in paths.root.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


def test_keyring_holds_no_journal_content(paths: JournalPaths, memory_keyring) -> None:
    journal, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    with journal:
        journal.repo.add(entry_from_dict(marked_entries()[0])[0])
    for (service, account), secret in memory_keyring.passwords.items():
        assert MARKER not in service + account + secret
        assert PASSPHRASE not in secret
