"""The stance picture painted in part (what a scroll area shows) matches the whole picture there."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from annotator.review.quote_rows import StanceEdge
from annotator.services.scheme import default_scheme
from annotator.ui.quotes.stance_graph import StanceGraph

STANCES = ("accusing", "defending", "dismissive", "supportive")


def _picture(graph: StanceGraph, size: QRect, clip: QRect, *, told: bool) -> QImage:
    """The picture painted clipped to ``clip`` (as Qt clips a paint event), told of the clip or not."""
    image = QImage(size.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    painter.setClipRect(clip)
    graph.draw(painter, QRectF(size), QRectF(clip) if told else None)
    painter.end()
    return image


def test_a_clipped_paint_is_the_whole_picture_there(qtbot: Any) -> None:
    graph = StanceGraph(default_scheme())
    qtbot.addWidget(graph)
    edges = [StanceEdge(f"Speaker {i}", f"Target {(i * 7) % 23}", STANCES[i % len(STANCES)]) for i in range(60)] + [
        StanceEdge("Speaker 3", "Target 21", "accusing")
    ] * 3  # a repeated stance: a count on its edge
    graph.set_edges(edges)
    size = QRect(0, 0, 480, graph.sizeHint().height())
    for clip in (QRect(0, 400, 480, 54), QRect(0, 0, 480, 80), QRect(100, 900, 300, 200)):
        whole = _picture(graph, size, clip, told=False)  # draws every row and edge, Qt keeps the clip
        part = _picture(graph, size, clip, told=True)  # draws only what falls in the clip
        assert part == whole, clip
        assert whole.copy(clip) != QImage(clip.size(), QImage.Format.Format_ARGB32), "something was drawn"
