"""Fixtures that redirect every side effect: data dir, keyring, Qt platform.

The database is never mocked: every test that stores anything uses a real
SQLCipher file in a temporary folder. An error logged during a test (a bug the app
caught and reported calmly, a worker crash) fails it unless the test is marked
``logs_errors``: a crash the person would see must not pass unnoticed.
"""

from __future__ import annotations

import io
import logging
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from helpers.keyrings import HangingKeyring, MemoryKeyring

from journal import keys
from journal.paths import ENV_DATA_DIR, JournalPaths
from journal.session import Journal

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.operations import Operations

pytest_plugins = ["pytester"]  # tests/test_logfail.py runs a small suite of its own

PASSPHRASE = "correct horse battery staple"
# Argon2id at its smallest cost: the KDF is tested for what it does, not how slowly.
FAST_ARGON2 = keys.Argon2Params(memory_kib=8, iterations=1, lanes=1)


class LogFailHandler(logging.Handler):
    """Keeps every record at ERROR or above that reaches the root logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def logfail(request: pytest.FixtureRequest) -> Iterator[LogFailHandler]:
    """Fail the test on an error it didn't expect in the log (mark it ``logs_errors``)."""
    handler = LogFailHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("logs_errors") is None:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in handler.records)
        pytest.fail(f"An error was logged that the test didn't expect:\n{lines}", pytrace=False)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    """A password store that never answers, in place for the test."""
    previous = keyring.get_keyring()
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()  # let the abandoned call finish
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_ARGON2", FAST_ARGON2)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "data"
    monkeypatch.setenv(ENV_DATA_DIR, str(root))
    monkeypatch.delenv("PRACTITIONER_JOURNAL_PASSPHRASE_FILE", raising=False)
    # Closing makes the day's backups inline, so tests see them at once (and no detached
    # process outlives a test); tests of the background close unset this.
    monkeypatch.setenv("PRACTITIONER_JOURNAL_SYNC_CLOSE", "1")
    return root


@pytest.fixture
def paths(data_dir: Path) -> JournalPaths:
    return JournalPaths(data_dir)


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def journal(paths: JournalPaths) -> Iterator[Journal]:
    """A new, open journal with the keyring and a passphrase slot."""
    opened, _recovery = Journal.create(paths, passphrase=PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def make_operations(
    request: pytest.FixtureRequest, qtbot: QtBot
) -> Iterator[Callable[[JournalPaths], Operations]]:
    """The UI's worker over ``paths``, as every screen's tests need it.

    At the end of the test it waits for the worker to be idle, closes the journal and stops
    the thread; a worker crash (a bug in a journal call) fails the test even when nothing on
    screen showed it, unless the test is marked ``logs_errors``.
    """
    from ui.operations import Operations  # only UI tests load Qt

    made: list[tuple[Operations, list[object]]] = []

    def make(journal_paths: JournalPaths) -> Operations:
        operations = Operations(journal_paths)
        crashes: list[object] = []
        operations.crashed.connect(crashes.append)
        made.append((operations, crashes))
        return operations

    yield make
    for operations, _crashes in made:
        qtbot.waitUntil(lambda o=operations: not o.busy, timeout=30_000)
        operations.shutdown()
    crashed = [c for _ops, crashes in made for c in crashes]
    if crashed and request.node.get_closest_marker("logs_errors") is None:
        pytest.fail(f"The journal worker crashed: {crashed!r}", pytrace=False)


# -- the command line, run in this process ---------------------------------------------

Run = Callable[..., tuple[int, str, str]]
"""``run("list", "--json")``: the CLI's exit code, standard output and standard error;
``run("search", "-", stdin="words")`` reads standard input from the string."""


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    from journal.cli import main

    def call(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def ready(run: Run, passphrase_file: Path, paths: JournalPaths) -> JournalPaths:
    """A journal made by ``init`` with the keyring and a passphrase."""
    code, _out, _err = run("init", "--passphrase-file", str(passphrase_file))
    assert code == 0
    return paths
