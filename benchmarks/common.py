"""What is measured, and the results of one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import Stats

ROOT = Path(__file__).resolve().parent.parent
ENC, PLAIN, JRNL = "encrypted", "plain", "jrnl"
# The same journal (and jrnl) unlocking through the file-based keyring backend instead of
# the real Secret Service: the numbers issue 8 measured, kept beside the real ones.
ENC_FILE, JRNL_FILE = "encrypted, file keyring", "jrnl, file keyring"
STORE = "Secret Service"


@dataclass(frozen=True)
class Measurement:
    key: str
    label: str
    group: str  # cli | store | inprocess | app | export | size
    unit: str = "s"  # s | MB
    systems: tuple[str, ...] = (ENC, PLAIN)


MEASUREMENTS = [
    Measurement(
        "cli_search",
        "`search RARE` (keyring unlock)",
        "cli",
        systems=(ENC, ENC_FILE, PLAIN, JRNL, JRNL_FILE),
    ),
    Measurement("cli_list", "`list --json --limit 50`", "cli", systems=(ENC, ENC_FILE, PLAIN)),
    Measurement("cli_add", "`add` one entry", "cli", systems=(ENC, ENC_FILE, PLAIN)),
    Measurement("store_none", "`python -c pass`", "store", systems=(STORE,)),
    Measurement(
        "store_keyring",
        "`import keyring; keyring.get_password(…)`",
        "store",
        systems=(STORE,),
    ),
    Measurement(
        "store_direct",
        "`journal.passwordstore.get_secret(…)` (secretstorage)",
        "store",
        systems=(STORE,),
    ),
    Measurement("search", "full-text search (`Repository.search`)", "inprocess"),
    Measurement("table_page", "incidents table, first page (`fetch_page`)", "inprocess"),
    Measurement("save", "save one incident with one image", "inprocess"),
    Measurement(
        "open",
        "open and unlock (`Journal.open`, keyring)",
        "inprocess",
        systems=(ENC, ENC_FILE, PLAIN),
    ),
    Measurement("export_pdf", "export incidents with images to PDF", "export"),
    Measurement("app_window", "launch → first painted window", "app", systems=(ENC, ENC_FILE)),
    Measurement("app_unlock", "launch → journal unlocked", "app", systems=(ENC, ENC_FILE)),
    Measurement("app_rows", "unlocked → incidents shown", "app", systems=(ENC, ENC_FILE)),
    Measurement("app_total", "launch → incidents shown", "app", systems=(ENC, ENC_FILE)),
    Measurement("app_rss", "peak memory (RSS)", "app", unit="MB", systems=(ENC, ENC_FILE)),
    Measurement("size_db", "journal file", "size", unit="MB", systems=(ENC, PLAIN, JRNL)),
    Measurement("size_backup", "automatic backup", "size", unit="MB", systems=(ENC,)),
]
BY_KEY = {m.key: m for m in MEASUREMENTS}


@dataclass
class Results:
    sizes: list[int]
    stats: dict[tuple[str, str, int], Stats] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def put(self, key: str, system: str, size: int, stats: Stats) -> None:
        self.stats[(key, system, size)] = stats

    def get(self, key: str, system: str, size: int) -> Stats | None:
        return self.stats.get((key, system, size))

    def median(self, key: str, system: str, size: int) -> float | None:
        s = self.get(key, system, size)
        return None if s is None else s.median

    def to_json(self) -> dict[str, Any]:
        return {
            "sizes": self.sizes,
            "results": [
                {"measurement": k, "system": sys_, "size": n, **s.to_dict()}
                for (k, sys_, n), s in self.stats.items()
            ],
            "notes": self.notes,
        }
