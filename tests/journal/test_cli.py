"""The command line, in-process through ``main`` and, for a few runs, as a real process."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import time
from pathlib import Path

import keyring
import pytest
from conftest import PASSPHRASE, Run
from helpers.processes import run_python
from keyring.backends import fail

from journal import recovery
from journal.cli import ENV_PASSPHRASE_FILE, EXIT_CODES, main
from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE, KeySlots
from journal.paths import JournalPaths
from journal.repository import EntryQuery
from journal.session import Journal, Unlock


def snapshot(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def one_error_line(err: str, code: int) -> str:
    assert code in EXIT_CODES and code not in (0, 1), (code, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("practitioner-journal: ")
    return lines[0]


def incident(title: str = "Post naming me", **fields: object) -> dict[str, object]:
    return {"kind": "incident", "title": title, "occurred_at": "2026-03-14T09:30:00+00:00"} | fields


def write_json(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def count(paths: JournalPaths) -> int:
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE)) as journal:
        return journal.repo.count()


# -- init ---------------------------------------------------------------------------


def test_init_with_passphrase_and_key_file(
    run: Run, passphrase_file: Path, paths: JournalPaths, tmp_path: Path
) -> None:
    key_file = tmp_path / "keys" / "recovery.txt"
    code, out, err = run(
        "init", "--passphrase-file", str(passphrase_file), "--no-keyring",
        "--recovery-key-out", str(key_file),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Created an encrypted journal" in out
    assert "your passphrase, or your recovery key" in out
    text = key_file.read_text()
    assert text.strip() not in out  # not shown when it went to a file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    recovery.decode(text)
    slots = KeySlots.load(paths.key_slots)
    assert slots.has(SLOT_PASSPHRASE) and not slots.has(SLOT_KEYRING)
    Journal.open(paths, Unlock(recovery_key=text, use_keyring=False)).close()


def test_init_shows_the_recovery_key_once(run: Run, paths: JournalPaths) -> None:
    code, out, _err = run("init")
    assert code == 0
    assert "password store" in out
    (key,) = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    Journal.open(paths, Unlock(recovery_key=key, use_keyring=False)).close()
    assert KeySlots.load(paths.key_slots).has(SLOT_KEYRING)


def test_init_takes_the_passphrase_file_from_the_environment(
    run: Run, passphrase_file: Path, paths: JournalPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_PASSPHRASE_FILE, str(passphrase_file))
    assert run("init", "--no-keyring")[0] == 0
    Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)).close()


def _refused_untouched(
    run: Run,
    where: JournalPaths,
    expected: int,
    words: str,
    *args: str | Path,
    stdin: str | None = None,
) -> str:
    """The command exits with ``expected``, saying ``words`` in one line, and changes nothing
    in the journal's folder; returns what it printed."""
    before = snapshot(where.root)
    code, out, err = run(*map(str, args), stdin=stdin)
    assert code == expected
    assert words in one_error_line(err, code)
    assert snapshot(where.root) == before
    return out


def test_init_twice_is_refused(run: Run, ready: JournalPaths, passphrase_file: Path) -> None:
    out = _refused_untouched(run, ready, 3, "already exists", "init", "--passphrase-file",
                             passphrase_file)  # fmt: skip
    assert out == ""


def test_init_without_any_way_in(run: Run, paths: JournalPaths) -> None:
    code, _out, err = run("init", "--no-keyring")
    assert code == 8
    assert "passphrase" in one_error_line(err, code)
    assert snapshot(paths.root) == {}


def test_init_without_keyring_or_passphrase_file(run: Run, paths: JournalPaths) -> None:
    keyring.set_keyring(fail.Keyring())
    code, _out, err = run("init")
    assert code == 4
    assert "password store isn't available" in one_error_line(err, code)
    assert not paths.exists()


def _init_is_refused(run: Run, paths: JournalPaths, words: str, *args: str | Path) -> None:
    """``init ARGS`` fails as bad input (8), saying ``words`` in one line; no journal is made."""
    code, _out, err = run("init", *map(str, args))
    assert code == 8
    assert words in one_error_line(err, code)
    assert not paths.exists()


@pytest.mark.parametrize(
    ("existing", "key_out", "words"),
    [
        pytest.param("recovery.txt", "recovery.txt", "already exists", id="an existing file"),
        # No journal whose recovery key went nowhere.
        pytest.param(
            "a-file", "a-file/recovery.txt", "nothing was created", id="a file it cannot write"
        ),
    ],
)
def test_init_refuses_a_key_file_it_cannot_make(
    run: Run,
    passphrase_file: Path,
    paths: JournalPaths,
    tmp_path: Path,
    existing: str,
    key_out: str,
    words: str,
) -> None:
    (tmp_path / existing).write_text("keep me")
    _init_is_refused(
        run, paths, words,
        "--passphrase-file", passphrase_file, "--recovery-key-out", tmp_path / key_out,
    )  # fmt: skip
    assert (tmp_path / existing).read_text() == "keep me"


def test_init_with_a_short_passphrase(run: Run, paths: JournalPaths, tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("abc\n")
    _init_is_refused(
        run, paths, "at least 8 characters",
        "--passphrase-file", short, "--recovery-key-out", tmp_path / "k.txt",
    )  # fmt: skip
    assert not (tmp_path / "k.txt").exists()


def test_init_with_a_missing_passphrase_file(run: Run, paths: JournalPaths, tmp_path: Path) -> None:
    _init_is_refused(run, paths, "couldn't be read", "--passphrase-file", tmp_path / "nope.txt")


# -- add -----------------------------------------------------------------------------


def test_add_from_a_file(run: Run, ready: JournalPaths, tmp_path: Path) -> None:
    code, out, err = run("add", str(write_json(tmp_path, incident())))
    assert (code, err) == (0, "")
    (entry_id,) = out.split()
    with Journal.open(ready, Unlock()) as journal:
        assert journal.repo.get(entry_id).title == "Post naming me"


def test_add_an_array_from_stdin(run: Run, ready: JournalPaths) -> None:
    items = [
        incident("one"),
        {"kind": "checkin", "mood": 2, "stress": 8, "note": "long day"},
        {"kind": "search", "query": "parent profile", "reason": "Threat assessment."},
        {"kind": "supervision", "supervisor": "Sam", "actions": [{"what": "Call HR"}]},
    ]
    code, out, _err = run("add", "-", "--json", stdin=json.dumps(items))
    assert code == 0
    saved = json.loads(out)
    assert [e["kind"] for e in saved] == ["incident", "checkin", "search", "supervision"]
    assert all(e["id"] and e["recorded_at"] and e["revision"] == 1 for e in saved)
    assert saved[1]["description"] == "long day"
    assert count(ready) == 4


@pytest.mark.parametrize("bad_at", [0, 1, 2])
def test_add_validates_everything_before_writing_anything(
    run: Run, ready: JournalPaths, bad_at: int
) -> None:
    run("add", "-", stdin=json.dumps(incident("already here")))
    items = [incident("a"), incident("b"), incident("c")]
    items[bad_at] = incident("bad", severity="apocalyptic")
    words = f"Entry {bad_at + 1}: severity: should be one of"
    assert _refused_untouched(run, ready, 8, words, "add", "-", stdin=json.dumps(items)) == ""
    assert count(ready) == 1


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("{not json", "isn't valid JSON"),
        ("[]", "no entries"),
        ('"a string"', "should be a JSON object"),
        ("[1, 2]", "should be a JSON object"),
        ('{"kind": "incident"}', "title: is needed"),
        ("", "isn't valid JSON"),
    ],
)
def test_add_refuses_bad_input(run: Run, ready: JournalPaths, stdin: str, words: str) -> None:
    assert _refused_untouched(run, ready, 8, words, "add", "-", stdin=stdin) == ""


def test_add_a_missing_file(run: Run, ready: JournalPaths, tmp_path: Path) -> None:
    code, _out, err = run("add", str(tmp_path / "nothing.json"))
    assert code == 8
    assert "couldn't be read" in one_error_line(err, code)


def test_add_is_refused_before_unlocking_when_invalid(run: Run, paths: JournalPaths) -> None:
    """Bad input is reported even where there is no journal: validation comes first."""
    code, _out, err = run("add", "-", stdin='{"kind": "nope"}')
    assert code == 8
    assert "kind" in one_error_line(err, code)


# -- list, show, search ---------------------------------------------------------------


@pytest.fixture
def filled(run: Run, ready: JournalPaths) -> list[dict[str, object]]:
    items = [
        incident("Threatening message", occurred_at="2026-03-01T10:00:00+00:00",
                 severity="critical", category="threat", quoted_text="we know where you live"),
        incident("Review of my report", occurred_at="2026-03-02T10:00:00+00:00"),
        {"kind": "checkin", "occurred_at": "2026-03-03T10:00:00+00:00", "stress": 7},
    ]  # fmt: skip
    code, out, _err = run("add", "-", "--json", stdin=json.dumps(items))
    assert code == 0
    return json.loads(out)


def test_list(run: Run, filled: list[dict[str, object]]) -> None:
    code, out, err = run("list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    assert "Check-in" in lines[0] and "Threatening message" in lines[2]
    assert "Critical" in lines[2]
    assert lines[2].startswith(str(filled[0]["id"])[:8])


def test_list_by_kind_and_as_json(run: Run, filled: list[dict[str, object]]) -> None:
    code, out, _err = run("list", "--kind", "incident", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [e["title"] for e in listed] == ["Review of my report", "Threatening message"]
    assert listed[1] == filled[0]
    code, out, _err = run("list", "--kind", "checkin")
    assert len(out.splitlines()) == 1


def test_list_limit(run: Run, filled: list[dict[str, object]]) -> None:
    assert len(run("list", "--limit", "2")[1].splitlines()) == 2
    assert len(run("list", "--all")[1].splitlines()) == 3


@pytest.mark.parametrize("command", [["list"], ["search", "report"]])
@pytest.mark.parametrize("limit", ["0", "-1"])
def test_limit_must_be_positive(
    run: Run, filled: list[dict[str, object]], command: list[str], limit: str
) -> None:
    code, out, err = run(*command, "--limit", limit)
    assert code == 8 and out == ""
    assert "--limit" in one_error_line(err, code)


def test_list_empty(run: Run, ready: JournalPaths) -> None:
    assert run("list") == (0, "No entries yet.\n", "")
    assert run("list", "--json") == (0, "[]\n", "")


def test_show_by_id_prefix(run: Run, filled: list[dict[str, object]]) -> None:
    entry_id = str(filled[0]["id"])
    code, out, _err = run("show", entry_id[:8], "--json")
    assert code == 0
    assert json.loads(out) == filled[0]
    code, out, _err = run("show", entry_id.upper(), "--reveal")
    assert code == 0
    assert "Threatening message" in out and "we know where you live" in out


def test_show_reads_as_labels_and_local_times_and_keeps_words_back(
    run: Run, ready: JournalPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        _show_in_london(run)
    finally:
        monkeypatch.undo()
        time.tzset()


def _show_in_london(run: Run) -> None:
    item = incident(
        "Post about me", occurred_at="2026-07-01T20:15:00+00:00", platform="x",
        category="threat", quoted_text="QXWORDS", private_notes="QXPRIVATE",
        actions=[{"what": "Told my manager", "done": True, "done_on": "2026-07-02"}],
    )  # fmt: skip
    code, out, _err = run("add", "-", "--json", stdin=json.dumps(item))
    assert code == 0
    entry_id = json.loads(out)[0]["id"]
    code, out, err = run("show", entry_id)
    assert (code, err) == (0, "")
    assert out.startswith("Incident\n")
    assert "Wed 1 Jul 2026, 21:15 BST" in out  # local time, with its zone's name
    assert "Threat to me or my family" in out and " X\n" in out
    assert "Impact score           not rated" in out
    assert "Told my manager, done Thu 2 Jul 2026" in out
    assert "QXWORDS" not in out and "QXPRIVATE" not in out
    assert "Exact words            hidden (add --reveal to show)" in out
    assert "threat" not in out and '{"' not in out  # no raw identifiers or JSON
    code, out, _err = run("show", entry_id, "--reveal")
    assert "QXWORDS" in out and "QXPRIVATE" in out
    code, out, _err = run("show", entry_id, "--json")
    data = json.loads(out)
    assert (data["quoted_text"], data["private_notes"]) == ("QXWORDS", "QXPRIVATE")


def test_init_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["init", "--help"])
    out = capsys.readouterr().out
    assert "--recovery-key-out" in out and "--recovery-key-file" not in out
    with pytest.raises(SystemExit):
        main(["show", "--help"])
    assert "--reveal" in capsys.readouterr().out


@pytest.mark.parametrize(("prefix", "words"), [("abc", "first 4"), ("ffffffff", "no entry")])
def test_show_unknown(run: Run, filled: list[dict[str, object]], prefix: str, words: str) -> None:
    code, _out, err = run("show", prefix)
    assert code == 9
    assert words in one_error_line(err, code)


def test_search(run: Run, filled: list[dict[str, object]]) -> None:
    code, out, _err = run("search", "threat", "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert hit["id"] == filled[0]["id"]
    assert "snippet" in hit and "\x02" not in hit["snippet"]
    code, out, _err = run("search", "know where")
    # The words matched are in the quoted text, which a list never repeats.
    assert filled[0]["title"] in out and "(matches the quoted words)" in out
    assert "know where" not in out.lower()
    assert run("search", "zzzz") == (0, "Nothing matches that.\n", "")
    assert run("search", '"(NEAR*') == (0, "Nothing matches that.\n", "")


# -- verify ----------------------------------------------------------------------------


def test_verify(run: Run, filled: list[dict[str, object]], ready: JournalPaths) -> None:
    code, out, _err = run("verify")
    assert code == 0
    assert "All checks passed: 3 entries, 3 revisions" in out
    with Journal.open(ready, Unlock()) as journal:
        journal.conn.execute("UPDATE revisions SET data = replace(data, 'Review', 'Praise')")
    code, out, err = run("verify")
    assert code == 6
    assert "Traceback" not in err
    *problems, last = err.strip().splitlines()
    assert any("was altered after it was saved" in p for p in problems)
    assert last.startswith("practitioner-journal: The journal failed")


# -- demo ----------------------------------------------------------------------------------


def test_demo_into_an_empty_named_journal(run: Run, ready: JournalPaths) -> None:
    code, out, _err = run("demo", "--entries", "120")
    assert code == 0 and "Added 120 made-up entries" in out
    with Journal.open(ready, Unlock()) as journal:
        counts = journal.repo.counts_by_kind()
        demo_marks = {
            journal.repo.get(r.id).demo for r in journal.repo.list_entries(EntryQuery(limit=500))
        }
        assert journal.repo.get_setting("demo_journal") is True
    assert sum(counts.values()) == 120
    assert all(counts[kind] > 0 for kind in ("incident", "checkin", "search")), counts
    assert demo_marks == {True}


def test_demo_makes_its_own_journal_beside_the_real_one(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no folder named, the made-up entries go to a separate demo journal."""
    from journal.cli import DEMO_PASSPHRASE
    from journal.paths import default_data_dir, demo_data_dir

    monkeypatch.delenv("PRACTITIONER_JOURNAL_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, out, _err = run("demo", "--entries", "30")
    assert code == 0, _err
    demo_root = demo_data_dir()
    assert demo_root.is_relative_to(tmp_path / "xdg") and demo_root != default_data_dir()
    assert str(demo_root) in out and DEMO_PASSPHRASE in out
    assert not default_data_dir().exists()  # the real journal's folder is untouched
    demo_paths = JournalPaths(demo_root)
    with Journal.open(demo_paths, Unlock(passphrase=DEMO_PASSPHRASE, use_keyring=False)) as j:
        assert j.repo.count() == 30
    # A second run adds to the same demo journal.
    assert run("demo", "--entries", "5")[0] == 0
    with Journal.open(demo_paths, Unlock(passphrase=DEMO_PASSPHRASE, use_keyring=False)) as j:
        assert j.repo.count() == 35


def test_demo_refuses_a_journal_with_real_entries(
    run: Run, ready: JournalPaths, tmp_path: Path
) -> None:
    assert run("add", str(write_json(tmp_path, incident())))[0] == 0
    _refused_untouched(run, ready, 8, "own entries", "demo", "--entries", "10")
    assert count(ready) == 1


def test_demo_entries_never_go_into_a_report(run: Run, ready: JournalPaths, tmp_path: Path) -> None:
    assert run("demo", "--entries", "40")[0] == 0
    assert run("add", str(write_json(tmp_path, incident("The one real post"))))[0] == 0
    out_file = tmp_path / "report.json"
    code, _out, err = run("export", "--format", "json", "--out", str(out_file))
    assert code == 0, err
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert [e["title"] for e in report["entries"]] == ["The one real post"]


@pytest.mark.parametrize("n", ["0", "-5", "1000001"])
def test_demo_refuses_silly_counts(run: Run, ready: JournalPaths, n: str) -> None:
    code, _out, err = run("demo", "--entries", n)
    assert code == 8
    assert "--entries" in one_error_line(err, code)
    assert count(ready) == 0


# -- unlocking ------------------------------------------------------------------------------


@pytest.fixture
def no_keyring_journal(run: Run, passphrase_file: Path, tmp_path: Path) -> Path:
    key_file = tmp_path / "recovery.txt"
    code, _out, _err = run(
        "init", "--no-keyring", "--passphrase-file", str(passphrase_file),
        "--recovery-key-out", str(key_file),
    )  # fmt: skip
    assert code == 0
    run("add", "-", "--passphrase-file", str(passphrase_file), stdin=json.dumps(incident()))
    return key_file


def test_unlock_with_recovery_key_file(run: Run, no_keyring_journal: Path) -> None:
    code, out, _err = run("list", "--recovery-key-file", str(no_keyring_journal))
    assert code == 0 and "Post naming me" in out


def test_unlock_with_passphrase_file_from_environment(
    run: Run, no_keyring_journal: Path, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_PASSPHRASE_FILE, str(passphrase_file))
    code, out, _err = run("list")
    assert code == 0 and "Post naming me" in out


def test_options_may_follow_the_command(
    run: Run, no_keyring_journal: Path, passphrase_file: Path, paths: JournalPaths
) -> None:
    code, out, _err = run("--data-dir", str(paths.root), "list",
                          "--passphrase-file", str(passphrase_file))  # fmt: skip
    assert code == 0 and "Post naming me" in out


def test_locked_without_a_way_in(run: Run, no_keyring_journal: Path, paths: JournalPaths) -> None:
    _refused_untouched(run, paths, 4, "--passphrase-file", "list")


def test_wrong_passphrase_file(
    run: Run, no_keyring_journal: Path, paths: JournalPaths, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    _refused_untouched(
        run, paths, 4, "didn't open the journal",
        "add", "-", "--passphrase-file", wrong, stdin=json.dumps(incident()),
    )  # fmt: skip


def test_recovery_key_file_with_a_typo(
    run: Run, no_keyring_journal: Path, paths: JournalPaths, tmp_path: Path
) -> None:
    key = no_keyring_journal.read_text().strip()
    typo = tmp_path / "typo.txt"
    typo.write_text(key[:6] + ("Z" if key[6] != "Z" else "Y") + key[7:])
    code, _out, err = run("list", "--recovery-key-file", str(typo))
    assert code == 4
    assert "Group 2" in one_error_line(err, code)


def test_no_journal_here(run: Run, paths: JournalPaths) -> None:
    for argv in (["list"], ["show", "abcd"], ["search", "x"], ["verify"], ["demo"]):
        code, out, err = run(*argv)
        assert code == 3 and out == ""
        assert "no journal here" in one_error_line(err, code)
    assert not paths.exists()


def test_corrupt_journal(run: Run, ready: JournalPaths) -> None:
    ready.database.write_bytes(os.urandom(8192))
    _refused_untouched(run, ready, 6, "damaged", "list")


def test_a_bug_is_one_calm_line(
    run: Run, ready: JournalPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.repository import Repository

    def broken(self: Repository, query: object = None) -> None:
        raise RuntimeError("a programming mistake with secret words")

    monkeypatch.setattr(Repository, "list_entries", broken)
    code, out, err = run("list")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert "something unexpected went wrong" in err
    assert "secret words" not in err and "Traceback" not in err


def test_bad_arguments_exit_2(run: Run) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["list", "--kind", "diary"])
    assert caught.value.code == 2


def test_every_exit_code_is_documented_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps the epilog
    for code, meaning in EXIT_CODES.items():
        assert f"{code} {' '.join(meaning.split())}" in text


def test_init_shows_the_key_when_its_file_cannot_be_written(
    run: Run,
    passphrase_file: Path,
    paths: JournalPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    import journal.fileio

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal.fileio, "atomic_write_bytes", disk_full)
    key_file = tmp_path / "recovery.txt"
    code, out, err = run("init", "--passphrase-file", str(passphrase_file),
                         "--recovery-key-out", str(key_file))  # fmt: skip
    assert code == 10
    assert "shown above instead" in one_error_line(err, code)
    assert not key_file.exists()
    (key,) = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    Journal.open(paths, Unlock(recovery_key=key, use_keyring=False)).close()


# -- real processes -----------------------------------------------------------------------


def _process(
    *argv: str, data: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment.pop(ENV_PASSPHRASE_FILE, None)
    environment["PRACTITIONER_JOURNAL_DIR"] = str(data)
    environment["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    environment.update(env or {})
    return run_python("-m", "journal", *argv, stdin=stdin, env=environment)


def test_real_processes(tmp_path: Path, passphrase_file: Path) -> None:
    data = tmp_path / "real"
    key_file = tmp_path / "recovery.txt"
    # No password store in the child: init needs a passphrase, and says so without one.
    done = _process("init", data=data)
    assert done.returncode == 4 and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert not (data / "journal.db").exists()

    done = _process("init", "--passphrase-file", str(passphrase_file), "--recovery-key-out",
                    str(key_file), data=data)  # fmt: skip
    assert done.returncode == 0, done.stderr
    env = {ENV_PASSPHRASE_FILE: str(passphrase_file)}
    done = _process(
        "add", "-", data=data, env=env, stdin=json.dumps([incident("one"), incident("two")])
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == 2
    done = _process("add", "-", data=data, env=env, stdin='[{"kind": "incident"}]')
    assert done.returncode == 8
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    done = _process("list", "--json", "--recovery-key-file", str(key_file), data=data)
    assert done.returncode == 0, done.stderr
    assert sorted(e["title"] for e in json.loads(done.stdout)) == ["one", "two"]
    done = _process("list", data=data)
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
