"""Writing a report's files: each one new, and every file or none."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from journal.errors import InputError, StorageError
from journal.fileio import atomic_write_bytes


@contextlib.contextmanager
def removed_on_failure() -> Iterator[list[Path]]:
    """Paths added to the list are removed again if the block fails: every file or none."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


def write_new_files(
    targets: Mapping[str, Path], data: Mapping[str, bytes], noun: str, written: list[Path]
) -> None:
    """Write ``data[fmt]`` to each new ``targets[fmt]``, adding each written path to ``written``.

    ``noun`` ("report", "summary") names the thing in the messages.
    """
    for fmt, path in targets.items():
        if path.exists():  # appeared while it was being made
            raise InputError(f"{path} already exists. Choose a new file name; nothing was written.")
        try:
            atomic_write_bytes(path, data[fmt])
        except (OSError, StorageError) as exc:
            raise StorageError(
                f"The {noun} couldn't be saved in {path.parent}. Check that the folder can be "
                "written to and the disk isn't full, then try again. Nothing was written."
            ) from exc
        written.append(path)
