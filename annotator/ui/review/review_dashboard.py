"""ReviewDashboard: agreement of the chosen layers over the whole project.

Per-label F1 (exact and overlap) as bars, the stance confusion of two chosen layers as a
heatmap, and the articles sorted by disagreement. Charts save as PNG and figures as CSV.
Figures come from :func:`project_agreement` and :func:`project_stance_confusion`; the widgets
only draw them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...review import AgreementReport, ArticleRow
from ...services.adjudication import StanceConfusion, project_stance_confusion
from ...services.reviewing import human_layers, project_agreement
from ...storage import Store
from .review_charts import ConfusionHeatmap, LabelBar, LabelBarChart

_Index = QModelIndex | QPersistentModelIndex


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


class ArticleAgreementModel(QAbstractTableModel):
    """The per-article table of a report, most disagreeing first (the report's order)."""

    HEADERS = ("Article", "Layers", "Disagreements (pairwise)", "Span F1 (overlap)")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[ArticleRow, ...] = ()

    def set_rows(self, rows: tuple[ArticleRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        values = (row.article_id, ", ".join(row.layers), row.disagreements, _fmt(row.span_f1.value))
        return values[index.column()]


class ReviewDashboard(QWidget):
    """Agreement figures of ``layers`` (default: every human layer) over the project.

    ``refreshed`` fires after the figures were recomputed.
    """

    refreshed = Signal()

    def __init__(self, store: Store, layers: Sequence[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDashboard")
        self.setWindowTitle("Agreement dashboard")
        self.store = store
        self.layers = list(layers) if layers and len(layers) >= 2 else human_layers(store)
        self.report: AgreementReport | None = None
        self.confusion: StanceConfusion | None = None

        self.bar_chart = LabelBarChart()
        self.heatmap = ConfusionHeatmap()
        self.reference = QComboBox()
        self.prediction = QComboBox()
        for box, pick in ((self.reference, 0), (self.prediction, 1)):
            box.addItems(self.layers)
            box.setCurrentIndex(min(pick, len(self.layers) - 1))
            box.currentIndexChanged.connect(self.refresh_confusion)
        self.table_model = ArticleAgreementModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        save_png = QPushButton("Save charts as PNG…")
        save_png.clicked.connect(lambda: self._ask_folder(self.save_charts))
        save_csv = QPushButton("Save figures as CSV…")
        save_csv.clicked.connect(lambda: self._ask_folder(self.save_csv))

        pick_row = QHBoxLayout()
        pick_row.addWidget(QLabel("Stance confusion between"))
        pick_row.addWidget(self.reference)
        pick_row.addWidget(QLabel("and"))
        pick_row.addWidget(self.prediction)
        pick_row.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(QLabel("Agreement per label (F1)"), 0, 0)
        grid.addLayout(pick_row, 0, 1)
        grid.addWidget(self.bar_chart, 1, 0)
        grid.addWidget(self.heatmap, 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(save_png)
        buttons.addWidget(save_csv)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 3)
        layout.addWidget(QLabel("Articles, most disagreement first"))
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        self.resize(1100, 760)
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """A window of its own that closes as a dialog does: Esc, or Ctrl+W."""
        ctrl_w = event.key() == Qt.Key.Key_W and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        if ctrl_w or (event.key() == Qt.Key.Key_Escape and not event.modifiers()):
            self.close()
            return
        super().keyPressEvent(event)

    # -- figures --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every figure from the project file."""
        self.report = project_agreement(self.store, self.layers)
        self.bar_chart.set_rows(tuple(LabelBar.of(row) for row in self.report.overall.labels))
        self.table_model.set_rows(self.report.articles)
        pooled = self.report.overall.all_labels.overlap.f1
        self.summary.setText(
            f"{', '.join(self.layers)}: {self.report.articles_compared} article(s) compared, "
            f"overall span F1 (overlap) {_fmt(pooled.value) or 'n/a'} (n={pooled.support})"
        )
        self.refresh_confusion()

    def refresh_confusion(self) -> None:
        reference, prediction = self.reference.currentText(), self.prediction.currentText()
        if reference and prediction and reference != prediction:
            self.confusion = project_stance_confusion(self.store, reference, prediction)
        else:
            self.confusion = None
        self.heatmap.set_confusion(self.confusion)
        self.refreshed.emit()

    # -- saving ---------------------------------------------------------------------------
    def _ask_folder(self, save: object) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save into folder")
        if folder and callable(save):
            save(Path(folder))

    def save_charts(self, folder: Path) -> list[Path]:
        """Write the two charts as PNG files into ``folder``."""
        out = [folder / "agreement-per-label.png", folder / "stance-confusion.png"]
        for widget, path in zip((self.bar_chart, self.heatmap), out, strict=True):
            if not widget.grab().save(str(path), "PNG"):
                raise OSError(f"could not write {path}")
        return out

    def save_csv(self, folder: Path) -> list[Path]:
        """Write the figures behind the charts and the table as CSV files into ``folder``."""
        labels, confusion, articles = (
            folder / "agreement-per-label.csv",
            folder / "stance-confusion.csv",
            folder / "articles-by-disagreement.csv",
        )
        with labels.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["label", "f1_exact", "f1_overlap", "support_overlap", "tp", "fp", "fn"])
            for row in self.report.overall.labels if self.report else ():
                o = row.overlap
                writer.writerow([row.label, _fmt(row.exact.f1.value), _fmt(o.f1.value), o.f1.support, o.tp, o.fp, o.fn])
        with confusion.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            if self.confusion is not None:
                writer.writerow(
                    [f"{self.confusion.reference} \\ {self.confusion.prediction}", *self.confusion.categories]
                )
                for name, counts in zip(self.confusion.categories, self.confusion.counts, strict=True):
                    writer.writerow([name, *counts])
        with articles.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["article_id", "layers", "disagreements", "span_f1_overlap"])
            for a in self.table_model.rows:
                writer.writerow([a.article_id, " ".join(a.layers), a.disagreements, _fmt(a.span_f1.value)])
        return [labels, confusion, articles]
