"""How long the app waits, untouched, before it locks: the setting and its bounds."""

from __future__ import annotations

from typing import Any

SETTING = "lock_after_minutes"
DEFAULT_LOCK_MINUTES = 5
MIN_LOCK_MINUTES = 1
MAX_LOCK_MINUTES = 120


def clamp_lock_minutes(value: Any) -> int:
    """The stored value as whole minutes within bounds; anything unreadable is the default."""
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES
    return max(MIN_LOCK_MINUTES, min(MAX_LOCK_MINUTES, minutes))
