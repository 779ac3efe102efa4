"""The article under review: read-only text with agreements and differences highlighted, and a legend.

Highlights are extra selections only (the document and its undo history stay untouched). Each
kind of difference has its own style; "only in" takes the colour of the layer that has the item.
Agreements are light green and drawn first, so differences inside them stay visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QWidget

from ...domain.offsets import OffsetMap
from ...review import Difference, DifferenceKind
from ..workspace.offsets import display_text
from .review_session import ReviewSession

AGREEMENT_COLOUR = "#d8f3dc"
QUOTE_AGREEMENT_COLOUR = "#eef8f0"  # paler, so agreed entities inside an agreed quote stand out
FOCUS_COLOUR = "#1d3557"
#: Background of "only in" per layer position (A, B, C, ...).
LAYER_COLOURS = ("#a9d6f5", "#ffc98b", "#f4b6c2", "#c7b9ff", "#b8e0d2")
_U = QTextCharFormat.UnderlineStyle


@dataclass(frozen=True)
class DifferenceStyle:
    """How one kind of difference looks: a background, an underline style and its colour."""

    name: str
    background: str | None
    underline: QTextCharFormat.UnderlineStyle
    line_colour: str


KIND_STYLES: dict[DifferenceKind, DifferenceStyle] = {
    DifferenceKind.LABEL_DIFFERS: DifferenceStyle("Label differs", "#e4c1f9", _U.SingleUnderline, "#7b2cbf"),
    DifferenceKind.BOUNDARY_DIFFERS: DifferenceStyle("Boundary differs", "#fff3b0", _U.DashUnderline, "#b08800"),
    DifferenceKind.SPEAKER_DIFFERS: DifferenceStyle("Speaker differs", None, _U.WaveUnderline, "#d00000"),
    DifferenceKind.STANCE_DIFFERS: DifferenceStyle("Stance differs", None, _U.DotLine, "#0050d0"),
}


def style_of(difference: Difference, layers: tuple[str, ...]) -> DifferenceStyle:
    """The style of ``difference`` among the compared ``layers``."""
    if difference.kind is not DifferenceKind.ONLY_IN:
        return KIND_STYLES[difference.kind]
    first = next(iter(difference.span_ids), "")
    index = layers.index(first) if first in layers else 0
    colour = LAYER_COLOURS[index % len(LAYER_COLOURS)]
    return DifferenceStyle(f"Only in {first}", colour, _U.NoUnderline, colour)


def legend_entries(layers: tuple[str, ...]) -> list[DifferenceStyle]:
    """Every style the text may show, for the legend."""
    agree = DifferenceStyle("All agree", AGREEMENT_COLOUR, _U.NoUnderline, AGREEMENT_COLOUR)
    only = [
        DifferenceStyle(f"Only in {n}", LAYER_COLOURS[i % len(LAYER_COLOURS)], _U.NoUnderline, "")
        for i, n in enumerate(layers)
    ]
    return [agree, *only, *KIND_STYLES.values()]


class ReviewTextView(QPlainTextEdit):
    """The article text with the review highlights; the current difference is framed in bold."""

    def __init__(self, review: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewText")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        self.document().setDocumentMargin(12)
        self._review = review
        self._offsets = OffsetMap("")
        review.articleOpened.connect(self._load)
        review.currentChanged.connect(self._on_current)
        review.layersChanged.connect(self._clear)

    def _clear(self) -> None:
        self.setPlainText("")
        self.setExtraSelections([])

    def _load(self, _article_id: str) -> None:
        text = self._review.text
        self._offsets = OffsetMap(text)
        self.setPlainText(display_text(text))
        self._on_current(self._review.current_index)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def highlights(self) -> list[tuple[int, int, str]]:
        """What is highlighted, as ``(start, end, style name)`` in code points (for tests and tools)."""
        layers = self._review.layers
        out = [(a.start, a.end, "All agree") for a in self._review.agreements]
        out += [(d.start, d.end, style_of(d, layers).name) for d in self._review.differences]
        return out

    def _on_current(self, index: int) -> None:
        layers = self._review.layers
        selections = []
        agree = QTextCharFormat()
        agree.setBackground(QColor(AGREEMENT_COLOUR))
        agree_quote = QTextCharFormat()
        agree_quote.setBackground(QColor(QUOTE_AGREEMENT_COLOUR))
        regions = sorted(self._review.agreements, key=lambda a: (a.label != "QUOTE", a.start))
        for region in regions:
            selections.append(
                self._selection(region.start, region.end, agree_quote if region.label == "QUOTE" else agree)
            )
        for n, difference in enumerate(self._review.differences):
            style = style_of(difference, layers)
            fmt = QTextCharFormat()
            if style.background:
                fmt.setBackground(QColor(style.background))
            if style.underline is not _U.NoUnderline:
                fmt.setUnderlineStyle(style.underline)
                fmt.setUnderlineColor(QColor(style.line_colour))
            if n == index:
                fmt.setFontWeight(QFont.Weight.Bold)
            selections.append(self._selection(difference.start, difference.end, fmt))
        self.setExtraSelections(selections)
        self.viewport().update()
        current = self._review.current
        if current is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(current.end))
            self.setTextCursor(cursor)
            cursor.setPosition(self._offsets.to_utf16(current.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def focus_rects(self) -> list[QRect]:
        """Viewport rectangles, one per line, around the current difference."""
        current = self._review.current
        if current is None or not self.document().characterCount():
            return []
        start, end = self._offsets.to_utf16(current.start), self._offsets.to_utf16(current.end)
        lines: dict[int, QRect] = {}
        cursor = QTextCursor(self.document())
        for position in range(start, end + 1):
            cursor.setPosition(position)
            rect = self.cursorRect(cursor)
            line = lines.get(rect.top())
            lines[rect.top()] = rect if line is None else line.united(rect)
        return [r.adjusted(-3, -1, 3, 1) for r in lines.values() if r.width() > 2]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        pen = QPen(QColor(FOCUS_COLOUR))
        pen.setWidth(2)
        painter.setPen(pen)
        for rect in self.focus_rects():
            painter.drawRoundedRect(rect, 3, 3)
        painter.end()


class LegendSwatch(QWidget):
    """A small sample of one highlight style."""

    def __init__(self, style: DifferenceStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = style
        self.setFixedSize(26, 16)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.rect().adjusted(1, 1, -1, -4)
        painter.fillRect(rect, QColor(self._style.background or "#ffffff"))
        painter.setPen(QColor("#00000040"))
        painter.drawRect(rect)
        if self._style.underline is not _U.NoUnderline:
            pen = painter.pen()
            pen.setColor(QColor(self._style.line_colour))
            pen.setWidth(2)
            if self._style.underline in (_U.DashUnderline, _U.DotLine):
                pen.setStyle(Qt.PenStyle.DashLine if self._style.underline is _U.DashUnderline else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            y = self.height() - 2
            if self._style.underline is _U.WaveUnderline:
                for x in range(1, self.width() - 3, 4):
                    painter.drawLine(x, y, x + 2, y - 2)
                    painter.drawLine(x + 2, y - 2, x + 4, y)
            else:
                painter.drawLine(1, y, self.width() - 2, y)
        painter.end()


class ReviewLegend(QWidget):
    """The key to the highlights, rebuilt when the compared layers change."""

    def __init__(self, review: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewLegend")
        self._review = review
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        review.layersChanged.connect(self.rebuild)
        self.rebuild()

    def entries(self) -> list[str]:
        return [e.name for e in legend_entries(self._review.layers)]

    def rebuild(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for entry in legend_entries(self._review.layers):
            self._layout.addWidget(LegendSwatch(entry))
            label = QLabel(entry.name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(label)
            self._layout.addSpacing(10)
        self._layout.addStretch(1)
