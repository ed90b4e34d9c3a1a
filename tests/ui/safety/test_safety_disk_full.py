"""A full disk while saving an incident: the editor keeps the person's words and says why.

The editor belongs to the incidents screen; this proves its promise from outside, for
real: a separate process (editor_disk_full_app.py) drives the editor while its file size
limit stops the journal's log from growing, exactly as a full disk would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.paths import JournalPaths
from journal.session import Journal, Unlock
from journal.verify import verify

pytest.importorskip("resource")

APP = Path(__file__).parent / "editor_disk_full_app.py"
REPO = Path(__file__).resolve().parents[3]
PASSPHRASE = "a passphrase for the full disk"


def test_a_save_the_disk_refuses_keeps_the_text_and_says_so(
    paths: JournalPaths, tmp_path: Path
) -> None:
    journal, _ = Journal.create(paths, passphrase=PASSPHRASE, use_keyring=False)
    journal.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    done = subprocess.run(
        [sys.executable, str(APP), str(paths.root), str(pw)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    # After the refused save: the words are all still there, and the editor says what happened.
    assert result["title"] == "Message on the team page"
    assert result["description"].startswith("It named my team and the case.")
    assert result["still_open"] and result["save_enabled"]
    assert "disk" in result["message"] and "free some space" in result["message"]
    assert result["failures"] == ["StorageError"]  # and the app's error dialog is told once

    # Once there was room, Save worked, once: the journal holds the incident exactly once.
    assert result["closed_after_save"]
    with Journal.open(paths, Unlock(passphrase=PASSPHRASE, use_keyring=False)) as journal:
        assert verify(journal.conn).ok
        rows = journal.conn.execute("SELECT id, title FROM entries").fetchall()
    assert rows == [(result["saved_id"], "Message on the team page")]
