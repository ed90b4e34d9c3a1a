"""SIGKILL part way through a save: the journal holds all of it or none of it.

The app once saved an incident as several transactions in a row: the entry, then the
draft's removal, then the remembered platform and the disclosure note. A crash between
two of them left a saved entry beside a stale draft. Now each save is one use case and
one commit. A worker process (tests/helpers/crash_worker.py) saves the way the app does
and stops before each later step and before every COMMIT; the test kills it there,
reopens the real SQLCipher files and looks. The same kills on the old sequence show
the half-done state they used to leave, so this test can tell the two apart.
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from helpers.crash import LINE_TIMEOUT, PASSPHRASE, Worker, open_journal
from helpers.crash_worker import SAVED_TITLE

from journal.backup import set_automatic
from journal.paths import JournalPaths
from journal.session import Journal
from journal.supervision import PREPARE_KEY
from journal.verify import verify

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

PREPARED = {"since": "2026-02-01", "exclude": []}
BEFORE = {"saved": False, "draft": True, "last_platform": "facebook",
          "disclosure_note_seen": None, "prepare": PREPARED}  # fmt: skip
AFTER = {
    "incident": {**BEFORE, "saved": True, "draft": False, "last_platform": "tiktok",
                 "disclosure_note_seen": True},
    "search": {**BEFORE, "saved": True, "draft": False},
    "supervision": {**BEFORE, "saved": True, "draft": False, "prepare": None},
}  # fmt: skip
# The steps each save is stopped before: the later writes, and the COMMIT.
USE_CASE_STEPS = {
    "incident": ["delete_draft", "set_setting last_platform",
                 "set_setting disclosure_note_seen", "commit"],
    "search": ["delete_draft", "commit"],
    "supervision": [f"set_setting {PREPARE_KEY}", "delete_draft", "commit"],
}  # fmt: skip


def prepare(paths: JournalPaths, kind: str, tmp_path: Path) -> Path:
    """A journal with a form's draft and earlier choices, as the app leaves it."""
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    set_automatic(journal, False)  # nothing but the save under test touches the files
    journal.repo.save_draft(f"{kind}-draft", {"fields": {"title": "typed so far"}})
    journal.repo.set_setting("last_platform", "facebook")
    journal.repo.set_setting(PREPARE_KEY, PREPARED)
    journal.close()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    return secret


def state(paths: JournalPaths, kind: str) -> dict[str, Any]:
    with open_journal(paths) as journal:
        report = verify(journal.conn)
        assert report.ok, report.problems
        repo = journal.repo
        return {
            "saved": any(s.title == SAVED_TITLE for s in repo.list_entries()),
            "draft": any(d[0] == f"{kind}-draft" for d in repo.drafts()),
            "last_platform": repo.get_setting("last_platform"),
            "disclosure_note_seen": repo.get_setting("disclosure_note_seen"),
            "prepare": repo.get_setting(PREPARE_KEY),
        }


def kill_at_each_step(
    paths: JournalPaths, secret: Path, kind: str, sequence: str
) -> list[tuple[str, dict[str, Any]]]:
    """Kill before step 1, then 2, ... until a run finishes: the state after each."""
    seen = []
    for step in range(1, 20):
        worker = Worker("save", kind, sequence, str(paths.root), str(secret))
        stopped = worker.run_steps(step)
        if not stopped:
            worker.proc.wait(timeout=LINE_TIMEOUT)  # let it close the journal itself
        lines = worker.finish()
        if stopped:
            assert worker.proc.returncode == -signal.SIGKILL, worker.stderr
            seen.append((lines[-1].split(" ", 2)[2], state(paths, kind)))
        else:
            assert worker.proc.returncode == 0 and lines[-1] == "done", worker.stderr
            seen.append(("done", state(paths, kind)))
            return seen
    pytest.fail("the save never finished")


@pytest.mark.parametrize("kind", ["incident", "search", "supervision"])
def test_a_save_killed_at_any_step_leaves_all_of_it_or_none(
    paths: JournalPaths, tmp_path: Path, kind: str
) -> None:
    secret = prepare(paths, kind, tmp_path)
    assert state(paths, kind) == BEFORE
    seen = kill_at_each_step(paths, secret, kind, "usecase")
    assert [step for step, _ in seen] == [*USE_CASE_STEPS[kind], "done"]
    for step, found in seen[:-1]:
        assert found == BEFORE, f"killed before {step}: {found}"
    assert seen[-1][1] == AFTER[kind]


@pytest.mark.parametrize("kind", ["incident", "search", "supervision"])
def test_the_old_sequence_killed_between_steps_left_a_saved_entry_and_a_stale_draft(
    paths: JournalPaths, tmp_path: Path, kind: str
) -> None:
    """The control: the same kills find the half-done state the old way of saving left."""
    secret = prepare(paths, kind, tmp_path)
    seen = kill_at_each_step(paths, secret, kind, "old")
    half_done = [step for step, found in seen if found["saved"] and found["draft"]]
    assert half_done, seen
    assert seen[-1][1] == AFTER[kind]
