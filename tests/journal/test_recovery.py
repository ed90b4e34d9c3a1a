"""Recovery keys: what a person copies by hand must come back as the same 160 bits,
and a slip of the pen must be reported as a typo in the right group."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import recovery
from journal.errors import RecoveryKeyTypo

raw_keys = st.binary(min_size=recovery.RAW_BYTES, max_size=recovery.RAW_BYTES)

KEY_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$")


@given(raw_keys)
def test_round_trip(raw: bytes) -> None:
    text = recovery.encode(raw)
    assert KEY_SHAPE.match(text), text
    assert recovery.decode(text) == raw


@given(raw_keys)
def test_lower_case_and_spacing_are_forgiven(raw: bytes) -> None:
    text = recovery.encode(raw)
    assert recovery.decode(text.lower()) == raw
    assert recovery.decode(text.replace("-", " ")) == raw
    assert recovery.decode(text.replace("-", "")) == raw
    assert recovery.decode("  " + text.replace("-", " - ").lower() + "\n") == raw
    # Written as groups of five on separate lines, as people copy from paper.
    assert recovery.decode("\n".join(recovery.groups_of(text))) == raw


@given(raw_keys, st.data())
def test_look_alike_letters_read_as_their_digits(raw: bytes, data: st.DataObject) -> None:
    text = recovery.encode(raw)
    swapped = []
    for ch in text:
        if ch == "0":
            ch = data.draw(st.sampled_from("Oo0"))
        elif ch == "1":
            ch = data.draw(st.sampled_from("IiLl1"))
        swapped.append(ch)
    assert recovery.decode("".join(swapped)) == raw


def test_the_alphabet_leaves_out_look_alikes() -> None:
    assert not set("ILOU") & set(recovery.ALPHABET)
    assert len(set(recovery.ALPHABET)) == 32


def test_generated_keys_are_random_and_decode() -> None:
    seen = set()
    for _ in range(20):
        text, raw = recovery.generate()
        assert recovery.decode(text) == raw
        seen.add(raw)
    assert len(seen) == 20


def _substitute(text: str, position: int, ch: str) -> str:
    return text[:position] + ch + text[position + 1 :]


@given(raw_keys, st.data())
def test_any_single_substitution_is_a_typo_in_its_group(raw: bytes, data: st.DataObject) -> None:
    text = recovery.encode(raw)
    compact = text.replace("-", "")
    position = data.draw(st.integers(0, len(compact) - 1))
    # Any other character from the alphabet, or one that can't be in a key at all.
    others = [c for c in recovery.ALPHABET + "U!*" if c != compact[position]]
    if compact[position] in "01":
        others = [c for c in others if recovery.normalise(c) != compact[position]]
    wrong = data.draw(st.sampled_from(others))
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.decode(_substitute(compact, position, wrong))
    assert caught.value.group == position // recovery.GROUP_LEN + 1
    assert f"Group {position // recovery.GROUP_LEN + 1}" in caught.value.message


def test_every_substitution_in_every_position_is_caught() -> None:
    """Exhaustive for one key: 40 positions x 31 other characters."""
    text, _raw = recovery.generate()
    compact = text.replace("-", "")
    for position, original in enumerate(compact):
        for ch in recovery.ALPHABET:
            if ch == original:
                continue
            with pytest.raises(RecoveryKeyTypo) as caught:
                recovery.decode(_substitute(compact, position, ch))
            assert caught.value.group == position // 5 + 1


@pytest.mark.parametrize("cut", [1, 5, 39])
def test_missing_characters_are_reported_as_the_wrong_length(cut: int) -> None:
    text, _raw = recovery.generate()
    compact = text.replace("-", "")
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.decode(compact[:-cut])
    assert caught.value.group is None
    assert "8 groups of 5" in caught.value.message


def test_an_extra_character_is_reported_as_the_wrong_length() -> None:
    text, _raw = recovery.generate()
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.decode(text + "A")
    assert caught.value.group is None


def test_empty_and_nonsense_input_are_typos_not_crashes() -> None:
    for typed in ["", "   ", "-" * 47, "é" * 40, "\x00" * 40]:
        with pytest.raises(RecoveryKeyTypo):
            recovery.decode(typed)


def test_encode_refuses_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="20 bytes"):
        recovery.encode(b"\x00" * 19)


@given(raw_keys, st.data())
def test_any_swap_of_neighbours_is_a_typo(raw: bytes, data: st.DataObject) -> None:
    compact = recovery.encode(raw).replace("-", "")
    candidates = [i for i in range(len(compact) - 1) if compact[i] != compact[i + 1]]
    position = data.draw(st.sampled_from(candidates))
    swapped = (
        compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    )
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.decode(swapped)
    assert caught.value.group == position // recovery.GROUP_LEN + 1


def test_swaps_that_plain_sums_miss_are_caught() -> None:
    """Characters 16 apart (0 and G) swapped: a weighted sum mod 32 can't tell."""
    for raw in (bytes(20), bytes([0x84, 0x21] * 10), bytes(range(20))):
        compact = recovery.encode(raw).replace("-", "")
        for position in range(len(compact) - 1):
            a, b = compact[position], compact[position + 1]
            if a == b:
                continue
            swapped = compact[:position] + b + a + compact[position + 2 :]
            with pytest.raises(RecoveryKeyTypo):
                recovery.decode(swapped)


def test_groups_in_the_wrong_order_are_a_typo() -> None:
    text, _raw = recovery.generate()
    groups = recovery.groups_of(text)
    while groups[0] == groups[1]:  # a swap of equal groups changes nothing; draw again
        text, _raw = recovery.generate()
        groups = recovery.groups_of(text)
    groups[0], groups[1] = groups[1], groups[0]
    with pytest.raises(RecoveryKeyTypo) as caught:
        recovery.decode("-".join(groups))
    assert caught.value.group == 1
