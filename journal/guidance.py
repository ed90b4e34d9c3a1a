"""The guidance library: short topics in Markdown under ``resources/guidance/``.

Each file starts with a front-matter block, parsed strictly (an unknown key, a
missing key, a repeated key or an unknown link is an error, so a typo can't
ship quietly)::

    ---
    id: threatened-online                  (the file name without .md)
    title: If you are threatened online
    summary: One or two sentences for the table of contents and search results.
    section: when-it-happens               (one of SECTIONS)
    order: 10                              (position within the section)
    categories: threat                     (incident categories it applies to; may be empty)
    actions: app:report-to-manager, app:support   (app actions the topic offers; may be empty)
    ---

then Markdown, which Qt renders. Links inside the body may point to an app
action (``[Record it](app:new-incident)``) or another topic
(``[capturing evidence](guide:capturing-evidence)``); both are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from journal.models import CATEGORIES
from journal.resources import resource_path

# App actions a topic can link to, with the label a button shows. The desktop app
# maps each key to a window or dialog; a test checks every key is handled there.
APP_ACTIONS: dict[str, str] = {
    "new-incident": "Record an incident",
    "report-to-manager": "Send to your manager",
    "search-log": "Open the search log",
    "support": "Your support contacts",
    "footprint": "Digital-footprint check",
    "checkin": "Do a check-in",
    "supervision": "Supervision",
    "wellbeing": "Wellbeing dashboard",
    "proqol": "Professional quality of life",
}

SECTIONS: tuple[tuple[str, str], ...] = (
    ("when-it-happens", "When something happens"),
    ("families-online", "Working with families online"),
    ("your-practice", "Your own practice online"),
    ("looking-after-you", "Looking after yourself"),
)
_SECTION_IDS = tuple(key for key, _ in SECTIONS)

# The topic shown beside the incident editor for each category.
CATEGORY_TOPICS: dict[str, str] = {
    "abuse": "critical-posts-about-you",
    "threat": "threatened-online",
    "sensitive_information": "case-information-published",
    "contact_order_breach": "court-decision-bypassed",
    "adopted_child_contact": "adopted-child-contacted",
    "impersonation_doxxing": "impersonation-and-doxxing",
    "other": "capturing-evidence",
}

_KEYS = ("id", "title", "summary", "section", "order", "categories", "actions")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LINK = re.compile(r"\]\(\s*([^)\s]+)\s*\)")
_BARE_APP = re.compile(r"(?<![\w(])app:[\w-]*")
_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$", re.MULTILINE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class GuidanceError(Exception):
    """A guidance file is malformed. A packaging bug, caught by the tests, never by a person."""


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str
    section: str
    order: int
    categories: tuple[str, ...]
    actions: tuple[str, ...]  # "app:..." links
    body: str  # Markdown without the front matter

    @property
    def markdown(self) -> str:
        """The whole page for a Markdown viewer: the title as a heading, then the body."""
        return f"# {self.title}\n\n{self.body.strip()}\n"

    @property
    def headings(self) -> list[str]:
        """Second- and third-level headings, in order: the page's own contents."""
        return [m.group(2) for m in _HEADING.finditer(self.body)]

    def links(self) -> list[str]:
        """Every link target in the body, in order."""
        return [m.group(1) for m in _LINK.finditer(self.body)]


@dataclass(frozen=True)
class TocSection:
    key: str
    title: str
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class SearchHit:
    topic: Topic
    score: int
    snippet: str


@dataclass(frozen=True)
class AppLink:
    topic_id: str
    target: str  # "app:report-to-manager" or "guide:capturing-evidence"
    place: str  # "front matter" or "body"


@dataclass(frozen=True)
class ContextHelp:
    """What the incident editor shows beside a category."""

    category: str
    topic: Topic
    headline: str
    options: tuple[str, ...]
    primary_action: str | None = None  # an "app:" link for a prominent button
    primary_label: str | None = None


# -- parsing -------------------------------------------------------------------


def _split_list(value: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",")) if value.strip() else ()
    if any(not item for item in items):
        raise ValueError("has an empty item (check the commas)")
    if len(set(items)) != len(items):
        raise ValueError("lists an item twice")
    return items


def parse_topic(text: str, expected_id: str | None = None) -> Topic:
    """One guidance file. Raises GuidanceError with the reason."""
    where = expected_id or "topic"
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise GuidanceError(f"{where}: must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise GuidanceError(f"{where}: the front matter has no closing '---'") from None
    values: dict[str, str] = {}
    for n, line in enumerate(lines[1:end], 2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in _KEYS:
            raise GuidanceError(f"{where}: line {n}: unknown front-matter line {line!r}")
        if key in values:
            raise GuidanceError(f"{where}: line {n}: {key!r} appears twice")
        values[key] = value.strip()
    missing = [key for key in _KEYS if key not in values]
    if missing:
        raise GuidanceError(f"{where}: front matter is missing {', '.join(missing)}")
    for key in ("id", "title", "summary", "section", "order"):
        if not values[key]:
            raise GuidanceError(f"{where}: {key!r} is empty")
    topic_id = values["id"]
    if not _ID.match(topic_id):
        raise GuidanceError(f"{where}: id {topic_id!r} should be lower-case words with hyphens")
    if expected_id is not None and topic_id != expected_id:
        raise GuidanceError(f"{where}: id {topic_id!r} does not match the file name")
    if len(values["title"]) > 80:
        raise GuidanceError(f"{where}: the title is longer than 80 characters")
    if len(values["summary"]) > 240:
        raise GuidanceError(f"{where}: the summary is longer than 240 characters")
    if values["section"] not in _SECTION_IDS:
        raise GuidanceError(f"{where}: unknown section {values['section']!r}")
    if not values["order"].isdigit():
        raise GuidanceError(f"{where}: order should be a whole number")
    try:
        categories = _split_list(values["categories"])
        actions = _split_list(values["actions"])
    except ValueError as exc:
        raise GuidanceError(f"{where}: categories or actions {exc}") from None
    for category in categories:
        if category not in CATEGORIES:
            raise GuidanceError(f"{where}: unknown category {category!r}")
    for action in actions:
        if not action.startswith("app:") or action[4:] not in APP_ACTIONS:
            raise GuidanceError(f"{where}: unknown app action {action!r}")
    body = "\n".join(lines[end + 1 :]).strip("\n")
    if not body.strip():
        raise GuidanceError(f"{where}: the page has no text")
    if re.search(r"^#\s", body, re.MULTILINE):
        raise GuidanceError(f"{where}: use '##' headings; the title is the only '#' heading")
    topic = Topic(
        id=topic_id,
        title=values["title"],
        summary=values["summary"],
        section=values["section"],
        order=int(values["order"]),
        categories=categories,
        actions=actions,
        body=body + "\n",
    )
    for target in topic.links():
        if target.startswith("app:") and target[4:] not in APP_ACTIONS:
            raise GuidanceError(f"{where}: unknown app link {target!r}")
        if not target.startswith(("app:", "guide:", "https://")):
            raise GuidanceError(f"{where}: link {target!r} should be app:, guide: or https://")
    stray = [m.group(0) for m in _BARE_APP.finditer(_LINK.sub("]", body))]
    if stray:
        raise GuidanceError(f"{where}: {stray[0]!r} is written as text, not as a link")
    return topic


def guidance_dir() -> Path:
    return resource_path("guidance")


def load_topics(directory: Path | None = None) -> list[Topic]:
    """Every topic, in table-of-contents order. Checks links between topics too."""
    folder = directory or guidance_dir()
    topics = [
        parse_topic(path.read_text(encoding="utf-8"), path.stem)
        for path in sorted(folder.glob("*.md"))
    ]
    known = {t.id for t in topics}
    for topic in topics:
        for target in topic.links():
            if target.startswith("guide:") and target[6:] not in known:
                raise GuidanceError(f"{topic.id}: link to unknown topic {target!r}")
    section_rank = {key: n for n, key in enumerate(_SECTION_IDS)}
    return sorted(topics, key=lambda t: (section_rank[t.section], t.order, t.title))


@cache
def _bundled() -> tuple[Topic, ...]:
    return tuple(load_topics())


def topics() -> list[Topic]:
    """The bundled topics (read once per process)."""
    return list(_bundled())


def topic(topic_id: str) -> Topic:
    for item in _bundled():
        if item.id == topic_id:
            return item
    raise KeyError(topic_id)


def table_of_contents(items: Sequence[Topic] | None = None) -> list[TocSection]:
    items = list(items) if items is not None else topics()
    out = []
    for key, title in SECTIONS:
        members = tuple(t for t in items if t.section == key)
        if members:
            out.append(TocSection(key, title, members))
    return out


def all_links(items: Iterable[Topic] | None = None) -> list[AppLink]:
    """Every ``app:`` and ``guide:`` link in the library, for the test that all resolve."""
    out: list[AppLink] = []
    for item in items if items is not None else topics():
        out.extend(AppLink(item.id, action, "front matter") for action in item.actions)
        out.extend(
            AppLink(item.id, target, "body")
            for target in item.links()
            if target.startswith(("app:", "guide:"))
        )
    return out


# -- search ---------------------------------------------------------------------


def _plain(markdown: str) -> str:
    """Markdown reduced to readable text for matching and snippets."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^[ \t]*(?:[-*] \[[ xX]\]|#+|[-*]|\d+\.)[ \t]+", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`>]", "", text)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _count(words: Sequence[str], term: str) -> int:
    return sum(1 for word in words if word.startswith(term))


def search(query: str, items: Sequence[Topic] | None = None) -> list[SearchHit]:
    """Topics containing every word of the query (as a word or the start of one), best first.

    A match in the title counts most, then the summary, then headings, then the text.
    """
    terms = list(dict.fromkeys(_words(query)))
    if not terms:
        return []
    hits = []
    for item in items if items is not None else topics():
        plain = _plain(item.body)
        fields = (
            (_words(item.title), 10),
            (_words(item.summary), 4),
            (_words(" ".join(item.headings)), 3),
            (_words(plain), 1),
        )
        score = 0
        for term in terms:
            term_score = sum(_count(words, term) * weight for words, weight in fields)
            if term_score == 0:
                break
            score += term_score
        else:
            hits.append(SearchHit(item, score, _snippet(plain, terms) or item.summary))
    return sorted(hits, key=lambda h: (-h.score, h.topic.title))


def _snippet(plain: str, terms: Sequence[str], width: int = 160) -> str:
    for block in re.split(r"\n\s*\n", plain):
        paragraph = " ".join(block.split())
        lowered = paragraph.lower()
        positions = [m.start() for m in re.finditer(r"\b(" + "|".join(terms) + ")", lowered)]
        if positions:
            start = max(0, positions[0] - width // 3)
            if start > 0:
                start = paragraph.find(" ", start, positions[0]) + 1 or start
            text = paragraph[start : start + width].strip()
            prefix = "…" if start > 0 else ""
            if start + width < len(paragraph):
                text = text.rsplit(" ", 1)[0]
            suffix = "…" if start + width < len(paragraph) else ""
            return f"{prefix}{text}{suffix}"
    return ""


# -- contextual help ---------------------------------------------------------------

_CONTEXT: dict[str, tuple[str, tuple[str, ...], str | None, str | None]] = {
    "abuse": (
        "You don't have to reply. Keep a copy, report it to the platform, and look after yourself.",
        (
            "Capture the address, the handle and the time before it disappears.",
            "Report it to the platform.",
            "Tell your manager if it names you, keeps happening or affects your work.",
        ),
        None,
        None,
    ),
    "threat": (
        "A threat online needs the same quick response as one made in person.",
        (
            "Tell your manager today, so the risk can be assessed with legal and HR.",
            "If you think you are in danger now, call 999.",
            "Keep the evidence; don't reply.",
        ),
        "app:report-to-manager",
        "Report this now",
    ),
    "sensitive_information": (
        "There are two usual ways forward. You can choose one or both.",
        (
            "If you can talk with the parent, talk about what the post could mean for their child.",
            "Alert the court, which can make clear what may and may not be shared.",
            "Let your manager know, and keep a copy of what was published.",
        ),
        None,
        None,
    ),
    "contact_order_breach": (
        "The child's safety comes first. Follow your safeguarding procedures.",
        (
            "Keep the evidence of the contact.",
            "Tell your manager and the professionals responsible for the child.",
            "Consider alerting the court that made the decision.",
        ),
        None,
        None,
    ),
    "adopted_child_contact": (
        "Unexpected contact can unsettle a child and the family. Act calmly and quickly.",
        (
            "Keep the evidence of the contact.",
            "Tell your manager and the adoption support team.",
            "Help the adoptive parents support the child.",
        ),
        None,
        None,
    ),
    "impersonation_doxxing": (
        "Your safety matters. Treat your home details being shared like a threat.",
        (
            "Tell your manager today.",
            "Report the account or post to the platform.",
            "If you think you are in danger now, call 999.",
        ),
        "app:report-to-manager",
        "Tell your manager",
    ),
    "other": (
        "Whatever it was, a clear record helps.",
        ("Capture the address, the handle and the time.",),
        None,
        None,
    ),
}


def topic_for_category(category: str) -> ContextHelp:
    """The guidance and the short options the incident editor shows for a category."""
    if category not in CATEGORY_TOPICS:
        raise KeyError(category)
    headline, options, action, label = _CONTEXT[category]
    return ContextHelp(category, topic(CATEGORY_TOPICS[category]), headline, options, action, label)
