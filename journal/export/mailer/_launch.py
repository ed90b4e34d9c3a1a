"""Starting an email program and telling whether it took the request."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Mapping, Sequence

# How long to wait for a program that hands the request to a running copy and exits.
# A program still running after this is the email program itself, starting up.
SETTLE_SECONDS = 5.0


def launch(args: Sequence[str], env: Mapping[str, str] | None = None) -> bool:
    """Start ``args``; True unless it fails to start or exits with an error."""
    try:
        process = subprocess.Popen(
            list(args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            start_new_session=os.name == "posix",
            close_fds=True,
        )
    except OSError:
        return False
    try:
        return process.wait(timeout=SETTLE_SECONDS) == 0
    except subprocess.TimeoutExpired:
        # The email program itself: leave it running, and reap it when it closes.
        threading.Thread(target=_reap, args=(process,), daemon=True).start()
        return True


def _reap(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(Exception):
        process.wait()


def output(args: Sequence[str], env: Mapping[str, str] | None = None) -> str | None:
    """A quick query's output, or None when the program is missing or fails."""
    try:
        done = subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            env=dict(env) if env is not None else None,
            timeout=SETTLE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
