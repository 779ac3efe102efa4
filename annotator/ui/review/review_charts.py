"""Charts of the agreement dashboard, drawn with QPainter (no plotting library).

Each chart keeps the figures it draws as plain values (``rows`` / ``confusion``), so what is on
screen can be checked against the computation and written out as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...review import LabelAgreement
from ...services.adjudication import StanceConfusion

EXACT_COLOUR = QColor("#1d3557")
OVERLAP_COLOUR = QColor("#8ecae6")
AXIS_COLOUR = QColor("#555555")


@dataclass(frozen=True)
class LabelBar:
    """One label's bars: F1 with exact and with overlap matching (``None``: nothing to compare)."""

    label: str
    exact_f1: float | None
    overlap_f1: float | None
    support: int

    @classmethod
    def of(cls, row: LabelAgreement) -> LabelBar:
        return cls(row.label, row.exact.f1.value, row.overlap.f1.value, row.overlap.f1.support)


class LabelBarChart(QWidget):
    """Grouped vertical bars: per label, F1 exact (dark) and F1 overlap (light), 0 to 1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelF1Chart")
        self.rows: tuple[LabelBar, ...] = ()
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_rows(self, rows: tuple[LabelBar, ...]) -> None:
        self.rows = rows
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(max(420, 90 * len(self.rows) + 80), 300)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        left, top, right, bottom = 44, 40, 12, 44
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        painter.setPen(AXIS_COLOUR)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        for tick in range(0, 11, 2):
            y = plot.bottom() - plot.height() * tick / 10
            painter.setPen(QPen(QColor("#e5e5e5")))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{tick / 10:.1f}")
        painter.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))
        self._legend(painter)
        if not self.rows:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No spans to compare")
            painter.end()
            return
        group = plot.width() / len(self.rows)
        bar = min(28.0, group * 0.35)
        for n, row in enumerate(self.rows):
            x0 = plot.left() + n * group + (group - 2 * bar) / 2
            for k, (value, colour) in enumerate(((row.exact_f1, EXACT_COLOUR), (row.overlap_f1, OVERLAP_COLOUR))):
                if value is None:
                    continue
                height = max(1.5, plot.height() * value)
                painter.fillRect(QRectF(x0 + k * bar, plot.bottom() - height, bar - 2, height), colour)
                painter.setPen(AXIS_COLOUR)
                painter.drawText(
                    QRectF(x0 + k * bar - 6, plot.bottom() - height - 14, bar + 10, 13),
                    Qt.AlignmentFlag.AlignHCenter,
                    "1" if value == 1 else f"{value:.2f}".lstrip("0"),
                )
            painter.setPen(AXIS_COLOUR)
            painter.drawText(
                QRectF(plot.left() + n * group, plot.bottom() + 4, group, 36),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{row.label}\nn={row.support}",
            )
        painter.end()

    def _legend(self, painter: QPainter) -> None:
        x = 48
        for name, colour in (("F1 exact", EXACT_COLOUR), ("F1 overlap", OVERLAP_COLOUR)):
            painter.fillRect(QRectF(x, 9, 12, 12), colour)
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QRectF(x + 16, 4, 90, 20), Qt.AlignmentFlag.AlignVCenter, name)
            x += 110


class ConfusionHeatmap(QWidget):
    """Stance confusion: reference layer down, prediction across; darker cells hold more quotes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stanceHeatmap")
        self.confusion: StanceConfusion | None = None
        self.setMinimumSize(360, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_confusion(self, confusion: StanceConfusion | None) -> None:
        self.confusion = confusion
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(AXIS_COLOUR)
        confusion = self.confusion
        if confusion is None or not confusion.categories:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No matched quotes to compare")
            painter.end()
            return
        cats = confusion.categories
        left, top = 96, 46
        size = min((self.width() - left - 10) / len(cats), (self.height() - top - 30) / len(cats))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        peak = max(max(row) for row in confusion.counts) or 1
        painter.drawText(
            QRectF(left, 2, size * len(cats), 18), Qt.AlignmentFlag.AlignHCenter, f"{confusion.prediction} →"
        )
        painter.drawText(QRectF(2, 2, left - 6, 18), Qt.AlignmentFlag.AlignLeft, f"{confusion.reference} ↓")
        painter.setFont(small)
        for j, name in enumerate(cats):
            rect = QRectF(left + j * size, 22, size, 22)
            shown = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(size) - 2)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)
        painter.drawText(
            QRectF(left, top + len(cats) * size + 4, size * len(cats), 20),
            Qt.AlignmentFlag.AlignLeft,
            f"{confusion.total} matched quotes, {confusion.agreed} with the same stance",
        )
        painter.setFont(self.font())
        for i, name in enumerate(cats):
            painter.setPen(AXIS_COLOUR)
            painter.drawText(
                QRectF(2, top + i * size, left - 6, size),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            for j in range(len(cats)):
                count = confusion.counts[i][j]
                share = count / peak
                colour = QColor.fromRgbF(1 - 0.85 * share, 1 - 0.55 * share, 1 - 0.25 * share)
                cell = QRectF(left + j * size, top + i * size, size, size)
                painter.fillRect(cell, colour)
                painter.setPen(QColor("#d0d0d0"))
                painter.drawRect(cell)
                painter.setPen(QColor("#ffffff") if share > 0.55 else QColor("#1b1b1b"))
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.end()
