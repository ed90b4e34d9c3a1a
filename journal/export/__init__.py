"""Reports for a manager: selection and minimisation, PDF, JSON and CSV, and the export log.

The public entry point is ``export_report``. Renderers are imported only when
a report is made, so reading the export log stays light.
"""

from journal.export.engine import (
    FORMATS,
    ExportCancelled,
    ExportResult,
    NothingToExport,
    export_report,
)
from journal.export.log import ExportFile, ExportLog, ExportRecord
from journal.export.redact import Redaction, Redactor, initials
from journal.export.selection import ReportRequest, select_entry_ids

__all__ = [
    "FORMATS",
    "ExportCancelled",
    "ExportFile",
    "ExportLog",
    "ExportRecord",
    "ExportResult",
    "NothingToExport",
    "Redaction",
    "Redactor",
    "ReportRequest",
    "export_report",
    "initials",
    "select_entry_ids",
]
