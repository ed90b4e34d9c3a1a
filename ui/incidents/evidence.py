"""Evidence: adding files and screenshots, showing them blurred, and the in-app viewer.

Files are read on the worker and kept in memory until the incident is saved into the
encrypted database; nothing decrypted is ever written to disk, and nothing is opened in
another program. Images are blurred until the person chooses to look.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journal import queries
from journal.errors import JournalError, ValidationError
from journal.models import MAX_ATTACHMENT_BYTES, Attachment, NewAttachment
from journal.session import Journal
from journal.timeutil import now
from ui import theme
from ui.kit import labels
from ui.kit.layouts import flush
from ui.kit.replies import unless_locked
from ui.kit.widgets import close_if_open, dispose
from ui.operations import Operations

THUMBNAIL = 160
_BLUR_FACTOR = 28


class EvidenceUnreadable(JournalError):
    default_message = "That file couldn't be read. Check it still exists and try again."


def is_image(mime: str) -> bool:
    return mime.startswith("image/")


def too_large_message(filename: str) -> str:
    mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
    return (
        f"“{filename}” is larger than {mb} MB, so it wasn't added. "
        "Attach a smaller file, or a screenshot of the part that matters."
    )


def thumbnail(data: bytes, size: int = THUMBNAIL) -> QImage | None:
    """A small copy of an image (safe on the worker: QImage needs no GUI thread)."""
    image = QImage.fromData(QByteArray(data))
    if image.isNull():
        return None
    return image.scaled(
        size,
        size,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def blurred(image: QImage) -> QImage:
    """The same size, with so little detail left that no word can be read."""
    if image.isNull():
        return image
    w, h = image.width(), image.height()
    small = image.scaled(
        max(1, w // _BLUR_FACTOR),
        max(1, h // _BLUR_FACTOR),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    return small.scaled(
        w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes str here
    return bytes(buffer.data().data())


def read_evidence_file(path: Path) -> tuple[NewAttachment, QImage | None]:
    """Read a file the person chose (on the worker). Too large: refused before reading."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": too_large_message(path.name)})
        data = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    except OSError:
        raise EvidenceUnreadable() from None
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    captured = min(modified, now())
    if is_image(mime):  # when the picture itself (or its phone-style name) says it was taken
        from journal.screenshots import picture_taken_at

        captured = picture_taken_at(path, data) or captured
    new = NewAttachment(filename=path.name, mime=mime, data=data, captured_at=captured)
    new.validate()
    return new, thumbnail(data) if is_image(mime) else None


@dataclass
class EvidenceItem:
    """One piece of evidence in the editor: already saved (``attachment``) or new (``new``)."""

    filename: str
    mime: str
    size: int
    sha256: str
    captured_at: datetime
    attachment: Attachment | None = None
    new: NewAttachment | None = None
    thumb: QImage | None = None

    @classmethod
    def saved(cls, att: Attachment) -> EvidenceItem:
        return cls(att.filename, att.mime, att.size, att.sha256, att.captured_at, attachment=att)

    @classmethod
    def fresh(cls, new: NewAttachment, thumb: QImage | None) -> EvidenceItem:
        return cls(
            new.filename, new.mime, len(new.data), new.sha256, new.captured_at, new=new, thumb=thumb
        )


def monospace() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def thumbnail_pixmap(image: QImage | None, reveal: bool, size: int) -> QPixmap:
    if image is None or image.isNull():
        return QPixmap()
    shown = image if reveal else blurred(image)
    return QPixmap.fromImage(shown).scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def file_facts(item: EvidenceItem, parent: QWidget) -> tuple[QLabel, QLabel, QLabel]:
    """The file's name in bold, its size and capture time, and its SHA-256 fingerprint
    (selectable, so it can be copied and compared)."""
    name = QLabel(item.filename, parent)
    bold = name.font()
    bold.setBold(True)
    name.setFont(bold)
    facts = QLabel(
        QCoreApplication.translate("Evidence", "{size} · captured {time}").format(
            size=labels.file_size(item.size), time=labels.date_time(item.captured_at)
        ),
        parent,
    )
    digest = QLabel(
        QCoreApplication.translate("Evidence", "SHA-256 {0}").format(item.sha256), parent
    )
    digest.setFont(monospace())
    digest.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    digest.setWordWrap(True)
    return name, facts, digest


class _EvidenceRow(QFrame):
    view_requested = Signal()
    remove_requested = Signal()

    def __init__(self, item: EvidenceItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("evidenceRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING, theme.SPACING, theme.SPACING)
        layout.setSpacing(theme.SPACING * 2)
        self.picture = QLabel(self)
        self.picture.setObjectName("evidenceThumbnail")
        self.picture.setFixedSize(QSize(72, 72))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        name, facts, digest = file_facts(item, self)
        name.setObjectName("evidenceName")
        digest.setObjectName("evidenceHash")
        digest.setToolTip(self.tr("A fingerprint of the file: any change to it changes this."))
        for label in (name, facts, digest):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            text.addWidget(label)
        buttons = QVBoxLayout()
        self.view = QPushButton(self.tr("View"), self)
        self.view.setAccessibleName(self.tr("View {0}").format(item.filename))
        self.view.clicked.connect(self.view_requested)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.setAccessibleName(self.tr("Remove {0}").format(item.filename))
        self.remove.clicked.connect(self.remove_requested)
        buttons.addWidget(self.view)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout.addWidget(self.picture)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)
        self.set_reveal(False)

    def set_reveal(self, reveal: bool) -> None:
        if self.item.thumb is not None:
            self.picture.setPixmap(thumbnail_pixmap(self.item.thumb, reveal, 72))
        else:
            self.picture.setText(self.tr("File") if not is_image(self.item.mime) else "…")


class EvidenceList(QWidget):
    """The evidence part of the editor: drop, pick or paste; each with its hash and time."""

    changed = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceList")
        self.setAcceptDrops(True)
        self._ops = ops
        self._items: list[EvidenceItem] = []
        self._rows: list[_EvidenceRow] = []
        self._reveal = False
        self._viewer: EvidenceViewer | None = None
        layout = flush(QVBoxLayout(self))
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add file…"), self)
        self.add_button.setObjectName("addEvidence")
        self.add_button.setAccessibleDescription(self.tr("Adds a file as evidence"))
        self.add_button.clicked.connect(self.pick_files)
        self.paste_button = QPushButton(self.tr("Paste screenshot"), self)
        self.paste_button.setObjectName("pasteEvidence")
        self.paste_button.setToolTip(self.tr("Ctrl+V with a screenshot on the clipboard"))
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.reveal_button = QPushButton(theme.icon("eye"), self.tr("Show images"), self)
        self.reveal_button.setObjectName("revealEvidence")
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self.set_reveal)
        self.reveal_button.hide()
        bar.addWidget(self.add_button)
        bar.addWidget(self.paste_button)
        bar.addStretch(1)
        bar.addWidget(self.reveal_button)
        self.hint = QLabel(
            self.tr(
                "Drag files here, choose Add file…, or press Ctrl+V to paste a screenshot. "
                "Images stay blurred until you choose to show them."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("evidenceMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(theme.SPACING)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addLayout(self.rows_box)

    # -- what the editor reads ------------------------------------------------------

    def items(self) -> list[EvidenceItem]:
        return list(self._items)

    def focus_chain(self) -> list[QWidget]:
        """The buttons, then each file's own, in the order shown."""
        rows = [button for row in self._rows for button in (row.view, row.remove)]
        return [self.add_button, self.paste_button, self.reveal_button, *rows]

    def kept_attachments(self) -> list[Attachment]:
        return [i.attachment for i in self._items if i.attachment is not None]

    def new_attachments(self) -> list[NewAttachment]:
        return [i.new for i in self._items if i.new is not None]

    # -- adding ---------------------------------------------------------------------

    def set_saved(self, attachments: list[Attachment]) -> None:
        """Show the evidence an incident already has; thumbnails load on the worker."""
        self._clear_rows()
        for att in attachments:
            self._append(EvidenceItem.saved(att))
        images = [a.id for a in attachments if is_image(a.mime)]
        if images:

            def load(j: Journal) -> dict[str, QImage | None]:
                return {i: thumbnail(queries.attachment_data(j, i)) for i in images}

            self._ops.submit(load, self._thumbs, unless_locked(self._ops), owner=self)

    def _thumbs(self, thumbs: dict[str, QImage | None]) -> None:
        for row in self._rows:
            att = row.item.attachment
            if att is not None and att.id in thumbs:
                row.item.thumb = thumbs[att.id]
                row.set_reveal(self._reveal)

    def add_new(self, new: NewAttachment, thumb: QImage | None = None) -> None:
        try:
            new.validate()
        except ValidationError as exc:
            self.show_message(exc.errors.get("attachments", exc.message))
            return
        if any(i.sha256 == new.sha256 for i in self._items):
            self.show_message(self.tr("“{0}” is already attached.").format(new.filename))
            return
        self.show_message("")
        self._append(EvidenceItem.fresh(new, thumb))
        self.changed.emit()

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            self._ops.submit(
                partial(_read_file, path),
                lambda result: self.add_new(*result),
                self._refused,
            )

    def _refused(self, error: JournalError) -> None:
        if isinstance(error, ValidationError):
            self.show_message(error.errors.get("attachments", error.message))
        else:
            self.show_message(error.message)

    def pick_files(self) -> None:
        paths = self._ask_open_files()
        if paths:
            self.add_files(paths)

    def _ask_open_files(self) -> list[Path]:
        """The file picker (tests replace this one method)."""
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add evidence"),
            "",
            self.tr("Images and documents (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.eml);;"
                    "All files (*)"),
        )  # fmt: skip
        return [Path(n) for n in names]

    def add_image(self, image: QImage, filename: str | None = None) -> None:
        """A screenshot from the clipboard (or dropped image data), stored as PNG."""
        if image.isNull():
            return
        stamp = now()
        name = filename or self.tr("Screenshot {0}.png").format(
            stamp.astimezone().strftime("%Y-%m-%d %H.%M.%S")
        )
        data = png_bytes(image)
        new = NewAttachment(filename=name, mime="image/png", data=data, captured_at=stamp)
        self.add_new(new, image.scaled(
            THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ))  # fmt: skip

    def clipboard_has_image(self) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        return mime is not None and mime.hasImage()

    def paste_from_clipboard(self) -> bool:
        """Attach the clipboard's image. False (and a hint) when it holds none."""
        if not self.clipboard_has_image():
            self.show_message(
                self.tr("The clipboard has no picture. Take a screenshot first, then paste it.")
            )
            return False
        self.add_image(QGuiApplication.clipboard().image())
        return True

    # -- drag and drop ----------------------------------------------------------------

    @staticmethod
    def accepts(event: QDragEnterEvent | QDropEvent) -> bool:
        mime = event.mimeData()
        if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            return True
        return mime.hasImage()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop(event)

    def drop(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()
        elif mime.hasImage():
            self.add_image(QImage(mime.imageData()))
            event.acceptProposedAction()

    # -- showing ------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_reveal(self, reveal: bool) -> None:
        self._reveal = reveal
        self.reveal_button.setText(self.tr("Hide images") if reveal else self.tr("Show images"))
        self.reveal_button.setIcon(theme.icon("eye-off" if reveal else "eye"))
        for row in self._rows:
            row.set_reveal(reveal)

    def _append(self, item: EvidenceItem) -> None:
        self._items.append(item)
        row = _EvidenceRow(item, self)
        row.set_reveal(self._reveal)
        row.view_requested.connect(lambda: self.open_viewer(item))
        row.remove_requested.connect(lambda: self.remove(item))
        self._rows.append(row)
        self.rows_box.addWidget(row)
        self._sync()

    def remove(self, item: EvidenceItem) -> None:
        for row in list(self._rows):
            if row.item is item:
                self._rows.remove(row)
                dispose(row)
        self._items = [i for i in self._items if i is not item]
        self._sync()
        self.changed.emit()

    def open_viewer(self, item: EvidenceItem) -> None:
        close_if_open(self._viewer)
        self._viewer = EvidenceViewer(self._ops, item, self.window())
        self._viewer.show()

    def _sync(self) -> None:
        has_images = any(is_image(i.mime) for i in self._items)
        self.reveal_button.setVisible(has_images)

    def _clear_rows(self) -> None:
        self._ops.forget(self)
        for row in self._rows:
            dispose(row)
        self._rows = []
        self._items = []

    def clear(self) -> None:
        """Drop every file and picture held in memory."""
        self._clear_rows()
        close_if_open(self._viewer)
        self._viewer = None
        self.reveal_button.setChecked(False)
        self.show_message("")
        self._sync()


class EvidenceViewer(QDialog):
    """A zoomable view of one piece of evidence, blurred until "Show". Bytes stay in memory."""

    def __init__(self, ops: Operations, item: EvidenceItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceViewer")
        self.setWindowTitle(self.tr("Evidence"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(800, 640)
        self._ops = ops
        self._image: QImage | None = None
        self._blurred: QImage | None = None
        self._reveal = False
        self._zoom = 0.0  # 0 = fit to the window
        self._closed = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING * 2, theme.SPACING * 2, theme.SPACING * 2,
                                  theme.SPACING * 2)  # fmt: skip
        layout.setSpacing(theme.SPACING)
        for label in file_facts(item, self):
            layout.addWidget(label)
        self._build_picture()
        bar = self._build_bar()
        layout.addWidget(self.note)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom_by(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom_by(1 / 1.25))
        QShortcut(QKeySequence("Ctrl+0"), self, self.fit_to_window)
        self._image_controls(False)
        self._load(item)

    def _build_picture(self) -> None:
        self.picture = QLabel(self)
        self.picture.setObjectName("viewerPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.picture)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel(self)
        self.note.setWordWrap(True)

    def _build_bar(self) -> QHBoxLayout:
        """Show, the zoom buttons, and Close."""
        bar = QHBoxLayout()
        self.reveal_button = QPushButton(theme.icon("eye"), self.tr("Show"), self)
        self.reveal_button.setObjectName("viewerReveal")
        self.reveal_button.setCheckable(True)
        self.reveal_button.toggled.connect(self.set_reveal)
        self.zoom_out = QPushButton(self.tr("Zoom out"), self)
        self.zoom_in = QPushButton(self.tr("Zoom in"), self)
        self.fit = QPushButton(self.tr("Fit"), self)
        self.zoom_out.clicked.connect(lambda: self.zoom_by(1 / 1.25))
        self.zoom_in.clicked.connect(lambda: self.zoom_by(1.25))
        self.fit.clicked.connect(self.fit_to_window)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        for widget in (self.reveal_button, self.zoom_out, self.zoom_in, self.fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(close)
        return bar

    def _load(self, item: EvidenceItem) -> None:
        """The picture from memory or from the journal; other files are only described."""
        if not is_image(item.mime):
            self.scroll_area.hide()
            self.note.setText(
                self.tr(
                    "This kind of file can't be shown here. It is kept inside your encrypted "
                    "journal and is never opened in another program, so no unprotected copy "
                    "is left on this computer. The fingerprint above shows it hasn't changed."
                )
            )
            return
        self.note.setText(self.tr("Loading…"))
        if item.new is not None:
            self._loaded(QImage.fromData(QByteArray(item.new.data)))
        elif item.attachment is not None:
            attachment_id = item.attachment.id
            ops = self._ops
            ops.submit(
                lambda j: QImage.fromData(QByteArray(queries.attachment_data(j, attachment_id))),
                self._loaded,
                unless_locked(ops),
            )

    def _image_controls(self, enabled: bool) -> None:
        for widget in (self.reveal_button, self.zoom_out, self.zoom_in, self.fit):
            widget.setEnabled(enabled)

    def _loaded(self, image: QImage) -> None:
        if self._closed:
            return
        if image.isNull():
            self.note.setText(self.tr("This picture couldn't be read. It may be damaged."))
            return
        self._image = image
        self._blurred = blurred(image)
        self.note.setText(
            self.tr("The picture is blurred so you don't have to see it again. "
                    "Choose Show when you are ready.")
        )  # fmt: skip
        self._image_controls(True)
        self.reveal_button.setFocus()
        self._render()

    @property
    def revealed(self) -> bool:
        return self._reveal

    def set_reveal(self, reveal: bool) -> None:
        self._reveal = reveal
        self.reveal_button.setText(self.tr("Hide") if reveal else self.tr("Show"))
        self.reveal_button.setIcon(theme.icon("eye-off" if reveal else "eye"))
        self._render()

    def zoom_by(self, factor: float) -> None:
        if self._image is None:
            return
        current = self._zoom or self._fit_scale()
        self._zoom = max(0.05, min(8.0, current * factor))
        self._render()

    def fit_to_window(self) -> None:
        self._zoom = 0.0
        self._render()

    def _fit_scale(self) -> float:
        if self._image is None or self._image.isNull():
            return 1.0
        area = self.scroll_area.viewport().size()
        return min(
            1.0,
            max(area.width() - 2, 1) / self._image.width(),
            max(area.height() - 2, 1) / self._image.height(),
        )

    def _render(self) -> None:
        source = self._image if self._reveal else self._blurred
        if source is None:
            return
        scale = self._zoom or self._fit_scale()
        size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
        self.picture.setPixmap(
            QPixmap.fromImage(source).scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._zoom:
            self._render()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self._image = self._blurred = None
        self.picture.clear()
        super().closeEvent(event)


def _read_file(path: Path, _journal: object) -> tuple[NewAttachment, QImage | None]:
    """Read a file given as evidence, on the worker (the journal itself isn't needed)."""
    return read_evidence_file(path)
