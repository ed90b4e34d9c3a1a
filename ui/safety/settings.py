"""The settings dialog's "Backups" and "Old entries" tabs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QWidget

from ui.operations import Operations
from ui.safety.backups_tab import BackupsTab
from ui.safety.controller import SafetyController
from ui.safety.retention_tab import RetentionTab


def add_settings_tabs(
    tabs: QTabWidget, ops: Operations, host: QWidget | None, owner: QWidget
) -> list[BackupsTab | RetentionTab]:
    """Add the tabs to ``tabs``; ``host`` is the main window (whose controller restores)."""
    controller = SafetyController.for_widget(ops, host, owner)
    backups = BackupsTab(controller, tabs)
    retention = RetentionTab(controller, tabs)
    tabs.addTab(backups, QCoreApplication.translate("SettingsDialog", "Backups"))
    tabs.addTab(retention, QCoreApplication.translate("SettingsDialog", "Old entries"))
    retention.reload()
    return [backups, retention]
