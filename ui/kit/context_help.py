"""Help shown beside an incident: what to do for its category, how to report it on its platform.

Both widgets show only texts that ship with the app (``journal.guidance`` and
``journal.platforms``), never anything from the journal, and say what they want done
through signals, so the screen that holds them decides how to do it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal import guidance
from journal.guidance import ContextHelp
from journal.platforms import PlatformGuide, platform_guide
from ui import theme
from ui.kit.reading import (
    ListBlock,
    core_text,
    heading,
    make_quiet,
    open_external,
    wrapped,
)


class CategoryHelpPanel(QFrame):
    """What the guidance says for an incident's category, with its one next step.

    ``action_requested`` carries an ``app:`` link (for a threat, ``app:report-to-manager``:
    "Report this now"); ``topic_requested`` carries the id of the guidance topic to read.
    """

    action_requested = Signal(str)
    topic_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.AlternateBase))
        self.setPalette(palette)
        self._help: ContextHelp | None = None
        self._can_act = True
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2 * s, s + s // 2, 2 * s, s + s // 2)
        layout.setSpacing(s // 2)
        self.headline = heading("", self, name="categoryHelpHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.options = ListBlock(self, "categoryHelpOptions")
        layout.addWidget(self.headline)
        layout.addWidget(self.options)
        self.after_save = wrapped(
            self.tr("When you save it, you can report it to your manager in one click."),
            self,
            "categoryHelpAfterSave",
        )
        make_quiet(self.after_save)
        layout.addWidget(self.after_save)
        row = QHBoxLayout()
        row.setContentsMargins(0, s // 2, 0, 0)
        row.setSpacing(s)
        self.primary = QPushButton(self)
        self.primary.setObjectName("categoryHelpAction")
        self.primary.setIcon(theme.icon("send"))
        self.primary.clicked.connect(self._primary_clicked)
        self.read_more = QPushButton(self)
        self.read_more.setObjectName("categoryHelpReadMore")
        self.read_more.setIcon(theme.icon("guidance"))
        self.read_more.clicked.connect(self._read_more_clicked)
        row.addWidget(self.primary)
        row.addWidget(self.read_more)
        row.addStretch(1)
        layout.addLayout(row)
        self.set_category(None)

    @property
    def help(self) -> ContextHelp | None:
        return self._help

    def sizeHint(self) -> QSize:
        # A form layout sizes a row by its size hint, worked out for a narrow width; the
        # panel's wrapped text needs less height at the width it really has.
        hint = super().sizeHint()
        if self.width() > 0 and self.hasHeightForWidth():
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def set_category(self, category: str | None, *, can_act: bool = True) -> None:
        """Show the help for a category (None or an unknown one: hide the panel).

        ``can_act`` False (an incident not saved yet) replaces the action button with a
        line saying it comes after saving.
        """
        try:
            self._help = guidance.topic_for_category(category) if category else None
        except KeyError:
            self._help = None
        self._can_act = can_act
        item = self._help
        if item is None:
            self.headline.clear()
            self.options.clear()
            self.primary.setText("")
            self.read_more.setText("")
            self.hide()
            return
        self.headline.setText(core_text(item.headline))
        self.options.set_items([core_text(option) for option in item.options])
        has_action = item.primary_action is not None
        label = core_text(item.primary_label or "")
        self.primary.setText(label)
        self.primary.setAccessibleName(label)
        self.primary.setVisible(has_action and can_act)
        self.after_save.setVisible(has_action and not can_act)
        more = self.tr("Read more: {0}").format(core_text(item.topic.title))
        self.read_more.setText(more)
        self.read_more.setAccessibleName(more)
        self.setAccessibleName(self.tr("Guidance for this category"))
        self.show()

    def _primary_clicked(self) -> None:
        if self._help is not None and self._help.primary_action and self._can_act:
            self.action_requested.emit(self._help.primary_action)

    def _read_more_clicked(self) -> None:
        if self._help is not None:
            self.topic_requested.emit(self._help.topic.id)


class FittingButton(QPushButton):
    """A button that shortens its words with "…" in a narrow pane rather than push the pane
    wider than the window gives it (the detail pane would scroll sideways). ``text()`` and
    the accessible name keep the whole words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _chrome(self) -> int:
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        short = self.fontMetrics().horizontalAdvance(self.text()[:8] + "…")
        return QSize(min(hint.width(), self._chrome() + short), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.width() - self._chrome()
        option.text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room)
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.end()


class PlatformHelpBox(QFrame):
    """How to report something on a platform, the platform's own help page, and a reminder
    to note the platform's reference and decision in the incident.

    Folds away to one line (``set_expanded``). The help link opens in the browser through
    ``open_external``, which tests replace; ``link_opened`` follows a successful open.
    """

    link_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("platformHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._guide: PlatformGuide | None = None
        s = theme.SPACING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(s, s // 2, s, s // 2)
        layout.setSpacing(s // 2)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("platformHelpToggle")
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.toggle.clicked.connect(lambda: self.set_expanded(not self.expanded))
        layout.addWidget(self.toggle)
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(s, 0, 0, s // 2)
        body.setSpacing(s)
        self.steps = ListBlock(self.body, "platformHelpSteps")
        body.addWidget(self.steps)
        self.help_link = FittingButton(self.body)
        self.help_link.setObjectName("platformHelpLink")
        self.help_link.setIcon(theme.icon("guidance"))
        self.help_link.clicked.connect(self._open_help)
        link_row = QHBoxLayout()
        link_row.setContentsMargins(0, 0, 0, 0)
        link_row.addWidget(self.help_link)
        link_row.addStretch(1)
        body.addLayout(link_row)
        self.note = wrapped(
            self.tr(
                "When you report it, keep the platform's reference and what it decided: "
                "add them to this incident as the report reference and outcome."
            ),
            self.body,
            "platformHelpNote",
        )
        make_quiet(self.note)
        body.addWidget(self.note)
        self.message = wrapped("", self.body, "platformHelpMessage")
        self.message.hide()
        body.addWidget(self.message)
        layout.addWidget(self.body)
        self.set_platform(None)
        self.set_expanded(True)

    @property
    def guide(self) -> PlatformGuide | None:
        return self._guide

    @property
    def expanded(self) -> bool:
        return self.body.isVisibleTo(self)

    def set_platform(self, platform: str | None) -> None:
        """Show the advice for a platform key (None or an unknown one: hide the box)."""
        try:
            self._guide = platform_guide(platform) if platform else None
        except KeyError:
            self._guide = None
        self.message.hide()
        guide = self._guide
        if guide is None:
            self.toggle.setText("")
            self.steps.clear()
            self.help_link.setText("")
            self.hide()
            return
        self.toggle.setText(self.tr("How to report it on {0}").format(core_text(guide.name)))
        self.toggle.setAccessibleName(self.toggle.text())
        self.steps.set_items([core_text(step) for step in guide.steps], ordered=True)
        has_link = guide.help_url is not None
        self.help_link.setVisible(has_link)
        if has_link:
            self.help_link.setText(core_text(guide.help_label or ""))
            self.help_link.setToolTip(guide.help_url or "")
            # Read by the words it shows; where it leads is the description.
            self.help_link.setAccessibleName(self.help_link.text())
            self.help_link.setAccessibleDescription(self.tr("Opens in your browser"))
        self.show()

    def set_expanded(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleDescription(
            self.tr("Shown. Press to fold away.") if on else self.tr("Folded away. Press to show.")
        )
        self.body.setVisible(on)

    def _open_help(self) -> None:
        url = self._guide.help_url if self._guide is not None else None
        if not url:
            return
        if self.open_external(url):
            self.message.hide()
            self.link_opened.emit(url)
        else:
            self.message.setText(
                self.tr(
                    "Your computer didn't open the page. You can type this address into "
                    "your browser: {0}"
                ).format(url)
            )
            self.message.show()

    def open_external(self, url: str) -> bool:
        """Open the help page in the browser (tests replace this)."""
        return open_external(url)
