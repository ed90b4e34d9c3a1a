"""Backup, backup check and closing, timed on the benchmark journal.

    python -m benchmarks.backup_speed [--size N] [--cache DIR] [--repeat R]

Uses the cached benchmark journal of ``benchmarks.build`` (built first if missing;
100,000 entries by default). Each measurement runs in a fresh process, so its peak
memory (ru_maxrss) is its own:

* ``backup``: ``write_backup`` of the open journal (stream, check, read back, rename);
* ``check``: ``backup --check``'s work on that backup (unpack to a temporary place,
  unlock with the passphrase, every ``verify`` check);
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


def _one(kind: str, journal_dir: Path, work: Path) -> dict[str, float]:
    from benchmarks.build import unlock_with_passphrase
    from journal.backup import write_backup
    from journal.backup_check import check_backup_file
    from journal.paths import JournalPaths
    from journal.session import Journal

    paths = JournalPaths(journal_dir)
    result: dict[str, float] = {}
    if kind == "backup":
        journal = Journal.open(paths, unlock_with_passphrase())
        target = work / "measured.pjbackup"
        target.unlink(missing_ok=True)
        start = time.perf_counter()
        write_backup(journal, target)
        result["seconds"] = time.perf_counter() - start
        journal.close(background=False)
    elif kind == "check":
        start = time.perf_counter()
        made = work / "measured.pjbackup"
        check = check_backup_file(made, unlock_with_passphrase(), scratch=work)
        result["seconds"] = time.perf_counter() - start
        assert check.ok, check.report.problems
    elif kind == "close":
        from journal import background

        shutil.rmtree(paths.backups, ignore_errors=True)  # so the day's backup is due
        journal = Journal.open(paths, unlock_with_passphrase())
        journal.background_close = True
        start = time.perf_counter()
        journal.close()
        result["seconds"] = time.perf_counter() - start
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
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--journal", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_one(args.one, args.journal, args.work)))
        return 0
    built = ensure(args.cache, args.size, with_jrnl=False)
    source = built.folder / "encrypted"
    with tempfile.TemporaryDirectory(prefix="pj-backup-bench-") as tmp:
        work = Path(tmp)
        journal_dir = work / "journal"
        shutil.copytree(source, journal_dir)  # the cache stays as it was built
        size_mb = (journal_dir / "journal.db").stat().st_size / 1e6
        print(f"{args.size:,} entries, journal.db {size_mb:.0f} MB, {args.repeat} runs each")
        env = dict(os.environ)
        env.pop("PRACTITIONER_JOURNAL_SYNC_CLOSE", None)
        for kind in ("backup", "check", "close"):
            runs = []
            for _ in range(args.repeat):
                done = subprocess.run(
                    [sys.executable, "-m", "benchmarks.backup_speed", "--one", kind,
                     "--journal", str(journal_dir), "--work", str(work)],
                    capture_output=True, text=True, check=True, env=env,
                )  # fmt: skip
                runs.append(json.loads(done.stdout))
            line = f"{kind:<7} median {statistics.median(r['seconds'] for r in runs):6.2f} s"
            if kind == "close":
                waited = statistics.median(r["background_seconds"] for r in runs)
                line += f" (then the background process: {waited:.2f} s)"
            line += f", peak memory {max(r['peak_mb'] for r in runs):.0f} MB"
            if kind == "backup":
                backup_mb = (work / "measured.pjbackup").stat().st_size / 1e6
                line += f", backup file {backup_mb:.0f} MB"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
