"""The guidance library in the app, and the help shown beside incidents.

``install(window)`` puts the guidance page behind its navigation entry and lets other
screens open a topic: ``window.run_action("show_guidance", topic_id)``. Only light
imports here; the page is built the first time it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.host import Window


def show_guidance(window: Window, topic_id: str | None = None) -> None:
    """Open the guidance page, at a topic when one is given."""
    window.show_page("guidance")
    page = window.page("guidance")
    if topic_id and page is not None and hasattr(page, "show_topic"):
        page.show_topic(topic_id)


def _connect_incident_help(window: Window) -> None:
    """The incidents screen's help widgets open guidance topics here."""
    incidents = window.incidents
    editor = getattr(incidents, "editor", None)
    panel = getattr(editor, "category_help", None)
    if panel is not None and hasattr(panel, "topic_requested"):
        panel.topic_requested.connect(lambda topic_id: window.run_action("show_guidance", topic_id))


def install(window: Window) -> None:
    def factory(parent: Any) -> Any:
        from ui.guidance.page import GuidancePage

        return GuidancePage(window.open_link, parent)

    window.register_page("guidance", factory)
    window.register_action("show_guidance", lambda topic_id=None: show_guidance(window, topic_id))
    # Every app: link in the guidance must lead somewhere. ProQOL scores live on the
    # wellbeing page; the section that owns them may register a closer target.
    if not window.has_link("proqol"):
        window.register_link("proqol", lambda: window.show_page("wellbeing"))
    _connect_incident_help(window)
