"""Times: always timezone-aware; stored in UTC at second precision so text order is time order."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_storage(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_datetime(text: str) -> datetime:
    """ISO 8601; a time without an offset is taken as local time, a bare date as midnight local."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # interpret as the computer's local time
    return moment


def parse_date(text: str) -> date:
    return date.fromisoformat(text.strip()[:10])


def local_display(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y %H:%M")


def local_zone_name() -> str:
    """This computer's time zone by name ("Europe/London"), else its abbreviation ("GMT").

    Reports say which zone their times are in, so a reader elsewhere isn't misled.
    """
    import os
    from pathlib import Path

    candidate = os.environ.get("TZ", "").lstrip(":")
    if not candidate:
        with contextlib.suppress(OSError):
            target = str(Path("/etc/localtime").resolve())
            if "zoneinfo/" in target:
                candidate = target.split("zoneinfo/", 1)[1]
    if candidate and "/" in candidate and not candidate.startswith("/"):
        return candidate
    return datetime.now().astimezone().tzname() or "local time"
