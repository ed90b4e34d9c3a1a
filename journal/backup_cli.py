"""The command line for backups: ``backup``, ``backup --check FILE``, ``restore FILE`` and
``backup-folder DIR`` / ``--off``. Kept apart from the other commands so they import only
what they need.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from journal.cli_common import write_problems
from journal.errors import InputError, IntegrityError, JournalError
from journal.timeutil import local_display

if TYPE_CHECKING:
    import argparse

    from journal.session import Journal, Unlock


def command_check(args: argparse.Namespace, out: TextIO, unlock: Unlock) -> int:
    """Exit 0 when the backup opens and passes every check; 6 with what is wrong otherwise."""
    from journal.backup_check import check_backup_file
    from journal.paths import JournalPaths

    paths = JournalPaths.resolve(args.data_dir)
    result = check_backup_file(Path(args.check), unlock, scratch=paths.root)
    made = local_display(result.info.created_at)
    if not result.ok:
        problems = result.report.problems
        write_problems(problems)
        raise IntegrityError(
            f"The backup from {made} failed {len(problems)} check(s), so it can't be trusted: "
            f"{problems[0]} Nothing was changed. Use another backup."
        )
    out.write(
        f"This backup is good: {result.entries:,} entries, made {made}. It opens and passes "
        "every check. Nothing was changed.\n"
    )
    return 0


def command_folder(
    args: argparse.Namespace, out: TextIO, open_journal: Callable[[], Journal]
) -> int:
    from journal import offsite

    with open_journal() as journal:
        if args.off:
            if args.folder:
                raise _usage("Give a folder or --off, not both.")
            offsite.set_second_folder(journal, None)
            out.write(
                "Off-laptop copies are off. The copies already in that folder are left "
                "as they are.\n"
            )
            return 0
        if not args.folder:
            state = offsite.status(journal)
            if state.folder is None:
                out.write(
                    "No folder for off-laptop copies is chosen. Choose one with "
                    "'practitioner-journal backup-folder DIR'.\n"
                )
            else:
                last = local_display(state.last_copy) if state.last_copy else "none yet"
                out.write(f"Off-laptop copies go to {state.folder}\nLast copy: {last}\n")
            return 0
        try:
            info = offsite.set_second_folder(journal, Path(args.folder))
        except offsite.SecondFolderMissing:
            raise
        except JournalError as exc:
            if offsite.second_folder(journal) is None:
                raise
            raise type(exc)(
                f"The folder is chosen, but the first copy couldn't be made there: {exc.message}"
            ) from exc
    assert info is not None
    out.write(
        f"Off-laptop copies now go to {info.path.parent}\n"
        f"The first copy was made now ({info.path.name}); then one a day when the journal "
        "closes, whenever the folder is there.\n"
    )
    return 0


def _usage(message: str) -> JournalError:
    error = JournalError(message)
    error.exit_code = 2
    return error


class ConfirmationNeeded(JournalError):
    """``restore`` replaces the journal, so it asks first; nobody was there to answer."""

    exit_code = 2
    default_message = (
        "Restoring replaces your journal, so it asks first, and there was no one to answer. "
        "Run it in a terminal, or add --yes to confirm. Nothing was changed."
    )


def command_backup(
    args: argparse.Namespace, out: TextIO, open_journal: Callable[[], Journal]
) -> int:
    from journal.backup_archive import write_backup
    from journal.backup_rotation import backup_now

    with open_journal() as journal:
        if args.out:
            target = Path(args.out)
            if target.exists():
                raise InputError(f"{target} already exists. Choose a new file name for the backup.")
            info = write_backup(journal, target)
        else:
            info = backup_now(journal)
        entries = journal.repo.count()
    out.write(
        f"Saved an encrypted backup of {entries:,} entries to {info.path}\n"
        "It opens with your recovery key. Keep it somewhere safe, away from this computer.\n"
    )
    return 0


def _confirm(question: str, stdin: TextIO | None) -> bool:

    if stdin is None or stdin.closed:
        raise ConfirmationNeeded()
    sys.stderr.write(question + " Type yes to restore: ")
    sys.stderr.flush()
    try:
        answer = stdin.readline()
    except (OSError, ValueError):
        raise ConfirmationNeeded() from None
    if not answer:
        sys.stderr.write("\n")
        raise ConfirmationNeeded()
    return answer.strip().lower() in {"y", "yes"}


def command_restore(
    args: argparse.Namespace, out: TextIO, unlock: Unlock, stdin: TextIO | None
) -> int:
    from journal.paths import JournalPaths
    from journal.restore import prepare_restore

    paths = JournalPaths.resolve(args.data_dir)
    prepared = prepare_restore(paths, Path(args.file), unlock)
    with prepared:
        when = local_display(prepared.backup.created_at)
        # Nothing to replace (a new computer): there is nothing to ask about.
        new_computer = not paths.database.exists() and not paths.key_slots.exists()
        if not args.yes and not new_computer:
            if prepared.current_entries is None:
                now_text = "the current journal can't be read"
                if not paths.database.exists():
                    now_text = "there is no journal here yet"
            else:
                now_text = f"your journal now has {prepared.current_entries:,}"
            question = (
                f"The backup from {when} has {prepared.entries:,} entries; {now_text}. "
                "Your journal as it is now will be kept aside."
            )
            if not _confirm(question, stdin):
                out.write("Nothing was changed.\n")
                return 0
        result = prepared.commit()
    out.write(f"Restored the backup from {when}: {result.entries:,} entries.\n")
    if result.aside is not None:
        out.write(f"Your journal as it was before is kept in {result.aside}\n")
    if not result.same_journal:
        out.write(
            "It unlocks with the passphrase or recovery key it had when the backup was made.\n"
        )
    return 0
