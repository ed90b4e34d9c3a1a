"""Synthetic journals for trying the app, screenshots and benchmarks.

Deterministic for a given seed and start date, so every benchmarked system
gets the same content. Names and handles are invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from journal.models import (
    CATEGORIES,
    CONTENT_TYPES,
    DEFAULT_IMPACT_TAGS,
    PLATFORMS,
    Action,
    CheckIn,
    Entry,
    Incident,
    SearchLogEntry,
    SupervisionRecord,
)
from journal.timeutil import now

_HANDLES = [
    "@truth_for_kids", "@dad_fights_back", "justice4family", "@mum_of_three_77",
    "anon_parent", "@courtwatcher", "family_voice_uk", "@unheard_dad", "grandma.speaks",
    "@the_real_story", "concerned_neighbour", "@no_more_lies",
]  # fmt: skip
_TITLES = {
    "abuse": [
        "Post calling my assessment biased",
        "Comment questioning my competence",
        "Review attacking my professionalism",
        "Thread mocking my report",
        "Video criticising the recommendation",
        "Group post naming me",
    ],
    "threat": [
        "Message saying they know where I live",
        "Comment threatening to wait outside the office",
        "Direct message with a veiled threat",
        "Post urging others to confront me",
    ],
    "sensitive_information": [
        "Court report extract posted publicly",
        "Hearing details shared in a group",
        "Photo of case papers posted",
        "Placement area disclosed online",
    ],
    "contact_order_breach": [
        "Parent messaged the child despite the order",
        "Gift sent to the child through a friend",
        "Child contacted through a gaming platform",
    ],
    "adopted_child_contact": [
        "Birth parent sent a friend request to the child",
        "Birth relative commented on the child's post",
    ],
    "impersonation_doxxing": [
        "Fake profile using my photo",
        "My home address shared in a comment",
        "Account pretending to be my team",
    ],
    "other": ["Unusual message about the case", "Post about the service in general"],
}
_QUOTES = [
    "She should be ashamed of herself", "Everyone needs to know what this worker did",
    "You will regret this", "Liar", "We know who you are", "Stop ruining families",
]  # fmt: skip
_PLACES = ["Facebook group", "Google", "Instagram profile", "local news site", "X search"]
_SUPERVISORS = ["Sam Patel", "Jo Williams", "Alex Morgan"]
_ACTIONS = [
    "Told my manager", "Reported to the platform", "Saved screenshots", "Blocked the account",
    "Informed the court", "Spoke to the parent about the impact on the child",
    "Risk assessment with legal and HR",
]  # fmt: skip


_OPENINGS = [
    "The post appeared late in the evening after the hearing.",
    "A colleague sent me the link this morning.",
    "It was shared in a local community group.",
    "The message arrived while I was on a home visit.",
    "I found it when checking the case's public posts with my manager's agreement.",
    "It was posted under the council's announcement about the service.",
]
_DETAILS = [
    "Several people had shared it by the time I saw it.",
    "It names me and the team, and mentions the report.",
    "The comments under it asked where the office is.",
    "It repeats what was said in the last hearing, not all of it accurately.",
    "The account has posted about the case before.",
    "It was taken down later the same day.",
]
_CHECKIN_NOTES = [
    "A long day in court; tired but alright.",
    "Hard to switch off after reading the comments.",
    "Good supervision today, feeling steadier.",
    "Slept badly, kept thinking about the message.",
    "Quieter week, caught up on recording.",
    "Talked it through with a colleague, which helped.",
]
_OUTCOMES = [
    "Found the post that had been reported; screenshots saved.",
    "Nothing relevant found; search stopped there.",
    "Confirmed the account belongs to a party in the case.",
    "Public profile only; no contact made.",
]
_WELLBEING = [
    "Talked about the effect of the posts on sleep and confidence.",
    "Agreed to take a break from checking social media in the evenings.",
    "Discussed how the comments were affecting court preparation.",
    "Feeling more settled since the last session.",
]
_PRIVATE = [
    "I felt shaky after reading it.",
    "Not sure whether to mention this to my manager yet.",
    "This reminded me of the previous case.",
    "Need to talk to someone about how this is affecting me.",
]


def _pick(rng: random.Random, options: list[str]) -> str:
    return options[rng.randrange(len(options))]


def generate(
    count: int,
    *,
    seed: int = 7,
    end: datetime | None = None,
    days: int = 730,
    mark_demo: bool = False,
) -> Iterator[Entry]:
    """``count`` entries spread over ``days`` days before ``end``, oldest first.

    ``mark_demo`` marks each one as made up, so no report ever takes it (the ``demo``
    command does; benchmarks and screenshots want entries that behave as real ones).
    """
    for entry in _generate(count, seed=seed, end=end, days=days):
        entry.demo = mark_demo
        yield entry


def _generate(count: int, *, seed: int, end: datetime | None, days: int) -> Iterator[Entry]:
    rng = random.Random(seed)
    end = end or now()
    start = end - timedelta(days=days)
    step = (end - start) / max(count, 1)
    tags = list(DEFAULT_IMPACT_TAGS)
    for i in range(count):
        occurred = start + step * i + timedelta(minutes=rng.randint(0, 240))
        occurred = min(occurred, end).replace(microsecond=0)
        roll = rng.random()
        if roll < 0.72:
            yield _incident(rng, occurred, tags, i)
        elif roll < 0.87:
            yield CheckIn(
                occurred_at=occurred,
                title="Check-in",
                mood=rng.randint(1, 5),
                stress=rng.randint(0, 10),
                sleep=rng.randint(1, 5),
                confidence=rng.randint(1, 5),
                description=_pick(rng, _CHECKIN_NOTES) if rng.random() < 0.6 else "",
                raise_in_supervision=rng.random() < 0.15,
                shareable=False,
            )
        elif roll < 0.97:
            query = f"{rng.choice(['parent', 'relative', 'partner'])} profile"
            yield SearchLogEntry(
                occurred_at=occurred,
                title=f"Looked up {query}",
                query=query,
                where=rng.choice(_PLACES),
                case_ref=f"C{rng.randint(1000, 9999)}",
                reason="Concern raised that the case information was being shared online.",
                agreed_by=rng.choice(_SUPERVISORS),
                outcome=_pick(rng, _OUTCOMES),
            )
        else:
            yield SupervisionRecord(
                occurred_at=occurred,
                title="Supervision",
                supervisor=rng.choice(_SUPERVISORS),
                wellbeing_discussed=_pick(rng, _WELLBEING),
                actions=[
                    Action(
                        what=rng.choice(_ACTIONS),
                        who=rng.choice(["me", "manager"]),
                        due=(occurred + timedelta(days=14)).date(),
                        done=rng.random() < 0.6,
                    )
                ],
                next_date=date.fromordinal(occurred.date().toordinal() + 28),
            )


def _incident(rng: random.Random, occurred: datetime, tags: list[str], i: int) -> Incident:
    category = rng.choices(CATEGORIES, weights=(50, 10, 12, 6, 3, 6, 13))[0]
    severity = rng.choices(("low", "medium", "high", "critical"), weights=(35, 40, 20, 5))[0]
    if category == "threat":
        severity = rng.choice(("high", "critical"))
    score = {"low": 2, "medium": 4, "high": 7, "critical": 9}[severity] + rng.randint(-1, 1)
    actions = [
        Action(what=a, done=True, done_on=(occurred + timedelta(days=rng.randint(0, 3))).date())
        for a in rng.sample(_ACTIONS, rng.randint(0, 3))
    ]
    return Incident(
        occurred_at=occurred,
        title=rng.choice(_TITLES[category]),
        description=f"{_pick(rng, _OPENINGS)} {_pick(rng, _DETAILS)}",
        platform=rng.choice(PLATFORMS),
        content_type=rng.choice(CONTENT_TYPES),
        author_handle=rng.choice(_HANDLES) if rng.random() < 0.85 else "",
        author_relation=rng.choice(("party", "relative", "unknown")),
        case_ref=f"C{rng.randint(1000, 9999)}",
        urls=[f"https://example.org/post/{i}"],
        quoted_text=rng.choice(_QUOTES),
        category=category,
        severity=severity,
        impact_tags=rng.sample(tags, rng.randint(0, 3)),
        impact_score=max(0, min(10, score)),
        actions=actions,
        status=rng.choices(("open", "monitoring", "closed"), weights=(25, 25, 50))[0],
        private_notes=_pick(rng, _PRIVATE) if rng.random() < 0.3 else "",
        shareable=rng.random() < 0.9,
    )
