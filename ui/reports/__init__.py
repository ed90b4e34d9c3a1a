"""Reports to your manager: "Send to manager" (Ctrl+Shift+M), "Report this now", the export
log, follow-ups.

``install(window)`` is called once when the main window is built. It only registers
actions and links; the dialogs, the export engine and the PDF writer are imported the
first time someone asks for a report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:
    from ui.host import Window

SEND_SHORTCUT = "Ctrl+Shift+M"  # M for manager


def install(window: Window) -> None:
    from ui.reports.controller import ReportsController

    controller = ReportsController(window)
    window.register_action("send_to_manager", controller.send_to_manager)
    window.register_action("report_now", controller.report_now)
    window.register_action("export_log", controller.show_export_log)
    window.register_action("choose_report_contents", controller.choose_what_goes_in)
    window.register_link("reports-sent", controller.show_export_log)
    send = window.send_action
    send.setShortcut(QKeySequence(SEND_SHORTCUT))
    send.setToolTip(
        controller.tr("Send a report to your manager ({shortcut})").format(
            shortcut=send.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        )
    )
