"""``practitioner-journal`` with its journal swapped for a plain SQLite copy (benchmarks only).

The very same command code runs (``journal.cli.main``: parsing, search, list, add,
output); only opening is replaced, so the difference from the real command is the
encryption: the keyring, the key slots and SQLCipher. ``--data-dir D`` reads
``D/plain.db``. Run as a script, like the installed console script.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _open_plain(args: Any) -> Any:
    from benchmarks.plain import PlainJournal

    return PlainJournal(Path(args.data_dir) / "plain.db")


def main() -> int:
    from journal import cli

    cli.open_journal = _open_plain  # type: ignore[assignment]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
