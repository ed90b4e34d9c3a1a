"""A report to the manager built straight from entries, without a journal on disk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from journal.export.redact import Redactor
from journal.export.report import Report, exported_entry, manager_asks, summarise
from journal.models import Entry

ENTRY_ID = "7d5c3c1e-2f7b-4c39-9f0e-6d1f0c1b2a3d"


def as_saved(
    entry: Entry, when: datetime, entry_id: str = ENTRY_ID, digest: str = "ab" * 32
) -> dict[str, Any]:
    """``entry`` as a report shows it once saved: a fixed id, times, first revision, hash."""
    entry.id = entry_id
    entry.recorded_at = entry.updated_at = when
    entry.revision = 1
    entry.hash = digest
    return exported_entry(entry, Redactor())


def report_of(entries: list[dict[str, Any]], when: datetime, **more: Any) -> Report:
    """A report from Alex Example to Morgan Lee of ``entries``, made at ``when``."""
    summary = summarise(entries)
    return Report(
        generated_at=when,
        practitioner="Alex Example",
        manager_name="Morgan Lee",
        manager_email="",
        urgent=False,
        note="",
        since=None,
        until=None,
        redacted=False,
        entries=entries,
        summary=summary,
        asks=manager_asks(summary),
        **more,
    )
