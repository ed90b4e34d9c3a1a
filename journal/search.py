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
