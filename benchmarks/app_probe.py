"""Start the desktop app as ``practitioner-journal`` does and say when things appear.

Benchmark use only. Prints ``mark NAME SECONDS`` lines (``time.monotonic()``, the same
clock as the parent's) and quits once the journal's rows are on screen:

- ``window``: the first paint of the main window (the unlock screen);
- ``unlocked``: the main window's ``unlocked`` signal (journal open, pages asked to load);
- ``rows``: the first paint of the incidents table with rows in it, after unlocking;
- ``shown``: the event loop's next turn after that paint (the frame is complete);

and, on the way out, ``peak-rss-kb N``: the process's own peak resident memory.

An application-wide event filter finds the main window, then steps aside: afterwards
only the window and the table's viewport are watched, so the app runs at its own pace.
The journal folder comes from ``PRACTITIONER_JOURNAL_DIR`` and the keyring from
``PYTHON_KEYRING_BACKEND``, as for the real app.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TIMEOUT_MS = int(os.environ.get("PJ_BENCH_APP_TIMEOUT_MS", "60000"))


def main() -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTableView, QWidget

    app = QApplication(sys.argv[:1])
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        if name not in marks:
            marks[name] = time.monotonic()
            print(f"mark {name} {marks[name]:.6f}", flush=True)

    def finish() -> None:
        mark("shown")
        app.quit()

    class Watcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.window: QWidget | None = None
            self.table: QTableView | None = None

        def adopt(self, window: QWidget) -> None:
            self.window = window
            app.removeEventFilter(self)
            window.installEventFilter(self)
            window.unlocked.connect(lambda: mark("unlocked"))  # type: ignore[attr-defined]
            self.table = window.findChild(QTableView, "incidentsTable")
            if self.table is not None:
                self.table.viewport().installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint:
                return False
            if self.window is None:
                if isinstance(watched, QWidget):
                    window = watched.window()
                    if window.objectName() == "main_window":
                        self.adopt(window)
                        mark("window")
                return False
            if watched is self.window:
                mark("window")
            elif (
                self.table is not None
                and "unlocked" in marks
                and "rows" not in marks
                and self._rows() > 0
            ):
                mark("rows")
                QTimer.singleShot(0, finish)
            return False

        def _rows(self) -> int:
            model: Any = self.table.model() if self.table is not None else None
            return int(model.rowCount()) if model is not None else 0

    watcher = Watcher()
    app.installEventFilter(watcher)

    def give_up() -> None:
        print("timeout", flush=True)
        app.quit()

    QTimer.singleShot(TIMEOUT_MS, give_up)
    from journal.cli import main as cli_main

    try:
        return cli_main([])
    finally:
        print(f"peak-rss-kb {_peak_rss_kb()}", flush=True)


def _peak_rss_kb() -> int:
    """This process's own high-water mark. (``wait4``'s ``ru_maxrss`` is no use here: on
    Linux a child starts with its parent's high-water mark from before ``exec``.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    sys.exit(main())
