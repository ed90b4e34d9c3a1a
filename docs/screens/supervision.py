"""Pictures of the search log and supervision screens, drawn offscreen from made-up entries.

``render_screens(out_dir)`` is what ``python docs/screenshots.py --only supervision``
calls (the module doesn't run on its own). It builds a demo journal in a temporary
folder (nothing of a real journal is touched) and saves PNGs of the search log (list,
form with its prompts, a refused save, empty), the reminders above the pages, the
preparation view, supervision mode, the record form and the past records, and the
supervision page of an empty journal.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from docs.screens._shared import (
    Pictures,
    close,
    create_journal,
    open_window,
    render_full_and_empty,
    settle,
    show,
    wait,
)


def demo_entries(moment: Any) -> list[Any]:
    """Two past supervisions and a month of entries since, of every kind and sharing."""
    return [
        *_past_supervisions(moment),
        *_incidents(moment),
        *_checkins(moment),
        *_searches(moment),
    ]


def _past_supervisions(moment: Any) -> list[Any]:
    """The one before last and the last one, with actions done, overdue and still open."""
    from journal.models import Action, SupervisionRecord

    day = moment.astimezone().date()

    def action(what: str, who: str, due_in: int, done_days_ago: int | None = None) -> Action:
        done = done_days_ago is not None
        done_on = day - timedelta(days=done_days_ago) if done_days_ago is not None else None
        return Action(what, who, due=day + timedelta(days=due_in), done=done, done_on=done_on)

    last = moment - timedelta(days=26, hours=3)
    eap = "Book time with the employee assistance programme"
    return [
        SupervisionRecord(
            occurred_at=moment - timedelta(days=54, hours=3),
            supervisor="Sam Patel",
            wellbeing_discussed="Talked about the comments after the hearing.",
            actions=[
                action("Ask for a risk assessment with legal and HR", "manager", -40, 44),
                action(eap, "me", -6),
            ],
            next_date=last.date(),
        ),
        SupervisionRecord(
            occurred_at=last,
            supervisor="Sam Patel",
            wellbeing_discussed="Sleeping less since the messages started.",
            actions=[
                action(eap, "me", -6),
                action("Check privacy settings on personal accounts", "me", 10),
                action("Share the court's no-contact order with the team", "manager", -12, 14),
            ],
            next_date=day + timedelta(days=1),
        ),
    ]


def _incidents(moment: Any) -> list[Any]:
    """Incidents since the last supervision; the last one kept back from sharing."""
    from journal.models import Incident

    incidents = (
        (22, "Comment questioning my assessment", "abuse", "medium", 4, "closed", True),
        (18, "Post naming me in a local group", "sensitive_information", "high", 7, "monitoring",
         True),
        (12, "Message saying they know where I live", "threat", "critical", 9, "open", True),
        (9, "Review of the service mentioning me", "abuse", "low", 2, "closed", True),
        (5, "Parent's video about the case", "contact_order_breach", "high", 6, "open", True),
        (3, "Something I'd rather keep to myself", "abuse", "medium", 5, "open", False),
    )  # fmt: skip
    return [
        Incident(
            occurred_at=moment - timedelta(days=days, hours=2),
            title=title,
            category=category,
            severity=severity,
            impact_score=score,
            status=status,
            platform="facebook",
            shareable=shared,
            private_notes="Notes for myself only." if days in (12, 3) else "",
        )
        for days, title, category, severity, score, status, shared in incidents
    ]


def _checkins(moment: Any) -> list[Any]:
    """A check-in every few days, some raised for supervision, one kept back."""
    from journal.models import CheckIn

    columns = (
        "mood",
        "stress",
        "sleep",
        "confidence",
        "raise_in_supervision",
        "shareable",
        "description",
    )
    checkins = (
        (24, 4, 4, 4, 5, False, True, ""),
        (19, 3, 6, 2, 4, True, True, "A hard week after the post."),
        (15, 3, 5, 3, 3, False, True, ""),
        (11, 2, 8, 1, 2, True, True, "The message shook me."),
        (7, 3, 6, 2, 3, False, True, ""),
        (4, 3, 5, 3, 4, True, False, "Kept back for now."),
        (1, 4, 3, 4, 4, False, True, ""),
    )  # fmt: skip
    return [
        CheckIn(
            occurred_at=moment - timedelta(days=days, hours=1),
            **dict(zip(columns, values, strict=True)),
        )
        for days, *values in checkins
    ]


def _searches(moment: Any) -> list[Any]:
    """Look-ups, agreed and not, with and without a case reference."""
    from journal.models import SearchLogEntry

    columns = ("query", "where", "case_ref", "reason", "agreed_by", "outcome")
    searches = (
        (20, "Father's public profile", "Facebook", "C2291",
         "Concern that case details were being posted; needed to see what was public.",
         "Sam Patel", "Two posts about the hearing; screenshots saved."),
        (14, "Handle that sent the message", "X search", "C2291",
         "To check whether the account that threatened me is linked to the case.",
         "Team manager", "Account closed; nothing further found."),
        (8, "Local news story", "Google", "", "Heard the case was in the news.", "",
         "One article, no names."),
        (2, "Mother's new partner", "Instagram profile", "C3107", "Safety check", "",
         "Profile private."),
    )  # fmt: skip
    return [
        SearchLogEntry(
            occurred_at=moment - timedelta(days=days, hours=4),
            title=values[0],  # the words looked up
            **dict(zip(columns, values, strict=True)),
        )
        for days, *values in searches
    ]


def _demo_journal(root: Path, *, empty: bool = False) -> None:
    from journal import demo
    from journal.timeutil import now

    with create_journal(root) as journal:
        if empty:
            return
        moment = now()
        history = [
            e
            for e in demo.generate(300, end=moment - timedelta(days=60), days=400)
            if e.kind != "supervision"
        ]
        journal.repo.add_many([(e, ()) for e in history])
        journal.repo.add_many([(e, ()) for e in demo_entries(moment)])


def _open_window(root: Path) -> tuple[Any, Any]:
    ops, window = open_window(root)
    ensure_installed(window)
    show(ops, window, 1280, 860)
    return ops, window


def ensure_installed(window: Any) -> None:
    """Install the two sections on a window built before they were listed as extensions."""
    import ui.searchlog
    import ui.supervision
    from ui.extensions import EXTENSIONS

    for name, module in (("ui.searchlog", ui.searchlog), ("ui.supervision", ui.supervision)):
        if name not in EXTENSIONS:
            module.install(window)


def render_screens(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw the search log and supervision screens to PNGs in ``out_dir``; returns them."""
    return render_full_and_empty(Pictures(out_dir), _demo_journal, _render_full, _render_empty)


def _render_full(root: Path, save: Callable[[Any, str], None]) -> None:
    ops, window = _open_window(root)
    from ui.supervision.notices import SupervisionNotices

    notices = window.findChild(SupervisionNotices)
    assert notices is not None
    wait(lambda: notices.overdue.isVisible() and notices.due.isVisible())
    save(window, "supervision-reminders")
    notices.overdue.hide()
    notices.due.hide()

    # The search log.
    window.show_page("searchlog")
    page = window.page("searchlog")
    wait(lambda: page.model.rowCount() > 0 and not ops.busy)
    page.select(page.model.row_data(1).id)  # a look-up without a case reference
    settle()
    save(window, "searchlog-list")
    page.new_search()
    form = page.form
    form.case_ref.setText("C2291")
    form.query.setText("Grandmother's page")
    form.where.setText("Facebook")
    form.reason.setPlainText("Check")
    form.update_prompts()
    settle()
    save(window, "searchlog-form-prompts")
    form.reason.clear()
    form.save()
    settle()
    save(window, "searchlog-form-reason-needed")
    form.cancel()
    page.notice.dismiss()
    wait(lambda: not ops.busy)

    # Supervision: preparing, the past records, the record form, supervision mode.
    window.show_page("supervision")
    sup = window.page("supervision")
    wait(lambda: sup.prepare.tree.topLevelItemCount() > 0 and not ops.busy)
    save(window, "supervision-prepare")
    sup.show_records()
    wait(lambda: sup.records.detail_id is not None and not ops.busy)
    settle()
    save(window, "supervision-records")
    sup.show_prepare()
    window.set_supervision_mode(True)
    wait(lambda: sup.session.view is not None and not ops.busy)
    settle(600)
    save(window, "supervision-mode")
    body = sup.session.scroll_area.widget()
    save(body, "supervision-mode-whole-page")
    sup.new_record()
    wait(lambda: sup.editor.is_open and not ops.busy)
    sup.editor.wellbeing.setPlainText("Better since the account was closed.")
    settle()
    save(window, "supervision-record-form")
    sup.editor.cancel()
    window.set_supervision_mode(False)
    wait(lambda: not ops.busy)
    close(ops, window)


def _render_empty(root: Path, save: Callable[[Any, str], None]) -> None:
    ops, window = _open_window(root)
    window.show_page("searchlog")
    page = window.page("searchlog")
    wait(lambda: page.lists.currentWidget() is page.empty and not ops.busy)
    save(window, "searchlog-empty")
    window.show_page("supervision")
    sup = window.page("supervision")
    wait(lambda: bool(sup.prepare.counts.text()) and not ops.busy)
    save(window, "supervision-prepare-empty")
    sup.show_records()
    settle()
    save(window, "supervision-records-empty")
    window.set_supervision_mode(True)
    wait(lambda: sup.session.view is not None and not ops.busy)
    settle()
    save(window, "supervision-mode-empty")
    window.set_supervision_mode(False)
    close(ops, window)
