"""Plugs check-ins, the wellbeing dashboard, prompts and ProQOL into the main window.

``install(window)`` registers the "checkins" and "wellbeing" pages (the dashboard, with
Qt Charts, is imported only when first shown), the toolbar's "check_in" action, the
``app:proqol`` link and the "review_checkins" action, and adds three notices above the
pages: the check-in reminder, the most important prompt, and the perspective note.

Prompts are evaluated on the worker after unlock and after every save. Notices hold no
entry text (prompts speak of counts and dates) and are emptied when the journal locks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from journal import queries
from journal.errors import JournalError
from journal.models import CheckIn, Incident
from journal.session import Journal
from ui.operations import Change, NotOpen, Operations

if TYPE_CHECKING:
    from types import ModuleType

    from journal.patterns import Prompt
    from ui.host import Window
    from ui.wellbeing.checkin_form import CheckInDialog
    from ui.wellbeing.notice import Notice
    from ui.wellbeing.proqol_dialog import ProqolDialog

T = TypeVar("T")
EVALUATE_DELAY_MS = 300
STATUS_MESSAGE_MS = 5_000


def install(window: Window) -> None:
    WellbeingSection(window)


def _patterns() -> ModuleType:
    """The rules, imported when first needed: the window opens without them."""
    from journal import patterns

    return patterns


def _wellbeing() -> ModuleType:
    from journal import wellbeing

    return wellbeing


def evaluate_prompts(journal: Journal) -> list[Prompt]:
    """The prompts to offer now, most pressing first (run on the worker)."""
    from journal.export.log import ExportLog

    log = ExportLog(journal.repo)
    return _patterns().evaluate(
        journal.repo,
        reported_ids=log.reported_entry_ids(),
        sent_reports=_patterns().sent_reports_from(log.followups_due(0)),
    )


def _brought_forward(dialog: QDialog | None) -> bool:
    """An open form comes to the front rather than opening twice."""
    if dialog is None:
        return False
    dialog.raise_()
    dialog.activateWindow()
    return True


def _quiet(_error: JournalError) -> None:
    """Background reads whose failure needs no words (the journal may have just locked)."""


class WellbeingSection(QObject):
    """Owns the section's notices and dialogs; one per main window."""

    def __init__(self, window: Window) -> None:
        super().__init__(window.widget())
        from ui.wellbeing.notice import Notice

        self.setObjectName("wellbeing_section")
        self.window = window
        self.ops: Operations = window.ops
        self.active = False
        self.checkin_dialog: CheckInDialog | None = None
        self.proqol_dialog: ProqolDialog | None = None
        self.current_prompt: Prompt | None = None
        self._offered_by_incidents: set[str] = set()  # threats the incidents page offered
        self._hushed = False  # "Not now": no other prompt until the next save or unlock

        self.reminder_notice: Notice = Notice("checkin_reminder_notice")
        self.prompt_notice: Notice = Notice("prompt_notice")
        self.perspective_notice: Notice = Notice("perspective_notice")
        for notice in (self.reminder_notice, self.perspective_notice, self.prompt_notice):
            window.add_notice(notice)
            notice.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(EVALUATE_DELAY_MS)
        self._timer.timeout.connect(self.evaluate)

        window.register_page("checkins", self._make_checkins_page)
        window.register_page("wellbeing", self._make_dashboard)
        window.register_action("check_in", self.open_checkin)
        window.register_action("review_checkins", lambda: window.show_page("checkins"))
        window.register_link("proqol", self.open_proqol)
        window.journal_pages.append(self)  # reload after unlock; draft and clear on lock
        incidents = window.incidents
        saved = getattr(incidents, "saved", None)
        if saved is not None:
            saved.connect(self._incident_saved)
        self.ops.changed.connect(self._journal_changed)
        window.supervision_mode_changed.connect(self._supervision_mode_changed)

    # -- pages ---------------------------------------------------------------------------

    def _make_checkins_page(self, parent: QWidget) -> QWidget:
        from ui.wellbeing.checkins_page import CheckinsPage

        page = CheckinsPage(self.ops, parent)
        page.new_requested.connect(self.open_checkin)
        page.edit_requested.connect(self.edit_checkin)
        return page

    def _make_dashboard(self, parent: QWidget) -> QWidget:
        from ui.wellbeing.dashboard import DashboardPage

        page = DashboardPage(self.ops, parent)
        page.checkin_requested.connect(self.open_checkin)
        page.incident_requested.connect(self.window.new_incident)
        page.proqol_requested.connect(self.open_proqol)
        return page

    # -- the main window's page contract -------------------------------------------------

    def reload(self) -> None:
        """The journal was unlocked: the reminder if due, then prompts."""
        self.active = True
        self.ops.forget(self)  # what was asked before the lock no longer matters
        self._hushed = False
        self._offered_by_incidents.clear()

        def due(journal: Journal) -> str | None:
            if _wellbeing().checkin_reminder_due(journal.repo):
                return _wellbeing().checkin_reminder(journal.repo)
            return None

        self.ops.submit(due, self._reminder_due, _quiet, owner=self)
        self.evaluate()

    def prepare_lock(self) -> None:
        dialog = self.checkin_dialog
        if dialog is not None:
            dialog.save_draft()

    def clear(self) -> None:
        """Locking: close the forms, empty every notice."""
        self.active = False
        self.ops.forget(self)
        self._timer.stop()
        self.current_prompt = None
        dialog, self.checkin_dialog = self.checkin_dialog, None
        if dialog is not None:
            dialog.close_for_lock()
            dialog.deleteLater()
        proqol_dialog, self.proqol_dialog = self.proqol_dialog, None
        if proqol_dialog is not None:
            proqol_dialog.close_for_lock()
            proqol_dialog.deleteLater()
        for notice in (self.reminder_notice, self.prompt_notice, self.perspective_notice):
            notice.dismiss()

    # -- check-ins -----------------------------------------------------------------------

    def open_checkin(self, raise_note: str | None = None) -> None:
        """The check-in form; with ``raise_note``, ticked to raise in supervision."""
        if not self.active or _brought_forward(self.checkin_dialog):
            return
        from ui.wellbeing.checkin_form import DRAFT_ID

        self._load_then(
            lambda j: queries.draft(j, DRAFT_ID),
            lambda draft: self._show_checkin(None, draft, raise_note),
        )

    def edit_checkin(self, entry_id: str) -> None:
        if not self.active or self.checkin_dialog is not None:
            return
        self._load_then(
            lambda j: queries.entry(j, entry_id),
            lambda entry: self._show_checkin(entry, None, None),
        )

    def _load_then(self, load: Callable[[Journal], T], show: Callable[[T], None]) -> None:
        """Load what a form opens with, then open it (unless the journal locked meanwhile)."""
        self.ops.submit(load, show, self._open_failed, owner=self)

    def _open_failed(self, error: JournalError) -> None:
        if not isinstance(error, NotOpen) and self.active:
            self.window.show_error(error)

    def _show_checkin(
        self,
        existing: Any,
        draft: dict[str, Any] | None,
        raise_note: str | None,
    ) -> None:
        if not self.active or self.checkin_dialog is not None:
            return
        from ui.wellbeing.checkin_form import CheckInDialog

        dialog = CheckInDialog(
            self.ops,
            self.window.widget(),
            existing=existing if isinstance(existing, CheckIn) else None,
            draft=draft,
            raise_note=raise_note,
        )
        self.window.add_lock_shortcut(dialog)
        dialog.saved.connect(self._checkin_saved)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        self.checkin_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        """A form closed (the check-in or the ProQOL scores): the next opens afresh."""
        dialog.deleteLater()
        if self.checkin_dialog is dialog:
            self.checkin_dialog = None
        if self.proqol_dialog is dialog:
            self.proqol_dialog = None

    def _checkin_saved(self, _entry_id: str) -> None:
        if self.reminder_notice.kind:
            self.reminder_notice.dismiss()
        self.window.statusBar().showMessage(self.tr("Check-in saved."), STATUS_MESSAGE_MS)

    def _reminder_due(self, frequency: str | None) -> None:
        if not self.active or not frequency:
            return
        if frequency == "daily":
            text = self.tr("You haven't checked in today. It takes under a minute.")
        else:
            text = self.tr("You haven't checked in this past week. It takes under a minute.")
        self.reminder_notice.show_message(
            "reminder",
            text,
            (self.tr("Check in now"), self.open_checkin),
            (self.tr("Not now"), lambda: None),
            (self.tr("Change reminders"), self._show_reminder_setting),
        )
        self._respect_supervision_mode()

    def _show_reminder_setting(self) -> None:
        self.window.show_page("checkins")
        page = self.window.page("checkins")
        focus = getattr(page, "focus_reminder", None)
        if focus is not None:
            focus()

    # -- ProQOL --------------------------------------------------------------------------

    def open_proqol(self) -> None:
        if not self.active or _brought_forward(self.proqol_dialog):
            return
        from ui.wellbeing.proqol_dialog import ProqolDialog

        dialog = ProqolDialog(self.ops, self.window.widget())
        self.window.add_lock_shortcut(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        self.proqol_dialog = dialog
        dialog.open()
        dialog.reload()

    # -- prompts -------------------------------------------------------------------------

    def _journal_changed(self, change: Change) -> None:
        if not self.active:
            return
        if change.kinds or change.ids:
            self._hushed = False
            self._timer.start()
        elif "prompts_enabled" in change.extra or "perspective_enabled" in change.extra:
            if change.extra.get("perspective_enabled") is False:
                self.perspective_notice.dismiss()
            self._timer.start()

    def evaluate(self) -> None:
        """Ask the worker which prompt, if any, to show now."""
        if not self.active or not self.ops.is_open:
            return
        self.ops.submit(evaluate_prompts, self._evaluated, _quiet, owner=self)

    def _evaluated(self, found: list[Prompt]) -> None:
        if not self.active:
            return
        offered = self._offered_by_incidents
        candidates = [
            p for p in found if not (p.rule == "threat_unreported" and set(p.entry_ids) <= offered)
        ]
        best = candidates[0] if candidates else None
        if best is None:
            if self.prompt_notice.kind == "prompt":
                self.prompt_notice.dismiss()
            self.current_prompt = None
            return
        if self.prompt_notice.kind == "prompt" and self.current_prompt is not None:
            if self.current_prompt.id == best.id:
                self.current_prompt = best
                return
        elif self._hushed:
            return
        self.show_prompt(best)

    def show_prompt(self, prompt: Prompt) -> None:
        self.current_prompt = prompt
        label = self._action_label(prompt)
        self.prompt_notice.show_message(
            "prompt",
            prompt.message,
            (label, lambda: self._act(prompt)),
            (self.tr("Not now"), lambda: self._not_now(prompt)),
            (self.tr("Turn off prompts"), self._turn_off_prompts),
        )
        self.prompt_notice.primary.setToolTip(label)
        self._respect_supervision_mode()

    def _action_label(self, prompt: Prompt) -> str:
        labels = {
            "raise_in_supervision": self.tr("Note it for supervision"),
            "contact_support": self.tr("See your support contacts"),
            "report_to_manager": self.tr("Send to your manager"),
            "open_guidance": self.tr("Read the options"),
        }
        return labels.get(prompt.action.split(":", 1)[0], prompt.action_label)

    def _dismiss_on_worker(self, prompt: Prompt) -> None:
        self.ops.submit(lambda j: _patterns().dismiss(j.repo, prompt), None, _quiet)

    def _not_now(self, prompt: Prompt) -> None:
        self.current_prompt = None
        self._hushed = True
        self._dismiss_on_worker(prompt)

    def _turn_off_prompts(self) -> None:
        self.current_prompt = None
        self.ops.submit(
            lambda j: _patterns().set_prompts_enabled(j.repo, False),
            None,
            None,
            change=Change(settings=True, extra={"prompts_enabled": False}),
        )
        self.prompt_notice.show_message(
            "prompts_off",
            self.tr(
                "Prompts are off. You can turn them on again at the foot of the Wellbeing page."
            ),
            None,
            (self.tr("Close"), lambda: None),
        )

    def _act(self, prompt: Prompt) -> None:
        """The prompt's one next step."""
        self.current_prompt = None
        action, _, topic = prompt.action.partition(":")
        if action == "report_to_manager":
            # Not dismissed: it goes away by itself once the report is sent.
            self._hushed = True
            if len(prompt.entry_ids) == 1 and self.window.has_action("report_now"):
                self.window.run_action("report_now", prompt.entry_ids[0])
            elif self.window.has_action("send_to_manager"):
                self.window.run_action("send_to_manager")
            else:
                self.window.inform(
                    self.tr(
                        "Sending a report from here isn't available yet. Tell your manager "
                        "about it directly, and note that you did in the incident's actions."
                    )
                )
            return
        self._dismiss_on_worker(prompt)
        if action == "raise_in_supervision":
            self.open_checkin(raise_note=self._supervision_note(prompt))
        elif action == "contact_support":
            self.window.show_page("support")
        elif action == "open_guidance":
            page = self.window.page("guidance")
            self.window.show_page("guidance")
            show_topic = getattr(page, "show_topic", None)
            if show_topic is not None and topic:
                show_topic(topic)
        else:
            self.window.run_action(action)

    def _supervision_note(self, prompt: Prompt) -> str:
        """A line for the check-in's note: what to raise, in the person's own voice."""
        if prompt.rule == "high_impact_cluster":
            return self.tr(
                "To raise in supervision: {n} high-impact incidents in the last two weeks."
            ).format(n=len(prompt.entry_ids))
        if prompt.rule == "confidence_falling":
            return self.tr(
                "To raise in supervision: my professional confidence has dipped recently."
            )
        if prompt.rule == "report_unacknowledged":
            return self.tr(
                "To raise in supervision: a report to my manager that hasn't had a reply yet."
            )
        return self.tr("To raise in supervision.")

    # -- after saving an incident ----------------------------------------------------------

    def _incident_saved(self, entry_id: str, category: str, _severity: str) -> None:
        if not self.active:
            return
        if category == "threat":
            self._offered_by_incidents.add(entry_id)  # its page offers "Report this now"
        if category not in _patterns().PERSPECTIVE_CATEGORIES:
            return

        def note(journal: Journal) -> str | None:
            entry = queries.entry(journal, entry_id)
            if not isinstance(entry, Incident) or entry.revision != 1:
                return None  # only for a newly recorded incident
            return _patterns().perspective_note(journal.repo, entry)

        self.ops.submit(note, self._perspective, _quiet, owner=self)

    def _perspective(self, text: str | None) -> None:
        if not self.active or not text:
            return
        self.perspective_notice.show_message(
            "perspective",
            text,
            (self.tr("Who can I talk to?"), lambda: self.window.show_page("support")),
            (self.tr("Close"), lambda: None),
            (self.tr("Don't show these notes"), self._turn_off_perspective),
        )
        self._respect_supervision_mode()

    def _turn_off_perspective(self) -> None:
        self.ops.submit(
            lambda j: _patterns().set_perspective_enabled(j.repo, False),
            None,
            None,
            change=Change(settings=True, extra={"perspective_enabled": False}),
        )

    # -- supervision mode ------------------------------------------------------------------

    def _respect_supervision_mode(self) -> None:
        """Nothing of this section shows on a screen shared with the supervisor."""
        if self.window.supervision_mode:
            for notice in (self.reminder_notice, self.prompt_notice, self.perspective_notice):
                notice.hide()

    def _supervision_mode_changed(self, on: bool) -> None:
        if on:
            self._respect_supervision_mode()
            return
        for notice in (self.reminder_notice, self.prompt_notice, self.perspective_notice):
            if notice.kind:
                notice.show()
        self.evaluate()
