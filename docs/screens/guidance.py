"""Pictures of the guidance, support and footprint screens, drawn offscreen from a made-up journal.

``render_screens(out_dir)`` is what ``python docs/screenshots.py --only guidance`` calls
(the module doesn't run on its own). It builds a demo journal in a temporary folder
(nothing of a real journal is touched) and saves PNGs of the guidance library, the help
beside an incident, the support contacts and the digital-footprint check with its
reminder.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from docs.screens._shared import Pictures, close, create_journal, open_window, show, wait

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.operations import Operations


def _demo_journal(root: Path) -> str:
    """A journal with demo entries, a filled-in manager and a check seven months ago.

    Returns the id of an Instagram threat not yet reported to the platform."""
    from journal import demo
    from journal.footprint import add_months, record_check
    from journal.models import Incident
    from journal.support import load_contacts, save_contacts
    from journal.timeutil import now
    from ui.support.reminder import FIRST_SEEN_KEY, today_for

    with create_journal(root) as journal:
        repo = journal.repo
        entries = list(demo.generate(40, end=now() - timedelta(days=2), days=120))
        repo.add_many([(e, ()) for e in entries])
        threat = repo.add(
            Incident(
                occurred_at=now() - timedelta(hours=5),
                title="Comment saying they will wait outside the office",
                category="threat",
                severity="high",
                platform="instagram",
                content_type="comment",
                author_handle="@courtwatcher",
                author_relation="party",
                case_ref="C-2291",
                description="A comment under a public post about the hearing.",
                impact_tags=["anxious"],
                impact_score=7,
            )
        )
        contacts = load_contacts(repo)
        from dataclasses import replace

        contacts = [
            replace(
                c,
                name="Sam Carter",
                phone="0161 496 0182",
                email="sam.carter@example.org",
                notes="Team manager. Mobile on duty days: 07700 900461.",
            )
            if c.role == "manager"
            else c
            for c in contacts
        ]
        save_contacts(repo, contacts)
        today = today_for(repo)
        repo.set_setting(FIRST_SEEN_KEY, add_months(today, -9).isoformat())
        record_check(
            repo,
            {
                "search-your-name": "done",
                "family-and-friends": "done",
                "people-finders": "to_do",
                "privacy-facebook": "done",
                "privacy-instagram": "done",
                "privacy-x": "not_applicable",
                "privacy-tiktok": "not_applicable",
                "photos": "to_do",
            },
            checked_on=add_months(today, -7),
            note="Asked my sister to stop tagging me at the gym.",
        )
        return threat.id


def render_screens(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw the guidance and support screens to PNG files in ``out_dir``; returns the files."""
    from ui.support.reminder import FootprintReminder

    save = Pictures(out_dir, "guidance-", rounds=5)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "journal"
        threat_id = _demo_journal(root)
        ops, window = open_window(root)
        if window.findChild(FootprintReminder) is None:  # not listed in EXTENSIONS
            import ui.guidance
            import ui.support

            ui.guidance.install(window)
            ui.support.install(window)
        show(ops, window, 1280, 800)
        _render_library(window, save)
        _render_beside_an_incident(ops, window, threat_id, save)
        _render_support(ops, window, save)
        _render_footprint(ops, window, save)
        close(ops, window)
    return save.written


def _render_library(window: MainWindow, save: Pictures) -> None:
    """The library: a topic, then a search."""
    from ui.guidance.page import GuidancePage

    window.run_action("show_guidance", "case-information-published")
    guidance = window.page("guidance")
    assert isinstance(guidance, GuidancePage)
    wait(guidance.isVisible)
    save(window, "library")
    guidance.search.setText("video call")
    guidance.show_topic("talking-with-children-online")
    save(window, "search")
    guidance.search.clear()


def _render_beside_an_incident(
    ops: Operations, window: MainWindow, threat_id: str, save: Pictures
) -> None:
    """The category's guidance in the editor, the platform's in the detail."""
    window.show_page("incidents")
    incidents = window.incidents
    incidents.edit_incident(threat_id)  # type: ignore[attr-defined]
    editor = incidents.editor  # type: ignore[attr-defined]
    wait(lambda: editor.is_open and not ops.busy)
    editor.scroll_area.ensureWidgetVisible(editor.category_help, 0, 160)
    save(window, "editor-category-help")
    editor.discard()
    wait(lambda: not ops.busy)
    detail = incidents.detail  # type: ignore[attr-defined]
    detail.show_entry(threat_id)
    wait(lambda: detail.entry_id == threat_id and not ops.busy)
    detail.scroll_area.ensureWidgetVisible(detail.platform_help, 0, 40)
    save(window, "detail-platform-help")


def _render_support(ops: Operations, window: MainWindow, save: Pictures) -> None:
    """The contacts, a form with a message beside a field, helplines first."""
    from ui.support.page import SupportPage

    window.run_action("contact_support")
    support = window.page("support")
    assert isinstance(support, SupportPage)
    wait(lambda: bool(support.contacts.cards) and not ops.busy)
    save(window, "support-helplines-first")
    window.open_link("app:support")
    save(window, "support-contacts")
    support.contacts.start_add()
    form = support.contacts.form
    assert form is not None
    form.role.setCurrentIndex(form.role.findData("union"))
    form.name.setText("Unison branch office")
    form.phone.setText("0161 496 07")
    form.email.setText("branch@example")
    support.contacts.save_form()
    save(window, "support-contact-form")
    support.contacts.cancel_edit()


def _render_footprint(ops: Operations, window: MainWindow, save: Pictures) -> None:
    """The footprint check with its reminder above the page, then its history."""
    from ui.support.page import SupportPage
    from ui.support.reminder import FootprintReminder

    reminder = window.findChild(FootprintReminder)
    assert reminder is not None
    reminder.check()
    wait(lambda: not ops.busy)
    window.open_link("app:footprint")
    wait(lambda: not ops.busy)
    save(window, "footprint-check")
    support = window.page("support")
    assert isinstance(support, SupportPage)
    footprint = support.footprint
    footprint.scroll_area.verticalScrollBar().setValue(
        footprint.scroll_area.verticalScrollBar().maximum()
    )
    footprint.history.expandAll()
    save(window, "footprint-history")
