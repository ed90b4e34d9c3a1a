"""Start-up: what shows first, the packaged smoke hook, and the calm crash dialog."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE, WAIT_MS, make_journal

from journal.paths import JournalPaths
from ui.app import Shell, safe_traceback
from ui.operations import Operations
from ui.setup_wizard import SetupWizard

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
REPO = Path(__file__).resolve().parents[2]
MARKER = "Quibblewick"


def run_app(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(
        [sys.executable, *args, "--data-dir", str(data)],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def shell(ops: Operations, qtbot: QtBot) -> Shell:
    made = Shell(ops)
    yield made
    made.uninstall_excepthook()
    if made.window is not None:
        made.window.close()
    if made.wizard is not None:
        made.wizard.close()


def test_first_run_shows_the_wizard(qtbot: QtBot, shell: Shell) -> None:
    shell.start()
    qtbot.waitUntil(lambda: shell.wizard is not None and shell.wizard.isVisible(), timeout=WAIT_MS)
    assert isinstance(shell.wizard, SetupWizard)
    assert shell.window is None


def test_existing_journal_opens_through_the_keyring(
    qtbot: QtBot, shell: Shell, paths: JournalPaths
) -> None:
    make_journal(paths, keyring=True)
    shell.start()
    qtbot.waitUntil(lambda: shell.window is not None, timeout=WAIT_MS)
    window = shell.window
    assert window is not None
    qtbot.waitUntil(lambda: not window.is_locked, timeout=WAIT_MS)
    assert window.windowTitle() == "Practitioner Journal"


@pytest.mark.logs_errors
def test_unexpected_error_is_logged_without_content_and_shown_calmly(
    qtbot: QtBot,
    shell: Shell,
    paths: JournalPaths,
    ops: Operations,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(shell, "_ask_after_crash", lambda: asked.append(True) or True)
    shell.install_excepthook()
    assert sys.excepthook == shell._excepthook
    try:
        raise ValueError(f"the post said {MARKER}")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert asked == [True]
    assert "ValueError" in caplog.text
    assert MARKER not in caplog.text

    make_journal(paths, keyring=True)  # a bug inside a journal operation
    shell.start()
    qtbot.waitUntil(
        lambda: shell.window is not None and not shell.window.is_locked, timeout=WAIT_MS
    )

    def broken(_journal: object) -> None:
        raise RuntimeError("a bug")

    with qtbot.waitSignal(ops.crashed, timeout=WAIT_MS):
        ops.submit(broken)
    assert asked == [True, True]
    assert shell.window is not None and shell.window.isVisible()  # carried on
    shell.uninstall_excepthook()
    assert sys.excepthook != shell._excepthook


def test_safe_traceback_names_the_place_not_the_message() -> None:
    try:
        raise KeyError(MARKER)
    except KeyError as exc:
        text = safe_traceback(type(exc), exc.__traceback__)
    assert "test_app.py" in text and "KeyError" in text
    assert MARKER not in text


def test_the_app_starts_and_quits_for_the_packaging_smoke_test(tmp_path: Path) -> None:
    done = run_app(tmp_path / "data", "-m", "journal", PRACTITIONER_JOURNAL_SMOKE_EXIT_MS="1500")
    assert done.returncode == 0, done.stderr
    assert "smoke-exit: 1 window(s): SetupWizard" in done.stdout  # a new folder: set-up


def test_the_smoke_exit_says_the_main_window_is_locked(tmp_path: Path) -> None:
    """On a passphrase journal the app opens on its unlock screen, and says so."""
    data = tmp_path / "data"
    make_journal(JournalPaths(data))
    done = run_app(data, "-m", "journal", PRACTITIONER_JOURNAL_SMOKE_EXIT_MS="1500")
    assert done.returncode == 0, done.stderr
    assert "smoke-exit: 1 window(s): MainWindow (locked)" in done.stdout


def test_application_identity(tmp_path: Path) -> None:
    script = (
        "import sys; from PySide6.QtWidgets import QApplication; "
        "from PySide6.QtCore import QLocale; from ui.app import configure_application; "
        "app = QApplication(sys.argv[:1]); configure_application(app); "
        "print(app.applicationName(), app.desktopFileName(), app.organizationName(), "
        "app.windowIcon().isNull(), QLocale().name(), sep='|')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="en_GB.UTF-8"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    name, desktop, organisation, icon_null, locale = done.stdout.strip().split("|")
    assert name == "Practitioner Journal"
    assert desktop == "org.practitionerjournal.PractitionerJournal"
    assert organisation == "Practitioner Journal"
    assert icon_null == "False"
    assert locale == "en_GB"


def test_start_up_leaves_heavy_modules_unloaded(tmp_path: Path) -> None:
    script = (
        "import sys, pathlib; from PySide6.QtWidgets import QApplication; "
        "app = QApplication(sys.argv[:1]); from ui.main_window import MainWindow; "
        "from ui.operations import Operations; from journal.paths import JournalPaths; "
        "ops = Operations(JournalPaths(pathlib.Path(sys.argv[1]))); w = MainWindow(ops); "
        "print(sorted(m for m in sys.modules if m.startswith(('fpdf', 'PySide6.QtCharts', "
        "'PySide6.QtPrintSupport', 'PySide6.QtPdf', 'PySide6.QtWebEngine')))); ops.shutdown()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
