"""Reports a manager can check without the journal or its key.

Each entry in a report carries ``share_hash``: the SHA-256 of the entry exactly as
the report shows it (canonical JSON of every field but ``share_hash`` itself), so
it never depends on private notes that aren't exported, and anyone can recompute
it from the report. The report also carries ``integrity``: the journal's chain
position when it was made (``journal.chain``), and what became of every entry
reported before that this report doesn't include (in the bin, removed by the
retention rule with its tombstone's change number, no longer shared, outside the
period).

``practitioner-journal verify-report REPORT.json [LATER.json]`` checks a report on
its own, and that a later report continues an earlier one: entries in both are
unchanged or carry a later revision, the later one was made from a later point
of the journal, and nothing reported earlier went without saying what became of
it. The owner of the journal can still rewrite their own journal with the key;
what they can't do is make an earlier report (already with the manager) agree
with a rewritten later one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from journal import ledger
from journal.cli_common import write_problems
from journal.errors import InputError, IntegrityError

if TYPE_CHECKING:
    import argparse

    from journal.repository import Repository

SHARE_HASH = "share_hash"
REPORT_FORMAT = "practitioner-journal-report"
ACCOUNTED = {
    "deleted": "moved to the bin",
    "purged": "removed by the retention rule",
    "not shareable": "no longer marked as shareable",
    "outside period": "outside this report's period",
    "not included": "not of a kind this report includes",
}


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def share_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the entry as the report shows it (``share_hash`` itself left out)."""
    fields = {k: v for k, v in entry.items() if k != SHARE_HASH}
    return hashlib.sha256(canonical(fields).encode("utf-8", "surrogatepass")).hexdigest()


def add_share_hashes(entries: Iterable[dict[str, Any]]) -> None:
    for entry in entries:
        entry[SHARE_HASH] = share_hash(entry)


def integrity_block(
    repo: Repository,
    included: set[str],
    since: datetime | None,
    until: datetime | None,
) -> dict[str, Any]:
    """The chain position and what became of every earlier-reported entry left out."""
    conn = repo.conn
    seq, head = ledger.head(conn)
    accounted = []
    earlier = [str(r[0]) for r in conn.execute("SELECT DISTINCT entry_id FROM export_entries")]
    for entry_id in sorted(set(earlier) - included):
        row = conn.execute(
            "SELECT deleted_at, shareable, occurred_at FROM entries WHERE id = ?", (entry_id,)
        ).fetchone()
        last = conn.execute(
            "SELECT seq, action FROM ledger WHERE subject = ? ORDER BY seq DESC LIMIT 1",
            (entry_id,),
        ).fetchone()
        change = int(last[0]) if last else None
        if row is None:
            status = "purged" if last and last[1] == "purge" else None
        elif row[0] is not None:
            status = "deleted"
        elif not row[1]:
            status = "not shareable"
        elif (since and datetime.fromisoformat(row[2]) < since) or (
            until and datetime.fromisoformat(row[2]) > until
        ):
            status = "outside period"
        else:
            status = "not included"
        if status is not None:
            accounted.append({"id": entry_id, "status": status, "change": change})
    return {"chain": {"seq": seq, "head": head}, "previously_reported": accounted}


# -- checking ---------------------------------------------------------------------


def _load(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(f"{path} couldn't be read as a JSON report.") from exc
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        raise InputError(f"{path} isn't a Practitioner Journal report in JSON.")
    return data


def _entries(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    entries = data.get("entries")
    if not isinstance(entries, list):
        return {}
    return {str(e.get("id")): e for e in entries if isinstance(e, dict)}


def check_one(data: dict[str, Any], name: str) -> list[str]:
    problems = []
    integrity = data.get("integrity")
    if not isinstance(integrity, dict) or not isinstance(integrity.get("chain"), dict):
        problems.append(
            f"{name} has no record of the journal's position, so it can't be checked (it was "
            "made by an older version, or that part was removed)."
        )
    for entry_id, entry in _entries(data).items():
        stated = entry.get(SHARE_HASH)
        if stated is None:
            problems.append(f"{name}: entry {entry_id[:8]} has no hash to check it by.")
        elif stated != share_hash(entry):
            problems.append(
                f"{name}: entry {entry_id[:8]} (“{str(entry.get('title', ''))[:40]}”) was "
                "changed after the report was made: it no longer matches its hash."
            )
    return problems


def check_pair(earlier: dict[str, Any], later: dict[str, Any]) -> list[str]:
    problems = []
    first = (earlier.get("integrity") or {}).get("chain") or {}
    second = (later.get("integrity") or {}).get("chain") or {}
    seq1, seq2 = first.get("seq"), second.get("seq")
    if isinstance(seq1, int) and isinstance(seq2, int):
        if seq2 < seq1:
            problems.append(
                f"The later report was made from an earlier point of the journal (change "
                f"{seq2:,}) than the earlier report (change {seq1:,}): the journal was put "
                "back to an older copy in between."
            )
        elif seq2 == seq1 and second.get("head") != first.get("head"):
            problems.append(
                "The two reports were made at the same point of the journal but disagree "
                "about it: the journal was rewritten in between."
            )
    later_entries = _entries(later)
    accounted = {}
    for item in (later.get("integrity") or {}).get("previously_reported") or []:
        if isinstance(item, dict):
            accounted[str(item.get("id"))] = item
    for entry_id, entry in _entries(earlier).items():
        short = f"entry {entry_id[:8]} (“{str(entry.get('title', ''))[:40]}”)"
        again = later_entries.get(entry_id)
        if again is not None:
            rev1, rev2 = entry.get("revision"), again.get("revision")
            if not isinstance(rev1, int) or not isinstance(rev2, int):
                problems.append(f"The reports don't say which revision of {short} they show.")
            elif rev2 < rev1:
                problems.append(
                    f"The later report shows an older revision of {short} ({rev2} after {rev1})."
                )
            elif rev2 == rev1 and again.get(SHARE_HASH) != entry.get(SHARE_HASH):
                problems.append(
                    f"{short.capitalize()} differs between the reports but its revision "
                    f"({rev1}) is the same: it was changed without the change being recorded."
                )
            continue
        item = accounted.get(entry_id)
        if item is None or item.get("status") not in ACCOUNTED:
            problems.append(
                f"{short.capitalize()} was in the earlier report, but the later one neither "
                "includes it nor says what became of it: it may have been removed without "
                "a trace."
            )
        elif item.get("status") == "purged" and not isinstance(item.get("change"), int):
            problems.append(f"{short.capitalize()} is said to be purged, but with no tombstone.")
    return problems


def command_verify_report(args: argparse.Namespace, out: TextIO) -> int:
    """``verify-report REPORT.json [LATER.json]``: no journal and no key needed."""

    reports = [(args.report, _load(args.report))]
    if args.later:
        reports.append((args.later, _load(args.later)))
    problems = []
    for name, data in reports:
        problems += check_one(data, Path(name).name)
    if len(reports) == 2:
        problems += check_pair(reports[0][1], reports[1][1])
    if problems:
        write_problems(problems)
        raise IntegrityError(
            f"The report check found {len(problems)} problem(s), listed above. Ask the person "
            "who sent the report about them."
        )
    counts = ", ".join(f"{len(_entries(d)):,} entries in {Path(n).name}" for n, d in reports)
    if len(reports) == 2:
        out.write(
            f"Both reports check out ({counts}), and the later one continues the earlier one: "
            "every entry reported before is unchanged, changed with a recorded revision, or "
            "accounted for.\n"
        )
    else:
        out.write(f"The report checks out ({counts}): every entry matches its hash.\n")
    return 0


PDF_HOW_TO_CHECK = (
    "How to check this report: each entry shows a SHA-256 (“shareable hash”) over exactly "
    "what is shown of it, so it doesn't depend on anything kept private. With the JSON copy "
    "of a report, anyone can run “practitioner-journal verify-report REPORT.json” (no journal "
    "or key needed) to recompute every hash, and “practitioner-journal verify-report "
    "EARLIER.json LATER.json” to check that a later report continues an earlier one."
)
