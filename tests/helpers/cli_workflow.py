"""A whole command-line session with every logger at DEBUG, logs going to stderr.

    cli_workflow.py WORK_DIR MARKER

Prints, on stdout's last line, the exit code of each step as JSON. The test
searches stderr (which also holds every log record) for the marker and keys.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import sys
from pathlib import Path

from journal.cli import main

work, marker = Path(sys.argv[1]), sys.argv[2]
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, force=True)
for name in ("journal", "keyring", "sqlcipher3", ""):
    logging.getLogger(name).setLevel(logging.DEBUG)
logging.getLogger("journal.canary").debug("logging reaches stderr")

data = work / "data"
pw = work / "pw.txt"
pw.write_text("a workflow passphrase\n", encoding="utf-8")
entries = work / "entries.json"
entries.write_text(
    json.dumps(
        [
            {
                "kind": "incident",
                "title": f"Post about me {marker}",
                "occurred_at": "2026-03-14T09:30:00+00:00",
                "description": f"They wrote {marker} under my photo",
                "private_notes": f"{marker} private",
                "quoted_text": f"{marker} quoted",
                "author_handle": f"@{marker}",
                "impact_tags": [f"{marker}-tag"],
                "attachments": [{"filename": "s.txt", "data": "bWFya2Vy"}],
            },
            {"kind": "checkin", "mood": 2, "note": f"{marker} tired"},
            {"kind": "search", "query": f"{marker} search", "reason": "court asked"},
        ]
    ),
    encoding="utf-8",
)
common = ["--data-dir", str(data), "--no-keyring", "--passphrase-file", str(pw)]
steps = [
    ["init", "--recovery-key-out", str(work / "recovery.txt")],
    ["demo", "--entries", "5"],  # before any real entry: demo refuses a journal with some
    ["add", str(entries)],
    ["list"],
    ["list", "--json"],
    ["search", marker],
    ["search", marker, "--json"],
    ["verify"],
    ["backup", "--out", str(work / "b.pjbackup")],
    ["backup"],
    ["restore", "--yes", str(work / "b.pjbackup")],
    ["add", str(work / "missing.json")],  # a failure, to see what errors say
    ["search", f'"{marker}'],
    ["show", "0000"],
]
codes = []
for step in steps:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        codes.append(main([*common, *step]))
    if step[0] == "list" and "--json" in step:
        first_id = json.loads(out.getvalue())[0]["id"]
        with contextlib.redirect_stdout(io.StringIO()):
            codes.append(main([*common, "show", first_id[:8]]))
print(json.dumps(codes))
