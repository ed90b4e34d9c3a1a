"""Honest pages for the parts of the app that are still to come.

Each says what the page will hold and what you can do today instead, so nobody
mistakes an empty screen for lost entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import theme


@dataclass(frozen=True)
class PageText:
    key: str
    title: str
    icon: str
    body: str


def _t(text: str) -> str:
    return QCoreApplication.translate("PlaceholderPage", text)


def page_texts() -> list[PageText]:
    """The navigation entries after Incidents, in order, with what each page will hold."""
    return [
        PageText(
            "checkins",
            _t("Check-ins"),
            "checkins",
            _t(
                "This is where you'll note how you are doing: mood, stress, sleep and "
                "confidence, in under a minute. You'll be able to mark a check-in to raise "
                "in supervision. This page is coming in a later version."
            ),
        ),
        PageText(
            "wellbeing",
            _t("Wellbeing"),
            "wellbeing",
            _t(
                "This is where you'll see how you've been over time, drawn from your "
                "check-ins and incidents, with a plain sentence under each chart. "
                "This page is coming in a later version."
            ),
        ),
        PageText(
            "supervision",
            _t("Supervision"),
            "supervision",
            _t(
                "This is where you'll prepare for supervision: a summary since your last "
                "session that leaves out anything you've marked private, and a place to "
                "record what you agreed. This page is coming in a later version."
            ),
        ),
        PageText(
            "searchlog",
            _t("Search log"),
            "searchlog",
            _t(
                "This is where you'll record each online look-up you make about a family: "
                "what you looked for, why, and who agreed it. This page is coming in a "
                "later version."
            ),
        ),
        PageText(
            "guidance",
            _t("Guidance"),
            "guidance",
            _t(
                "This is where you'll find short, practical notes: what to do after a "
                "threat, how to report a post on each platform, and keeping professional "
                "boundaries online. This page is coming in a later version."
            ),
        ),
        PageText(
            "support",
            _t("Support"),
            "support",
            _t(
                "This is where you'll find people to talk to and where to turn for "
                "support. Until then, your manager, your supervisor and your employee "
                "assistance programme are good first steps. This page is coming in a "
                "later version."
            ),
        ),
    ]


class PlaceholderPage(QWidget):
    """A calm page that says what will appear here."""

    def __init__(self, text: PageText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = text.key
        self.setObjectName(f"page_{text.key}")
        self.setAccessibleName(text.title)

        icon = QLabel(self)
        icon.setPixmap(theme.icon(text.icon).pixmap(48, 48))
        icon.setAccessibleName(self.tr("Icon"))
        icon.setAlignment(Qt.AlignmentFlag.AlignLeft)

        heading = QLabel(text.title, self)
        heading.setObjectName("placeholder_title")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName(text.title)

        body = QLabel(text.body, self)
        body.setObjectName("placeholder_body")
        body.setWordWrap(True)
        body.setMaximumWidth(72 * theme.SPACING)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        body.setAccessibleName(text.title)
        body.setAccessibleDescription(text.body)

        layout = QVBoxLayout(self)
        s = theme.SPACING
        layout.setContentsMargins(4 * s, 4 * s, 4 * s, 4 * s)
        layout.setSpacing(2 * s)
        layout.addWidget(icon)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
