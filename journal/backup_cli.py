"""The command line for the off-laptop folder and for checking a backup file.

``backup --check FILE`` and ``backup-folder DIR`` / ``--off``. Kept apart from the
other commands so they import only what they need.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from journal.errors import IntegrityError, JournalError
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
        for problem in problems[:20]:
            sys.stderr.write(problem + "\n")
        if len(problems) > 20:
            sys.stderr.write(f"… and {len(problems) - 20} more.\n")
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
