"""Backup, backup check and closing, timed on the benchmark journal.

    python -m benchmarks.backup_speed [--size N] [--cache DIR] [--repeat R] [--day N]

Uses the cached benchmark journal of ``benchmarks.build`` (built first if missing;
100,000 entries by default). Each measurement runs in a fresh process, so its peak
memory (ru_maxrss) and its CPU time (user + system, every thread) are its own:

* ``first``: ``write_backup`` when the journal has no checkpoint yet (the first backup,
  or the first after an update): every ``verify`` check in full, then the checkpoint;
* ``backup``: a day's work (``--day`` entries added and as many edited, 25 by default),
  then ``write_backup`` of the open journal (stream, quick check against the last
  checkpoint, read back, rename) — the daily backup;
* ``check``: ``backup --check``'s work on that backup (unpack to a temporary place,
  unlock with the passphrase, the quick check against the checkpoint it carries);
* ``close``: from ``close()`` to its return when the day's backup is due and is handed
  to the background process (the time the person waits), then how long that process
  takes to finish.

Prints one line per measurement: the median of R runs, and the peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.session import Journal


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _a_days_work(journal: Journal, changes: int) -> None:
    """``changes`` new incidents and as many edits of older ones, as the app saves them."""
    from journal.models import Incident

    repo = journal.repo
    rows = journal.conn.execute(
        "SELECT id FROM entries WHERE kind = 'incident' AND deleted_at IS NULL "
        "ORDER BY random() LIMIT ?",
        (changes,),
    ).fetchall()
    for n in range(changes):
        repo.add(Incident(title=f"Benchmark day entry {n}", description="Another message."))
    for (entry_id,) in rows:
        entry = repo.get(entry_id)
        assert entry is not None
        entry.description += " Edited the next day."
        repo.update(entry)


def _one(kind: str, journal_dir: Path, work: Path, day: int) -> dict[str, float]:
    from benchmarks.build import unlock_with_passphrase
    from journal.backup_archive import write_backup
    from journal.backup_check import check_backup_file
    from journal.paths import JournalPaths
    from journal.session import Journal
    from journal.verify_incremental import SETTING, load

    paths = JournalPaths(journal_dir)
    result: dict[str, float] = {}
    if kind in ("first", "backup"):
        journal = Journal.open(paths, unlock_with_passphrase())
        if kind == "first":
            journal.conn.execute("DELETE FROM settings WHERE key = ?", (SETTING,))
        else:
            assert load(journal.conn) is not None, "run 'first' before 'backup'"
            _a_days_work(journal, day)
        target = work / "measured.pjbackup"
        target.unlink(missing_ok=True)
        cpu, start = _cpu(), time.perf_counter()
        write_backup(journal, target)
        result["seconds"] = time.perf_counter() - start
        result["cpu"] = _cpu() - cpu
        journal.close(background=False)
    elif kind == "check":
        cpu, start = _cpu(), time.perf_counter()
        made = work / "measured.pjbackup"
        check = check_backup_file(made, unlock_with_passphrase(), scratch=work)
        result["seconds"] = time.perf_counter() - start
        result["cpu"] = _cpu() - cpu
        assert check.ok, check.report.problems
    elif kind == "close":
        from journal import background

        shutil.rmtree(paths.backups, ignore_errors=True)  # so the day's backup is due
        journal = Journal.open(paths, unlock_with_passphrase())
        journal.background_close = True
        cpu, start = _cpu(), time.perf_counter()
        journal.close()
        result["seconds"] = time.perf_counter() - start
        result["cpu"] = _cpu() - cpu
        start = time.perf_counter()
        background.wait_for(paths)
        result["background_seconds"] = time.perf_counter() - start
        shutil.rmtree(paths.backups, ignore_errors=True)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv: list[str] | None = None) -> int:
    from benchmarks.build import DEFAULT_CACHE, ensure

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--day", type=int, default=25, help="entries added and edited a day")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--journal", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_one(args.one, args.journal, args.work, args.day)))
        return 0
    built = ensure(args.cache, args.size, with_jrnl=False)
    source = built.folder / "encrypted"
    with tempfile.TemporaryDirectory(prefix="pj-backup-bench-") as tmp:
        work = Path(tmp)
        journal_dir = work / "journal"
        shutil.copytree(source, journal_dir)  # the cache stays as it was built
        size_mb = (journal_dir / "journal.db").stat().st_size / 1e6
        print(
            f"{args.size:,} entries, journal.db {size_mb:.0f} MB, {args.repeat} runs each "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        env = dict(os.environ)
        env.pop("PRACTITIONER_JOURNAL_SYNC_CLOSE", None)
        for kind in ("first", "backup", "check", "close"):
            runs = []
            for _ in range(1 if kind == "first" else args.repeat):
                done = subprocess.run(
                    [sys.executable, "-m", "benchmarks.backup_speed", "--one", kind,
                     "--journal", str(journal_dir), "--work", str(work), "--day", str(args.day)],
                    capture_output=True, text=True, check=True, env=env,
                )  # fmt: skip
                runs.append(json.loads(done.stdout))
            line = f"{kind:<7} median {statistics.median(r['seconds'] for r in runs):6.2f} s"
            line += f" (CPU {statistics.median(r['cpu'] for r in runs):.2f} s)"
            line += " [" + ", ".join(f"{r['seconds']:.2f}" for r in runs) + "]"
            if kind == "close":
                waited = statistics.median(r["background_seconds"] for r in runs)
                line += f" (then the background process: {waited:.2f} s)"
            line += f", peak memory {max(r['peak_mb'] for r in runs):.0f} MB"
            if kind in ("first", "backup"):
                backup_mb = (work / "measured.pjbackup").stat().st_size / 1e6
                line += f", backup file {backup_mb:.0f} MB"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
