"""Where the bundled data files are: the source tree's ``resources/`` or the installed copy."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle
    if frozen:
        return Path(frozen) / "resources"
    try:
        import pj_resources

        return Path(pj_resources.__file__).resolve().parent
    except ImportError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
