"""What every sub-command of ``practitioner-journal`` shares: opening the journal from the
command line's unlock options, reading secret files, claiming a file for a secret, the
``--password-file`` and ``--out`` of a written PDF, and finding an entry by the start of its id.

Kept apart from ``journal.cli`` (the parser and the commands) so command modules elsewhere
(reports, evidence, keys, backups) use these without importing the parser that imports them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journal.errors import InputError

if TYPE_CHECKING:
    from journal.session import Journal, Unlock

ENV_PASSPHRASE_FILE = "PRACTITIONER_JOURNAL_PASSPHRASE_FILE"  # noqa: S105 - a variable's name


def read_secret_file(path: str, what: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"The {what} file {path} couldn't be read.") from exc
    return text.rstrip("\r\n")


def unlock_from(args: argparse.Namespace) -> Unlock:
    from journal.session import Unlock

    passphrase_file = args.passphrase_file or os.environ.get(ENV_PASSPHRASE_FILE)
    passphrase = read_secret_file(passphrase_file, "passphrase") if passphrase_file else None
    recovery = (
        read_secret_file(args.recovery_key_file, "recovery key") if args.recovery_key_file else None
    )
    return Unlock(passphrase=passphrase, recovery_key=recovery, use_keyring=not args.no_keyring)


UNLOCK_HINT = (
    "On the command line, give --passphrase-file F or --recovery-key-file F "
    f"(or set {ENV_PASSPHRASE_FILE})."
)


def open_journal(args: argparse.Namespace) -> Journal:
    from journal.errors import KeyringUnavailable, KeyringWrongKey, NoUnlockMethod
    from journal.paths import JournalPaths
    from journal.session import Journal

    try:
        journal = Journal.open(JournalPaths.resolve(args.data_dir), unlock_from(args))
        if journal.rollback_notice and args.command != "verify":
            sys.stderr.write(f"practitioner-journal: warning: {journal.rollback_notice}\n")
        journal.background_close = True  # the day's backup never holds up a command
        return journal
    except (NoUnlockMethod, KeyringUnavailable, KeyringWrongKey) as exc:
        # Only the keyring was tried: say how to offer something else here.
        if "--passphrase-file" in exc.message:
            raise
        raise type(exc)(f"{exc.message} {UNLOCK_HINT}") from exc


def reserve_file(path: Path, thing: str, undone: str) -> Path:
    """Claim a new private file for ``thing`` (a secret) before anything needs it, so it can't
    be lost; ``undone`` says what didn't happen when the file can't be had."""
    if path.exists():
        raise InputError(f"{path} already exists. Choose a new file for the {thing}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise InputError(
            f"The {thing} can't be written to {path} ({exc.strerror or 'refused'}). "
            f"Choose a folder you can write to; {undone}."
        ) from None
    return path


def reserve_key_file(path: Path) -> Path:
    """Claim the recovery key's file before the journal exists, so the key can't be lost."""
    return reserve_file(path, "recovery key", "nothing was created")


def add_password_file(parser: argparse.ArgumentParser) -> None:
    """``--password-file F``: the password that protects a PDF written by the command."""
    parser.add_argument(
        "--password-file",
        dest="export_password_file",
        metavar="F",
        help="protect the PDF with the password in F",
    )


def password_and_new_file(args: argparse.Namespace) -> tuple[str | None, Path]:
    """The PDF's password (from ``--password-file``) and ``--out``, which must be a new file."""
    password = None
    if args.export_password_file:
        password = read_secret_file(args.export_password_file, "password")
    target = Path(args.out)
    if target.exists():
        raise InputError(f"{target} already exists. Choose a new file name; nothing was written.")
    return password, target


def wrote(what: str, target: Path, encrypted: bool, sha256: str) -> str:
    """What a command that writes a file says: what went where, and its checksum."""
    protected = " (password protected)" if encrypted else ""
    return f"Wrote {what} to {target}{protected}.\nSHA-256 {sha256}\n"


def write_problems(problems: list[str], limit: int = 20) -> None:
    """The first ``limit`` problems a check found, one a line on stderr, and how many more."""
    for problem in problems[:limit]:
        sys.stderr.write(problem + "\n")
    if len(problems) > limit:
        sys.stderr.write(f"… and {len(problems) - limit} more.\n")


def resolve_id(journal: Journal, prefix: str) -> str:
    from journal.errors import NotFound
    from journal.id_prefix import id_from_prefix

    return id_from_prefix(
        journal.conn,
        prefix,
        table="entries",
        thing="entry",
        missing=NotFound.default_message,
        live="deleted_at IS NULL",
    )
