"""The stance picture: speakers on the left, targets on the right, an edge per stance coloured by its label.

Drawn with QPainter from plain :class:`StanceEdge` records, so the same drawing goes to the screen
and to a PNG file (:meth:`StanceGraph.save_png`). Repeated stances of one speaker toward one
target are one thicker edge with a count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain import LabelScheme
from ...review.quote_rows import StanceEdge

_ROW = 30.0
_MARGIN = 14.0
_BOX_H = 22.0


class StanceGraph(QWidget):
    """Draws who takes which stance toward whom. Call :meth:`set_edges` with the article's edges."""

    def __init__(self, scheme: LabelScheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = scheme
        self.edges: list[StanceEdge] = []
        # Derived from the edges once in set_edges, not on every paint (the dock repaints on scrolls and keys).
        self._sources: list[str] = []
        self._targets: list[str] = []
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._stances: list[str] = []
        self._width_key: object = None
        self._width = 0.0
        self.setMinimumWidth(320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_edges(self, edges: Sequence[StanceEdge]) -> None:
        self.edges = list(edges)
        self._sources = list(dict.fromkeys(e.source for e in self.edges))
        self._targets = list(dict.fromkeys(e.target for e in self.edges))
        self._counts = Counter((e.source, e.target, e.stance) for e in self.edges)
        self._stances = list(dict.fromkeys(e.stance for e in self.edges))
        self._width_key = None  # the widest name is measured again at the next paint
        height = self.sizeHint().height()
        if height != self.minimumHeight():  # as many rows as before (most edits): no relayout of the dock
            self.setMinimumHeight(height)  # rows never overlap the legend; the panel scrolls
            self.updateGeometry()
        self.update()

    def sources(self) -> list[str]:
        return list(self._sources)

    def targets(self) -> list[str]:
        return list(self._targets)

    @staticmethod
    def height_for(rows: int) -> int:
        """The height that shows ``rows`` rows of names with the legend."""
        return int(2 * _MARGIN + 22 + rows * _ROW + 28)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, self.height_for(max(len(self._sources), len(self._targets), 1)))

    # -- drawing -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            self.draw(painter, QRectF(self.rect()), QRectF(event.rect()))
        finally:
            painter.end()

    def draw(self, painter: QPainter, area: QRectF, clip: QRectF | None = None) -> None:
        """Paint the picture into ``area`` (screen or image); with ``clip``, only what falls in it (the
        widget sits in a scroll area: a long article's picture is many screens tall, a few rows show)."""
        shows = (lambda _rect: True) if clip is None else clip.intersects
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area if clip is None else area.intersected(clip), QColor("white"))
        font = QFont(self.font())
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        if not self.edges:
            painter.setPen(QColor("#6c757d"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No stance with a target yet")
            return
        sources, targets = self._sources, self._targets
        box_w = min(self._widest(metrics) + 16, area.width() * 0.34)
        top = area.top() + _MARGIN + 22
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#343a40"))
        painter.drawText(QPointF(area.left() + _MARGIN, area.top() + _MARGIN + 8), "Speaker")
        painter.drawText(QPointF(area.right() - _MARGIN - box_w, area.top() + _MARGIN + 8), "Target")
        painter.setFont(font)
        left = {n: QRectF(area.left() + _MARGIN, top + i * _ROW, box_w, _BOX_H) for i, n in enumerate(sources)}
        right = {
            n: QRectF(area.right() - _MARGIN - box_w, top + i * _ROW, box_w, _BOX_H) for i, n in enumerate(targets)
        }
        row_of = {n: i for i, n in enumerate(sources)}
        target_row = {n: i for i, n in enumerate(targets)}
        counts = self._counts
        lanes: Counter[tuple[str, str]] = Counter()
        for (source, target, stance), n in counts.items():
            lane = lanes[(source, target)]
            lanes[(source, target)] += 1
            if clip is not None:
                # The heights the edge can reach (those of ``reach`` below), without building it: a long
                # article has hundreds of edges and a few rows in view.
                ys = (top + row_of[source] * _ROW + _BOX_H / 2, top + target_row[target] * _ROW + _BOX_H / 2)
                margin = 12 + lane * 10.0
                if max(ys) + margin < clip.top() or min(ys) - margin > clip.bottom():
                    continue
            start = QPointF(left[source].right(), left[source].center().y())
            end = QPointF(right[target].left(), right[target].center().y())
            bend = (lane - 0.0) * 10.0
            reach = QRectF(start, end).normalized().adjusted(-12, -12 - abs(bend), 12, 12 + abs(bend))
            if not shows(reach):
                continue
            path = QPainterPath(start)
            mid_x = (start.x() + end.x()) / 2
            path.cubicTo(QPointF(mid_x, start.y() + bend), QPointF(mid_x, end.y() + bend), end)
            colour = QColor(self.scheme.color_of(stance))
            painter.setPen(QPen(colour, 1.5 + 1.5 * min(n, 4), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            if n > 1:  # colour says the stance (legend below); only a repeat count is written
                label = f"×{n}"
                at = path.pointAtPercent(0.5)
                rect = metrics.boundingRect(label).adjusted(-3, -1, 3, 1)
                rect.moveCenter(at)
                painter.fillRect(rect, QColor(255, 255, 255, 230))
                painter.setPen(colour.darker(140))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        for boxes, fill in ((left, "#e9ecef"), (right, "#fff3cd")):
            for name, rect in boxes.items():
                if not shows(rect):
                    continue
                painter.setPen(QPen(QColor("#adb5bd"), 1))
                painter.setBrush(QColor(fill))
                painter.drawRoundedRect(rect, 4, 4)
                painter.setPen(QColor("#212529"))
                shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, rect.width() - 8)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)
        self._legend(painter, area, metrics)

    def _widest(self, metrics: QFontMetricsF) -> float:
        """The widest name's advance, measured once per set of edges and font (not on every paint)."""
        key = (metrics.height(), metrics.averageCharWidth())  # set_edges forgets it for new edges
        if self._width_key != key:
            names = dict.fromkeys([*self._sources, *self._targets])
            self._width_key, self._width = key, max(metrics.horizontalAdvance(n) for n in names)
        return self._width

    def _legend(self, painter: QPainter, area: QRectF, metrics: QFontMetricsF) -> None:
        used = self._stances
        x = area.left() + _MARGIN
        y = area.bottom() - _MARGIN
        for stance in used:
            colour = QColor(self.scheme.color_of(stance))
            painter.setPen(QPen(colour, 4))
            painter.drawLine(QPointF(x, y - 4), QPointF(x + 18, y - 4))
            painter.setPen(QColor("#343a40"))
            painter.drawText(QPointF(x + 22, y), stance)
            x += 22 + metrics.horizontalAdvance(stance) + 16

    def to_image(self, size: QSize | None = None) -> QImage:
        """The picture as an image (``size`` defaults to the size hint, never smaller than the widget)."""
        hint = self.sizeHint()
        size = size or QSize(max(hint.width(), self.width()), max(hint.height(), self.height()))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            self.draw(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return image

    def save_png(self, path: str | Path) -> bool:
        """Write the picture to ``path`` as PNG; True when written."""
        return self.to_image().save(str(path), "PNG")
