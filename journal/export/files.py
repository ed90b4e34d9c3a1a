"""Writing a report's files: each one new, and every file or none."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path

from journal.errors import InputError, StorageError, ValidationError
from journal.fileio import atomic_write_bytes


def chosen_formats(
    formats: Sequence[str],
    available: Collection[str],
    password: str | None,
    *,
    none: str,
    unknown: str,
    pdf_only: str,
) -> tuple[str, ...]:
    """The formats asked for, in lower case and each once, in the order given.

    The messages: ``none`` when there are none, ``unknown`` (with ``{}`` for the format)
    for one not ``available``, ``pdf_only`` for a password without PDF.
    """
    chosen = tuple(dict.fromkeys(f.lower() for f in formats))
    if not chosen:
        raise ValidationError({"formats": none})
    strange = [f for f in chosen if f not in available]
    if strange:
        raise ValidationError({"formats": unknown.format(strange[0])})
    if password is not None and "pdf" not in chosen:
        raise ValidationError({"password": pdf_only})
    return chosen


def new_targets(
    out: Path | str | Mapping[str, Path | str],
    formats: Sequence[str],
    *,
    stem: str,
    extensions: Mapping[str, str],
    noun: str,
    nouns: str,
) -> dict[str, Path]:
    """Where each format goes, never over an existing file.

    ``out`` maps each format to a new file, or is a folder in which names are chosen from
    ``stem`` (then ``stem-2``, ``stem-3`` …). ``noun`` and ``nouns`` ("report", "reports")
    name the thing in the messages.
    """
    if isinstance(out, Mapping):
        missing = [fmt for fmt in formats if fmt not in out]
        if missing:
            raise InputError(f"No file name was given for the {missing[0].upper()} {noun}.")
        targets = {fmt: Path(out[fmt]).expanduser() for fmt in formats}
        for path in targets.values():
            if path.exists():
                raise InputError(
                    f"{path} already exists. Choose a new file name; nothing was written."
                )
        if len({p.resolve() for p in targets.values()}) != len(targets):
            raise InputError("Each format needs its own file name.")
        return targets
    folder = Path(out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder. Choose a folder for the {noun}.")
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem}-{n}"
        targets = {fmt: folder / (name + extensions[fmt]) for fmt in formats}
        if not any(path.exists() for path in targets.values()):
            return targets
    raise InputError(f"{folder} already holds too many {nouns} with that name.")


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
