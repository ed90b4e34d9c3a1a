"""The "support" page: your support contacts, and the digital-footprint self-check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui import theme
from ui.kit.clipboard import SecretClipboard
from ui.operations import Operations
from ui.support.contacts import ContactsView
from ui.support.footprint import FootprintView

SECTIONS = ("contacts", "footprint", "helplines")


class SupportPage(QWidget):
    """Two tabs. ``show_section("helplines")`` puts the helplines first, for someone who
    arrives from a "contact support" prompt."""

    topic_requested = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supportPage")
        self.setAccessibleName(self.tr("Support"))
        self.clipboard = SecretClipboard(self)
        layout = QVBoxLayout(self)
        s = theme.SPACING
        layout.setContentsMargins(s, s, s, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("supportTabs")
        self.tabs.setDocumentMode(True)
        self.contacts = ContactsView(ops, self.tabs, self.clipboard)
        self.footprint = FootprintView(ops, self.tabs)
        self.footprint.topic_requested.connect(self.topic_requested)
        self.tabs.addTab(self.contacts, theme.icon("support"), self.tr("People to contact"))
        self.tabs.addTab(self.footprint, theme.icon("search"), self.tr("Digital-footprint check"))
        layout.addWidget(self.tabs)

    def reload(self) -> None:
        self.contacts.reload()
        self.footprint.reload()

    def prepare_lock(self) -> None:
        self.contacts.prepare_lock()
        self.footprint.prepare_lock()

    def clear(self) -> None:
        self.contacts.clear()
        self.footprint.clear()
        self.tabs.setCurrentWidget(self.contacts)

    def show_section(self, section: str) -> None:
        """ "contacts", "footprint", or "helplines" (the contacts, helplines first)."""
        if section == "footprint":
            self.tabs.setCurrentWidget(self.footprint)
            return
        self.tabs.setCurrentWidget(self.contacts)
        self.contacts.show_helplines(section == "helplines")
