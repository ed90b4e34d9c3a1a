"""Passwords for protected reports: strong, within every PDF reader's limits, easy to read out.

PDF readers disagree about long passwords: poppler's command-line tools (and so
many Linux viewers) keep at most 32 characters, and several readers mishandle
letters outside ASCII. So a report password, generated or typed, is at most
``MAX_LENGTH`` plain ASCII characters.

A generated password is five groups of four letters and two digits, such as
``kmqx48tdvh39…``: lower case only, no look-alikes (no ``0 o 1 l i``), so it can
be read out over the phone group by group. Thirty characters from the operating
system's random source carry over 120 bits, far past guessing even offline.
``grouped`` shows it with spaces between the groups; the spaces are not part of it.
"""

from __future__ import annotations

import math
import secrets

from journal.errors import ValidationError

LETTERS = "abcdefghjkmnpqrstuvwxyz"  # no i, l, o: they look like 1, 1 and 0
DIGITS = "23456789"  # no 0 or 1
GROUP_PATTERN = "LLLLDD"
DEFAULT_GROUPS = 5
MIN_TYPED_LENGTH = 12
MAX_LENGTH = 32  # poppler keeps 32 characters; a longer password never opens there
# Printable ASCII: what every reader handles the same way.
_TYPED_ALLOWED = frozenset(chr(c) for c in range(0x20, 0x7F))


def _choices_per_group() -> int:
    count = 1
    for letter in GROUP_PATTERN:
        count *= len(LETTERS) if letter == "L" else len(DIGITS)
    return count


def password_bits(groups: int = DEFAULT_GROUPS) -> float:
    """The entropy of a generated password with this many groups."""
    return groups * math.log2(_choices_per_group())


def generate_password(groups: int = DEFAULT_GROUPS) -> str:
    if groups < 1:
        raise ValueError("a password needs at least one group")
    if groups * len(GROUP_PATTERN) > MAX_LENGTH:
        raise ValueError(f"a report password has at most {MAX_LENGTH} characters")
    return "".join(
        secrets.choice(LETTERS if letter == "L" else DIGITS)
        for _ in range(groups)
        for letter in GROUP_PATTERN
    )


def grouped(password: str) -> str:
    """A generated password with a space between its groups, for reading out."""
    size = len(GROUP_PATTERN)
    return " ".join(password[i : i + size] for i in range(0, len(password), size))


def check_password(password: str) -> str:
    """A typed password: long enough to protect a report, short and plain enough for every
    PDF reader to open it. Returns it unchanged."""
    if not password.strip():
        raise ValidationError({"password": "is empty. Type one, or use a generated password."})
    if len(password) < MIN_TYPED_LENGTH:
        raise ValidationError(
            {
                "password": f"should be at least {MIN_TYPED_LENGTH} characters long, so the "
                "report stays safe if the file goes astray."
            }
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            {
                "password": f"is too long: at most {MAX_LENGTH} characters, or some PDF readers "
                "can't open the report. Shorten it, or use a generated password."
            }
        )
    if any(ch not in _TYPED_ALLOWED for ch in password):
        raise ValidationError(
            {
                "password": "should use only letters A to Z, digits and the punctuation on an "
                "English keyboard, without accents or symbols, or some PDF readers can't open "
                "the report."
            }
        )
    return password


def typed_password_problem(password: str) -> str | None:
    """What is wrong with a typed password, in words for the screen, or None when it is fine."""
    try:
        check_password(password)
    except ValidationError as error:
        return f"The password {next(iter(error.errors.values()))}"
    return None
