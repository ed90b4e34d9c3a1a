"""Impact tags typed as chips, with completion from the journal's tags.

Type a word and press Enter (or a comma) to add it; Backspace in the empty box
removes the last chip; each chip has its own remove button for the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetItem,
)

from journal.models import TAG_MAX, normalise_tag
from ui import theme
from ui.kit.widgets import dispose


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps onto new lines, like words."""

    def __init__(self, parent: QWidget | None = None, spacing: int = theme.SPACING // 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x = rect.x()
                y += line + self._spacing
                line = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class TagsInput(QWidget):
    changed = Signal()
    message = Signal(str)  # a short note for the person ("" to clear it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagsInput")
        self._tags: list[str] = []
        self._chips: list[QToolButton] = []
        self._layout = FlowLayout(self)
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("tagsEdit")
        self.edit.setAccessibleName(self.tr("Add an impact tag"))
        self.edit.setPlaceholderText(self.tr("Type how it affected you, then Enter"))
        self.edit.setMinimumWidth(320)
        self.edit.textEdited.connect(self._maybe_comma)
        self.edit.textEdited.connect(self._highlight_later)
        self.edit.installEventFilter(self)
        self._suggestions = QStringListModel(self)
        self.completer = QCompleter(self._suggestions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._completed)
        self.edit.setCompleter(self.completer)
        self._popup().installEventFilter(self)
        self._layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def tags(self) -> list[str]:
        return list(self._tags)

    def focus_chain(self) -> list[QWidget]:
        """The box, then each chip's remove button, in the order shown."""
        return [self.edit, *self._chips]

    def set_tags(self, tags: list[str]) -> None:
        for chip in self._chips:
            self._drop(chip)
        self._chips = []
        self._tags = []
        for tag in tags:
            self._add(tag, announce=False)
        self.edit.clear()

    def set_suggestions(self, names: list[str]) -> None:
        self._suggestions.setStringList(names)

    def add(self, text: str) -> bool:
        """Add a tag; False (with a message) when it isn't acceptable."""
        return self._add(text, announce=True)

    def remove(self, tag: str) -> None:
        if tag not in self._tags:
            return
        index = self._tags.index(tag)
        chip = self._chips.pop(index)
        self._tags.pop(index)
        self._drop(chip)
        self.edit.setFocus()
        self.updateGeometry()
        self.changed.emit()

    def _drop(self, chip: QToolButton) -> None:
        """Remove a chip now: its words go at once, the widget itself a moment later."""
        self._layout.removeWidget(chip)
        dispose(chip)

    def _add(self, text: str, *, announce: bool) -> bool:
        tag = normalise_tag(text)
        if not tag:
            return False
        if len(tag) > TAG_MAX:
            self.message.emit(self.tr("A tag can be at most {0} characters.").format(TAG_MAX))
            return False
        if tag in self._tags:
            return False
        chip = QToolButton(self)
        chip.setObjectName("tagChip")
        chip.setText(f"{tag}  ✕")
        chip.setAccessibleName(self.tr("Remove tag {0}").format(tag))
        chip.setToolTip(self.tr("Remove"))
        chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        chip.clicked.connect(lambda _=False, t=tag: self.remove(t))
        self._layout.insertWidget(len(self._chips), chip)
        chip.show()
        self._chips.append(chip)
        self._tags.append(tag)
        self.updateGeometry()
        if announce:
            self.message.emit("")
            self.changed.emit()
        return True

    def _completed(self, text: str) -> None:
        self.add(text)
        QTimer.singleShot(0, self.edit.clear)

    def _maybe_comma(self, text: str) -> None:
        if "," in text:
            parts = text.split(",")
            for part in parts[:-1]:
                self.add(part)
            self.edit.setText(parts[-1].lstrip())

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always has its list
        return popup

    def _highlight_later(self, _text: str) -> None:
        # After the completer has filtered its list for the new text.
        QTimer.singleShot(0, self._highlight_best)

    def _highlight_best(self) -> None:
        """Highlight the suggestion Enter will take: the exact match, else the first one.

        Esc closes the list, and Enter then adds just what was typed. The line edit's text
        is left alone (the selection model is quiet while the row is marked), so typing
        carries on where it was.
        """
        popup = self._popup()
        model = self.completer.completionModel()
        if not popup.isVisible() or model.rowCount() == 0:
            return
        typed = normalise_tag(self.edit.text())
        rows = [model.index(r, 0) for r in range(model.rowCount())]
        best = next((i for i in rows if normalise_tag(str(i.data())) == typed), rows[0])
        selection = popup.selectionModel()
        if selection is None:
            return
        selection.blockSignals(True)
        try:
            popup.setCurrentIndex(best)
        finally:
            selection.blockSignals(False)
        popup.viewport().update()

    def _enter(self) -> None:
        """Enter adds the tag chosen in the list, or else what was typed."""
        popup = self._popup()
        text = self.edit.text()
        if popup.isVisible():
            index = popup.currentIndex()
            popup.hide()
            if index.isValid():
                text = str(index.data())
        if self.add(text):
            self.edit.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self._popup().isVisible()
        ):
            event.accept()  # Esc closes the list of suggestions, not the editor
            return True
        if (
            watched in (self.edit, self._popup())
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.edit.text().strip():
                self._enter()
                return True
            if event.key() == Qt.Key.Key_Backspace and not self.edit.text() and self._tags:
                self.remove(self._tags[-1])
                return True
        return super().eventFilter(watched, event)
