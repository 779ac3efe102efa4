"""The learning curve of a training run, drawn with QPainter: F1 on held-out articles against training articles.

The chart keeps the points it draws (``points``) so that what is on screen can be checked against the run.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LINE_COLOUR = QColor("#1d3557")
AXIS_COLOUR = QColor("#555555")


class CurveChart(QWidget):
    """A line of (training articles, F1) points; the first point (0 articles) is the base pipeline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[tuple[int, float], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)

    def set_points(self, points: tuple[tuple[int, float], ...]) -> None:
        self.points = tuple(sorted(points))
        self.setToolTip("\n".join(f"{n} training articles: F1 {f:.3f}" for n, f in self.points))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(480, 200)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(44, 12, -16, -34)
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        for value in (0.0, 0.5, 1.0):
            y = area.bottom() - value * area.height()
            painter.drawText(QRectF(0, y - 8, 40, 16), Qt.AlignmentFlag.AlignRight, f"{value:.1f}")
        painter.drawText(
            QRectF(area.left(), area.bottom() + 14, area.width(), 18),
            Qt.AlignmentFlag.AlignCenter,
            "training articles → F1 on held-out articles",
        )
        if not self.points:
            return
        most = max(n for n, _ in self.points) or 1
        dots = [
            QPointF(area.left() + area.width() * n / most, area.bottom() - area.height() * f) for n, f in self.points
        ]
        painter.setPen(QPen(LINE_COLOUR, 2))
        for a, b in zip(dots, dots[1:], strict=False):
            painter.drawLine(a, b)
        painter.setBrush(LINE_COLOUR)
        for (n, _), dot in zip(self.points, dots, strict=True):
            painter.drawEllipse(dot, 3.5, 3.5)
            painter.drawText(QRectF(dot.x() - 30, area.bottom() + 1, 60, 14), Qt.AlignmentFlag.AlignCenter, str(n))
