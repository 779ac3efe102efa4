"""Item models of the review window: the differences of the open article, and the articles to review.

Both adapt plain values read from :class:`ReviewSession` (differences, :class:`ArticleReview`)
and reset when the session says its state changed; they never write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain import Annotations
from ...review import Difference, DifferenceKind
from ...services.adjudication import ArticleReview
from .review_session import ReviewSession
from .review_view import style_of

_Index = QModelIndex | QPersistentModelIndex
DifferenceRole = Qt.ItemDataRole.UserRole + 1
ResolvedRole = Qt.ItemDataRole.UserRole + 2
ArticleIdRole = Qt.ItemDataRole.UserRole + 3


def describe(difference: Difference, text: str, layers: Mapping[str, Annotations] | None = None) -> str:
    """One line about a difference: where, what, and each layer's version (plain text)."""
    excerpt = " ".join(text[difference.start : difference.end].split())
    if len(excerpt) > 48:
        excerpt = excerpt[:45] + "…"
    kind = difference.kind
    if kind is DifferenceKind.SPEAKER_DIFFERS and layers:
        versions = " / ".join(
            f"{layer}: {layers[layer].span(sid).attrs.get('speaker_name') or difference.values[layer]}"
            for layer, sid in difference.span_ids.items()
        )
    elif kind in (DifferenceKind.SPEAKER_DIFFERS, DifferenceKind.STANCE_DIFFERS):
        versions = " / ".join(f"{layer}: {value}" for layer, value in difference.values.items())
    elif kind is DifferenceKind.BOUNDARY_DIFFERS:
        versions = " / ".join(f"{layer}: {s}–{e}" for layer, (s, e) in difference.bounds.items())
    else:
        versions = " / ".join(f"{layer}: {label}" for layer, label in difference.labels.items())
        if difference.missing:
            versions += " / " + " / ".join(f"{layer}: —" for layer in difference.missing)
    what = kind.value.replace("_", " ").capitalize()
    return f"{what} «{excerpt}»  {versions}"


def versions(difference: Difference, layers: Mapping[str, Annotations], order: Sequence[str]) -> list[str]:
    """One line per compared layer, with its choice key: what that layer has at the difference."""
    out = []
    for n, layer in enumerate(order, start=1):
        sid = difference.span_ids.get(layer)
        if sid is None or layer not in layers:
            out.append(f"{n}  {layer}: nothing here")
            continue
        span = layers[layer].span(sid)
        if difference.kind is DifferenceKind.SPEAKER_DIFFERS:
            shown = str(span.attrs.get("speaker_name") or difference.values.get(layer, ""))
        elif difference.kind is DifferenceKind.STANCE_DIFFERS:
            shown = difference.values.get(layer, "")
        else:
            shown = f"{span.label} {span.start}–{span.end}"
        out.append(f"{n}  {layer}: {shown}")
    return out


class DifferenceListModel(QAbstractListModel):
    """The differences of the open article in reading order, each marked with its decision."""

    def __init__(self, review: ReviewSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._review = review
        self._rows: tuple[Difference, ...] = ()
        review.articleOpened.connect(self.reload)
        review.layersChanged.connect(self.reload)
        review.resolutionChanged.connect(self._refresh)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._review.differences
        self.endResetModel()

    def _refresh(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        difference = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            kept = self._review.decision(difference)
            mark = "·" if kept is None else "✓"
            decision = "" if kept is None else f"  → {kept}"
            return f"{mark} {index.row() + 1}. {describe(difference, self._review.text, self._review.layer_annotations)}{decision}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(difference, self._review.text)
        if role == Qt.ItemDataRole.DecorationRole:
            style = style_of(difference, self._review.layers)
            return QColor(style.background or style.line_colour)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#6c757d") if self._review.is_resolved(difference) else None
        if role == DifferenceRole:
            return difference
        if role == ResolvedRole:
            return self._review.is_resolved(difference)
        return None


class ReviewArticleModel(QAbstractTableModel):
    """Articles that have every compared layer, with adjudication progress (resolved/total)."""

    HEADERS = ("Article", "Differences", "Resolved")

    def __init__(self, review: ReviewSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._review = review
        self._rows: list[ArticleReview] = []
        self._progress: list[tuple[int, int]] = []  # cached: computing it re-reads every difference
        self._titles: dict[str, str] = {}
        review.layersChanged.connect(self.reload)
        review.resolutionChanged.connect(self._update_open)

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._review.reviews()
        self._progress = [r.progress for r in self._rows]
        self._titles = {r.article_id: self._review.store.article(r.article_id).title for r in self._rows}
        self.endResetModel()

    def article_ids(self) -> list[str]:
        return [r.article_id for r in self._rows]

    def progress(self, article_id: str) -> tuple[int, int]:
        return self._progress[self.article_ids().index(article_id)]

    def _update_open(self) -> None:
        article_id, gold = self._review.article_id, self._review.gold_state
        for n, row in enumerate(self._rows):
            if row.article_id == article_id and gold is not None and row.gold is not gold:
                self._rows[n] = ArticleReview(row.article_id, row.layers, row.differences, gold)
                self._progress[n] = self._rows[n].progress
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.HEADERS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        resolved, total = self._progress[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            title = self._titles.get(row.article_id) or row.article_id
            return (title, total, f"{resolved}/{total}")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.article_id
        if role == Qt.ItemDataRole.ForegroundRole and total and resolved == total:
            return QColor("#2d6a4f")
        if role == ArticleIdRole:
            return row.article_id
        return None
