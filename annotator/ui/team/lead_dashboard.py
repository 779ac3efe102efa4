"""LeadDashboard: the lead's view of a project as the work moves (Project → Lead's dashboard…).

Three tables: each annotator's assigned articles by state; agreement so far on the articles given to
more than one person (the review's own figures, finished layers only); and the articles ready for
adjudication. On a team server it follows colleagues' saves by itself (:class:`TeamWatch`); on a
file, Refresh re-reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import AnnotatorError
from ...review import Figure
from ...services.lead_overview import LeadOverview, lead_overview
from ...storage import LayerSaved, ProjectStore
from ..common.team_watch import TeamWatch


def _table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[object]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if isinstance(value, int | float):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def _shown(figure: Figure) -> str:
    return "n/a" if figure.value is None else f"{figure.value:.2f} (n={figure.support})"


class LeadDashboard(QWidget):
    """The overview of ``store``; ``overview`` holds what is shown (for tests and the window)."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadDashboard")
        self.setWindowTitle(f"Lead's dashboard — {store.display_name}")
        self.store = store
        self.overview: LeadOverview | None = None
        self.progress = _table("leadProgress", ("Annotator", "Assigned", "To do", "In progress", "Done"))
        self.agreement = _table("leadAgreement", ("Pair", "Articles", "Spans F1 (exact)", "Quotes F1", "Speaker"))
        self.ready = _table("leadReady", ("Article", "Title"))
        self.summary = QLabel()
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for title, table in (
            ("Progress per annotator", self.progress),
            ("Agreement so far (overlapping articles, finished layers)", self.agreement),
            ("Ready for adjudication", self.ready),
        ):
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            layout.addWidget(table)
        self.watch = TeamWatch(store, self)
        self.watch.layersSaved.connect(self._on_saved)
        self.destroyed.connect(self.watch.stop)
        self.resize(760, 640)
        self.refresh()

    def _on_saved(self, _saved: list[LayerSaved]) -> None:
        try:
            self.refresh()
        except AnnotatorError:
            pass  # the server went away meanwhile: the main window says so; Refresh tries again

    def refresh(self) -> None:
        overview = lead_overview(self.store)
        self.overview = overview
        _fill(self.progress, [(p.annotator, p.assigned, p.todo, p.in_progress, p.done) for p in overview.progress])
        rows = []
        if overview.agreement is not None:
            for pair in overview.agreement.pairs:
                f = pair.figures
                rows.append(
                    (
                        f"{pair.reference} / {pair.prediction}",
                        pair.articles_compared,
                        _shown(f.all_labels.exact.f1),
                        _shown(f.quotes.overlap.f1),
                        _shown(f.speaker.agreement),
                    )
                )
        _fill(self.agreement, rows)
        _fill(self.ready, [(a, self.store.article(a).title) for a in overview.ready])
        self.summary.setText(
            f"{overview.overlapping} article(s) assigned to more than one person; "
            f"{len(overview.ready)} ready for adjudication"
        )
