"""Reports to your manager: "Send to manager…", "Report this now", the export log, follow-ups.

``install(window)`` is called once when the main window is built. It only registers
actions and links; the dialogs, the export engine and the PDF writer are imported the
first time someone asks for a report.
"""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    from ui.reports.controller import ReportsController

    controller = ReportsController(window)
    window.register_action("send_to_manager", controller.send_to_manager)
    window.register_action("report_now", controller.report_now)
    window.register_action("export_log", controller.show_export_log)
    window.register_link("reports-sent", controller.show_export_log)
