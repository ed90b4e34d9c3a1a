"""A worker process that saves the way the app does, killed at chosen or random moments.

Used by the crash tests; the worker itself is crash_worker.py beside this file.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys

import pytest
from helpers.paths import HELPERS, REPO

from journal.paths import JournalPaths
from journal.session import Journal, Unlock

WORKER = HELPERS / "crash_worker.py"
PASSPHRASE = "crash test passphrase"
LINE_TIMEOUT = 30.0  # only reached when the worker is broken; never a timing assertion


class Worker:
    """A worker process whose output lines are read without blocking forever."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("PRACTITIONER_JOURNAL_DEBUG", None)
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buffer = b""
        self.lines: list[str] = []
        self.stderr = ""

    def _fill(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(self.fd, 65536)
        if not chunk:
            return False
        self.buffer += chunk
        *complete, self.buffer = self.buffer.split(b"\n")
        self.lines.extend(line.decode() for line in complete)
        return True

    def wait_for_lines(self, count: int) -> bool:
        """True once ``count`` lines are in; False if the worker ended first."""
        while len(self.lines) < count:
            ready, _, _ = select.select([self.fd], [], [], LINE_TIMEOUT)
            if not ready:
                self.finish()
                pytest.fail(f"the worker stopped answering: {self.stderr[-2000:]}")
            if not self._fill(0):
                return False
        return True

    def finish(self) -> list[str]:
        """SIGKILL if still running, then every complete line it printed before it ended."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        while self._fill(0):
            pass
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.stderr = self.proc.stderr.read().decode(errors="replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.lines

    def run_steps(self, count: int) -> bool:
        """Let a gated worker run ``count - 1`` steps and stop before step ``count``.

        False when it finished first.
        """
        assert self.proc.stdin is not None
        for seen in range(1, count + 1):
            if not self.wait_for_lines(seen) or self.lines[seen - 1] == "done":
                return False
            if seen < count:
                self.proc.stdin.write(b"g")
                self.proc.stdin.flush()
        return True

    def expect_lines(self, count: int) -> None:
        if not self.wait_for_lines(count):
            self.finish()
            pytest.fail(f"the worker ended early: {self.stderr[-2000:]}")


def open_journal(paths: JournalPaths, passphrase: str = PASSPHRASE) -> Journal:
    return Journal.open(paths, Unlock(passphrase=passphrase, use_keyring=False))
