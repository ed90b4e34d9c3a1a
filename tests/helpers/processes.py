"""Run the project's Python as a person or CI would: a separate process, from the checkout."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from helpers.paths import REPO


def run_python(
    *args: str | Path,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with the tests' interpreter, in the repository, its output as text.

    ``timeout`` only stops a process that hangs; it is never a timing check.
    """
    return subprocess.run(
        [sys.executable, *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
        check=check,
    )
