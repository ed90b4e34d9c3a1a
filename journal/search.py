"""Full-text search over the encrypted FTS5 index.

People type words, not query syntax: every word becomes a quoted prefix
term, all of which must match, so ``thr ema`` finds "threatening email" and
no input can be a syntax error.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12

# Column weights for bm25(): a hit in the title or tags counts most.
# Order: title, body, quoted, tags, refs, private.
BM25_WEIGHTS = (10.0, 1.0, 2.0, 5.0, 5.0, 1.0)
RANK_SQL = "bm25(entries_fts, " + ", ".join(str(w) for w in BM25_WEIGHTS) + ")"

# Markers around matched words in snippets (control characters never typed).
HIT_START = "\x02"
HIT_END = "\x03"


def terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower())][:MAX_TERMS]


def build_match(text: str, *, include_private: bool = True) -> str | None:
    """An FTS5 MATCH expression for what a person typed, or None when there is nothing to find."""
    words = terms(text)
    if not words:
        return None
    expression = " AND ".join(f'"{w}"*' for w in words)
    if not include_private:
        expression = "{title body quoted tags refs} : (" + expression + ")"
    return expression


def strip_markers(text: str) -> str:
    return text.replace(HIT_START, "").replace(HIT_END, "")


_TOKEN = re.compile(r"\w+|\W+", re.UNICODE)

# Where a match is shown from, in order. Quoted words and private notes are never
# shown in a list: the person chooses to see quoted words, and private notes stay private.
SNIPPET_COLUMNS = ("title", "body", "tags", "refs")


def make_snippet(text: str, words: list[str], width: int = 12) -> str:
    """A one-line excerpt of ``text`` around the first word matching a search term.

    Matching words are wrapped in HIT_START/HIT_END. Returns "" when nothing matches.
    """
    tokens = _TOKEN.findall(" ".join(text.split()))
    hits = [
        i
        for i, tok in enumerate(tokens)
        if tok[:1].isalnum() or tok[:1] == "_"
        if any(tok.lower().startswith(w) for w in words)
    ]
    if not hits:
        return ""
    word_positions = [i for i, tok in enumerate(tokens) if tok[:1].isalnum() or tok[:1] == "_"]
    at = word_positions.index(hits[0])
    start_word = max(0, at - width // 3)
    end_word = min(len(word_positions), start_word + width)
    start = word_positions[start_word]
    end = word_positions[end_word - 1] + 1
    hit_set = set(hits)
    parts = [
        f"{HIT_START}{tokens[i]}{HIT_END}" if i in hit_set else tokens[i] for i in range(start, end)
    ]
    prefix = "…" if start_word > 0 else ""
    suffix = "…" if end_word < len(word_positions) else ""
    return prefix + "".join(parts).strip() + suffix


def locate(columns: dict[str, str], words: list[str]) -> tuple[str, str]:
    """Which column a match is in, and the snippet to show for it (none for hidden columns)."""
    for name in SNIPPET_COLUMNS:
        snippet = make_snippet(columns.get(name, ""), words)
        if snippet:
            return name, snippet
    for name in ("quoted", "private"):
        if make_snippet(columns.get(name, ""), words):
            return name, ""
    return "", ""
