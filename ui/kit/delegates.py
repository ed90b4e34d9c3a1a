"""How table cells are drawn: severity badges, impact chips, search matches highlighted.

Each delegate lets the style draw the row background (selection, focus, alternating
colours) and then draws its content in the cell, so the table keeps the platform's look.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from journal import search
from ui import theme
from ui.kit import labels
from ui.kit.roles import Role

ModelIndex = QModelIndex | QPersistentModelIndex
_PAD = theme.SPACING // 2
_SPACES = re.compile(r"\s+")


def _background(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: ModelIndex,
) -> QStyleOptionViewItem:
    """Draw the cell's background with the style; return the option for the content."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    widget = opt.widget
    style = widget.style() if widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    return opt


def _text_colour(opt: QStyleOptionViewItem) -> QColor:
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    return opt.palette.color(role)


def badge_size(metrics: QFontMetrics, word: str) -> QSize:
    return QSize(metrics.horizontalAdvance(word) + 2 * theme.SPACING, metrics.height() + _PAD)


def paint_badge(painter: QPainter, rect: QRect, severity: str, word: str, dark: bool) -> None:
    """A rounded badge in the severity's colour with its word on it (never colour alone)."""
    metrics = painter.fontMetrics()
    size = badge_size(metrics, word)
    top = rect.center().y() - size.height() // 2 + 1
    badge = QRect(rect.left(), top, size.width(), size.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.severity_colour(severity, dark))
    radius = size.height() / 2
    painter.drawRoundedRect(badge, radius, radius)
    painter.setPen(theme.severity_text_colour(dark))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, word)
    painter.restore()


class SeverityDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = _background(self, painter, option, index)
        key = index.data(Role.KEY) or ""
        if not key:
            return
        rect = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        painter.save()
        painter.setFont(opt.font)
        paint_badge(painter, rect, key, labels.severity(key), theme.is_dark(opt.palette))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        word = labels.severity(index.data(Role.KEY) or "critical")
        size = badge_size(QFontMetrics(option.font), word)
        return QSize(size.width() + 2 * _PAD, max(base.height(), size.height() + _PAD))


class ChipsDelegate(QStyledItemDelegate):
    """Impact tags as small rounded chips; what doesn't fit becomes "+N"."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = _background(self, painter, option, index)
        tags: list[str] = index.data(Role.TAGS) or []
        if not tags:
            return
        rect: QRect = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        font = QFont(opt.font)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        metrics = QFontMetrics(font)
        height = metrics.height() + _PAD
        top = rect.center().y() - height // 2 + 1
        palette: QPalette = opt.palette
        border = palette.color(QPalette.ColorRole.Mid)
        fill = palette.color(QPalette.ColorRole.AlternateBase)
        text = palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setFont(font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = rect.left()
        for n, tag in enumerate(tags):
            width = metrics.horizontalAdvance(tag) + 2 * theme.SPACING
            rest = f"+{len(tags) - n}"
            rest_width = metrics.horizontalAdvance(rest) + theme.SPACING
            last = n == len(tags) - 1
            if x + width > rect.right() - (0 if last else rest_width):
                painter.setPen(_text_colour(opt))
                painter.drawText(
                    QRect(x, top, rect.right() - x, height), Qt.AlignmentFlag.AlignVCenter, rest
                )
                break
            chip = QRect(x, top, width, height)
            painter.setPen(border)
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, height / 2, height / 2)
            painter.setPen(text)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag)
            x += width + _PAD
        painter.restore()


def hit_segments(marked: str) -> list[tuple[str, bool]]:
    """Split text with hit markers into (text, is_match) pieces."""
    pieces: list[tuple[str, bool]] = []
    rest = marked
    while rest:
        start = rest.find(search.HIT_START)
        if start < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        end = rest.find(search.HIT_END, start)
        end = len(rest) if end < 0 else end
        pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(t, hit) for t, hit in pieces if t]


class TitleDelegate(QStyledItemDelegate):
    """The title, with search matches in bold on a soft highlight, and the matching text
    from elsewhere in the entry after it. Matches in the quoted words are only mentioned."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = _background(self, painter, option, index)
        marked = index.data(Role.MARKED) or index.data(Qt.ItemDataRole.DisplayRole) or ""
        snippet = index.data(Role.SNIPPET) or ""
        hidden = bool(index.data(Role.SNIPPET_HIDDEN))
        pieces = hit_segments(marked)
        if snippet or hidden:
            pieces.append(("  —  ", False))
        rect: QRect = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        font = QFont(opt.font)
        bold = QFont(font)
        bold.setBold(True)
        colour = _text_colour(opt)
        dim = QColor(colour)
        dim.setAlphaF(0.75)
        mark = QColor(opt.palette.color(QPalette.ColorRole.Highlight))
        mark.setAlphaF(0.25)
        painter.save()
        painter.setClipRect(opt.rect)
        x = rect.left()
        italic = QFont(font)
        italic.setItalic(True)
        note = self.tr("matches the quoted words (hidden)")
        title_rect = rect
        if hidden:
            # The title gives way, so the note is read whole rather than cut at "match…".
            room = QFontMetrics(italic).horizontalAdvance(note) + 1
            if rect.width() - room > rect.width() // 4:
                title_rect = rect.adjusted(0, 0, -room, 0)
        x = self._draw(painter, pieces, x, title_rect, font, bold, colour, mark)
        if hidden:
            self._draw(painter, [(note, False)], x, rect, italic, italic, dim, mark)
        elif snippet:
            self._draw(painter, hit_segments(snippet), x, rect, font, bold, dim, mark)
        painter.restore()

    @staticmethod
    def _draw(
        painter: QPainter,
        pieces: list[tuple[str, bool]],
        x: int,
        rect: QRect,
        font: QFont,
        bold: QFont,
        colour: QColor,
        mark: QColor,
    ) -> int:
        for text, hit in pieces:
            if x >= rect.right():
                break
            f = bold if hit else font
            metrics = QFontMetrics(f)
            shown = _SPACES.sub(" ", text)
            width = metrics.horizontalAdvance(shown)
            if x + width > rect.right():
                shown = metrics.elidedText(shown, Qt.TextElideMode.ElideRight, rect.right() - x)
                width = metrics.horizontalAdvance(shown)
            box = QRect(x, rect.top(), width, rect.height())
            if hit:
                top = rect.center().y() - metrics.height() // 2
                painter.fillRect(QRect(x - 1, top, width + 2, metrics.height()), mark)
            painter.setFont(f)
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
            x += width
        return x
