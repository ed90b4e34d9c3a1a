"""The ``practitioner-journal`` command.

With no sub-command it opens the desktop app. Sub-commands never load Qt and
import only what they need, so they start quickly. Every expected failure is
one line on stderr and a documented exit code (see ``EXIT_CODES``); nothing is
written when a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from journal import __version__
from journal.cli_common import (
    ENV_PASSPHRASE_FILE,
    UNLOCK_HINT,
    add_password_file,
    open_journal,
    read_secret_file,
    reserve_key_file,
    resolve_id,
    unlock_from,
    write_problems,
)
from journal.errors import InputError, JournalError, StorageError

if TYPE_CHECKING:
    from journal.repository import EntrySummary
    from journal.session import Journal

ENV_DEBUG = "PRACTITIONER_JOURNAL_DEBUG"
# Quoted words are shown only when asked for (`show`), so a list never repeats them.
_HIDDEN_MATCHES = {"quoted": "the quoted words", "private": "your private notes"}

EXIT_CODES = {
    0: "success",
    1: "an unexpected problem (a bug); nothing was written",
    2: "the command line was not understood",
    3: "no journal here (or one already exists, for init)",
    4: "the journal could not be unlocked (wrong passphrase or recovery key, "
    "password store unavailable)",
    5: "the journal is open in another program",
    6: "the journal (or a backup checked) is damaged or an older copy, or a check found a problem",
    7: "the journal is from a newer version, or this installation can't encrypt",
    8: "the input was not valid; nothing was written",
    9: "no entry with that id",
    10: "the disk refused the write (full or read-only); nothing was written",
    130: "interrupted",
}


def _when(summary_time: Any) -> str:
    return str(summary_time.astimezone().strftime("%Y-%m-%d %H:%M"))


# -- commands -------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from journal.fileio import atomic_write_bytes
    from journal.paths import JournalPaths
    from journal.session import Journal

    passphrase_file = args.passphrase_file or os.environ.get(ENV_PASSPHRASE_FILE)
    passphrase = read_secret_file(passphrase_file, "passphrase") if passphrase_file else None
    paths = JournalPaths.resolve(args.data_dir)
    key_out = reserve_key_file(Path(args.recovery_key_out)) if args.recovery_key_out else None
    try:
        journal, recovery_key = Journal.create(
            paths, passphrase=passphrase, use_keyring=not args.no_keyring
        )
    except BaseException:
        if key_out is not None:
            key_out.unlink(missing_ok=True)
        raise
    with journal:
        from journal.keys import SLOT_KEYRING, SLOT_PASSPHRASE

        methods = []
        if journal.slots.has(SLOT_KEYRING):
            methods.append("your computer's password store")
        if journal.slots.has(SLOT_PASSPHRASE):
            methods.append("your passphrase")
    out.write(f"Created an encrypted journal in {paths.root}\n")
    out.write(f"It unlocks with {' or '.join(methods)}, or your recovery key.\n")
    if key_out is not None:
        try:
            atomic_write_bytes(key_out, (recovery_key + "\n").encode("ascii"))
        except (OSError, JournalError):
            # The journal exists now: its recovery key must not be lost with the file.
            key_out.unlink(missing_ok=True)
            out.write(
                f"\nYour recovery key couldn't be saved in {key_out}, so here it is (shown only "
                f"this once; write it down and keep it safe):\n\n    {recovery_key}\n\n"
            )
            raise StorageError(
                "The journal was created, but its recovery key couldn't be written to a file. "
                "It is shown above instead; write it down now."
            ) from None
        out.write(
            f"Your recovery key is in {args.recovery_key_out}. Print it or copy it somewhere "
            "safe, then delete that file.\n"
        )
    else:
        out.write(
            "\nYour recovery key (shown only this once; write it down and keep it safe):\n\n"
            f"    {recovery_key}\n\n"
            "You need it if you forget your passphrase or move to a new computer.\n"
        )
    return 0


def _stdin_bytes() -> bytes:
    """Standard input as bytes, so text in another encoding is refused, not misread."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # replaced by a text stream (an embedding program, a test)
        return sys.stdin.read().encode("utf-8", "surrogateescape")
    data: bytes = buffer.read()
    return data


def _load_input(source: str) -> Any:
    try:
        # utf-8-sig: Windows editors often start a UTF-8 file with a byte-order mark.
        raw = _stdin_bytes() if source == "-" else Path(source).read_bytes()
        text = raw.decode("utf-8-sig")  # strictly: never the locale's guess
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{source} couldn't be read as UTF-8 text.") from exc
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"That isn't valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Nothing was added."
        ) from None
    except RecursionError:
        raise InputError("That JSON is nested too deeply. Nothing was added.") from None
    except ValueError:  # a number with thousands of digits
        raise InputError(
            "That JSON has a number far too long to read. Nothing was added."
        ) from None


def cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    from journal.models import entry_from_dict

    data = _load_input(args.file)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError("There were no entries to add.")
    # "person" links the author handle to a person (journal/persons.py), not an entry field.
    persons = [item.pop("person", None) if isinstance(item, dict) else None for item in items]
    parsed = [
        entry_from_dict(item, index=i if len(items) > 1 else None) for i, item in enumerate(items)
    ]
    with open_journal(args) as journal:
        if any(p is not None for p in persons):
            from journal.persons import add_with_persons

            saved = add_with_persons(journal.repo, parsed, persons)
        else:
            saved = journal.repo.add_many(parsed, validated=True)  # checked just above
    if args.json:
        _dump([_with_person(e.to_dict(), p) for e, p in zip(saved, persons, strict=True)], out)
    else:
        for entry in saved:
            out.write(entry.id + "\n")
    return 0


def _with_person(data: dict[str, Any], person: Any) -> dict[str, Any]:
    if person is not None:
        data["person"] = " ".join(str(person).split())
    return data


def _person_of(journal: Journal, data: dict[str, Any]) -> dict[str, Any]:
    """An incident's JSON with the person its author handle is linked to, when it is."""
    if data.get("kind") == "incident" and data.get("author_handle"):
        from journal.persons import label_for_handle

        person = label_for_handle(journal.repo, data["author_handle"])
        if person:
            data["person"] = person
    return data


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _print_summaries(rows: Sequence[EntrySummary], out: TextIO, *, snippets: bool = False) -> None:
    from journal.models import KIND_LABELS, SEVERITY_LABELS
    from journal.search import HIT_END, HIT_START

    for row in rows:
        severity = SEVERITY_LABELS.get(row.severity, "")
        title = row.title if len(row.title) <= 60 else row.title[:59] + "…"
        out.write(
            f"{row.id[:8]}  {_when(row.occurred_at)}  {KIND_LABELS[row.kind]:<11}  "
            f"{severity:<8}  {title}\n"
        )
        if snippets and row.snippet:
            out.write(
                "          " + row.snippet.replace(HIT_START, "[").replace(HIT_END, "]") + "\n"
            )
        elif snippets and row.matched_in in _HIDDEN_MATCHES:
            out.write(f"          (matches {_HIDDEN_MATCHES[row.matched_in]})\n")


MAX_LIMIT = 1_000_000  # SQLite's limit is 64-bit; --all lists everything


def _check_limit(limit: int) -> None:
    if limit < 1:  # SQLite would take a negative limit as "no limit"
        raise InputError("--limit should be 1 or more.")
    if limit > MAX_LIMIT:
        raise InputError(f"--limit should be at most {MAX_LIMIT:,}; use --all to list everything.")


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from journal.repository import EntryQuery

    _check_limit(args.limit)
    query = EntryQuery(kind=args.kind, limit=None if args.all else args.limit)
    with open_journal(args) as journal:
        rows = journal.repo.list_entries(query)
        if args.json:
            _dump([_person_of(journal, journal.repo.get(r.id).to_dict()) for r in rows], out)
        elif rows:
            _print_summaries(rows, out)
        else:
            out.write("No entries yet.\n")
    return 0


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    with open_journal(args) as journal:
        entry = journal.repo.get(resolve_id(journal, args.id))
        data = _person_of(journal, entry.to_dict())
    if args.json:
        _dump(data, out)
        return 0
    from journal.show import entry_text

    out.write(entry_text(entry, reveal=args.reveal))
    return 0


def cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    _check_limit(args.limit)
    query = args.query
    if query == "-":  # read from stdin, so the words don't show in the process list
        try:
            query = _stdin_bytes().decode("utf-8-sig").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("The search words couldn't be read as UTF-8 text.") from exc
        if not query:
            raise InputError("There were no words to search for on standard input.")
    with open_journal(args) as journal:
        rows = journal.repo.search(query, kind=args.kind, limit=args.limit)
        if args.json:
            from journal.search import strip_markers

            results = []
            for row in rows:
                data = journal.repo.get(row.id).to_dict()
                data["snippet"] = strip_markers(row.snippet)
                results.append(data)
            _dump(results, out)
        elif rows:
            _print_summaries(rows, out, snippets=True)
        else:
            out.write("Nothing matches that.\n")
    return 0


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from journal.backup_rotation import verify_advice
    from journal.errors import IntegrityError
    from journal.rollback import check, keep_this_copy, verify_journal

    with open_journal(args) as journal:
        if args.keep_this_copy and (
            journal.rollback_notice
            or check(journal.conn, journal.slots, journal._key, password_store=True)
        ):
            keep_this_copy(journal)
            out.write("Kept this copy of the journal; its position is recorded from now on.\n")
        report = verify_journal(journal)
        advice = "" if report.ok else verify_advice(journal)
    if not report.ok:
        write_problems(report.problems)
        raise IntegrityError(
            f"The journal failed {len(report.problems)} check(s). It was not changed; keep "
            f"this folder as it is. {advice}"
        )
    out.write(
        f"All checks passed: {report.entries:,} entries, {report.revisions:,} revisions and "
        f"{report.attachments:,} evidence files are intact.\n"
    )
    return 0


def cmd_passphrase(args: argparse.Namespace, out: TextIO) -> int:
    from journal.rekey import command_passphrase

    return command_passphrase(args, out, lambda: open_journal(args))


def cmd_recovery_key(args: argparse.Namespace, out: TextIO) -> int:
    from journal.rekey import command_recovery_key

    return command_recovery_key(args, out, lambda: open_journal(args))


def cmd_verify_report(args: argparse.Namespace, out: TextIO) -> int:
    from journal.report_check import command_verify_report

    return command_verify_report(args, out)


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    from journal.backup_cli import command_backup

    if args.check:
        from journal.backup_cli import command_check
        from journal.errors import KeyringUnavailable, KeyringWrongKey, NoUnlockMethod

        if args.out:
            raise InputError("Give --check or --out, not both.")
        try:
            return command_check(args, out, unlock_from(args))
        except (NoUnlockMethod, KeyringUnavailable, KeyringWrongKey) as exc:
            raise type(exc)(f"{exc.message} {UNLOCK_HINT}") from exc
    return command_backup(args, out, lambda: open_journal(args))


def cmd_backup_folder(args: argparse.Namespace, out: TextIO) -> int:
    from journal.backup_cli import command_folder

    return command_folder(args, out, lambda: open_journal(args))


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from journal.backup_cli import command_restore

    return command_restore(args, out, unlock_from(args), sys.stdin)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from journal.export.cli import run_export

    return run_export(args, out)


def cmd_send(args: argparse.Namespace, out: TextIO) -> int:
    from journal.export.cli import run_send

    return run_send(args, out)


def cmd_reports(args: argparse.Namespace, out: TextIO) -> int:
    from journal.export.cli import run_reports

    return run_reports(args, out)


# The demo journal holds nothing real, so its passphrase can be printed for anyone to use.
DEMO_PASSPHRASE = "made-up entries only"


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """Made-up entries, each marked as such, in the demo journal (or a journal named with
    --data-dir that holds no real entries yet), never among a person's own records."""
    from itertools import islice

    from journal.demo import generate
    from journal.paths import JournalPaths, data_dir_given, demo_data_dir
    from journal.session import Journal, Unlock, journal_state

    if args.entries < 1 or args.entries > 1_000_000:
        raise InputError("--entries should be from 1 to 1,000,000.")
    own_folder = not data_dir_given(args.data_dir)
    paths = JournalPaths(demo_data_dir()) if own_folder else JournalPaths.resolve(args.data_dir)
    created = False
    if own_folder and journal_state(paths) == "missing" and not paths.key_slots.exists():
        journal, _recovery = Journal.create(paths, passphrase=DEMO_PASSPHRASE, use_keyring=False)
        created = True
    elif own_folder:
        journal = Journal.open(paths, Unlock(passphrase=DEMO_PASSPHRASE, use_keyring=False))
    else:
        journal = open_journal(args)
    with journal:
        if not created and _holds_real_entries(journal):
            raise InputError(
                "This journal already holds your own entries, so no made-up ones were added. "
                "Run 'practitioner-journal demo' without --data-dir to fill a separate demo "
                "journal."
            )
        journal.repo.set_setting("demo_journal", True)
        source = generate(args.entries, seed=args.seed, mark_demo=True)
        written = 0
        while batch := list(islice(source, 2000)):
            journal.repo.add_many([(entry, ()) for entry in batch], validated=True)
            written += len(batch)
    out.write(f"Added {written:,} made-up entries, marked as demo entries, to {paths.root}.\n")
    if own_folder:
        out.write(
            "They never go into a report. To try the app on them, run:\n"
            f'  practitioner-journal --data-dir "{paths.root}"\n'
            f"and unlock with the passphrase: {DEMO_PASSPHRASE}\n"
        )
    return 0


def _holds_real_entries(journal: Any) -> bool:
    row = journal.repo.conn.execute(
        "SELECT 1 FROM entries WHERE json_extract(data, '$.demo') IS NOT 1 LIMIT 1"
    ).fetchone()
    return row is not None


# -- parser -------------------------------------------------------------------


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options that may stand before or after the sub-command."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="the journal's folder (default: your user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="F",
        default=default,
        help=f"read the passphrase from F (or set {ENV_PASSPHRASE_FILE})",
    )
    parser.add_argument(
        "--recovery-key-file",
        metavar="F",
        default=default,
        help="unlock with the recovery key in F",
    )
    parser.add_argument(
        "--no-keyring",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="don't use the computer's password store",
    )


_Command = Callable[[str, str], argparse.ArgumentParser]
"""Adds one sub-command with the common options: ``command(name, help_text)``."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="practitioner-journal",
        description="An encrypted journal of online abuse received because of your work. "
        "With no command, opens the desktop app.",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        _common(p, top=False)
        return p

    # The order here is the order of the commands in --help.
    _add_entry_commands(command)
    _add_check_commands(command)
    _add_key_commands(command)
    _add_backup_commands(command)
    _add_report_commands(command)
    _add_demo_command(command)

    from journal.evidence_cli import add_parsers

    add_parsers(command)
    return parser


def _add_entry_commands(command: _Command) -> None:
    """init, add, list, show and search: making the journal and its entries."""
    p = command("init", "create a new encrypted journal")
    for action in p._actions:  # a new journal has no recovery key to unlock with yet
        if "--recovery-key-file" in action.option_strings:
            action.help = argparse.SUPPRESS
    p.add_argument("--recovery-key-out", metavar="F", help="write the recovery key to F")
    p.set_defaults(func=cmd_init)

    p = command("add", "add entries from a JSON object or array (FILE, or - for stdin)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--json", action="store_true", help="print the saved entries as JSON")
    p.set_defaults(func=cmd_add)

    kinds = ["incident", "checkin", "search", "supervision"]
    p = command("list", "list entries, newest first")
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    p.add_argument("--all", action="store_true", help="list every entry")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = command("show", "show one entry (the id or its first characters)")
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="every field, as JSON")
    p.add_argument(
        "--reveal", action="store_true", help="also print the exact words and private notes"
    )
    p.set_defaults(func=cmd_show)

    p = command("search", "full-text search, best matches first")
    p.add_argument(
        "query",
        metavar="QUERY|-",
        help="the words to look for, or - to read them from stdin (then they don't show in "
        "the list of running programs)",
    )
    p.add_argument("--kind", choices=kinds)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)


def _add_check_commands(command: _Command) -> None:
    """verify and verify-report: is the journal, or a report, whole and unaltered."""
    p = command("verify", "check the journal is whole and unaltered")
    p.add_argument(
        "--keep-this-copy",
        action="store_true",
        help="an older copy was put back on purpose: keep it, and stop warning about it",
    )
    p.set_defaults(func=cmd_verify)

    p = command(
        "verify-report",
        "check a JSON report (no journal or key needed), and that LATER.json continues it",
    )
    p.add_argument("report", metavar="REPORT.json")
    p.add_argument("later", metavar="LATER.json", nargs="?")
    p.set_defaults(func=cmd_verify_report)


def _add_key_commands(command: _Command) -> None:
    """passphrase and recovery-key: new secrets, and a new key behind them."""
    p = command(
        "passphrase",
        "change the passphrase and give the journal a new key, so the old passphrase and "
        "recovery key open nothing (you get a new recovery key)",
    )
    p.add_argument(
        "--new-passphrase-file", required=True, metavar="F", help="read the new passphrase from F"
    )
    p.add_argument(
        "--recovery-key-out", metavar="F", help="write the new recovery key to F (a new file)"
    )
    p.add_argument(
        "--keep-key",
        action="store_true",
        help="only rewrap the key (quick): older copies of the folder still open with the "
        "old passphrase",
    )
    p.set_defaults(func=cmd_passphrase)

    p = command(
        "recovery-key",
        "make a new recovery key and give the journal a new key, so the old recovery key "
        "opens nothing",
    )
    p.add_argument("--out", required=True, metavar="F", help="write the new recovery key to F")
    p.set_defaults(func=cmd_recovery_key)


def _add_backup_commands(command: _Command) -> None:
    """backup, backup-folder and restore."""
    p = command("backup", "save an encrypted backup that opens with your recovery key")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write the backup to FILE (default: the backups folder, kept in rotation)",
    )
    p.add_argument(
        "--check",
        metavar="FILE",
        help="check the backup FILE without restoring it (opens it with your recovery key "
        "or passphrase in a temporary place; exit 0 when good, 6 with what is wrong)",
    )
    p.set_defaults(func=cmd_backup)

    p = command(
        "backup-folder",
        "also copy the daily backup to a folder off this computer (a synced folder, a "
        "network drive or a USB stick); with no DIR, say where copies go",
    )
    p.add_argument("folder", metavar="DIR", nargs="?")
    p.add_argument("--off", action="store_true", help="stop copying to that folder")
    p.set_defaults(func=cmd_backup_folder)

    p = command(
        "restore",
        "replace the journal with a backup (asks first), or, in a folder with no journal yet, "
        "create it from the backup (unlock with --recovery-key-file or --passphrase-file)",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--yes", action="store_true", help="restore without asking")
    p.set_defaults(func=cmd_restore)


def _add_report_commands(command: _Command) -> None:
    """export, send and reports: what leaves the journal, and its log."""
    p = command("export", "write a report to a file only; logged as saved to a file")
    p.add_argument("--format", required=True, choices=["pdf", "json", "csv"])
    p.add_argument("--out", required=True, metavar="FILE", help="a new file to write")
    p.add_argument("--since", metavar="DATE", help="entries that happened on or after DATE")
    p.add_argument("--until", metavar="DATE", help="entries that happened on or before DATE")
    add_password_file(p)
    p.add_argument(
        "--include-checkins", action="store_true", help="include shareable wellbeing check-ins"
    )
    p.add_argument(
        "--supervision",
        metavar="ID",
        help="instead, write the summary of one supervision record for the supervision file "
        "(PDF or JSON)",
    )
    p.set_defaults(func=cmd_export)

    p = command(
        "send",
        "the one click: a password-protected PDF for your manager, attached to a new draft "
        "in your email program (new since your last report, unless --incident or --all)",
    )
    p.add_argument("--incident", metavar="ID", help="report this incident now")
    p.add_argument("--all", action="store_true", help="every entry marked to share")
    p.add_argument(
        "--to", metavar="ADDRESS", help="your manager's email address (kept for next time)"
    )
    p.add_argument(
        "--from", dest="sender", metavar="NAME", help="your name on the report (kept for next time)"
    )
    p.add_argument(
        "--password-out",
        metavar="F",
        help="write the report's password to F (a new file) instead of printing it",
    )
    p.set_defaults(func=cmd_send)

    p = command("reports", "the export log: every report, what happened to it, each file's SHA-256")
    p.add_argument("--json", action="store_true")
    p.add_argument("--acknowledge", metavar="ID", help="mark a report acknowledged by your manager")
    p.add_argument("--sent", metavar="ID", help="mark a report saved to a file as sent by you")
    p.set_defaults(func=cmd_reports)


def _add_demo_command(command: _Command) -> None:
    """demo: made-up entries to try the app with."""
    p = command(
        "demo",
        "made-up entries to try the app with, in a separate demo journal (or in the "
        "--data-dir journal when it holds no real entries); they never go into a report",
    )
    p.add_argument("--entries", type=int, default=200, help="how many (default 200)")
    p.add_argument("--seed", type=int, default=7, help="the same seed makes the same entries")
    p.set_defaults(func=cmd_demo)


_MESSAGE_LIMIT = 1000


def one_line(message: str) -> str:
    """A message as one printable line: input echoed in it can't add lines or run off."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in message)
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    from journal.hardening import harden_process

    harden_process()  # no core dumps of a process that holds the key
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run

        return run(args.data_dir)
    try:
        return int(args.func(args, sys.stdout))
    except JournalError as exc:
        sys.stderr.write(f"practitioner-journal: {one_line(exc.message)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("practitioner-journal: interrupted; nothing more was written.\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        if os.environ.get(ENV_DEBUG):
            raise
        sys.stderr.write(
            "practitioner-journal: something unexpected went wrong and the command stopped. "
            f"Your journal was not changed. Run again with {ENV_DEBUG}=1 to see details.\n"
        )
        return 1
