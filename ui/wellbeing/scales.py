"""The four check-in answers as labelled scales with words at both ends.

Each scale is a slider that the keyboard drives: Tab to reach it, the arrow keys to
move, or a digit to jump straight to a value (type 1 then 0 quickly for 10).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from ui import theme

TWO_DIGIT_MS = 800  # "1" then "0" within this time reads as ten


def _t(text: str) -> str:
    return QCoreApplication.translate("CheckinScales", text)


@dataclass(frozen=True)
class Scale:
    """One check-in measure: its range, its name and the words for its values."""

    key: str  # the CheckIn field
    title: str
    minimum: int
    maximum: int
    default: int
    words: dict[int, str]  # value -> word; ends always have one
    question: str

    @property
    def low_word(self) -> str:
        return self.words[self.minimum]

    @property
    def high_word(self) -> str:
        return self.words[self.maximum]

    def describe(self, value: int) -> str:
        """A value as a person reads it: "4 · Good", or "6 out of 10" with no word."""
        word = self.words.get(value)
        if self.maximum > 5:
            number = _t("{value} out of {maximum}").format(value=value, maximum=self.maximum)
            return f"{number} · {word}" if word else number
        return f"{value} · {word}" if word else str(value)

    def short(self, value: int) -> str:
        """For a table cell: "4 Good" or "6/10"."""
        if self.maximum > 5:
            return f"{value}/{self.maximum}"
        word = self.words.get(value)
        return f"{value} {word}" if word else str(value)


def scales() -> list[Scale]:
    """Mood, stress, sleep and professional confidence, in the order the form asks them."""
    return [
        Scale(
            "mood",
            _t("Mood"),
            1,
            5,
            3,
            {1: _t("Very low"), 2: _t("Low"), 3: _t("Okay"), 4: _t("Good"), 5: _t("Very good")},
            _t("How is your mood today?"),
        ),
        Scale(
            "stress",
            _t("Stress"),
            0,
            10,
            5,
            {
                0: _t("None"),
                1: _t("Hardly any"),
                2: _t("A little"),
                3: _t("Some"),
                4: _t("Some to moderate"),
                5: _t("Moderate"),
                6: _t("Fairly high"),
                7: _t("High"),
                8: _t("Very high"),
                9: _t("Extremely high"),
                10: _t("As high as it gets"),
            },
            _t("How stressed do you feel?"),
        ),
        Scale(
            "sleep",
            _t("Sleep"),
            1,
            5,
            3,
            {1: _t("Very poor"), 2: _t("Poor"), 3: _t("Okay"), 4: _t("Good"), 5: _t("Very good")},
            _t("How have you been sleeping?"),
        ),
        Scale(
            "confidence",
            _t("Professional confidence"),
            1,
            5,
            3,
            {1: _t("Very low"), 2: _t("Low"), 3: _t("Steady"), 4: _t("Good"), 5: _t("Very high")},
            _t("How confident do you feel in your work?"),
        ),
    ]


def scale(key: str) -> Scale:
    for found in scales():
        if found.key == key:
            return found
    raise KeyError(key)


class ScaleSlider(QSlider):
    """A horizontal slider that also takes a digit: 3 sets 3; 1 then 0 sets 10."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._last_digit: int | None = None
        self._since_digit = QElapsedTimer()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if (
            len(text) == 1
            and text.isdigit()
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            digit = int(text)
            value = digit
            if (
                self._last_digit is not None
                and self._since_digit.isValid()
                and self._since_digit.elapsed() < TWO_DIGIT_MS
                and 10 * self._last_digit + digit <= self.maximum()
            ):
                value = 10 * self._last_digit + digit
            self._last_digit = digit
            self._since_digit.start()
            if self.minimum() <= value <= self.maximum():
                self.setValue(value)
            event.accept()
            return
        self._last_digit = None
        super().keyPressEvent(event)


class ScaleInput(QWidget):
    """A slider with the words for its two ends beneath it and the current value beside it."""

    valueChanged = Signal(int)

    def __init__(self, spec: Scale, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"scale_{spec.key}")
        s = theme.SPACING
        self.slider = ScaleSlider(self)
        self.slider.setObjectName(f"{spec.key}_slider")
        self.slider.setRange(spec.minimum, spec.maximum)
        self.slider.setPageStep(1)
        self.slider.setSingleStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setAccessibleName(spec.title)
        self.slider.setToolTip(spec.question)
        self.slider.setMinimumWidth(32 * s)
        self.value_label = QLabel(self)
        self.value_label.setObjectName(f"{spec.key}_value")
        width = max(
            self.value_label.fontMetrics().horizontalAdvance(spec.describe(v))
            for v in range(spec.minimum, spec.maximum + 1)
        )
        self.value_label.setMinimumWidth(width + s)
        low = QLabel(spec.low_word, self)
        low.setObjectName(f"{spec.key}_low")
        high = QLabel(spec.high_word, self)
        high.setObjectName(f"{spec.key}_high")
        high.setAlignment(Qt.AlignmentFlag.AlignRight)
        for end in (low, high):
            font = end.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            end.setFont(font)
        ends = QHBoxLayout()
        ends.setContentsMargins(0, 0, 0, 0)
        ends.addWidget(low)
        ends.addStretch(1)
        ends.addWidget(high)
        # A grid, so the end words sit under the slider's groove, not under the value.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(2 * s)
        layout.setVerticalSpacing(s // 2)
        layout.addWidget(self.slider, 0, 0)
        layout.addWidget(self.value_label, 0, 1)
        layout.addLayout(ends, 1, 0)
        layout.setColumnStretch(0, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.slider)
        self.slider.valueChanged.connect(self._changed)
        self.slider.setValue(spec.default)
        self._changed(spec.default)

    def _changed(self, value: int) -> None:
        text = self.spec.describe(value)
        self.value_label.setText(text)
        self.slider.setAccessibleDescription(text)
        self.valueChanged.emit(value)

    def value(self) -> int:
        return self.slider.value()

    def setValue(self, value: int) -> None:
        self.slider.setValue(value)

    def reset(self) -> None:
        self.slider.setValue(self.spec.default)
