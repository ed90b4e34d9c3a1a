"""The guidance library and the platform reporting data: complete, strict and renderable."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from helpers.processes import run_python
from hypothesis import given
from hypothesis import strategies as st

from journal import guidance, platforms
from journal.guidance import GuidanceError, parse_topic
from journal.models import CATEGORIES, PLATFORMS

REQUIRED_TOPICS = {
    "threatened-online",
    "case-information-published",
    "court-decision-bypassed",
    "adopted-child-contacted",
    "parents-posts-children-may-read",
    "social-media-evidence-in-proceedings",
    "talking-with-children-online",
    "professional-boundaries-online",
    "no-fishing-expeditions",
    "knowing-social-media",
    "capturing-evidence",
    "looking-after-yourself",
    "digital-footprint",
}

GOOD = """---
id: sample
title: A sample
summary: One line.
section: your-practice
order: 5
categories: threat, abuse
actions: app:support
---
Some text with [a link](app:new-incident).

## A heading

More text.
"""


def test_every_required_topic_is_present_and_parses():
    topics = guidance.topics()
    ids = [t.id for t in topics]
    assert set(ids) >= REQUIRED_TOPICS
    assert len(ids) == len(set(ids))
    for topic in topics:
        assert topic.body.strip() and topic.summary and topic.title
        assert topic.headings, f"{topic.id} has no sections"


def test_table_of_contents_lists_every_topic_once_in_section_order():
    toc = guidance.table_of_contents()
    assert [s.key for s in toc] == [key for key, _ in guidance.SECTIONS]
    listed = [t.id for section in toc for t in section.topics]
    assert sorted(listed) == sorted(t.id for t in guidance.topics())
    for section in toc:
        orders = [t.order for t in section.topics]
        assert orders == sorted(orders)
    assert toc[0].topics[0].id == "threatened-online"


def test_every_link_resolves():
    known_topics = {t.id for t in guidance.topics()}
    links = guidance.all_links()
    assert links
    for link in links:
        kind, _, target = link.target.partition(":")
        if kind == "app":
            assert target in guidance.APP_ACTIONS, link
        else:
            assert kind == "guide" and target in known_topics, link
    used = {link.target for link in links}
    assert "app:search-log" in used
    assert "app:report-to-manager" in used
    assert "guide:capturing-evidence" in used
    # every app action is offered somewhere, so none is dead weight
    assert {f"app:{a}" for a in guidance.APP_ACTIONS} <= used


def test_the_search_log_is_linked_from_no_fishing_expeditions():
    topic = guidance.topic("no-fishing-expeditions")
    assert "app:search-log" in topic.links()
    assert "app:search-log" in topic.actions


def test_every_topic_renders_as_markdown(qapp):
    from PySide6.QtGui import QTextDocument

    for topic in guidance.topics():
        doc = QTextDocument()
        doc.setMarkdown(topic.markdown)
        text = doc.toPlainText()
        assert text.startswith(topic.title), topic.id
        for heading in topic.headings:
            assert heading in text, (topic.id, heading)
        # nothing left as raw Markdown
        assert "](" not in text and "**" not in text and "##" not in text, topic.id
        html = doc.toHtml()
        for target in topic.links():
            assert f'href="{target}"' in html, (topic.id, target)


def test_guidance_reads_calmly():
    for topic in guidance.topics():
        text = topic.title + topic.summary + topic.body
        assert "!" not in text.replace("![", ""), topic.id
        assert not re.search(r"\b\w+iz(e|es|ed|ing|ation)\b", text), topic.id  # UK spelling
        assert "app:" not in topic.summary
        for line in topic.body.splitlines():
            assert len(line) <= 100, (topic.id, line)


def test_threat_guidance_gives_the_same_response_as_a_threat_in_person():
    topic = guidance.topic("threatened-online")
    body = topic.body.lower()
    assert "manager" in body and "legal" in body and "hr" in body
    assert "court" in body and "office" in body
    assert "999" in body


def test_video_call_checklist():
    topic = guidance.topic("talking-with-children-online")
    checklist = [line for line in topic.body.splitlines() if line.startswith("- [ ]")]
    assert len(checklist) >= 5
    assert any("alone" in line for line in checklist)
    assert "emoji" in topic.body


# -- contextual help -------------------------------------------------------------


def test_every_category_has_contextual_help():
    for category in CATEGORIES:
        help_ = guidance.topic_for_category(category)
        assert help_.topic.id == guidance.CATEGORY_TOPICS[category]
        assert category in help_.topic.categories
        assert help_.headline and help_.options
    with pytest.raises(KeyError):
        guidance.topic_for_category("gossip")


def test_a_threat_offers_report_this_now():
    help_ = guidance.topic_for_category("threat")
    assert help_.primary_label == "Report this now"
    assert help_.primary_action == "app:report-to-manager"
    assert help_.topic.id == "threatened-online"


def test_published_information_shows_the_court_and_parent_options():
    help_ = guidance.topic_for_category("sensitive_information")
    options = " ".join(help_.options).lower()
    assert "parent" in options and "court" in options
    assert help_.primary_action is None


# -- search ----------------------------------------------------------------------


def test_search_ranks_title_matches_first():
    hits = guidance.search("video call")
    assert hits[0].topic.id == "talking-with-children-online"
    assert "video" in hits[0].snippet.lower()
    fishing = guidance.search("fishing")
    assert fishing[0].topic.id == "no-fishing-expeditions"
    assert [h.score for h in fishing] == sorted((h.score for h in fishing), reverse=True)


def test_search_needs_every_word_and_matches_word_starts():
    assert {h.topic.id for h in guidance.search("threat")} >= {"threatened-online"}
    assert guidance.search("screenshot") and guidance.search("screensh")
    assert guidance.search("xylophone") == []
    assert guidance.search("video xylophone") == []
    assert guidance.search("   ") == []
    assert guidance.search("!!!") == []


def test_search_ignores_case_and_typographic_apostrophes():
    assert [h.topic.id for h in guidance.search("Don’t REPLY")] == [
        h.topic.id for h in guidance.search("don't reply")
    ]


# -- strict front matter ---------------------------------------------------------------


def test_a_good_file_parses():
    topic = parse_topic(GOOD, "sample")
    assert topic.categories == ("threat", "abuse")
    assert topic.actions == ("app:support",)
    assert topic.headings == ["A heading"]
    assert topic.links() == ["app:new-incident"]
    assert topic.markdown.startswith("# A sample\n\n")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("---\n", "", 1), "start with"),
        (lambda t: t.replace("---\nSome", "Some"), "closing"),
        (lambda t: t.replace("order: 5\n", ""), "missing order"),
        (lambda t: t.replace("order: 5\n", "order: 5\nlang: en\n"), "unknown front-matter"),
        (lambda t: t.replace("order: 5\n", "order: 5\norder: 6\n"), "twice"),
        (lambda t: t.replace("title: A sample", "title:"), "'title' is empty"),
        (lambda t: t.replace("id: sample", "id: Sample Topic"), "lower-case"),
        (lambda t: t.replace("id: sample", "id: other"), "file name"),
        (lambda t: t.replace("your-practice", "misc"), "unknown section"),
        (lambda t: t.replace("order: 5", "order: five"), "whole number"),
        (lambda t: t.replace("threat, abuse", "threat, gossip"), "unknown category"),
        (lambda t: t.replace("threat, abuse", "threat,,abuse"), "empty item"),
        (lambda t: t.replace("threat, abuse", "threat, threat"), "twice"),
        (lambda t: t.replace("app:support", "app:teleport"), "unknown app action"),
        (lambda t: t.replace("app:support", "support"), "unknown app action"),
        (lambda t: t.replace("(app:new-incident)", "(app:new-incidnet)"), "unknown app link"),
        (lambda t: t.replace("(app:new-incident)", "(http://example.org)"), "should be app:"),
        (lambda t: t + "\nSee app:support for more.\n", "written as text"),
        (lambda t: t.replace("## A heading", "# A heading"), "'##' headings"),
        (lambda t: t.split("---\nSome")[0] + "---\n\n", "no text"),
    ],
)
def test_malformed_front_matter_is_refused(change, message):
    with pytest.raises(GuidanceError, match=message):
        parse_topic(change(GOOD), "sample")


def test_a_link_to_an_unknown_topic_is_refused(tmp_path: Path):
    (tmp_path / "sample.md").write_text(
        GOOD.replace("(app:new-incident)", "(guide:nowhere)"), encoding="utf-8"
    )
    with pytest.raises(GuidanceError, match="unknown topic 'guide:nowhere'"):
        guidance.load_topics(tmp_path)
    (tmp_path / "nowhere.md").write_text(GOOD.replace("id: sample", "id: nowhere"), "utf-8")
    assert [t.id for t in guidance.load_topics(tmp_path)] == ["nowhere", "sample"]


@given(st.integers(min_value=0, max_value=len(GOOD)), st.text(max_size=40))
def test_any_damage_either_parses_or_is_refused_clearly(position, noise):
    """Text inserted anywhere: a Topic or a GuidanceError, never another exception."""
    with contextlib.suppress(GuidanceError):
        topic = parse_topic(GOOD[:position] + noise + GOOD[position:], "sample")
        assert topic.id == "sample"


@given(
    st.lists(st.sampled_from([*CATEGORIES, "x"]), max_size=4),
    st.lists(st.sampled_from([*guidance.APP_ACTIONS, "zzz"]), max_size=4),
)
def test_lists_are_accepted_exactly_when_every_item_is_known(categories, actions):
    text = GOOD.replace("threat, abuse", ", ".join(categories)).replace(
        "app:support", ", ".join(f"app:{a}" for a in actions)
    )
    valid = (
        set(categories) <= set(CATEGORIES)
        and set(actions) <= set(guidance.APP_ACTIONS)
        and len(set(categories)) == len(categories)
        and len(set(actions)) == len(actions)
    )
    if valid:
        topic = parse_topic(text, "sample")
        assert topic.categories == tuple(categories)
    else:
        with pytest.raises(GuidanceError):
            parse_topic(text, "sample")


# -- platforms ---------------------------------------------------------------------


def test_every_platform_has_reporting_advice():
    guides = platforms.load_platforms()
    assert list(guides) == list(PLATFORMS)
    for key, guide in guides.items():
        assert guide.name and len(guide.steps) >= 2, key
        if guide.help_url:
            assert guide.help_url.startswith("https://")
            assert guide.help_label
    for key in ("facebook", "x", "instagram", "tiktok", "youtube", "whatsapp"):
        assert guides[key].help_url, f"{key} should link to its official help"
    assert platforms.platform_guide("x").name == "X"


def test_help_links_use_only_official_domains():
    for key, guide in platforms.load_platforms().items():
        if guide.help_url:
            assert platforms._host_allowed(guide.help_url, platforms.OFFICIAL_DOMAINS[key])


def _data() -> dict:
    return json.loads(Path(platforms.resource_path("platforms.json")).read_text("utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["platforms"].pop("tiktok"), "missing \\['tiktok'\\]"),
        (lambda d: d["platforms"].update(myspace=d["platforms"]["x"]), "unknown \\['myspace'\\]"),
        (lambda d: d["platforms"]["x"].update(help_url="http://help.x.com/"), "allowed domain"),
        (
            lambda d: d["platforms"]["facebook"].update(
                help_url="https://facebook.com.evil.example/"
            ),
            "allowed domain",
        ),
        (
            lambda d: d["platforms"]["email"].update(
                help_url="https://www.facebook.com/help/", help_label="Facebook"
            ),
            "allowed domain",
        ),
        (lambda d: d["platforms"]["x"].update(steps=[]), "steps"),
        (lambda d: d["platforms"]["x"].update(help_label=None), "go together"),
        (lambda d: d["platforms"]["x"].update(colour="blue"), "unknown field"),
        (lambda d: d.update(version=2), "version 1"),
    ],
)
def test_malformed_platform_data_is_refused(change, message):
    data = _data()
    change(data)
    with pytest.raises(platforms.PlatformDataError, match=message):
        platforms.parse_platforms(data)


def test_the_wellbeing_core_never_loads_qt():

    code = (
        "import sys\n"
        "from journal import footprint, guidance, patterns, platforms, proqol, support, wellbeing\n"
        "guidance.topics(); guidance.search('threat'); platforms.load_platforms()\n"
        "assert 'PySide6' not in sys.modules, 'Qt was loaded'\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
