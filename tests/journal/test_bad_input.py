"""Bad input: accepted, or refused in one clear line; never a traceback, a crash or half a write."""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.backup import write_backup
from journal.cli import main
from journal.models import Incident
from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.timeutil import now
from journal.verify import verify

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KINDS = ["incident", "checkin", "search", "supervision"]
FIELDS = [
    "kind", "title", "occurred_at", "description", "private_notes", "shareable", "platform",
    "category", "severity", "impact_tags", "impact_score", "author_handle", "case_ref", "urls",
    "quoted_text", "status", "mood", "stress", "confidence", "sleep", "query", "where",
    "reason", "agreed_by", "supervisor", "actions", "next_date", "attachments", "note", "id",
]  # fmt: skip
EMOJI = "😡🧒🏽👨‍👩‍👧"
RTL = "مرحبا שלום"
AWKWARD = st.sampled_from(["\x00", "\n", "\u202e", EMOJI, RTL, "\ufeff", "\\", '"', "\ud7ff"])

texts = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.text(max_size=10), AWKWARD),
    st.builds(lambda n, ch: ch * n, st.sampled_from([299, 300, 301, 100_001]), st.just("é")),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.sampled_from(["2026-03-14T09:30:00+00:00", "2026-03-14", "9999-12-31T23:59:59", "low"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
entries = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(KINDS), values)},
    optional={
        "title": st.one_of(texts, values),
        "occurred_at": st.one_of(st.just("2026-03-14T09:30:00+01:00"), values),
        "reason": st.one_of(texts, values),
    },
).flatmap(
    lambda base: st.dictionaries(
        st.sampled_from(FIELDS) | st.text(max_size=12), values, max_size=5
    ).map(lambda extra: {**extra, **base})
)
documents = st.one_of(entries, st.lists(entries, max_size=4), values)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_clear_line(err: str) -> None:
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, repr(err[:300])
    assert err.startswith("practitioner-journal: ")
    assert "something unexpected" not in err, err
    assert len(err) < 1200


def count(paths: JournalPaths) -> int:
    with Journal.open(paths, Unlock()) as journal:
        return int(journal.conn.execute("SELECT count(*) FROM entries").fetchone()[0])


@pytest.fixture
def ready(paths: JournalPaths) -> Iterator[JournalPaths]:
    journal, _ = Journal.create(paths, passphrase="bad input passphrase")
    journal.close()
    yield paths


@SETTINGS
@given(document=documents)
def test_add_accepts_or_refuses_any_json_cleanly(
    ready: JournalPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], document: Any
) -> None:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = count(ready)
    code, out, err = run_cli(["add", str(source)], capsys)
    if code == 0:
        items = document if isinstance(document, list) else [document]
        assert err == ""
        assert len(out.split()) == len(items)
        assert count(ready) == before + len(items)
    else:
        assert code == 8, err
        assert out == ""
        assert_one_clear_line(err)
        assert count(ready) == before  # nothing half written


def test_add_malformed_files_are_refused_in_one_line(
    ready: JournalPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases: dict[str, bytes] = {
        "empty": b"",
        "not json": b"title: hello",
        "invalid utf-8": b'{"kind": "incident", "title": "\xff\xfe"}',
        "utf-16": json.dumps({"kind": "checkin"}).encode("utf-16"),
        "huge number": b"[" + b"9" * 5000 + b"]",
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "newline in a key": b'{"kind": "checkin", "a\\nb\\u0000c": 1}',
        "huge key": json.dumps({"kind": "checkin", "k" * 200_000: 1}).encode(),
        "no entries": b"[]",
        "a string": b'"incident"',
        "NUL in text": json.dumps(
            {"kind": "incident", "title": "a\x00b", "occurred_at": "2026-01-01"}
        ).encode(),
        "far future": b'{"kind": "incident", "title": "t", "occurred_at": "9999-12-31T23:59:59"}',
    }
    before = count(ready)
    for name, content in cases.items():
        source = tmp_path / "input.json"
        source.write_bytes(content)
        code, out, err = run_cli(["add", str(source)], capsys)
        assert code == 8, (name, err)
        assert out == ""
        assert_one_clear_line(err)
        if name == "NUL in text":
            assert "NUL" in err
    assert run_cli(["add", str(tmp_path / "missing.json")], capsys)[0] == 8
    assert count(ready) == before


def test_far_future_time_in_a_western_time_zone_is_refused_not_a_crash(
    ready: JournalPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        source = tmp_path / "input.json"
        source.write_text(
            json.dumps({"kind": "incident", "title": "t", "occurred_at": "9999-12-31T23:59:59"}),
            encoding="utf-8",
        )
        code, _out, err = run_cli(["add", str(source)], capsys)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert code == 8
    assert_one_clear_line(err)


def test_long_text_emoji_and_right_to_left_round_trip(
    ready: JournalPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_text = (EMOJI + RTL + " \u202b" + "ا" * 7 + "\u202c ") * 4000
    long_text = long_text[:100_000]  # the most a text field takes
    assert len(long_text) == 100_000
    entry = {
        "kind": "incident",
        "title": f"{EMOJI} {RTL}",
        "occurred_at": "2026-03-14T09:30:00+00:00",
        "description": long_text,
        "quoted_text": "\u202eevil\u202c and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "impact_tags": [RTL],
    }
    source = tmp_path / "input.json"
    source.write_bytes(
        b"\xef\xbb\xbf" + json.dumps(entry, ensure_ascii=False).encode()
    )  # with a BOM
    code, out, err = run_cli(["add", str(source)], capsys)
    assert (code, err) == (0, "")
    (entry_id,) = out.split()
    code, out, _ = run_cli(["show", entry_id, "--json"], capsys)
    shown = json.loads(out)
    for field in ("title", "description", "quoted_text"):
        assert shown[field] == entry[field]
    assert shown["impact_tags"] == [RTL]
    code, out, _ = run_cli(["search", RTL.split()[1], "--json"], capsys)
    assert [r["id"] for r in json.loads(out)] == [entry_id]

    too_long = {**entry, "description": long_text + "x"}
    source.write_text(json.dumps(too_long, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli(["add", str(source)], capsys)
    assert code == 8 and "too long" in err
    assert_one_clear_line(err)


# -- restore ------------------------------------------------------------------------------


@pytest.fixture
def with_backup(
    ready: JournalPaths, tmp_path: Path
) -> tuple[JournalPaths, bytes, set[str], set[str]]:
    with Journal.open(ready, Unlock()) as journal:
        journal.repo.add(Incident(title="in the backup", occurred_at=now()))
        target = tmp_path / "good.pjbackup"
        write_backup(journal, target)
        backed_up = {r[0] for r in journal.conn.execute("SELECT id FROM entries")}
        journal.repo.add(Incident(title="after the backup", occurred_at=now()))
        current = {r[0] for r in journal.conn.execute("SELECT id FROM entries")}
    return ready, target.read_bytes(), backed_up, current


def fingerprint(paths: JournalPaths) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (paths.database, paths.key_slots)
    }


def _mutations(good: bytes) -> st.SearchStrategy[bytes]:
    def flip(data: bytes, offsets: list[int]) -> bytes:
        out = bytearray(data)
        for offset in offsets:
            out[offset % len(out)] ^= 0xFF
        return bytes(out)

    return st.one_of(
        st.integers(0, len(good) - 1).map(lambda n: good[:n]),
        st.lists(st.integers(0, len(good) - 1), min_size=1, max_size=4).map(
            lambda o: flip(good, o)
        ),
        st.binary(max_size=2000),
        st.binary(min_size=1, max_size=64).map(lambda junk: good[:30] + junk + good[30:]),
    )


@SETTINGS
@given(data=st.data())
def test_restore_accepts_or_refuses_damaged_files_cleanly(
    with_backup: tuple[JournalPaths, bytes, set[str], set[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data: st.DataObject,
) -> None:
    paths, good, backed_up, _current = with_backup
    candidate = data.draw(_mutations(good))
    source = tmp_path / "candidate.pjbackup"
    source.write_bytes(candidate)
    with Journal.open(paths, Unlock()) as journal:
        before_ids = {r[0] for r in journal.conn.execute("SELECT id FROM entries")}
    before = fingerprint(paths)
    code, out, err = run_cli(["restore", "--yes", str(source)], capsys)
    with Journal.open(paths, Unlock()) as journal:
        ids = {r[0] for r in journal.conn.execute("SELECT id FROM entries")}
        assert verify(journal.conn).ok
    assert not (paths.root / ".restore").exists()
    if code == 0:
        assert "Restored" in out and ids == backed_up
    else:
        assert code in (4, 6, 7, 8), err
        assert_one_clear_line(err)
        assert fingerprint(paths) == before and ids == before_ids


def test_restore_refuses_hand_made_archives(
    with_backup: tuple[JournalPaths, bytes, set[str], set[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths, _good, _backed_up, _current = with_backup
    before = fingerprint(paths)
    with zipfile.ZipFile(tmp_path / "good.pjbackup") as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    variants: dict[str, dict[str, bytes]] = {
        "missing database": {k: v for k, v in members.items() if k != "journal.db"},
        "extra member": {**members, "../evil": b"x"},
        "manifest not json": {**members, "manifest.json": b"{"},
        "manifest a list": {**members, "manifest.json": b"[]"},
        "newer format": {
            **members,
            "manifest.json": json.dumps({**manifest, "version": 99}).encode(),
        },
        "wrong sizes": {
            **members,
            "manifest.json": json.dumps(
                {**manifest, "members": {**manifest["members"], "journal.db": {"size": "x"}}}
            ).encode(),
        },
        "slots not json": {**members, "keyslots.json": b"garbage"},
        "swapped database": {**members, "journal.db": members["journal.db"][::-1]},
    }
    for name, content in variants.items():
        source = tmp_path / f"{name}.pjbackup"
        with zipfile.ZipFile(source, "w", compression=zipfile.ZIP_STORED) as zf:
            for member, blob in content.items():
                zf.writestr(member, blob)
        code, _out, err = run_cli(["restore", "--yes", str(source)], capsys)
        assert code in (7, 8), (name, err)
        assert_one_clear_line(err)
    deflated = tmp_path / "deflated.pjbackup"
    with zipfile.ZipFile(deflated, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member, blob in members.items():
            zf.writestr(member, blob)
    code, _out, err = run_cli(["restore", "--yes", str(deflated)], capsys)
    assert code == 8
    assert_one_clear_line(err)
    assert fingerprint(paths) == before
    assert not (paths.root / ".restore").exists()
