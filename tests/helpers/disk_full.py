"""Run one journal operation on a "full disk" and report what happened, as JSON.

No privileges needed: RLIMIT_FSIZE caps how large this process may make any
file, and with SIGXFSZ ignored a write past the cap fails with EFBIG, as on a
full or size-limited disk.

    disk_full.py OPERATION DATA_DIR PASSPHRASE_FILE MARGIN [OUT_FILE]

The cap is the largest file in DATA_DIR plus MARGIN bytes (or exactly N with
"=N"). After the failure the cap is lifted and one small entry is added, to
show the journal goes on working in the same process.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journal import keys
from journal.errors import JournalError
from journal.models import Incident, NewAttachment
from journal.paths import JournalPaths
from journal.session import Journal, Unlock

keys.DEFAULT_ARGON2 = keys.Argon2Params(memory_kib=8, iterations=1, lanes=1)
WHEN = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def cap_file_size(root: Path, margin: str) -> None:
    """MARGIN bytes more than the largest file, or exactly N bytes when given as "=N"."""
    if margin.startswith("="):
        cap = int(margin[1:])
    else:
        largest = max((p.stat().st_size for p in root.rglob("*") if p.is_file()), default=0)
        cap = largest + int(margin)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (cap, resource.RLIM_INFINITY))


def lift_cap() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def main() -> None:
    operation, data_dir, passphrase_file, margin, *rest = sys.argv[1:]
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").strip()
    paths = JournalPaths(Path(data_dir))
    result: dict[str, Any] = {}
    if operation.startswith("cli-"):
        from journal.cli import main as cli_main

        argv = {
            "cli-add": ["add", rest[0]],
            "cli-backup": ["backup", "--out", rest[0]],
            "cli-restore": ["restore", "--yes", rest[0]],
        }[operation]
        out, err = io.StringIO(), io.StringIO()
        cap_file_size(paths.root, margin)
        with redirect_stdout(out), redirect_stderr(err):
            code = cli_main(
                [
                    "--data-dir",
                    data_dir,
                    "--no-keyring",
                    "--passphrase-file",
                    passphrase_file,
                    *argv,
                ]
            )
        lift_cap()
        result.update(code=code, stdout=out.getvalue(), stderr=err.getvalue())
    else:
        journal = Journal.open(paths, Unlock(passphrase, use_keyring=False))
        cap_file_size(paths.root, margin)
        try:
            if operation == "add":
                journal.repo.add(
                    Incident(title="big", description="x" * 90_000, occurred_at=WHEN),
                    [NewAttachment("scan.png", "image/png", os.urandom(400_000))],
                )
            elif operation == "add_many":
                journal.repo.add_many(
                    [
                        (
                            Incident(
                                title=f"batch {i}", description="y" * 20_000, occurred_at=WHEN
                            ),
                            (),
                        )
                        for i in range(40)
                    ]
                )
            elif operation == "passphrase":
                journal.change_passphrase("a new passphrase that won't fit")
            elif operation == "backup":
                from journal.backup import write_backup

                write_backup(journal, Path(rest[0]))
            else:
                raise SystemExit(f"unknown operation {operation}")
            result["error"] = None
        except JournalError as exc:
            result.update(error=type(exc).__name__, message=exc.message)
        lift_cap()
        after = journal.repo.add(Incident(title="after the disk was freed", occurred_at=WHEN))
        if operation == "passphrase":
            journal.slots.save(paths.key_slots)  # a later save must not carry the failed change
        result["after"] = after.id
        journal.close()
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
