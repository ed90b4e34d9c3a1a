"""Recovery keys a person can copy by hand.

160 random bits written as 8 groups of 5 characters from Crockford's base32
alphabet (no I, L, O or U, so nothing looks alike). The fifth character of
each group is a check character over the other four and the group's
position, so a mistyped or swapped character is reported as a typo in that
group rather than as a wrong key.

The check is computed in the field GF(32): character i of a group is
multiplied by a different power of a generator, and the group's position adds
its own constant. Any single wrong character and any two neighbours swapped
then always change the check (in plain arithmetic mod 32, swapping two
characters 16 apart would go unnoticed).
"""

from __future__ import annotations

import secrets

from journal.errors import RecoveryKeyTypo

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
DATA_PER_GROUP = 4
GROUP_LEN = DATA_PER_GROUP + 1
RAW_BYTES = GROUPS * DATA_PER_GROUP * 5 // 8  # 20 bytes = 160 bits
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Characters people type for the ones the alphabet leaves out.
_LOOKALIKES = {"O": "0", "I": "1", "L": "1"}
# GF(32) built on the primitive polynomial x^5 + x^2 + 1; the generator is x (2).
_EXP: list[int] = []
_value = 1
for _ in range(31):
    _EXP.append(_value)
    _value <<= 1
    if _value & 32:
        _value ^= 0b100101
_LOG = {v: i for i, v in enumerate(_EXP)}


def _mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[(_LOG[a] + _LOG[b]) % 31]


def _check_char(values: list[int], group_index: int) -> str:
    # Weights x^1..x^4 for the characters and x^(5+g) for the group: all different, none 1.
    total = _EXP[(5 + group_index) % 31]
    for position, value in enumerate(values, start=1):
        total ^= _mul(value, _EXP[position])
    return ALPHABET[total]


def encode(raw: bytes) -> str:
    if len(raw) != RAW_BYTES:
        raise ValueError(f"a recovery key is {RAW_BYTES} bytes")
    number = int.from_bytes(raw, "big")
    digits = [(number >> (5 * i)) & 31 for i in reversed(range(GROUPS * DATA_PER_GROUP))]
    groups = []
    for g in range(GROUPS):
        values = digits[g * DATA_PER_GROUP : (g + 1) * DATA_PER_GROUP]
        groups.append("".join(ALPHABET[v] for v in values) + _check_char(values, g))
    return "-".join(groups)


def generate() -> tuple[str, bytes]:
    raw = secrets.token_bytes(RAW_BYTES)
    return encode(raw), raw


def normalise(text: str) -> str:
    """Upper-case, drop spaces and dashes, and map look-alike letters to their digits."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-_.")
    return "".join(_LOOKALIKES.get(ch, ch) for ch in cleaned)


def decode(text: str) -> bytes:
    """Parse a typed recovery key. Raises RecoveryKeyTypo naming the group at fault."""
    chars = normalise(text)
    if len(chars) != GROUPS * GROUP_LEN:
        raise RecoveryKeyTypo()
    digits: list[int] = []
    for g in range(GROUPS):
        group = chars[g * GROUP_LEN : (g + 1) * GROUP_LEN]
        if any(ch not in _VALUE for ch in group):
            raise RecoveryKeyTypo(g + 1)
        values = [_VALUE[ch] for ch in group[:DATA_PER_GROUP]]
        if _check_char(values, g) != group[DATA_PER_GROUP]:
            raise RecoveryKeyTypo(g + 1)
        digits.extend(values)
    number = 0
    for value in digits:
        number = (number << 5) | value
    return number.to_bytes(RAW_BYTES, "big")


def groups_of(key: str) -> list[str]:
    return key.split("-")
