"""How to report abuse on each platform: ``resources/platforms.json``, loaded and checked.

Every platform in :data:`journal.models.PLATFORMS` has an entry. A help link
must be HTTPS on the platform's own domain; email, text messages and the like
have general advice and at most a link to a neutral UK service.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from journal.models import PLATFORMS
from journal.resources import resource_path

# Domains a platform's help link may point to (the host or any of its subdomains).
NEUTRAL_DOMAINS = ("reportharmfulcontent.com",)
OFFICIAL_DOMAINS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com",),
    "x": ("x.com",),
    "instagram": ("instagram.com",),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "support.google.com"),
    "whatsapp": ("whatsapp.com",),
    "email": NEUTRAL_DOMAINS,
    "sms": NEUTRAL_DOMAINS,
    "forum": NEUTRAL_DOMAINS,
    "other": NEUTRAL_DOMAINS,
}


class PlatformDataError(Exception):
    """platforms.json is malformed: a packaging bug caught by the tests."""


@dataclass(frozen=True)
class PlatformGuide:
    key: str
    name: str
    steps: tuple[str, ...]
    help_url: str | None
    help_label: str | None


def _host_allowed(url: str, domains: tuple[str, ...]) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.port:
        return False
    return any(host == d or host.endswith("." + d) for d in domains)


def parse_platforms(data: Any) -> dict[str, PlatformGuide]:
    if not isinstance(data, Mapping) or data.get("version") != 1:
        raise PlatformDataError("platforms.json: expected an object with version 1")
    platforms = data.get("platforms")
    if not isinstance(platforms, Mapping):
        raise PlatformDataError("platforms.json: 'platforms' should be an object")
    unknown = set(platforms) - set(PLATFORMS)
    missing = set(PLATFORMS) - set(platforms)
    if unknown or missing:
        raise PlatformDataError(
            f"platforms.json: unknown {sorted(unknown)}, missing {sorted(missing)}"
        )
    out = {}
    for key in PLATFORMS:
        item = platforms[key]
        where = f"platforms.json: {key}"
        if not isinstance(item, Mapping):
            raise PlatformDataError(f"{where}: should be an object")
        extra = set(item) - {"name", "steps", "help_url", "help_label"}
        if extra:
            raise PlatformDataError(f"{where}: unknown field {sorted(extra)[0]!r}")
        name, steps = item.get("name"), item.get("steps")
        url, label = item.get("help_url"), item.get("help_label")
        if not isinstance(name, str) or not name.strip():
            raise PlatformDataError(f"{where}: needs a name")
        if (
            not isinstance(steps, list)
            or not steps
            or not all(isinstance(s, str) and s.strip() for s in steps)
        ):
            raise PlatformDataError(f"{where}: needs a list of steps")
        if (url is None) != (label is None):
            raise PlatformDataError(f"{where}: help_url and help_label go together")
        if url is not None:
            if not isinstance(url, str) or not isinstance(label, str) or not label.strip():
                raise PlatformDataError(f"{where}: help_url and help_label should be text")
            if not _host_allowed(url, OFFICIAL_DOMAINS[key]):
                raise PlatformDataError(f"{where}: {url!r} is not on an allowed domain")
        out[key] = PlatformGuide(key, name, tuple(steps), url, label)
    return out


def load_platforms(path: Path | None = None) -> dict[str, PlatformGuide]:
    target = path or resource_path("platforms.json")
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PlatformDataError(f"platforms.json is not valid JSON: {exc}") from None
    return parse_platforms(data)


@cache
def _bundled() -> dict[str, PlatformGuide]:
    return load_platforms()


def platform_guide(platform: str) -> PlatformGuide:
    """What the incident view shows for the incident's platform."""
    return _bundled()[platform]
