"""Making a chronology for one person from the by-person view (``journal.export.chronology``).

The PDF is made on the worker with progress; it is password protected unless the
person chooses otherwise, and recorded in the export log like every report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.errors import JournalError
from journal.export.password import generate_password
from journal.session import Journal
from ui.kit.dialog_buttons import StandardButton, dialog_buttons
from ui.kit.progress import job_progress
from ui.operations import Operations

if TYPE_CHECKING:  # the PDF library loads only when a chronology is made
    from journal.export.chronology import ChronologyResult


def default_path(label: str) -> Path:
    """A new file in the person's documents, named by date only (no label: it may be shared)."""
    folder = Path.home() / "Documents"
    if not folder.is_dir():
        folder = Path.home()
    stem = f"chronology-{date.today().isoformat()}"
    for n in range(1, 1000):
        path = folder / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
        if not path.exists():
            return path
    return folder / f"{stem}.pdf"


class ChronologyDialog(QDialog):
    made = Signal(object)  # ChronologyResult
    _progress = Signal(int, int)

    def __init__(self, ops: Operations, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chronologyDialog")
        self.setWindowTitle(self.tr("Chronology"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ops = ops
        self._label = label
        self._busy = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A chronology of the incidents from {0}, for police officers or legal "
                "colleagues: a dated table, then each screenshot as a numbered exhibit with "
                "its fingerprint (SHA-256). Your private notes are never included, nor "
                "incidents you keep to yourself."
            ).format(label),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit(str(default_path(label)), self)
        self.path.setObjectName("chronologyPath")
        self.path.setAccessibleName(self.tr("Save as"))
        choose = QPushButton(self.tr("C&hoose…"), self)
        choose.setAccessibleName(self.tr("Choose where to save"))
        choose.clicked.connect(self._choose)
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        save_label = QLabel(self.tr("&Save as"), self)
        save_label.setBuddy(self.path)
        form.addRow(save_label, row)
        self.quoted = QCheckBox(self.tr("Include the &exact words quoted in each incident"), self)
        self.quoted.setObjectName("chronologyQuoted")
        form.addRow(self.quoted)
        self.protect = QCheckBox(self.tr("&Protect with a password"), self)
        self.protect.setObjectName("chronologyProtect")
        self.protect.setChecked(True)
        form.addRow(self.protect)
        self.password = QLineEdit(generate_password(), self)
        self.password.setObjectName("chronologyPassword")
        self.password.setReadOnly(True)
        self.password.setAccessibleName(self.tr("Password"))
        password_label = QLabel(self.tr("Pass&word"), self)
        password_label.setBuddy(self.password)
        form.addRow(password_label, self.password)
        note = QLabel(
            self.tr("Give the password by another route (a phone call or a text), never with "
                    "the file."),
            self,
        )  # fmt: skip
        note.setWordWrap(True)
        form.addRow(note)
        self.protect.toggled.connect(self.password.setEnabled)
        layout.addLayout(form)
        self.progress = job_progress(self, "chronologyProgress", self.tr("Making the chronology"))
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setObjectName("chronologyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.buttons, self.make_button, self.close_button = dialog_buttons(
            self,
            self.tr("&Make the chronology"),
            "chronologyMake",
            StandardButton.Close,
            "chronologyClose",
        )
        layout.addWidget(self.buttons)
        self.make_button.clicked.connect(self.make)
        self.close_button.clicked.connect(self.reject)
        self._progress.connect(self._show_progress)
        # Asking where to save: replaced in tests, like every other dialog.
        self.ask_path: Callable[[str], str] = self._ask_path

    def _ask_path(self, current: str) -> str:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the chronology"), current, self.tr("PDF documents (*.pdf)")
        )
        return chosen

    def _choose(self) -> None:
        chosen = self.ask_path(self.path.text())
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def make(self) -> None:
        if self._busy:
            return
        target = Path(self.path.text().strip()).expanduser()
        password = self.password.text() if self.protect.isChecked() else None
        include_quoted = self.quoted.isChecked()
        label = self._label
        self._busy = True
        self.make_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(self.tr("Making the chronology…"))

        def job(j: Journal) -> ChronologyResult:
            from journal.export.chronology import export_chronology

            return export_chronology(
                j.repo,
                target,
                person=label,
                password=password,
                include_quoted=include_quoted,
                progress=self._progress.emit,
            )

        self._ops.submit(job, self._done, self._failed)

    def _done(self, result: ChronologyResult) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self.progress.hide()
        text = self.tr("Saved {0} ({1} incidents, {2} exhibits). SHA-256 {3}").format(
            result.path, result.incident_count, result.exhibit_count, result.sha256
        )
        if result.encrypted:
            text += " " + self.tr("It opens with the password above.")
        self.status.setText(text)
        self.made.emit(result)

    def _failed(self, error: JournalError) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self.progress.hide()
        self.make_button.setEnabled(True)
        self.status.setText(error.message)

    def reject(self) -> None:
        if self._busy:
            return  # written and logged together: close once it is done
        super().reject()
