"""Helpers for the guidance and support tests (imported by name; this folder is no package)."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from helpers.qt import (
    PASSPHRASE as PASSPHRASE,
)
from helpers.qt import (
    WAIT_MS as WAIT_MS,
)
from helpers.qt import all_text as all_text
from helpers.qt import (
    click as click,
)
from helpers.qt import (
    idle as idle,
)
from helpers.qt import (
    run as run,
)
from helpers.qt import (
    unlock as unlock,
)

T = TypeVar("T")


def files_containing(root: Path, marker: str) -> list[Path]:
    """Files under ``root`` holding the marker as UTF-8 or UTF-16 text."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    ]
