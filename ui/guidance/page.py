"""The guidance library: a table of contents, a search box and the topic you are reading.

Topics are Markdown files shipped with the app (``journal.guidance``); they hold no
journal data. Links inside a topic open another topic (``guide:``), a part of the
app (``app:``, through the main window) or a web page in the browser (``https:``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from journal import guidance
from ui import theme
from ui.kit.forms import heading
from ui.kit.layouts import flush
from ui.kit.reading import core_text, make_quiet, open_external, wrapped
from ui.kit.search_field import search_field

TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2
HEADER_ROLE = Qt.ItemDataRole.UserRole + 3
READING_WIDTH = 90 * theme.SPACING  # about 80 characters: comfortable lines


class TopicDelegate(QStyledItemDelegate):
    """Rows that wrap: section headings in bold, topics, and search results with a snippet."""

    PAD = theme.SPACING // 2 + 2

    def _layout(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[QFont, str, str, int, int, int]:
        header = bool(index.data(HEADER_ROLE))
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        snippet = str(index.data(SNIPPET_ROLE) or "")
        font = QFont(option.font)
        font.setBold(header or bool(snippet))
        widget = option.widget
        width = widget.viewport().width() if isinstance(widget, QAbstractItemView) else 0
        width = max(10 * theme.SPACING, width or option.rect.width())
        indent = 0 if header or snippet else 2 * theme.SPACING
        text_width = width - 2 * self.PAD - theme.SPACING - indent
        flags = int(Qt.TextFlag.TextWordWrap)
        title_h = QFontMetrics(font).boundingRect(0, 0, text_width, 10_000, flags, title).height()
        snippet_h = 0
        if snippet:
            metrics = QFontMetrics(option.font)
            snippet_h = metrics.boundingRect(0, 0, text_width, 10_000, flags, snippet).height()
        return font, title, snippet, indent, title_h, snippet_h

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self.initStyleOption(option, index)
        _font, _title, snippet, _indent, title_h, snippet_h = self._layout(option, index)
        top = theme.SPACING if index.data(HEADER_ROLE) and index.row() > 0 else 0
        gap = theme.SPACING // 2 if snippet else 0
        height = top + title_h + gap + snippet_h + 2 * self.PAD
        return QSize(option.rect.width(), height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        font, title, snippet, indent, title_h, snippet_h = self._layout(opt, index)
        header = bool(index.data(HEADER_ROLE))
        text = opt.text
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        if not header:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        del text
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        colour = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.WindowText,
        )
        quiet = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText,
        )
        top = theme.SPACING if header and index.row() > 0 else 0
        left = opt.rect.left() + self.PAD + indent
        width = opt.rect.width() - 2 * self.PAD - theme.SPACING - indent
        y = opt.rect.top() + self.PAD + top
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        painter.save()
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QRect(left, y, width, title_h), flags, title)
        if snippet:
            painter.setFont(opt.font)
            painter.setPen(quiet)
            y += title_h + theme.SPACING // 2
            painter.drawText(QRect(left, y, width, snippet_h), flags, snippet)
        painter.restore()


class ReadingView(QTextBrowser):
    """A topic as a page of text: links are handled by the page, lines stay readable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidance_view")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().setDocumentMargin(3 * theme.SPACING)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def set_markdown(self, text: str) -> None:
        """Render a topic, then give it room: calmer headings, taller lines, paragraph gaps."""
        self.setMarkdown(text)
        base = self.document().defaultFont().pointSizeF()
        scale = {1: 1.6, 2: 1.25, 3: 1.1}
        block = self.document().begin()
        first = True
        while block.isValid():
            cursor = QTextCursor(block)
            fmt = block.blockFormat()
            level = fmt.headingLevel()
            if level:
                fmt.setTopMargin(0 if first else 2 * theme.SPACING)
                fmt.setBottomMargin(theme.SPACING)
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                chars = QTextCharFormat()
                chars.setFontPointSize(base * scale.get(level, 1.0))
                chars.setFontWeight(QFont.Weight.Bold)
                cursor.mergeCharFormat(chars)
                cursor = QTextCursor(block)
            else:
                fmt.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
                fmt.setBottomMargin(theme.SPACING)
            cursor.setBlockFormat(fmt)
            first = False
            block = block.next()

    def _fit(self) -> None:
        # Wrap at the window's width, but never wider than a comfortable line.
        width = max(20 * theme.SPACING, min(self.viewport().width(), READING_WIDTH))
        if self.lineWrapColumnOrWidth() != width:
            self.setLineWrapColumnOrWidth(width)


class GuidancePage(QWidget):
    """The "guidance" page. ``show_topic(id)`` is the way in for other screens."""

    topic_shown = Signal(str)

    def __init__(
        self,
        open_link: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("guidancePage")
        self.setAccessibleName(self.tr("Guidance"))
        self._open_link = open_link
        self._topics = {t.id: t for t in guidance.topics()}
        self._current: str | None = None
        self._back: list[str] = []
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        s = theme.SPACING
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter)
        left = self._build_contents(splitter)
        right = self._build_reading(splitter)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([36 * s, 100 * s])

        back = QShortcut(QKeySequence("Alt+Left"), self, self.go_back)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QWidget.setTabOrder(self.search, self.toc)
        QWidget.setTabOrder(self.toc, self.results)
        QWidget.setTabOrder(self.results, self.view)

    def _build_contents(self, splitter: QSplitter) -> QWidget:
        """The left column: the title, the search box, and the topics or the results."""
        s = theme.SPACING
        left = QWidget(splitter)
        left.setObjectName("guidance_contents")
        column = QVBoxLayout(left)
        column.setContentsMargins(2 * s, 2 * s, s, 2 * s)
        column.setSpacing(s)
        column.addWidget(heading(self.tr("Guidance"), left, scale=1.3))
        self.search = search_field(left, "guidance_search", self.tr("Search the guidance"))
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        column.addWidget(self.search)

        self.lists = QStackedWidget(left)
        self.toc = self._topic_list(self.lists, "guidance_toc", self.tr("Topics"))
        self._fill_toc()
        self.toc.currentItemChanged.connect(self._toc_changed)
        self.lists.addWidget(self.toc)

        results = QWidget(self.lists)
        results_layout = flush(QVBoxLayout(results), s)
        self.results = self._topic_list(
            results, "guidance_results", self.tr("Topics that match your search")
        )
        self.results.currentItemChanged.connect(self._result_changed)
        self.no_results = wrapped("", results, "guidance_no_results")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.no_results.hide()
        results_layout.addWidget(self.no_results)
        results_layout.addWidget(self.results, 1)
        self.lists.addWidget(results)
        column.addWidget(self.lists, 1)
        left.setMinimumWidth(30 * s)
        return left

    @staticmethod
    def _topic_list(parent: QWidget, name: str, accessible_name: str) -> QListWidget:
        """A list of topics whose rows wrap to the column's width."""
        topics = QListWidget(parent)
        topics.setObjectName(name)
        topics.setAccessibleName(accessible_name)
        topics.setItemDelegate(TopicDelegate(topics))
        topics.setResizeMode(QListView.ResizeMode.Adjust)
        topics.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return topics

    def _build_reading(self, splitter: QSplitter) -> QWidget:
        """The right column: Back, the topic, what it offers to do in the journal."""
        s = theme.SPACING
        right = QWidget(splitter)
        right_layout = flush(QVBoxLayout(right), 0)
        top = QHBoxLayout()
        top.setContentsMargins(s, 0, 2 * s, 0)
        self.back_button = QPushButton(self.tr("Back"), right)
        self.back_button.setObjectName("guidance_back")
        self.back_button.setToolTip(self.tr("Back to the topic you were reading (Alt+Left)"))
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.go_back)
        self.back_button.hide()
        top.addWidget(self.back_button)
        top.addStretch(1)
        right_layout.addLayout(top)
        self.view = ReadingView(right)
        self.view.setAccessibleName(self.tr("Topic"))
        self.view.anchorClicked.connect(self._anchor_clicked)
        right_layout.addWidget(self.view, 1)

        self.actions_bar = QFrame(right)
        self.actions_bar.setObjectName("guidance_actions")
        self.actions_bar.setFrameShape(QFrame.Shape.NoFrame)
        bar = QHBoxLayout(self.actions_bar)
        bar.setContentsMargins(3 * s, s, 2 * s, 2 * s)
        bar.setSpacing(s)
        self.actions_label = QLabel(self.tr("In your journal:"), self.actions_bar)
        bar.addWidget(self.actions_label)
        self._action_row = bar
        self._action_buttons: list[QPushButton] = []
        bar.addStretch(1)
        right_layout.addWidget(self.actions_bar)
        self.message = wrapped("", right, "guidance_message")
        self.message.setContentsMargins(3 * s, 0, 2 * s, s)
        make_quiet(self.message)
        self.message.hide()
        right_layout.addWidget(self.message)
        return right

    def _fill_toc(self) -> None:
        for section in guidance.table_of_contents():
            head = QListWidgetItem(core_text(section.title), self.toc)
            head.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: the cursor skips it
            head.setData(HEADER_ROLE, True)
            for item in section.topics:
                row = QListWidgetItem(core_text(item.title), self.toc)
                row.setData(TOPIC_ROLE, item.id)
                row.setToolTip(core_text(item.summary))

    # -- the page's life ------------------------------------------------------------------------

    def reload(self) -> None:
        """First shown, or the journal unlocked: open the first topic if none is open."""
        if self._current is None:
            first = next(iter(self._topics))
            self.show_topic(first, remember=False)

    def prepare_lock(self) -> None:
        """Nothing to save: guidance is part of the app, not of the journal."""

    def clear(self) -> None:
        """Forget the search and the way back (what someone looked for is their business)."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.results.clear()
        self.no_results.clear()
        self.lists.setCurrentWidget(self.toc)
        self._back.clear()
        self.back_button.hide()
        self.message.clear()
        self.message.hide()
        self._current = None
        self.view.clear()

    # -- showing topics -------------------------------------------------------------------------

    @property
    def current_topic(self) -> str | None:
        return self._current

    def topic_ids(self) -> list[str]:
        return list(self._topics)

    def show_topic(self, topic_id: str, *, remember: bool = True) -> bool:
        """Open a topic by id. Returns False (and changes nothing) for an unknown id."""
        item = self._topics.get(topic_id)
        if item is None:
            return False
        if remember and self._current is not None and self._current != topic_id:
            self._back.append(self._current)
        self._current = topic_id
        self.back_button.setVisible(bool(self._back))
        self.message.hide()
        self.view.set_markdown(item.markdown)
        self.view.verticalScrollBar().setValue(0)
        self._show_actions(item.actions)
        self._select_in_lists(topic_id)
        self.topic_shown.emit(topic_id)
        return True

    def go_back(self) -> None:
        if self._back:
            self.show_topic(self._back.pop(), remember=False)
            self.back_button.setVisible(bool(self._back))

    def _show_actions(self, actions: tuple[str, ...]) -> None:
        for button in self._action_buttons:
            self._action_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._action_buttons = []
        for n, link in enumerate(actions):
            label = guidance.APP_ACTIONS.get(link.removeprefix("app:"), link)
            button = QPushButton(core_text(label), self.actions_bar)
            button.setObjectName(f"guidance_action_{link.removeprefix('app:')}")
            button.setProperty("link", link)
            button.clicked.connect(lambda _=False, link=link: self.follow(link))
            self._action_row.insertWidget(1 + n, button)
            self._action_buttons.append(button)
        self.actions_bar.setVisible(bool(actions))

    def action_buttons(self) -> list[QPushButton]:
        return list(self._action_buttons)

    def _select_in_lists(self, topic_id: str) -> None:
        for view in (self.toc, self.results):
            view.blockSignals(True)
            try:
                for n in range(view.count()):
                    if view.item(n).data(TOPIC_ROLE) == topic_id:
                        view.setCurrentRow(n)
                        view.scrollToItem(view.item(n))
            finally:
                view.blockSignals(False)

    def _toc_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        topic_id = item.data(TOPIC_ROLE) if item is not None else None
        if topic_id and topic_id != self._current:
            self.show_topic(topic_id)

    def _result_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        topic_id = item.data(TOPIC_ROLE) if item is not None else None
        if topic_id and topic_id != self._current:
            self.show_topic(topic_id)

    # -- search ---------------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        if not text.strip():
            self.lists.setCurrentWidget(self.toc)
            self.results.clear()
            self.no_results.hide()
            if self._current:
                self._select_in_lists(self._current)
            return
        hits = guidance.search(text, list(self._topics.values()))
        self.results.blockSignals(True)
        try:
            self.results.clear()
            for hit in hits:
                row = QListWidgetItem(core_text(hit.topic.title))
                row.setData(TOPIC_ROLE, hit.topic.id)
                row.setData(SNIPPET_ROLE, hit.snippet)
                row.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    f"{core_text(hit.topic.title)}. {hit.snippet}",
                )
                self.results.addItem(row)
        finally:
            self.results.blockSignals(False)
        self.no_results.setText(
            self.tr(
                "No topic matches that. Try a shorter word, or browse the topics "
                "after clearing the search."
            )
        )
        self.no_results.setVisible(not hits)
        self.results.setVisible(bool(hits))
        self.lists.setCurrentIndex(1)

    def result_ids(self) -> list[str]:
        return [self.results.item(n).data(TOPIC_ROLE) for n in range(self.results.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            searching = self.lists.currentWidget() is not self.toc
            target = self.results if searching else self.toc
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and searching:
                if self.results.count():
                    self.results.setCurrentRow(0)
                    self.show_topic(self.results.item(0).data(TOPIC_ROLE))
                    self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            if key == Qt.Key.Key_Down:
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    # -- links ----------------------------------------------------------------------------------

    def _anchor_clicked(self, url: QUrl) -> None:
        self.follow(url.toString())

    def follow(self, link: str) -> bool:
        """Follow a link from a topic. Returns whether anything handled it."""
        self.message.hide()
        if link.startswith("guide:"):
            return self.show_topic(link.removeprefix("guide:"))
        if link.startswith("app:"):
            handled = self._open_link(link) if self._open_link is not None else False
            if not handled:
                self._say(self.tr("That part of the app isn't available yet."))
            return handled
        if link.startswith(("https://", "http://")):
            if not self.open_external(link):
                self._say(
                    self.tr(
                        "Your computer didn't open the web page. You can type the address "
                        "into your browser: {0}"
                    ).format(link)
                )
                return False
            return True
        return False

    def open_external(self, url: str) -> bool:
        """Open a web page in the browser (tests replace this)."""
        return open_external(url)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
