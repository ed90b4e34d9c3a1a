"""Screenshot import: original bytes and hashes, taken times from every source, duplicates."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, Run
from helpers.pictures import heic, jpeg, png

from journal import screenshots
from journal.cli import main
from journal.models import Incident
from journal.paths import JournalPaths
from journal.screenshots import (
    FROM_EXIF,
    FROM_FILE_NAME,
    FROM_FILE_TIME,
    FROM_PNG_TEXT,
    FROM_PNG_TIME,
    read_files,
    read_screenshot,
    save_import,
)
from journal.session import Journal, Unlock


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def local(*parts: int) -> datetime:
    return datetime(*parts).astimezone()  # type: ignore[arg-type]


def test_exif_time_with_its_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.jpg", jpeg("2026:12:04 15:43:00", "+05:30"))
    shot = read_screenshot(path)
    assert shot.taken_from == FROM_EXIF
    assert shot.taken_at == datetime(2026, 12, 4, 15, 43, tzinfo=timezone(timedelta(hours=5.5)))
    assert shot.taken_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert shot.mime == "image/jpeg"


def test_exif_time_without_an_offset_is_local(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.jpg", jpeg("2026:12:04 15:43:00"))
    shot = read_screenshot(path)
    assert (shot.taken_from, shot.taken_at) == (FROM_EXIF, local(2026, 12, 4, 15, 43))


def test_exif_beats_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "IMG_20200101_101010.jpg", jpeg("2026:12:04 15:43:00", "-05:00"))
    shot = read_screenshot(path)
    assert shot.taken_from == FROM_EXIF
    assert shot.taken_at.astimezone(UTC) == datetime(2026, 12, 4, 20, 43, tzinfo=UTC)


def test_png_time_chunk_is_utc(tmp_path: Path) -> None:
    path = write(tmp_path, "capture.png", png(time_chunk=datetime(2026, 11, 30, 7, 5, 9)))
    shot = read_screenshot(path)
    assert (shot.taken_from, shot.taken_at) == (
        FROM_PNG_TIME,
        datetime(2026, 11, 30, 7, 5, 9, tzinfo=UTC),
    )


def test_png_creation_text(tmp_path: Path) -> None:
    data = png(creation_time="2026-10-01T08:15:00+02:00", time_chunk=datetime(2027, 1, 1))
    shot = read_screenshot(write(tmp_path, "capture.png", data))
    assert shot.taken_from == FROM_PNG_TEXT
    assert shot.taken_at == datetime(2026, 10, 1, 8, 15, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    "name",
    [
        "Screenshot_20261204-154300_Facebook.png",
        "Screenshot 2026-12-04 at 15.43.00.png",
        "IMG_20261204_154300.png",
        "PXL_20261204_154300123.png",
        "Screenshot_2026-12-04-15-43-00-123.png",
    ],
)
def test_phone_file_names(tmp_path: Path, name: str) -> None:
    shot = read_screenshot(write(tmp_path, name, png()))
    assert (shot.taken_from, shot.taken_at) == (FROM_FILE_NAME, local(2026, 12, 4, 15, 43))


def test_otherwise_the_file_time(tmp_path: Path) -> None:
    path = write(tmp_path, "picture.png", png())
    stamp = datetime(2026, 9, 1, 12, 0, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    shot = read_screenshot(path)
    assert (shot.taken_from, shot.taken_at) == (
        FROM_FILE_TIME,
        datetime(2026, 9, 1, 12, 0, tzinfo=UTC),
    )
    assert "computer" in shot.taken_from_label


def test_heic_from_an_iphone(tmp_path: Path) -> None:
    path = write(tmp_path, "IMG_0042.HEIC", heic("2026:12:03 21:10:00", "+00:00"))
    shot = read_screenshot(path)
    assert shot.mime == "image/heic"
    assert (shot.taken_from, shot.taken_at) == (
        FROM_EXIF,
        datetime(2026, 12, 3, 21, 10, tzinfo=UTC),
    )


def test_heic_refused_clearly_without_a_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screenshots, "_heif_ready", False)
    write(tmp_path / "in", "IMG_0042.heic", heic("2026:12:03 21:10:00", "+00:00"))
    plan = read_files(None, [tmp_path / "in"])
    assert plan.files == ()
    assert "HEIC" in plan.skipped[0].reason and "JPEG" in plan.skipped[0].reason


def test_import_keeps_the_original_bytes_and_skips_what_is_already_there(
    journal: Journal, tmp_path: Path
) -> None:
    folder = tmp_path / "phone"
    first = write(folder, "Screenshot_20261204-154300.png", png(colour=(1, 1, 1)))
    second = write(folder, "IMG_20261205_090000.jpg", jpeg("2026:12:05 09:00:00", "+00:00"))
    write(folder, "notes.txt", b"not a picture")
    write(folder, "copy.png", first.read_bytes())  # the same file twice in one folder

    plan = read_files(journal.repo, [folder])
    assert [f.filename for f in plan.files] == [first.name, second.name]  # in time order
    assert any("same file" in s.reason for s in plan.skipped)
    result = save_import(journal.repo, plan)
    assert len(result.incidents) == 2
    incident, _files = result.incidents[0]
    stored = journal.repo.get(incident.id)
    assert isinstance(stored, Incident)
    assert stored.occurred_at == local(2026, 12, 4, 15, 43)
    att = journal.repo.attachment(stored.attachments[0].id)
    assert att.data == first.read_bytes()
    assert att.filename == first.name
    assert att.sha256 == hashlib.sha256(first.read_bytes()).hexdigest()
    assert screenshots.taken_sources(journal.repo, [att.id]) == {att.id: FROM_FILE_NAME}

    again = save_import(journal.repo, read_files(journal.repo, [folder]))
    assert again.incidents == ()
    assert {f.duplicate_of for f in again.duplicates} == {i.id for i, _ in result.incidents}
    count = journal.conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
    assert count == 2


def test_one_incident_for_all(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "phone"
    write(folder, "IMG_20261205_090000.jpg", jpeg("2026:12:05 09:00:00", "+00:00"))
    write(folder, "IMG_20261204_090000.jpg", jpeg("2026:12:04 09:00:00", "+00:00", (9, 9, 9)))
    result = save_import(journal.repo, read_files(journal.repo, [folder]), one_incident=True)
    ((incident, _files),) = result.incidents
    assert len(journal.repo.get(incident.id).attachments) == 2
    assert incident.occurred_at == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # the earliest
    assert "2 screenshots" in incident.title


# -- the command line ----------------------------------------------------------------------


def test_cli_import_prints_what_it_created(run: Run, ready: JournalPaths, tmp_path: Path) -> None:
    folder = tmp_path / "phone"
    write(folder, "Screenshot 2026-12-04 at 15.43.00.png", png())
    write(folder, "IMG_20261205_090000.jpg", jpeg("2026:12:05 09:00:00", "+01:00"))
    code, out, err = run("import", str(folder), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [f["files"][0]["taken_from"] for f in data["created"]] == ["file_name", "exif"]
    with Journal.open(ready, Unlock(passphrase=PASSPHRASE)) as journal:
        ids = {r.id for r in journal.repo.list_entries()}
    assert ids == {c["id"] for c in data["created"]}

    code, out, err = run("import", str(folder))
    assert code == 0
    assert out.count("Already in the journal, not stored again") == 2


def test_cli_import_one_incident_text(run: Run, ready: JournalPaths, tmp_path: Path) -> None:
    a = write(tmp_path, "IMG_20261205_090000.jpg", jpeg("2026:12:05 09:00:00", "+01:00"))
    b = write(tmp_path, "PXL_20261204_154300123.png", png())
    code, out, _ = run("import", str(a), str(b), "--one-incident")
    assert code == 0
    assert out.startswith("Created 1 incident from 2 screenshots")
    assert "from the file's name" in out and "(EXIF)" in out


def test_cli_import_refuses_what_it_cannot_use(
    run: Run, ready: JournalPaths, tmp_path: Path
) -> None:
    code, _out, err = run("import", str(tmp_path / "missing.png"))
    assert code == 8 and "doesn't exist" in err and len(err.splitlines()) == 1
    text = write(tmp_path, "notes.png", b"plain text, not a picture")
    code, _out, err = run("import", str(text))
    assert code == 8 and "Nothing was imported" in err and "Traceback" not in err


def test_a_file_changed_after_review_is_not_imported(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path, "IMG_20261204_154300.png", png())
    plan = read_files(journal.repo, [path])
    assert plan.files[0].data == b""  # not held in memory between review and saving
    path.write_bytes(png(colour=(9, 9, 9)))
    with pytest.raises(screenshots.ChangedSinceReview):
        save_import(journal.repo, plan)
    assert journal.repo.count() == 0


def _connect(path: Path, key: bytes) -> Any:
    from journal import store

    conn = store._driver().connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(store._key_pragma(key))
    return conn


def _version_before_persons(tmp_path: Path) -> int:
    """Where this change's migration sits, however many others are appended around it."""
    from journal import store
    from journal.keys import new_database_key

    conn = _connect(tmp_path / "probe.db", new_database_key())
    try:
        for version, step in enumerate(store.MIGRATIONS):
            step(conn)
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'persons'").fetchone():
                return version
    finally:
        conn.close()
    raise AssertionError("no migration makes the persons table")


def test_evidence_saved_before_the_upgrade_is_recognised(
    paths: JournalPaths, tmp_path: Path
) -> None:
    """A journal at the version before persons and import came, with a screenshot in it."""
    from journal import store
    from journal.keys import KeySlots, new_database_key
    from journal.models import NewAttachment
    from journal.repository import Repository

    before = _version_before_persons(tmp_path)
    paths.ensure_root()
    key = new_database_key()
    conn = _connect(paths.database, key)
    for step in store.MIGRATIONS[:before]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {before}")
    old_png = png(colour=(3, 4, 5))
    old = Repository(conn).add(
        Incident(title="Attached by hand"), [NewAttachment("old.png", "image/png", old_png)]
    )
    conn.close()
    slots = KeySlots.new()
    slots.set_passphrase(key, PASSPHRASE)
    slots.save(paths.key_slots)

    folder = tmp_path / "phone"
    write(folder, "IMG_20261204_154300.png", old_png)
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        assert journal.conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        plan = read_files(journal.repo, [folder])
        assert plan.files[0].duplicate_of == old.id
        att = old.attachments[0].id
        assert screenshots.taken_sources(journal.repo, [att]) == {att: ""}


def test_help_documents_the_new_commands(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, words in (
        (["import", "--help"], ["FILE|DIR", "--one-incident", "--json"]),
        (["chronology", "--help"], ["--person LABEL", "--out FILE", "--password-file F"]),
    ):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
        out = capsys.readouterr().out
        for word in words:
            assert word in out, (argv, word)
