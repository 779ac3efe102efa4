"""ReviewWindow: adjudicate colleagues' layers of a project into the gold layer.

Left: the layers to compare (two or more) and the articles that have them, with progress.
Centre: the legend and the article text with agreements and differences highlighted.
Right: the current decision, the differences in reading order, and review comments.

Keys: N / F8 next difference, P / Shift+F8 previous, 1..9 keep that layer's version (a layer
without the item means "none"), 0 keep none, Ctrl+1..9 keep that layer for all remaining
differences of this label and kind, Alt+1..9 for all remaining of this kind, E edit gold here,
Ctrl+Z / Ctrl+Shift+Z undo/redo. The window follows the compared layers as they change.
Every decision is written to the project at once.

``open_review(main_window)`` is what the main window's menu calls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...review.differences import DifferenceKind
from ...storage import Store
from ..workspace.host import WorkspaceHost
from .review_edit import GoldSpanEditor
from .review_model import ArticleIdRole, DifferenceListModel, ReviewArticleModel
from .review_panels import CommentsPanel, DecisionPanel
from .review_session import ReviewSession
from .review_view import ReviewLegend, ReviewTextView

MAX_CHOICE_KEYS = 9
#: How often the window looks for other writers' changes to the compared layers (milliseconds).
REFRESH_INTERVAL_MS = 1500


class ReviewWindow(QMainWindow):
    """The review of one project by ``reviewer``; ``layers`` preselects the layers to compare."""

    def __init__(
        self, store: Store, reviewer: str, layers: Sequence[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWindow")
        self.setWindowTitle(f"Review — {store.display_name} — {reviewer}")
        self.review = ReviewSession(store, reviewer, self)
        self.actions: dict[str, QAction] = {}

        self.layer_list = QListWidget()
        self.layer_list.setObjectName("reviewLayers")
        self.articles = ReviewArticleModel(self.review, self)
        self.article_table = QTableView()
        self.article_table.setObjectName("reviewArticles")
        self.article_table.setModel(self.articles)
        self.article_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.article_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.article_table.verticalHeader().hide()
        header = self.article_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.article_table.setWordWrap(True)
        left = QWidget()
        left.setMinimumWidth(200)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("Layers to compare"))
        left_layout.addWidget(self.layer_list, 1)
        left_layout.addWidget(QLabel("Articles"))
        left_layout.addWidget(self.article_table, 3)

        self.text_view = ReviewTextView(self.review)
        self.legend = ReviewLegend(self.review)
        self.heading = QLabel()
        self.heading.setObjectName("reviewHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600; padding: 6px 8px 0 8px;")
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        self.heading.setWordWrap(True)  # a long title must not make the window wider than the screen
        legend_strip = QScrollArea()  # nor the legend: on a small screen it scrolls sideways
        legend_strip.setWidget(self.legend)
        legend_strip.setWidgetResizable(True)
        legend_strip.setFrameShape(QFrame.Shape.NoFrame)
        legend_strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        legend_strip.setFixedHeight(self.legend.sizeHint().height() + legend_strip.horizontalScrollBar().sizeHint().height())
        self._fit_legend()
        self.review.layersChanged.connect(lambda: QTimer.singleShot(0, self._fit_legend))  # after its rebuild
        centre_layout.addWidget(self.heading)
        centre_layout.addWidget(legend_strip)
        centre_layout.addWidget(self.text_view, 1)
        self.setCentralWidget(centre)

        self.decision = DecisionPanel(self.review)
        self.differences = DifferenceListModel(self.review, self)
        self.difference_list = QListView()
        self.difference_list.setObjectName("reviewDifferences")
        self.difference_list.setModel(self.differences)
        self.difference_list.setWordWrap(True)
        self.difference_list.setUniformItemSizes(False)
        self.comments = CommentsPanel(self.review)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("reviewKindFilter")
        self.kind_filter.addItem("All kinds", None)
        for kind in DifferenceKind:
            self.kind_filter.addItem(kind.value.replace("_", " "), kind.value)
        self.label_filter = QComboBox()
        self.label_filter.setObjectName("reviewLabelFilter")
        self.left_count = QLabel()
        self.left_count.setObjectName("reviewLeft")
        filters = QWidget()
        filter_row = QHBoxLayout(filters)
        filter_row.setContentsMargins(0, 0, 0, 0)
        filter_row.addWidget(self.kind_filter)
        filter_row.addWidget(self.label_filter)
        filter_row.addWidget(self.left_count, 1)
        differences_box = QWidget()
        differences_layout = QVBoxLayout(differences_box)
        differences_layout.setContentsMargins(0, 0, 0, 0)
        differences_layout.addWidget(filters)
        differences_layout.addWidget(self.difference_list, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setMinimumWidth(340)
        right.addWidget(self.decision)
        right.addWidget(differences_box)
        right.addWidget(self.comments)
        right.setStretchFactor(1, 3)
        right.setStretchFactor(2, 1)

        for title, widget, area in (
            ("Layers and articles", left, Qt.DockWidgetArea.LeftDockWidgetArea),
            ("Differences", right, Qt.DockWidgetArea.RightDockWidgetArea),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"review-{title.split()[0].lower()}")
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
            dock.setWidget(widget)
            self.addDockWidget(area, dock)

        self._build_actions()
        self.statusBar().showMessage("N / P step through differences · 1, 2 … keep a layer · 0 none · E edit")
        self.review.errorRaised.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.review.gold.saved.connect(lambda message: self.statusBar().showMessage(message, 3000))
        self.review.currentChanged.connect(self._select_current)
        self.review.articleOpened.connect(self._select_article)
        self.difference_list.clicked.connect(lambda index: self.review.go_to(index.row()))
        self.article_table.clicked.connect(self._on_article_clicked)
        self.decision.editRequested.connect(self.edit_gold)
        self.layer_list.itemChanged.connect(self._on_layers_checked)
        self.kind_filter.currentIndexChanged.connect(self._on_filter)
        self.label_filter.currentIndexChanged.connect(self._on_filter)
        self.review.filterChanged.connect(self._apply_filter)
        self.review.articleOpened.connect(self._fill_label_filter)
        self.review.resolutionChanged.connect(self._show_left)
        self.review.refreshed.connect(self.articles.reload)
        self._fill_layers(layers)
        self._watch_team()
        self.fit_to_screen(1500, 900)
        self._poll = QTimer(self)
        self._poll.setInterval(REFRESH_INTERVAL_MS)
        self._poll.timeout.connect(self.review.refresh)  # runs while the window is shown

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._poll.stop()  # a closed window never reads a store its owner may have closed
        super().hideEvent(event)

    def _fit_legend(self) -> None:
        """The legend keeps its natural width inside its strip (which scrolls), never squeezed."""
        self.legend.setMinimumWidth(self.legend.sizeHint().width())

    def fit_to_screen(self, width: int, height: int) -> None:
        """Open at ``width`` × ``height`` or smaller: never wider or taller than the screen's free area."""
        screen = self.screen() or (self.parentWidget().screen() if self.parentWidget() else None)
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width()), min(height, free.height())
            self.move(free.topLeft())
        self.resize(width, height)

    # -- filter and count left --------------------------------------------------------------
    def _fill_label_filter(self, *_: object) -> None:
        wanted = self.label_filter.currentData()
        labels = sorted({label for d in self.review.differences for label in d.labels.values()})
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem("All labels", None)
        for label in labels:
            self.label_filter.addItem(label, label)
        self.label_filter.setCurrentIndex(max(0, self.label_filter.findData(wanted)))
        self.label_filter.blockSignals(False)
        self._apply_filter()

    def _on_filter(self, *_: object) -> None:
        kind = self.kind_filter.currentData()
        self.review.set_filter(DifferenceKind(kind) if kind else None, self.label_filter.currentData())

    def _apply_filter(self) -> None:
        for row, difference in enumerate(self.review.differences):
            self.difference_list.setRowHidden(row, not self.review.visible(difference))
        self._show_left()

    def _show_left(self, *_: object) -> None:
        shown = sum(1 for d in self.review.differences if self.review.visible(d))
        self.left_count.setText(f"{self.review.remaining()} of {shown} left")

    def _watch_team(self) -> None:
        """On a team server, colleagues' saves reach this window at once (see :class:`TeamWatch`)."""
        from ..common.team_watch import TeamWatch

        self._closed = False
        self.team_watch = TeamWatch(self.review.store, self)
        self.team_watch.layersSaved.connect(self._on_team_saved)
        self.review.articlesChanged.connect(self.articles.reload)
        self.destroyed.connect(self.team_watch.stop)

    def _on_team_saved(self, saved: object) -> None:
        # A closed window never reads a store its owner may have closed meanwhile (the watch's
        # signal can still be queued when the window closes).
        if not self._closed:
            self.review.on_saved(saved)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._closed = True
        self.team_watch.stop()
        super().closeEvent(event)

    # -- actions --------------------------------------------------------------------------
    def _build_actions(self) -> None:
        review = self.review
        specs: list[tuple[str, str, list[str], object]] = [
            ("next", "Next difference", ["N", "F8"], lambda: review.step(1)),
            ("previous", "Previous difference", ["P", "Shift+F8"], lambda: review.step(-1)),
            ("none", "Keep none", ["0"], lambda: review.decide(0)),
            ("edit", "Edit gold here…", ["E"], self.edit_gold),
        ]
        specs += [
            (f"keep{n}", f"Keep layer {n}", [str(n)], lambda _checked=False, n=n: review.decide(n))
            for n in range(1, MAX_CHOICE_KEYS + 1)
        ]
        for n in range(MAX_CHOICE_KEYS + 1):
            specs.append((f"all_like{n}", f"Keep layer {n} for all remaining of this label" if n else
                          "Keep none for all remaining of this label", [f"Ctrl+{n}"],
                          lambda _checked=False, n=n: review.decide_all(n, by_label=True, by_kind=True)))
            specs.append((f"all_kind{n}", f"Keep layer {n} for all remaining of this kind" if n else
                          "Keep none for all remaining of this kind", [f"Alt+{n}"],
                          lambda _checked=False, n=n: review.decide_all(n, by_label=False, by_kind=True)))
        for action_id, text, keys, handler in specs:
            action = QAction(text, self)
            action.setObjectName(f"review-{action_id}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
            self.actions[action_id] = action
        undo = review.gold.undo_group.createUndoAction(self, "Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = review.gold.undo_group.createRedoAction(self, "Redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        for action_id, action in (("undo", undo), ("redo", redo)):
            self.addAction(action)
            self.actions[action_id] = action
        advance = QAction("Go to the next difference after a decision", self, checkable=True, checked=True)
        advance.toggled.connect(lambda on: setattr(review, "auto_advance", on))
        self.actions["auto_advance"] = advance
        menu = self.menuBar().addMenu("&Review")
        for action_id in ("next", "previous", "keep1", "keep2", "none", "all_like1", "all_like2", "all_kind1",
                          "all_kind2", "edit", "undo", "redo", "auto_advance"):
            menu.addAction(self.actions[action_id])
        dashboard = menu.addAction("Agreement dashboard…")
        dashboard.triggered.connect(self.open_dashboard)
        self.actions["dashboard"] = dashboard

    # -- layers and articles --------------------------------------------------------------
    def _fill_layers(self, preselect: Sequence[str] | None) -> None:
        available = self.review.available_layers()
        chosen = list(preselect) if preselect is not None else available[:2]
        self.layer_list.blockSignals(True)
        for name in available:
            item = QListWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.layer_list.addItem(item)
        self.layer_list.blockSignals(False)
        self._on_layers_checked()

    def set_layer_checked(self, name: str, checked: bool) -> None:
        """Tick or untick a layer in the list, as the reviewer would."""
        for item in self.layer_list.findItems(name, Qt.MatchFlag.MatchExactly):
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_layers(self) -> list[str]:
        items = (self.layer_list.item(n) for n in range(self.layer_list.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def _on_layers_checked(self, _item: object = None) -> None:
        names = self.checked_layers()
        self.review.set_layers(names if len(names) >= 2 else [])
        if len(names) < 2:
            self.statusBar().showMessage("Pick at least two layers to compare")
        elif self.review.article_id is None and self.articles.rowCount():
            self.review.open_article(self.articles.article_ids()[0])

    def _on_article_clicked(self, index: QModelIndex) -> None:
        article_id = self.articles.data(index, ArticleIdRole)
        if isinstance(article_id, str) and article_id != self.review.article_id:
            self.review.open_article(article_id)

    def _select_article(self, article_id: str) -> None:
        title = self.review.store.article(article_id).title or article_id
        self.heading.setText(f"{title}  ({' / '.join(self.review.layers)} → gold)")
        ids = self.articles.article_ids()
        if article_id in ids:
            self.article_table.selectRow(ids.index(article_id))

    def _select_current(self, index: int) -> None:
        if index < 0:
            self.difference_list.clearSelection()
            return
        model_index = self.differences.index(index)
        self.difference_list.selectionModel().setCurrentIndex(
            model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.difference_list.scrollTo(model_index)

    # -- editing and the dashboard ----------------------------------------------------------
    def edit_gold(self) -> GoldSpanEditor | None:
        """Open the small gold editor at the current difference (non-modal; returned for tests)."""
        if self.review.current is None:
            return None
        editor = GoldSpanEditor(self.review, self)
        editor.setModal(True)
        editor.show()
        return editor

    def open_dashboard(self) -> QWidget:
        from .review_dashboard import ReviewDashboard

        dashboard = ReviewDashboard(self.review.store, list(self.review.layers), self)
        dashboard.setWindowFlag(Qt.WindowType.Window, True)
        dashboard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dashboard.show()
        return dashboard


def open_review(main_window: WorkspaceHost) -> ReviewWindow:
    """Open the review window on the main window's project, the reviewer being its annotator.

    Meant for a menu action (e.g. "Article ▸ Review colleagues' labels…"); the window is kept
    as a child of the main window and shown.
    """
    open_now = [w for w in main_window.findChildren(ReviewWindow) if w.isVisible()]
    if open_now:  # one review per project window: bring it forward
        open_now[0].raise_()
        open_now[0].activateWindow()
        return open_now[0]
    window = ReviewWindow(main_window.store, main_window.session.annotator, parent=main_window)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    main_window.session.saved.connect(window.review.refresh)  # edits in the main window show at once
    window.show()
    window.fit_to_screen(window.width(), window.height())
    return window
