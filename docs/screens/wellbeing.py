"""Pictures of the wellbeing screens, drawn offscreen from a made-up journal.

``render_screens(out_dir)`` is what ``python docs/screenshots.py --only wellbeing``
calls (the module doesn't run on its own). It builds a demo journal in a temporary
folder (nothing of a real journal is touched) and saves PNGs of the check-in form, the
check-ins page, the dashboard (with data, over a longer period, and empty), the ProQOL
form and a prompt above the pages.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from docs.screens._shared import (
    Pictures,
    close,
    create_journal,
    open_window,
    render_full_and_empty,
    wait,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.main_window import MainWindow
    from ui.operations import Operations
    from ui.wellbeing.section import WellbeingSection


def _demo_journal(root: Path, *, empty: bool = False) -> None:
    from journal import demo, proqol
    from journal.models import CheckIn, Incident
    from journal.timeutil import now

    with create_journal(root) as journal:
        if empty:
            return
        repo = journal.repo
        moment = now()
        entries = list(demo.generate(700, end=moment - timedelta(days=15), days=540))
        repo.add_many([(e, ()) for e in entries])
        recent = [
            Incident(
                occurred_at=moment - timedelta(days=days, hours=2),
                title="Post about the assessment",
                category="abuse",
                severity=severity,
                impact_score=score,
                impact_tags=tags,
                platform="facebook",
            )
            for days, severity, score, tags in (
                (12, "medium", 5, ["upset"]),
                (9, "high", 7, ["anxious", "lost sleep"]),
                (6, "medium", 4, ["doubting my practice"]),
                (4, "high", 8, ["anxious"]),
                (2, "critical", 8, ["worried for family", "anxious"]),
            )
        ]
        checkins = [
            CheckIn(
                occurred_at=moment - timedelta(days=days, hours=1),
                title="Check-in",
                mood=mood,
                stress=stress,
                sleep=sleep,
                confidence=confidence,
            )
            for days, mood, stress, sleep, confidence in (
                (14, 4, 4, 4, 4),
                (11, 3, 5, 3, 4),
                (8, 3, 6, 2, 3),
                (5, 2, 7, 2, 3),
                (1, 3, 6, 3, 3),
            )
        ]
        repo.add_many([(e, ()) for e in [*recent, *checkins]])
        today = moment.astimezone().date()
        for weeks, cs, bo, sts in ((40, 41, 22, 18), (24, 39, 25, 21), (8, 37, 27, 24)):
            proqol.record_scores(
                repo,
                taken_on=today - timedelta(weeks=weeks),
                compassion_satisfaction=cs,
                burnout=bo,
                secondary_traumatic_stress=sts,
            )


def render_screens(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Draw the wellbeing screens to PNG files in ``out_dir``; returns the files written."""
    return render_full_and_empty(
        Pictures(out_dir, "wellbeing-"), _demo_journal, _render_full, _render_empty
    )


def _open_window(root: Path) -> tuple[Operations, MainWindow, WellbeingSection]:
    from ui.wellbeing.section import WellbeingSection, install

    ops, window = open_window(root)
    section = window.findChild(WellbeingSection)
    if section is None:
        install(window)
        section = window.findChild(WellbeingSection)
    assert isinstance(section, WellbeingSection)
    window.resize(1200, 820)
    window.show()
    window.enter_unlocked()
    wait(lambda: not ops.busy)
    return ops, window, section


def _save_dark(
    window: QWidget, widget: QWidget, save: Callable[[QWidget, str], None], name: str
) -> None:
    """The same screen in the dark palette, then back."""
    from PySide6.QtWidgets import QApplication

    from ui import theme

    light = window.palette()
    window.setPalette(theme.dark_palette())
    QApplication.processEvents()
    save(widget, name)
    window.setPalette(light)
    QApplication.processEvents()


def _render_full(root: Path, save: Callable[[QWidget, str], None]) -> None:
    from ui.wellbeing.checkins_page import CheckinsPage
    from ui.wellbeing.dashboard import DashboardPage

    ops, window, section = _open_window(root)
    wait(lambda: section.prompt_notice.isVisible())
    save(window, "prompt")

    window.show_page("wellbeing")
    page = window.page("wellbeing")
    assert isinstance(page, DashboardPage)
    wait(lambda: page.data is not None and not ops.busy)
    section.prompt_notice.hide()
    save(window, "dashboard")
    save(page.grid_holder, "dashboard-charts")
    page.period.setCurrentIndex(page.period.findData("all"))
    wait(lambda: not page.loading_now)
    save(page.grid_holder, "dashboard-all-time")
    _save_dark(window, page.grid_holder, save, "dashboard-dark")

    window.show_page("checkins")
    checkins = window.page("checkins")
    assert isinstance(checkins, CheckinsPage)
    wait(lambda: bool(checkins.model.rows))
    save(window, "checkins")

    section.open_checkin()
    wait(lambda: section.checkin_dialog is not None)
    dialog = section.checkin_dialog
    assert dialog is not None
    dialog.inputs[0].setValue(4)
    dialog.inputs[1].setValue(6)
    dialog.raise_box.setChecked(True)
    save(dialog, "checkin-form")
    dialog.reject()
    wait(lambda: not ops.busy)

    section.open_proqol()
    proqol_dialog = section.proqol_dialog
    assert proqol_dialog is not None
    wait(lambda: proqol_dialog.table.rowCount() > 0)
    save(proqol_dialog, "proqol")
    proqol_dialog.reject()
    close(ops, window)


def _render_empty(root: Path, save: Callable[[QWidget, str], None]) -> None:
    from ui.wellbeing.checkins_page import CheckinsPage
    from ui.wellbeing.dashboard import DashboardPage

    ops, window, _section = _open_window(root)
    window.show_page("wellbeing")
    page = window.page("wellbeing")
    assert isinstance(page, DashboardPage)
    wait(lambda: page.data is not None)
    save(page, "dashboard-empty")
    window.show_page("checkins")
    checkins = window.page("checkins")
    assert isinstance(checkins, CheckinsPage)
    wait(lambda: checkins.stack.currentWidget() is checkins.empty)
    save(window, "checkins-empty")
    close(ops, window)
