"""Prompts above the pages: what they say, what their button does, "Not now", switching off;
the perspective note after a hurtful post; nothing on a screen shared in supervision."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from wellbeing_helpers import WAIT_MS, OpenWindow, focused, idle, relock, run, section_of

from journal import patterns
from journal.guidance import CATEGORY_TOPICS
from journal.models import CheckIn, Incident
from journal.repository import EntryQuery
from journal.timeutil import now
from ui.main_window import KEY_ROLE, MainWindow
from ui.operations import Change
from ui.wellbeing.dashboard import DashboardPage


def high_impact(days_ago: float, **fields: object) -> Incident:
    fields.setdefault("category", "abuse")
    fields.setdefault("severity", "high")
    return Incident(
        occurred_at=now() - timedelta(days=days_ago),
        title="Post about the assessment",
        **fields,  # type: ignore[arg-type]
    )


def current_key(window: MainWindow) -> str:
    return str(window.nav.currentItem().data(KEY_ROLE))


def rules(qtbot: QtBot, window: MainWindow) -> list[str]:
    return [p.rule for p in run(qtbot, window.ops, lambda j: patterns.evaluate(j.repo))]


def prompt_shown(qtbot: QtBot, window: MainWindow) -> Any:
    """The section's prompt notice, once it shows."""
    notice = section_of(window).prompt_notice
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    return notice


def test_three_high_impact_incidents_prompt_and_the_button_notes_it_for_supervision(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window([high_impact(2), high_impact(5), high_impact(9, severity="critical")])
    section = section_of(window)
    notice = section.prompt_notice
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert notice.text.text() == (
        "You've recorded three high-impact incidents in the last two weeks. "
        "Would you like to note this for your next supervision?"
    )
    assert notice.primary.text() == "Note it for supervision"
    assert notice.later.text() == "Not now"
    qtbot.mouseClick(notice.primary, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    qtbot.waitUntil(lambda: section.checkin_dialog is not None, timeout=WAIT_MS)
    dialog = section.checkin_dialog
    assert dialog is not None
    assert dialog.raise_box.isChecked()
    assert dialog.note.toPlainText() == (
        "To raise in supervision: 3 high-impact incidents in the last two weeks."
    )
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    idle(qtbot, window.ops)
    assert "high_impact_cluster" not in rules(qtbot, window)  # acted on: dismissed
    [summary] = run(qtbot, window.ops, lambda j: j.repo.list_entries(EntryQuery(kind="checkin")))
    saved = run(qtbot, window.ops, lambda j: j.repo.get(summary.id))
    assert isinstance(saved, CheckIn) and saved.raise_in_supervision
    assert not notice.isVisible()


def test_not_now_keeps_it_away_until_there_is_something_new(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window([high_impact(1), high_impact(3), high_impact(4)])
    notice = prompt_shown(qtbot, window)
    qtbot.mouseClick(notice.later, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    idle(qtbot, window.ops)
    relock(qtbot, window)
    idle(qtbot, window.ops)
    assert not notice.isVisible()
    assert "high_impact_cluster" not in rules(qtbot, window)
    # A fourth incident is new evidence: the prompt may come back.
    window.ops.submit(
        lambda j: j.repo.add(high_impact(0.5)),
        None,
        None,
        change=Change(kinds=frozenset({"incident"})),
    )
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert notice.text.text().startswith("You've recorded four high-impact incidents")


def test_prompts_turned_off_from_the_notice_and_on_again_on_the_dashboard(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window([high_impact(1), high_impact(2), high_impact(3)])
    notice = prompt_shown(qtbot, window)
    assert notice.off.text() == "Turn off prompts"
    qtbot.mouseClick(notice.off, Qt.MouseButton.LeftButton)
    assert notice.isVisible() and "Prompts are off" in notice.text.text()
    assert not notice.primary.isVisible()
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: patterns.prompts_enabled(j.repo)) is False
    qtbot.mouseClick(notice.later, Qt.MouseButton.LeftButton)  # "Close"
    assert not notice.isVisible()
    relock(qtbot, window)
    assert not notice.isVisible()
    window.show_page("wellbeing")
    page = window.page("wellbeing")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.prompts_box.isEnabled(), timeout=WAIT_MS)
    assert not page.prompts_box.isChecked()
    qtbot.mouseClick(page.prompts_box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert run(qtbot, window.ops, lambda j: patterns.prompts_enabled(j.repo)) is True


def test_high_stress_prompt_opens_support(qtbot: QtBot, open_window: OpenWindow) -> None:
    checkins = [
        CheckIn(occurred_at=now() - timedelta(days=d), stress=8, confidence=3) for d in (1, 3, 5)
    ]
    window = open_window(checkins)
    notice = prompt_shown(qtbot, window)
    assert "high stress" in notice.text.text()
    assert notice.primary.text() == "See your support contacts"
    qtbot.mouseClick(notice.primary, Qt.MouseButton.LeftButton)
    assert current_key(window) == "support"


def test_threat_prompt_sends_to_the_manager(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window([high_impact(3, category="threat")])
    reported: list[str] = []
    window.register_action("report_now", reported.append)
    notice = prompt_shown(qtbot, window)
    assert notice.text.text().startswith("You recorded a threat on ")
    assert notice.primary.text() == "Send to your manager"
    qtbot.mouseClick(notice.primary, Qt.MouseButton.LeftButton)
    [threat] = run(qtbot, window.ops, lambda j: j.repo.list_entries(EntryQuery(kind="incident")))
    assert reported == [threat.id]
    # Not dismissed: until the report is sent, it is offered again next time.
    relock(qtbot, window)
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)


class GuidanceStandIn(QLabel):
    """The guidance page's contract as the prompt uses it: ``show_topic(id)``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("guidance", parent)
        self.topics: list[str] = []

    def show_topic(self, topic: str) -> None:
        self.topics.append(topic)


def test_published_information_prompt_opens_its_guidance(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window([high_impact(2, category="sensitive_information", severity="low")])
    built: list[GuidanceStandIn] = []

    def guidance(parent: QWidget) -> GuidanceStandIn:
        built.append(GuidanceStandIn(parent))
        return built[-1]

    window.register_page("guidance", guidance)
    notice = prompt_shown(qtbot, window)
    assert "alerting the court" in notice.text.text()
    assert notice.primary.text() == "Read the options"
    qtbot.mouseClick(notice.primary, Qt.MouseButton.LeftButton)
    assert current_key(window) == "guidance"
    assert built and built[-1].topics == [CATEGORY_TOPICS["sensitive_information"]]


def save_incident_by_keyboard(
    qtbot: QtBot, window: MainWindow, title: str, category: str, severity: str
) -> str:
    """Ctrl+N, a title, category and severity by their first letters, Ctrl+S."""
    page = window.incidents
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: editor.title.hasFocus(), timeout=WAIT_MS)
    idle(qtbot, window.ops)
    qtbot.keyClicks(editor.title, title)
    editor.category.setFocus()
    qtbot.keyClicks(editor.category, category)
    editor.severity.setFocus()
    qtbot.keyClicks(editor.severity, severity)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:  # type: ignore[attr-defined]
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window.ops)
    return str(saved.args[0])


def test_perspective_note_after_a_hurtful_post_and_not_when_turned_off(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    notice = section_of(window).perspective_notice
    save_incident_by_keyboard(qtbot, window, "Comment on the parenting assessment", "A", "H")
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert notice.text.text() in patterns.PERSPECTIVE_NOTES
    assert "Comment" not in notice.text.text()  # never the entry's own words
    assert notice.primary.text() == "Who can I talk to?"
    qtbot.mouseClick(notice.off, Qt.MouseButton.LeftButton)  # "Don't show these notes"
    assert not notice.isVisible()
    idle(qtbot, window.ops)
    assert run(qtbot, window.ops, lambda j: patterns.perspective_enabled(j.repo)) is False
    save_incident_by_keyboard(qtbot, window, "Another comment", "A", "C")
    idle(qtbot, window.ops)
    assert not notice.isVisible()
    # A low-severity post gets no note even when notes are on.
    run(qtbot, window.ops, lambda j: patterns.set_perspective_enabled(j.repo, True))
    save_incident_by_keyboard(qtbot, window, "A mild remark", "A", "L")
    idle(qtbot, window.ops)
    assert not notice.isVisible()


def test_a_threat_saved_now_is_offered_by_its_page_not_twice(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    section = section_of(window)
    save_incident_by_keyboard(qtbot, window, "Message to my phone", "T", "H")
    idle(qtbot, window.ops)
    assert window.incidents.notice.kind == "threat"  # type: ignore[attr-defined]
    assert not section.prompt_notice.isVisible()
    assert not section.perspective_notice.isVisible()  # a threat calls for action instead
    relock(qtbot, window)  # next time, the journal reminds
    qtbot.waitUntil(section.prompt_notice.isVisible, timeout=WAIT_MS)
    assert section.prompt_notice.text.text().startswith("You recorded a threat on ")


def test_supervision_mode_hides_every_notice(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window([high_impact(1), high_impact(2), high_impact(3)])
    notice = prompt_shown(qtbot, window)
    window.set_supervision_mode(True)
    assert not notice.isVisible()
    section_of(window).evaluate()
    idle(qtbot, window.ops)
    assert not notice.isVisible()  # a new evaluation doesn't bring it onto the shared screen
    window.set_supervision_mode(False)
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)


def test_evaluation_never_blocks_and_ignores_replies_after_lock(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window([high_impact(1), high_impact(2), high_impact(3)])
    section = section_of(window)
    qtbot.waitUntil(section.prompt_notice.isVisible, timeout=WAIT_MS)
    section.evaluate()  # a reply on its way ...
    window.lock()  # ... arrives after the lock
    idle(qtbot, window.ops)
    assert not section.prompt_notice.isVisible()
    assert section.prompt_notice.text.text() == ""
    assert section.current_prompt is None
