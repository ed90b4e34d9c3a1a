"""A worker process that saves the way the app does, killed at chosen or random moments.

Used by the crash tests; the worker itself is crash_worker.py beside this file. Workers
are forked from one server process that has already imported the journal (see
``crash_worker.serve``): each is still a process of its own, with its own pipes, that
SIGKILL ends, but starting one costs a fork instead of a new interpreter.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import socket
import subprocess
import sys
import time
from typing import IO, Any

import pytest
from helpers.paths import HELPERS, REPO

from journal.paths import JournalPaths
from journal.session import Journal, Unlock

WORKER = HELPERS / "crash_worker.py"
PASSPHRASE = "crash test passphrase"
LINE_TIMEOUT = 30.0  # only reached when the worker is broken; never a timing assertion
POLL_INTERVAL = 0.005


class _Server:
    """The process workers are forked from, and the socket the requests go through."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.channel = ours
        self.reader = ours.makefile("rb")
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), "serve", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            cwd=REPO,
        )
        theirs.close()

    def ask(self, request: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        message = json.dumps(request).encode() + b"\n"
        if fds:
            socket.send_fds(self.channel, [message], fds)
        else:
            self.channel.sendall(message)
        line = self.reader.readline()
        if not line:
            raise RuntimeError("the crash test's worker server stopped")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def stop(self) -> None:
        self.reader.close()
        self.channel.close()  # the server reads the end of its requests and returns
        try:
            self.proc.wait(timeout=LINE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_server: list[_Server] = []


def _the_server() -> _Server:
    if not _server or _server[0].proc.poll() is not None:
        _server[:] = [_Server()]
        atexit.register(_server[0].stop)
    return _server[0]


class ForkedProcess:
    """What the crash tests use of ``subprocess.Popen``, for a worker forked by the server."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.server = _the_server()
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        request = {"start": {"args": args, "env": env, "cwd": str(REPO)}}
        try:
            self.pid: int = self.server.ask(request, [stdin_r, stdout_w, stderr_w])["pid"]
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        self.stdin: IO[bytes] = os.fdopen(stdin_w, "wb")
        self.stdout: IO[bytes] = os.fdopen(stdout_r, "rb")
        self.stderr: IO[bytes] = os.fdopen(stderr_r, "rb")
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.server.ask({"poll": self.pid})["code"]
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(WORKER), timeout or 0)
            time.sleep(POLL_INTERVAL)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            self.server.ask({"kill": self.pid})


class Worker:
    """A worker process whose output lines are read without blocking forever."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("PRACTITIONER_JOURNAL_DEBUG", None)
        self.proc = ForkedProcess(list(args), env)
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
            self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        while self._fill(0):
            pass
        self.stderr = self.proc.stderr.read().decode(errors="replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.lines

    def run_steps(self, count: int) -> bool:
        """Let a gated worker run ``count - 1`` steps and stop before step ``count``.

        False when it finished first.
        """
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
