"""Passwords for protected reports: strong, and easy to read out over the phone.

A generated password is groups of pronounceable syllables such as
``kabit-mopun-tezor-fadim-hosun-revak-lodem``: lower case only, no look-alike
letters, no digits to mishear. Seven groups carry over 116 bits from the
operating system's random source, far past guessing even offline.
"""

from __future__ import annotations

import math
import secrets

from journal.errors import ValidationError

CONSONANTS = "bdfghjklmnprstvz"
VOWELS = "aeiou"
GROUP_PATTERN = "CVCVC"
DEFAULT_GROUPS = 7
MIN_TYPED_LENGTH = 12


def _choices_per_group() -> int:
    count = 1
    for letter in GROUP_PATTERN:
        count *= len(CONSONANTS) if letter == "C" else len(VOWELS)
    return count


def password_bits(groups: int = DEFAULT_GROUPS) -> float:
    """The entropy of a generated password with this many groups."""
    return groups * math.log2(_choices_per_group())


def generate_password(groups: int = DEFAULT_GROUPS) -> str:
    if groups < 1:
        raise ValueError("a password needs at least one group")
    parts = []
    for _ in range(groups):
        parts.append(
            "".join(
                secrets.choice(CONSONANTS if letter == "C" else VOWELS) for letter in GROUP_PATTERN
            )
        )
    return "-".join(parts)


def check_password(password: str) -> str:
    """A typed password: long enough to protect a report. Returns it unchanged."""
    if not password.strip():
        raise ValidationError({"password": "is empty. Type one, or use a generated password."})
    if len(password) < MIN_TYPED_LENGTH:
        raise ValidationError(
            {
                "password": f"should be at least {MIN_TYPED_LENGTH} characters long, so the "
                "report stays safe if the file goes astray."
            }
        )
    return password
