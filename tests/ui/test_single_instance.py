"""One window per journal: a second copy raises the first and exits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from pytestqt.qtbot import QtBot
from shell_helpers import OFFSCREEN_NOISE

from journal.paths import JournalPaths
from ui.main_window import MainWindow
from ui.single_instance import SingleInstance, server_name

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
REPO = Path(__file__).resolve().parents[2]


def app_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def test_second_copy_raises_the_first_and_exits(
    qtbot: QtBot, window: MainWindow, paths: JournalPaths
) -> None:
    first = SingleInstance(paths.root)
    assert first.listen()
    first.activation_requested.connect(window.raise_window)
    window.showMinimized()
    try:
        with (
            qtbot.waitSignal(first.activation_requested, timeout=60_000),
            subprocess.Popen(
                [sys.executable, "-m", "journal", "--data-dir", str(paths.root)],
                cwd=REPO,
                # A safety net: if the request were lost, the copy would still quit.
                env=app_env(PRACTITIONER_JOURNAL_SMOKE_EXIT_MS="30000"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ) as second,
        ):
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
            out, err = second.communicate()
        assert second.returncode == 0, err
        assert "smoke-exit" not in out  # it never opened a window of its own
        assert not window.isMinimized()
        assert window.isVisible()
    finally:
        first.close()


def test_nobody_listening_means_carry_on(paths: JournalPaths) -> None:
    assert not SingleInstance(paths.root).ask_running_to_raise(timeout_ms=200)


def test_two_journals_have_two_names(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave nothing behind")
def test_a_socket_left_by_a_crash_is_replaced(qtbot: QtBot, paths: JournalPaths) -> None:
    instance = SingleInstance(paths.root)
    stale = Path(QDir.tempPath()) / instance.name
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(stale))
    leftover.close()  # the file stays, but nobody answers on it
    try:
        assert stale.exists()
        assert instance.listen()
        assert instance.listening
    finally:
        instance.close()
        if stale.exists():
            stale.unlink()


def test_a_live_copy_is_not_replaced(paths: JournalPaths) -> None:
    first = SingleInstance(paths.root)
    second = SingleInstance(paths.root)
    try:
        assert first.listen()
        assert not second.listen()
        assert first.listening
    finally:
        first.close()
        second.close()
