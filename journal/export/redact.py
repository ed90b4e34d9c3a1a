"""Names replaced by initials or aliases before anything leaves the journal.

Matching is case-insensitive and by whole word: "Ann" is replaced in "ann's
post" but not in "Annual". Longer names win over shorter ones ("Ann Lee"
before "Ann"), and a replacement is never matched again, so one pass over a
text is the whole job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from journal.errors import ValidationError

# Keys whose values are identifiers, times, hashes or fixed codes, never free text:
# everything else in an exported entry is redacted, so a field added later is safe by default.
STRUCTURAL_KEYS = frozenset(
    {
        "id", "kind", "occurred_at", "recorded_at", "updated_at", "revision", "hash",
        "shareable", "platform", "content_type", "author_relation", "category", "severity",
        "status", "impact_score", "mood", "stress", "sleep", "confidence",
        "raise_in_supervision", "due", "done", "done_on", "next_date", "mime", "size",
        "sha256", "captured_at", "discussed",
    }
)  # fmt: skip

NAME_MAX = 200


@dataclass(frozen=True)
class Redaction:
    """One name (or handle, or phrase) and what to show instead."""

    name: str
    replacement: str

    def validate(self) -> Redaction:
        name = " ".join(self.name.split())
        replacement = " ".join(self.replacement.split())
        if not name:
            raise ValidationError({"redactions": "each line needs a name to replace."})
        if len(name) > NAME_MAX or len(replacement) > NAME_MAX:
            raise ValidationError(
                {"redactions": f"names and replacements are at most {NAME_MAX} characters."}
            )
        if not replacement:
            raise ValidationError(
                {"redactions": f"say what to show instead of “{name}”, such as initials."}
            )
        return Redaction(name, replacement)


def initials(name: str) -> str:
    """'Jane Smith' → 'J.S.': a suggestion the person can change."""
    letters = [part[0].upper() for part in re.split(r"[\s\-]+", name.strip()) if part]
    return ".".join(letters) + "." if letters else ""


class Redactor:
    """Applies a list of redactions to text, and to every text field of an exported entry."""

    def __init__(self, redactions: Iterable[Redaction] = ()) -> None:
        by_name: dict[str, Redaction] = {}
        for item in (r.validate() for r in redactions):
            by_name.setdefault(item.name.casefold(), item)
        # Longest first, so "Ann Lee" is replaced whole before "Ann" could match.
        chosen = sorted(by_name.values(), key=lambda r: len(r.name), reverse=True)
        self._replacements = {f"n{i}": r.replacement for i, r in enumerate(chosen)}
        self._pattern: re.Pattern[str] | None = None
        if chosen:
            alternatives = "|".join(
                f"(?P<n{i}>{_name_pattern(r.name)})" for i, r in enumerate(chosen)
            )
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(self._replace, value)

    def _replace(self, match: re.Match[str]) -> str:
        assert match.lastgroup is not None
        return self._replacements[match.lastgroup]

    def value(self, value: Any, key: str = "") -> Any:
        """Redact a JSON-shaped value: every string except those under structural keys."""
        if key in STRUCTURAL_KEYS:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item, key) for item in value]
        if isinstance(value, Mapping):
            return {k: self.value(v, k) for k, v in value.items()}
        return value


def _name_pattern(name: str) -> str:
    """A name as a regex; any run of spaces in it matches any run of white space.

    Case-insensitive matching covers simple case pairs; the full case folding
    is added as an alternative so "Straße" also finds "STRASSE".
    """
    spellings = dict.fromkeys([name, name.casefold()])
    return "|".join(
        r"\s+".join(re.escape(part) for part in spelling.split()) for spelling in spellings
    )
