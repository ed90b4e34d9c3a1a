"""``import`` and ``chronology``: screenshots in, a chronology with exhibits out."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from journal.cli_common import add_password_file
from journal.errors import InputError


def _when(moment: Any) -> str:
    return str(moment.astimezone().strftime("%Y-%m-%d %H:%M"))


def run_import(args: argparse.Namespace, out: TextIO) -> int:
    from journal.cli_common import open_journal
    from journal.screenshots import collect_paths, describe, read_files, save_import

    collect_paths(args.paths)  # a missing file is refused before the journal is unlocked
    with open_journal(args) as journal:
        plan = read_files(journal.repo, args.paths)
        if not plan.files:
            reasons = "; ".join(s.reason for s in plan.skipped[:3]) or "no pictures were found"
            raise InputError(f"Nothing was imported: {reasons}")
        result = save_import(journal.repo, plan, one_incident=args.one_incident)
    if args.json:
        data = {
            "created": [
                {
                    "id": incident.id,
                    "title": incident.title,
                    "occurred_at": incident.occurred_at.isoformat(),
                    "files": [describe(f) for f in files],
                }
                for incident, files in result.incidents
            ],
            "duplicates": [describe(f) for f in result.duplicates],
            "skipped": [{"path": str(s.path), "reason": s.reason} for s in result.skipped],
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    count = sum(len(files) for _, files in result.incidents)
    if result.incidents:
        n = len(result.incidents)
        out.write(
            f"Created {n} {'incident' if n == 1 else 'incidents'} from {count} "
            f"{'screenshot' if count == 1 else 'screenshots'}:\n"
        )
    for incident, files in result.incidents:
        out.write(f"{incident.id[:8]}  {_when(incident.occurred_at)}  {incident.title}\n")
        for f in files:
            out.write(
                f"          {f.filename}: taken {_when(f.taken_at)}, from {f.taken_from_label}\n"
            )
    for f in result.duplicates:
        out.write(
            f"Already in the journal, not stored again: {f.filename} "
            f"(incident {f.duplicate_of[:8]})\n"
        )
    for s in result.skipped:
        out.write(f"Left out: {s.reason}\n")
    return 0


def run_chronology(args: argparse.Namespace, out: TextIO) -> int:
    from journal.cli_common import open_journal, password_and_new_file, wrote
    from journal.export.chronology import export_chronology

    password, target = password_and_new_file(args)
    with open_journal(args) as journal:
        result = export_chronology(
            journal.repo,
            target,
            person=args.person,
            password=password,
            include_quoted=args.include_quoted,
        )
    what = (
        f"a chronology of {result.incident_count} "
        f"{'incident' if result.incident_count == 1 else 'incidents'} with "
        f"{result.exhibit_count} {'exhibit' if result.exhibit_count == 1 else 'exhibits'}"
    )
    out.write(
        wrote(what, target, result.encrypted, result.sha256) + "Recorded in the export log.\n"
    )
    return 0


def add_parsers(command: Any) -> None:
    """Register ``import`` and ``chronology`` with the main parser's ``command`` helper."""
    p = command("import", "bring in screenshots from a phone (files, or folders of pictures)")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR")
    p.add_argument(
        "--one-incident",
        action="store_true",
        help="one incident holding every picture (default: one incident per picture)",
    )
    p.add_argument("--json", action="store_true", help="print what was created as JSON")
    p.set_defaults(func=run_import)

    p = command("chronology", "a dated chronology with numbered exhibits for one person, as a PDF")
    p.add_argument("--person", required=True, metavar="LABEL", help="the person's label")
    p.add_argument("--out", required=True, metavar="FILE", help="a new PDF file to write")
    add_password_file(p)
    p.add_argument(
        "--include-quoted",
        action="store_true",
        help="include the exact words quoted in each incident (left out unless asked for)",
    )
    p.set_defaults(func=run_chronology)
