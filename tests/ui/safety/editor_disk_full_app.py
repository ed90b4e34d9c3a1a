"""The incident editor on a full disk, in a process of its own. Prints one JSON line.

    editor_disk_full_app.py DATA_DIR PASSPHRASE_FILE

Opens the journal through the app's worker, types an incident into the real editor,
then makes the disk refuse to grow any file (RLIMIT_FSIZE at the size of the
journal's write-ahead log, with SIGXFSZ ignored, so a write that needs more room
fails with EFBIG as on a full disk; no privileges needed) and presses Save. It
reports what the editor shows, frees the disk, presses Save again, and reports that.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journal.paths import JournalPaths
from journal.session import Unlock
from ui.incidents.editor import IncidentEditor
from ui.operations import Operations

TITLE = "Message on the team page"
DESCRIPTION = "It named my team and the case. I kept a copy and told my manager."


def wait(app: QApplication, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    data_dir, passphrase_file = sys.argv[1:3]
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").strip()
    paths = JournalPaths(Path(data_dir))
    app = QApplication(sys.argv[:1])
    ops = Operations(paths)
    failures: list[Any] = []
    ops.failed.connect(failures.append)
    ops.open(Unlock(passphrase=passphrase, use_keyring=False))
    wait(app, lambda: ops.is_open, "the journal to open")

    editor = IncidentEditor(ops)
    editor.set_autosave_interval(10**8)  # only the save under test writes
    editor.resize(900, 700)
    editor.show()
    editor.start_new()
    wait(app, lambda: not ops.busy, "the editor's helpers")
    QTest.keyClicks(editor.title, TITLE)
    editor.description.setFocus()
    QTest.keyClicks(editor.description, DESCRIPTION)
    app.processEvents()

    wal = paths.database.with_name(paths.database.name + "-wal")
    cap = wal.stat().st_size if wal.exists() else 0
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (cap, resource.RLIM_INFINITY))
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait(app, lambda: not ops.busy and editor.message.text() != "Saving…", "the failed save")
    result: dict[str, Any] = {
        "cap": cap,
        "message": editor.message.text(),
        "title": editor.title.text(),
        "description": editor.description.toPlainText(),
        "still_open": editor.is_open,
        "save_enabled": editor.save_button.isEnabled(),
        "failures": [type(e).__name__ for e in failures],
    }

    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    saved: list[Any] = []
    editor.saved.connect(saved.append)
    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait(app, lambda: bool(saved) and not ops.busy, "the second save")
    result["saved_id"] = saved[0].id
    result["closed_after_save"] = not editor.is_open
    ops.shutdown()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
