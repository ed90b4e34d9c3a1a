"""The calm bar that offers to follow up a threat report the manager hasn't acknowledged.

It says when the report went and offers one next step. It never shows anything from the
entries, and the reminder email it drafts holds none of their text either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import QFrame, QWidget

from ui.kit.columns import add_items
from ui.kit.notice_line import notice_line
from ui.reports.jobs import FollowUp
from ui.reports.parts import button
from ui.reports.texts import day_text

if TYPE_CHECKING:
    from ui.reports.services import ReportServices


def _t(text: str) -> str:
    return QCoreApplication.translate("FollowUp", text)


def reminder_url(due: FollowUp) -> QUrl:
    """A short ``mailto:`` asking the manager whether the report arrived."""
    from journal.export.mail import EmailDraft

    day = day_text(due.sent_at)
    first = due.recipient_name.split()
    lines = [
        _t("Dear {name},").format(name=first[0]) if first else _t("Hello,"),
        "",
        _t(
            "On {day} I sent you a report that included a threat I received because of my "
            "work. I haven't heard back yet, so I wanted to check it reached you."
        ).format(day=day),
        "",
        _t(
            "Please could you let me know you've received it, and when we can talk about a "
            "risk assessment with legal and HR."
        ),
        "",
        _t("Thank you,"),
    ]
    if due.practitioner.strip():
        lines.append(due.practitioner.strip())
    draft = EmailDraft(
        to=due.recipient_email,
        subject=_t("Following up: my report of {day}").format(day=day),
        body="\n".join(lines),
    )
    return QUrl.fromEncoded(draft.mailto_url().encode("ascii"))


class FollowUpNotice(QFrame):
    """Shown above the pages while a threat report waits for the manager's acknowledgement."""

    def __init__(self, controller: ReportServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.due: FollowUp | None = None
        self.setObjectName("report_followup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("Follow-up"))
        layout, self.text = notice_line(self, "report_followup_text")
        self.acknowledge_button = button(
            self.tr("Mark acknowledged"), self, "report_followup_acknowledge"
        )
        self.acknowledge_button.setToolTip(
            self.tr("Your manager has confirmed they received the report")
        )
        self.remind_button = button(self.tr("Send a reminder"), self, "report_followup_remind")
        self.remind_button.setToolTip(self.tr("Opens an email to your manager asking about it"))
        self.log_button = button(self.tr("Reports sent"), self, "report_followup_log")
        self.close_button = button(self.tr("Not now"), self, "report_followup_close")
        self.close_button.setFlat(True)
        self.close_button.setToolTip(self.tr("Ask again the next time you unlock your journal"))
        layout.addWidget(self.text, 1)
        add_items(
            layout, self.acknowledge_button, self.remind_button, self.log_button, self.close_button
        )
        self.acknowledge_button.clicked.connect(self._acknowledge)
        self.remind_button.clicked.connect(self._remind)
        self.log_button.clicked.connect(lambda: self.controller.show_export_log())
        self.close_button.clicked.connect(self._not_now)
        self.hide()

    def show_followup(self, due: FollowUp) -> None:
        self.due = due
        days = (
            self.tr("yesterday")
            if due.days == 1
            else self.tr("today")
            if due.days == 0
            else self.tr("{n} days ago").format(n=due.days)
        )
        to = due.recipient_name or due.recipient_email or self.tr("your manager")
        text = self.tr(
            "On {day} ({when}) you sent {to} a report that included a threat. It isn't marked "
            "as acknowledged yet. Would you like to check it arrived?"
        ).format(day=day_text(due.sent_at), when=days, to=to)
        if due.waiting > 1:
            text += " " + self.tr("{n} reports are waiting in all.").format(n=due.waiting)
        self.text.setText(text)
        self.remind_button.setEnabled(bool(due.recipient_email))
        self.show()

    def _acknowledge(self) -> None:
        self._then(lambda due: self.controller.acknowledge(due.export_id))

    def _remind(self) -> None:
        self._then(self.controller.send_reminder)

    def _not_now(self) -> None:
        self._then(lambda due: self.controller.dismiss_followup(due.export_id))

    def _then(self, act: Callable[[FollowUp], None]) -> None:
        """Hide the notice, then act on the report it was about."""
        due = self.due
        self.dismiss()
        if due is not None:
            act(due)

    def dismiss(self) -> None:
        """Hide, and forget the report it was about (also on lock)."""
        self.due = None
        self.text.clear()
        self.hide()
