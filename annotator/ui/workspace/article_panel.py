"""ArticlePanel: the article list with its status filter and full-text search box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import Status
from .article_list import ArticleListModel

#: The status filter's choices: text shown, statuses included (empty = all).
STATUS_FILTERS: tuple[tuple[str, tuple[Status, ...]], ...] = (
    ("All articles", ()),
    ("Not done", (Status.TODO, Status.IN_PROGRESS)),
    ("To do", (Status.TODO,)),
    ("In progress", (Status.IN_PROGRESS,)),
    ("Done", (Status.DONE,)),
    ("Skipped", (Status.SKIPPED,)),
)
SEARCH_DELAY_MS = 250
#: Width of each column but the title (which takes the rest).
COLUMN_WIDTHS = {1: 110, 2: 86, 3: 80, 4: 46, 5: 50, 6: 62}
#: The columns in the order they are kept when the list is narrow: status and pending first (what
#: the next article is picked by), then quotes, date, outlet, spans. The title is always shown (its
#: tooltip names the outlet and date); a column that does not fit beside it is hidden, not scrolled to.
FIT_ORDER = (3, 6, 5, 2, 1, 4)
#: The title keeps this share of the list's width, and never less than TITLE_MIN_WIDTH.
TITLE_SHARE = 0.4
TITLE_MIN_WIDTH = 100


class ArticlePanel(QWidget):
    """Filter, search and the table. ``currentArticleChanged(article_id)`` when the current row moves;
    ``activated`` when the user presses Enter or double-clicks (go and annotate)."""

    currentArticleChanged = Signal(str)
    activated = Signal()

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePanel")
        self.setMinimumWidth(280)
        self._model = model
        self._open_id: str | None = None  # the article of the current row, kept while filters hide it
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for text, statuses in STATUS_FILTERS:
            self.status_filter.addItem(text, statuses)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search title and text…")
        self.search_box.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setObjectName("articleTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row size queries
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.hide()
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setStretchLastSection(False)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.viewport().installEventFilter(self)  # columns that fit follow the list's width
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.apply_filter())
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self._open_first_match)
        self.search_box.installEventFilter(self)  # Enter belongs to the box, not to "accept suggestion"
        self.status_filter.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.activated.connect(lambda _index: self.activated.emit())
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.status_filter)
        top.addWidget(self.search_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    @property
    def model(self) -> ArticleListModel:
        return self._model

    def apply_filter(self, *, open_first: bool = False) -> None:
        """Apply the status filter and the search box now (the search box waits for a pause in typing).

        Filtering never switches the open article: it stays current when the list still shows it,
        and otherwise no row is current until the analyst picks one. Only ``open_first`` (Enter in
        the search box) opens the first match.
        """
        self._search_timer.stop()
        statuses = self.status_filter.currentData() or ()
        query = self.search_box.text()
        if tuple(statuses) != self._model.statuses or query.strip() != self._model.query:
            self._model.set_filter(statuses, query)
            if self._open_id is not None:
                blocked = self.blockSignals(True)  # the same article: do not open it again
                try:
                    self.select_article(self._open_id)
                finally:
                    self.blockSignals(blocked)
        if open_first and self._model.rowCount() and self._model.article_id(self.current_row()) is None:
            self.select_row(0)

    def _open_first_match(self) -> None:
        self.apply_filter(open_first=True)

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def select_row(self, row: int) -> bool:
        """Make ``row`` current (which opens its article); False when there is no such row."""
        if not 0 <= row < self._model.rowCount():
            return False
        index = self._model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def select_article(self, article_id: str) -> bool:
        """Make the row of ``article_id`` current if it is among the rows loaded so far."""
        row = self._model.row_of(article_id)
        if row is None:
            # Look through the first pages only: the list is in import order and the remembered
            # article is usually near where the annotator stopped, but never scan 100,000 rows.
            for candidate in range(min(self._model.rowCount(), 2000)):
                if self._model.article_id(candidate) == article_id:
                    row = candidate
                    break
        return row is not None and self.select_row(row)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self._model.article_id(current.row()) if current.isValid() else None
        if article_id:
            self._open_id = article_id
            self.currentArticleChanged.emit(article_id)

    def fit_columns(self) -> None:
        """Show the columns that fit beside the title at the list's width, in :data:`FIT_ORDER`."""
        width = self.table.viewport().width()
        room = width - max(TITLE_MIN_WIDTH, int(width * TITLE_SHARE))
        fits = True
        for column in FIT_ORDER:
            fits = fits and COLUMN_WIDTHS[column] <= room
            if fits:
                room -= COLUMN_WIDTHS[column]
            if self.table.isColumnHidden(column) == fits:
                self.table.setColumnHidden(column, not fits)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Claim Enter in the search box before the window's Enter shortcut (accept suggestion) does;
        fit the columns to the list's width."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
            return False
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.activated.emit()
            return
        super().keyPressEvent(event)
