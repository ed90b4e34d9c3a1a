"""Benchmark journals: the same synthetic entries for every system, built once and cached.

For each size the cache holds

- ``encrypted/``: a real journal (SQLCipher, key slots) made with ``Journal.create``;
  its passphrase slot uses a tiny Argon2 cost, since only the keyring unlock is timed;
- ``plain.db``: the same schema (``journal.store.MIGRATIONS``) and the same entries,
  written by the same ``Repository`` on a stdlib ``sqlite3`` connection, no key;
- ``jrnl.txt``: the same entries as an encrypted jrnl journal (when jrnl is set up);
- ``meta.json``: what was built, and the ids of the incidents that carry an image.

Content: ``journal.demo.generate(size - 1, seed=7)`` up to a fixed end date, plus one
planted incident whose description holds ``RARE_WORD`` (the search target). The
newest ``EXPORT_COUNT`` shareable incidents each carry one distinct PNG screenshot
(the export benchmark's report). The cache key is the size, the core's schema version
and ``BUILD_FORMAT``.
"""

from __future__ import annotations

import functools
import json
import random
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks.plain import PlainJournal
from journal import keys, store
from journal.demo import generate
from journal.models import Entry, Incident, NewAttachment
from journal.paths import JournalPaths
from journal.repository import Repository
from journal.session import Journal, Unlock

BUILD_FORMAT = 1
SEED = 7
END = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
RARE_WORD = "zygomorphic"
EXPORT_COUNT = 500
BATCH = 2000
PASSPHRASE = "benchmark passphrase, not a secret"  # noqa: S105 (synthetic journals)
JRNL_PASSWORD = "benchmark jrnl password"  # noqa: S105
FAST_ARGON2 = keys.Argon2Params(memory_kib=8, iterations=1, lanes=1)
ROOT = Path(__file__).resolve().parent
DEFAULT_CACHE = ROOT / ".cache"
JRNL_VENV = ROOT / ".venv-jrnl"


# -- content ----------------------------------------------------------------------------


def planted_incident() -> Incident:
    """The one entry the rare-word search must find."""
    return Incident(
        occurred_at=datetime(2025, 11, 1, 12, 0, tzinfo=UTC),
        title="Comment about the home visit",
        description=f"The comment used an odd word, {RARE_WORD}, about the family's worker.",
        platform="facebook",
        category="abuse",
        severity="medium",
        impact_score=4,
        shareable=True,
    )


def entries(size: int) -> Iterator[Entry]:
    """``size`` entries, oldest first, the planted one halfway through."""
    half = (size - 1) // 2
    source = generate(size - 1, seed=SEED, end=END)
    yield from islice(source, half)
    yield planted_incident()
    yield from source


@functools.cache
def _background(width: int, height: int) -> tuple[bytes, ...]:
    """The rows every screenshot shares (filter byte included): a soft two-way gradient."""
    base = bytes((x * 255 // width) for x in range(width))
    rows = []
    for y in range(height):
        row = bytearray(3 * width)
        row[0::3] = base
        row[1::3] = bytes(((v + y // 8) & 0xFF) for v in base)
        row[2::3] = bytes([(y // 8 * 8 * 255 // height) & 0xFF]) * width
        rows.append(b"\x00" + bytes(row))
    return tuple(rows)


def png(width: int, height: int, seed: int) -> bytes:
    """A distinct, screenshot-sized PNG: the gradient with a noisy panel (never the same twice)."""
    rng = random.Random(seed)  # noqa: S311 (pictures, not secrets)
    rows = list(_background(width, height))
    top, left = rng.randrange(height // 2), rng.randrange(width // 2)
    for y in range(top, top + 64):
        row = bytearray(rows[y])
        row[1 + 3 * left : 1 + 3 * (left + 120)] = rng.randbytes(3 * 120)
        rows[y] = bytes(row)
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@functools.lru_cache(maxsize=EXPORT_COUNT)
def screenshot(seed: int) -> NewAttachment:
    return NewAttachment(
        filename=f"screenshot-{seed}.png",
        mime="image/png",
        data=png(640, 400, seed),
        captured_at=END,
    )


def one_incident(n: int) -> Incident:
    """The entry each save benchmark writes (n makes each one different)."""
    return Incident(
        occurred_at=END,
        title=f"Benchmark save {n}",
        description="A comment under the council's post named me and my team.",
        platform="facebook",
        category="abuse",
        severity="medium",
        impact_tags=["anxious"],
        impact_score=4,
        author_handle="@benchmark",
        urls=["https://example.org/post/benchmark"],
        shareable=True,
    )


def one_incident_json(n: int) -> str:
    data = one_incident(n).to_dict()
    return json.dumps(
        {
            k: v
            for k, v in data.items()
            if k not in ("id", "recorded_at", "updated_at", "revision", "hash", "attachments")
        }
    )


# -- building ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    size: int
    folder: Path
    export_ids: tuple[str, ...]

    @property
    def encrypted(self) -> Path:
        return self.folder / "encrypted"

    @property
    def plain(self) -> Path:
        return self.folder / "plain.db"

    @property
    def jrnl(self) -> Path:
        return self.folder / "jrnl.txt"


def cache_folder(cache: Path, size: int) -> Path:
    return cache / f"schema{store.SCHEMA_VERSION}-build{BUILD_FORMAT}" / f"n{size}"


def _export_positions(items: list[Entry]) -> set[int]:
    """Positions of the newest EXPORT_COUNT shareable incidents."""
    chosen: list[int] = []
    for index in range(len(items) - 1, -1, -1):
        entry = items[index]
        if isinstance(entry, Incident) and entry.shareable:
            chosen.append(index)
            if len(chosen) == EXPORT_COUNT:
                break
    return set(chosen)


def _fill(repo: Repository, size: int) -> tuple[str, ...]:
    """Write the benchmark's entries; returns the ids of the incidents with an image."""
    items = list(entries(size))
    with_image = _export_positions(items)
    export_ids: list[str] = []
    for start in range(0, len(items), BATCH):
        batch = [
            (entry, [screenshot(i)] if i in with_image else [])
            for i, entry in enumerate(items[start : start + BATCH], start)
        ]
        saved = repo.add_many(batch, validated=True)  # the demo generator's entries are valid
        export_ids.extend(e.id for e, (_, files) in zip(saved, batch, strict=True) if files)
    return tuple(export_ids)


def build_encrypted(target: Path, size: int) -> tuple[str, ...]:
    journal, _recovery = Journal.create(
        JournalPaths(target), passphrase=PASSPHRASE, use_keyring=False, argon2=FAST_ARGON2
    )
    with journal:
        ids = _fill(journal.repo, size)
        journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(target / "backups", ignore_errors=True)  # made by close; not part of the cache
    return ids


def build_plain(target: Path, size: int) -> tuple[str, ...]:
    with PlainJournal(target) as journal:
        journal.repo.seed_defaults()
        return _fill(journal.repo, size)


def jrnl_python() -> Path:
    return JRNL_VENV / "bin" / "python"


def jrnl_available() -> bool:
    return (JRNL_VENV / "bin" / "jrnl").exists()


def jrnl_text(size: int) -> Iterator[str]:
    """The same entries in jrnl's plain-text form (timeformat ``%F %r``)."""
    for entry in entries(size):
        text = entry.searchable_text()
        when = entry.occurred_at.astimezone(UTC).strftime("%Y-%m-%d %I:%M:%S %p")
        body = " ".join(
            part for key in ("body", "quoted", "tags", "refs", "private") if (part := text[key])
        )
        yield f"[{when}] {text['title'].rstrip('.')}. {' '.join(body.split())}\n\n"


_JRNL_ENCRYPT = """
import sys
from jrnl.encryption.Jrnlv3Encryption import Jrnlv3Encryption
enc = Jrnlv3Encryption("default", {})
enc.password = sys.argv[2]
data = enc.encrypt(sys.stdin.read())
with open(sys.argv[1], "wb") as handle:
    handle.write(data)
"""


def build_jrnl(target: Path, size: int) -> None:
    """Encrypted with jrnl's own code (its current format); the text goes through a pipe."""
    text = "".join(jrnl_text(size))
    subprocess.run(
        [str(jrnl_python()), "-c", _JRNL_ENCRYPT, str(target), JRNL_PASSWORD],
        input=text,
        text=True,
        check=True,
    )


def ensure(cache: Path, size: int, *, with_jrnl: bool, log: Any = print) -> Built:
    """The cached journals for ``size``, built first if missing."""
    folder = cache_folder(cache, size)
    meta_file = folder / "meta.json"
    if not meta_file.exists():
        if folder.exists():
            shutil.rmtree(folder)
        staging = folder.with_name(folder.name + ".building")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        log(f"building the {size:,}-entry journals (cached in {folder.parent}) …")
        ids = build_encrypted(staging / "encrypted", size)
        plain_ids = build_plain(staging / "plain.db", size)
        meta = {"size": size, "export_ids": list(ids), "plain_export_ids": list(plain_ids)}
        (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        staging.rename(folder)
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    built = Built(size, folder, tuple(meta["export_ids"]))
    if with_jrnl and not built.jrnl.exists():
        log(f"writing the {size:,}-entry jrnl journal …")
        partial = built.jrnl.with_suffix(".part")
        build_jrnl(partial, size)
        partial.rename(built.jrnl)
    return built


def plain_export_ids(built: Built) -> tuple[str, ...]:
    meta = json.loads((built.folder / "meta.json").read_text(encoding="utf-8"))
    return tuple(meta["plain_export_ids"])


def unlock_with_passphrase() -> Unlock:
    return Unlock(passphrase=PASSPHRASE, use_keyring=False)
