"""What every screens module does the same way: wait for the app, open a demo journal, save.

Not a section itself (the leading underscore keeps it out of ``screenshots.py --list``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journal.session import Journal
    from ui.main_window import MainWindow
    from ui.operations import Operations

SCREEN_PASSPHRASE = "screens are drawn from made-up entries"  # noqa: S105 - a demo journal


def wait(condition: Callable[[], bool], timeout_ms: int = 60_000) -> None:
    """Run the event loop until ``condition`` holds (a worker reply, a page shown)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            raise TimeoutError("the screen did not get ready in time")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def settle(ms: int = 300) -> None:
    """Let timers, layouts and repaints run (the detail pane waits a moment, for one)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


class Pictures:
    """Saves a widget's picture as ``<prefix><name>.png`` in one folder; keeps the list.

    Creating it makes sure there is a QApplication, so make it before any widget.
    """

    def __init__(self, out_dir: str | os.PathLike[str], prefix: str = "", rounds: int = 1) -> None:
        from PySide6.QtWidgets import QApplication

        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.rounds = rounds  # how many passes of pending events before the grab
        self.app = QApplication.instance() or QApplication([])
        self.written: list[Path] = []

    def __call__(self, widget: Any, name: str) -> None:
        for _ in range(self.rounds):
            self.app.processEvents()
        path = self.out / f"{self.prefix}{name}.png"
        widget.grab().save(str(path))
        self.written.append(path)


def create_journal(root: Path) -> Journal:
    """A new demo journal in ``root`` (not yet holding anything), open."""
    from journal.paths import JournalPaths
    from journal.session import Journal

    journal, _key = Journal.create(
        JournalPaths(root), passphrase=SCREEN_PASSPHRASE, use_keyring=False
    )
    return journal


def open_window(root: Path) -> tuple[Operations, MainWindow]:
    """The demo journal in ``root`` unlocked on the worker, and a main window for it.

    Not shown yet: install what the section needs first, then ``show``.
    """
    from journal.paths import JournalPaths
    from journal.session import Unlock
    from ui.main_window import MainWindow
    from ui.operations import Operations

    ops = Operations(JournalPaths(root))
    opened: list[bool] = []
    ops.open(
        Unlock(passphrase=SCREEN_PASSPHRASE, use_keyring=False), lambda _n: opened.append(True)
    )
    wait(lambda: bool(opened))
    return ops, MainWindow(ops)


def show(ops: Operations, window: MainWindow, width: int, height: int) -> None:
    """Show the window unlocked at its intended size, once the worker is idle."""
    window.show()
    # After showing: the window fits itself to the (small) offscreen screen when shown.
    window.resize(width, height)
    window.enter_unlocked()
    wait(lambda: not ops.busy)


def close(ops: Operations, window: MainWindow) -> None:
    """Lock, close and stop the worker."""
    window.lock()
    wait(lambda: not ops.busy)
    window.close()
    ops.shutdown()


def render_full_and_empty(
    save: Pictures,
    demo_journal: Callable[..., object],
    render_full: Callable[[Path, Pictures], None],
    render_empty: Callable[[Path, Pictures], None],
) -> list[Path]:
    """Draw a section over a filled demo journal, then over an empty one; returns the files.

    ``demo_journal(root, empty=...)`` makes each journal, in a temporary folder.
    """
    with tempfile.TemporaryDirectory() as tmp:
        for name, empty, render in (("journal", False, render_full), ("empty", True, render_empty)):
            root = Path(tmp) / name
            demo_journal(root, empty=empty)
            render(root, save)
    return save.written
