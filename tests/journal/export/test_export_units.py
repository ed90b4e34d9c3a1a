"""Redaction, CSV cell escaping and report passwords: the small parts, with properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.errors import ValidationError
from journal.export.csv_export import escape_cell, unescape_cell
from journal.export.password import (
    MAX_LENGTH,
    check_password,
    generate_password,
    grouped,
    password_bits,
    typed_password_problem,
)
from journal.export.redact import Redaction, Redactor, initials

# -- redaction ---------------------------------------------------------------------------


def test_whole_words_only_and_any_case() -> None:
    r = Redactor([Redaction("Ann", "A.")])
    assert r.text("ANN said ann's post was Annual, annex") == "A. said A.'s post was Annual, annex"


def test_longest_name_wins_and_replacements_are_not_matched_again() -> None:
    r = Redactor([Redaction("Ann", "Lee"), Redaction("Ann  Lee", "A.L."), Redaction("Lee", "L.")])
    # "Ann Lee" goes whole; "Ann" becomes "Lee", which is not then turned into "L.".
    assert r.text("ann\nlee met Ann; Lee left") == "A.L. met Lee; L. left"


def test_handles_and_names_with_symbols() -> None:
    r = Redactor([Redaction("@dad_fights_back", "Parent 1"), Redaction("Zoë", "Z.")])
    assert r.text("From @Dad_Fights_Back to ZOË and zoë.") == "From Parent 1 to Z. and Z.."
    assert r.text("x@dad_fights_back") == "x@dad_fights_back"  # not a whole word there


def test_value_redacts_free_text_but_never_codes_ids_or_hashes() -> None:
    r = Redactor([Redaction("other", "O."), Redaction("high", "H.")])
    entry = {
        "category": "other",
        "severity": "high",
        "title": "the other one, high up",
        "actions": [{"what": "told the other team", "due": None, "done": True}],
        "urls": ["https://example.org/other"],
        "attachments": [{"filename": "other.png", "sha256": "a" * 64}],
    }
    out = r.value(entry)
    assert out["category"] == "other" and out["severity"] == "high"
    assert out["title"] == "the O. one, H. up"
    assert out["actions"][0]["what"] == "told the O. team"
    assert out["urls"] == ["https://example.org/O."]
    assert out["attachments"][0] == {"filename": "O..png", "sha256": "a" * 64}


def test_redactions_are_validated() -> None:
    with pytest.raises(ValidationError):
        Redactor([Redaction("  ", "X")])
    with pytest.raises(ValidationError):
        Redactor([Redaction("Ann", " ")])
    assert not Redactor([])
    assert Redactor([Redaction("Ann", "A.")])


def test_initials() -> None:
    assert initials("Jane  Smith-Jones") == "J.S.J."
    assert initials("") == ""


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéÅß", min_size=2, max_size=8)


@given(
    name=_word,
    before=st.lists(st.sampled_from(["", " ", ", ", "\n", "(", "'s "]), max_size=3),
    texts=st.lists(st.text(max_size=20), max_size=4),
)
def test_redacted_text_never_contains_the_name_as_a_word(
    name: str, before: list[str], texts: list[str]
) -> None:
    replacement = "[R]"
    r = Redactor([Redaction(name, replacement)])
    source = name.upper().join(texts + before) + " " + name.title() + " " + name
    out = r.text(source)
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    assert not pattern.search(out)


# -- CSV cells ---------------------------------------------------------------------------


@given(st.text())
def test_cell_escaping_round_trips(text: str) -> None:
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+44 7700", "-2", "@SUM(A1)", "\tx", "\rx", "'=x"])
def test_formula_like_cells_are_neutralised(text: str) -> None:
    assert escape_cell(text).startswith("'")


# -- passwords ---------------------------------------------------------------------------


def test_generated_passwords_are_strong_short_plain_and_different() -> None:
    assert password_bits() >= 100
    seen = set()
    for _ in range(200):
        password = generate_password()
        # poppler keeps 32 characters; readers disagree beyond ASCII letters and digits
        assert len(password) <= MAX_LENGTH == 32
        assert password.isascii() and password.isalnum()
        assert not set(password) & set("0o1liIO")  # nothing to mishear or misread
        groups = grouped(password).split(" ")
        assert len(groups) == 5 and "".join(groups) == password
        for group in groups:
            assert [c.isdigit() for c in group] == [False] * 4 + [True] * 2
        seen.add(password)
    assert len(seen) == 200


def test_typed_passwords_need_some_length() -> None:
    assert check_password("a long enough one") == "a long enough one"
    with pytest.raises(ValidationError, match="at least 12"):
        check_password("short")
    with pytest.raises(ValidationError, match="empty"):
        check_password("   ")


def test_typed_passwords_stay_within_what_every_pdf_reader_opens() -> None:
    assert check_password("x" * 32) == "x" * 32
    with pytest.raises(ValidationError, match="at most 32"):
        check_password("x" * 33)
    for plain_only in ("café au lait long", "pass\u00a0word long", "long enough → arrow"):
        with pytest.raises(ValidationError, match="letters A to Z"):
            check_password(plain_only)
    assert typed_password_problem("x" * 33) == (
        "The password is too long: at most 32 characters, or some PDF readers can't open "
        "the report. Shorten it, or use a generated password."
    )
    assert typed_password_problem("Tr0ub4dor&3-horse") is None
