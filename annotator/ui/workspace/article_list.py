"""The article list: a lazily paged table model over the project, and the panel around it.

The model knows the row count up front (``count_articles``) and loads rows a page at a time as the
view asks for them, keeping a bounded number of pages: a 100,000-article project opens at once and
scrolls to the end without loading every row. Edits of the current article update its cached row
from the session's state, without a reload.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain import Annotations, ArticleSummary, Status
from ...storage import Store

PAGE_SIZE = 200
MAX_PAGES = 64

STATUS_TEXT = {
    Status.TODO: "to do",
    Status.IN_PROGRESS: "in progress",
    Status.DONE: "done",
    Status.SKIPPED: "skipped",
}
STATUS_COLOUR = {
    Status.TODO: QColor("#6c757d"),
    Status.IN_PROGRESS: QColor("#9a6700"),
    Status.DONE: QColor("#1a7f37"),
    Status.SKIPPED: QColor("#8250df"),
}

_Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractTableModel):
    """Articles of a project for one annotator, filtered by status and full-text query, in import order."""

    COLUMNS = ("Title", "Outlet", "Date", "Status", "Spans", "Quotes", "Pending")
    #: What each column's header says when pointed at.
    HEADER_TIPS = (
        "",
        "",
        "",
        "Your status of the article",
        "Your spans",
        "Your quotes",
        "The model's suggestions you have neither accepted nor rejected (as the status bar counts them)",
    )
    NUMERIC = frozenset({4, 5, 6})

    def __init__(self, store: Store, annotator: str, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._store = store
        self._annotator = annotator
        self._statuses: tuple[Status, ...] = ()
        self._query = ""
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._last_row: int | None = None  # where row_of last found an article (the open one, on each edit)
        self._count = store.count_articles(annotator)

    # -- filter ---------------------------------------------------------------------------
    @property
    def statuses(self) -> tuple[Status, ...]:
        return self._statuses

    @property
    def query(self) -> str:
        return self._query

    def set_filter(self, statuses: Sequence[Status] = (), query: str = "") -> None:
        """Show only articles with one of ``statuses`` (all when empty) matching ``query`` (FTS5).

        If the project cannot be read, this raises and the list keeps its filter and rows."""
        self._reset(tuple(statuses), query.strip())

    def reload(self) -> None:
        """Count again and forget cached rows (after an import or a filter change).

        The store is asked before the reset begins: if the read fails (a damaged or vanished file),
        this raises with the model as it was, never between ``beginResetModel`` and its end."""
        self._reset(self._statuses, self._query)

    def _reset(self, statuses: tuple[Status, ...], query: str) -> None:
        count = self._store.count_articles(self._annotator, statuses, query)
        self.beginResetModel()
        try:
            self._statuses, self._query = statuses, query
            self._pages.clear()
            self._count = count
        finally:
            self.endResetModel()

    def refresh_counts(self) -> None:
        """Read the rows again without a reset (a pre-annotation run changed what is pending): the
        rows in view are re-read as they are drawn, and the current row stays current."""
        self._pages.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(self.COLUMNS) - 1))

    # -- rows -----------------------------------------------------------------------------
    def _page(self, number: int) -> list[ArticleSummary]:
        page = self._pages.get(number)
        if page is None:
            page = self._store.list_articles(
                self._annotator,
                offset=number * PAGE_SIZE,
                limit=PAGE_SIZE,
                statuses=self._statuses,
                query=self._query,
            )
            self._pages[number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def summary(self, row: int) -> ArticleSummary | None:
        """The article at ``row``, loading its page if needed."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def listed_ids(self) -> list[str]:
        """Ids of every article the list shows (its filter applied), asked of the store in one query:
        the rows themselves are loaded page by page and are never all read."""
        return self._store.listed_article_ids(self._annotator, self._statuses, self._query)

    def article_id(self, row: int) -> str | None:
        summary = self.summary(row)
        return summary.id if summary else None

    def row_of(self, article_id: str) -> int | None:
        """The row of an article among the loaded pages (the current one always is).

        The row found last is tried first: each edit asks for the open article's row, and walking
        every loaded page (up to ``MAX_PAGES * PAGE_SIZE`` rows) on every key is work for nothing."""
        last = self._last_row
        if last is not None:
            page = self._pages.get(last // PAGE_SIZE)
            if page is not None and last % PAGE_SIZE < len(page) and page[last % PAGE_SIZE].id == article_id:
                return last
        for number, page in self._pages.items():
            for offset, summary in enumerate(page):
                if summary.id == article_id:
                    self._last_row = number * PAGE_SIZE + offset
                    return self._last_row
        return None

    def update_article(self, state: Annotations, pending: int | None = None) -> None:
        """Refresh one row's status and counts from the annotator's current state (no query);
        ``pending``: the article's pending suggestions as the workspace counts them (kept when None)."""
        row = self.row_of(state.article_id)
        if row is None:
            return
        page = self._pages[row // PAGE_SIZE]
        old = page[row % PAGE_SIZE]
        new = replace(
            old,
            status=state.status,
            span_count=len(state.spans),
            quote_count=sum(1 for s in state.spans if s.label == "QUOTE"),
            suggestion_count=old.suggestion_count if pending is None else pending,
        )
        if new != old:
            page[row % PAGE_SIZE] = new
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # -- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            tip = self.HEADER_TIPS[section] if 0 <= section < len(self.HEADER_TIPS) else ""
            return tip or None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section]
            if orientation == Qt.Orientation.Vertical:
                return section + 1
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                summary.title or summary.id,
                summary.outlet,
                summary.published[:10],
                STATUS_TEXT[summary.status],
                summary.span_count,
                summary.quote_count,
                summary.suggestion_count,
            )
            value = values[column] if 0 <= column < len(values) else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{summary.title or summary.id}\n{summary.outlet} {summary.published}".strip()
            return value
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return STATUS_COLOUR[summary.status]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return summary.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
