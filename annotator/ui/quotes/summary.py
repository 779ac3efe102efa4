"""The article summary: a who-said-what table and the stance picture, re-rendered on every change.

Reads the annotator's own layer only (suggestions are not claims yet). Actors that carry a
stance without a quote ("Other Democrats ... call for his resignation") are listed with zero quotes.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import Annotations, Relation, Verdict, suggestion_key
from ...domain.names import NAME_LABELS, canonical_name, contains_name, name_counts, roll_name_counts
from ...review.quote_rows import SpeakerRow, StanceEdge
from ...review.speaker_tally import SpeakerTally
from ...services.editing_session import EditingSession
from ..workspace.session import UiSession
from .stance_graph import StanceGraph

ModelIndex = QModelIndex | QPersistentModelIndex
SUMMARY_COLUMNS = ("Speaker", "Quotes", "Stances")
#: Rows of the who-said-what table always in view, however small the dock (the rest scrolls).
MIN_VISIBLE_ROWS = 4
#: Rows of the stance picture always in view (with its legend; more scroll).
MIN_PICTURE_ROWS = 4


class SpeakerTableModel(QAbstractTableModel):
    """One row per speaker of the article: name, number of quotes, stances taken."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SpeakerRow] = []

    def set_rows(self, rows: list[SpeakerRow]) -> None:
        """Show ``rows``: only the rows that differ are announced, as removed, inserted or changed rows
        (speakers are the rows' keys), never a reset: a reset lays out and repaints the whole table."""
        old = list(self.rows)
        matcher = SequenceMatcher(None, [r.speaker for r in old], [r.speaker for r in rows], autojunk=False)
        changed: list[int] = []
        # From the end, so that the rows before each step keep their numbers.
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                changed += [j1 + k for k in range(i2 - i1) if old[i1 + k] != rows[j1 + k]]
                continue
            if i2 > i1:
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self.rows[i1:i2]
                self.endRemoveRows()
            if j2 > j1:
                self.beginInsertRows(QModelIndex(), i1, i1 + j2 - j1 - 1)
                self.rows[i1:i1] = rows[j1:j2]
                self.endInsertRows()
        self.rows = rows  # equal by now, row for row; the new values themselves
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(SUMMARY_COLUMNS) - 1))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(SUMMARY_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(SUMMARY_COLUMNS):
            return SUMMARY_COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.speaker, row.quotes, row.stance_text())[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SummaryPanel(QWidget):
    """Who said what in the current article, with the stance picture and "Save picture…".

    ``speakerClicked(name)`` follows a click on a speaker's row (the quotes panel then shows only
    that speaker's quotes, see :class:`~annotator.ui.quotes.speaker_filter.SpeakerFilter`).
    """

    speakerClicked = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = SpeakerTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setMinimumHeight(self.rows_height(MIN_VISIBLE_ROWS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setToolTip("Click a speaker to see only their quotes in the quotes panel; click again for all")
        self.table.clicked.connect(self._on_clicked)
        # From the keyboard as with the mouse: Enter or Space on a speaker (here, not the text's Enter).
        choose = QAction("Show this speaker's quotes", self.table)
        choose.setObjectName("summary-filter")
        choose.setShortcuts([QKeySequence(k) for k in ("Return", "Enter", "Space")])
        choose.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        choose.triggered.connect(lambda _=False: self._on_clicked(self.table.currentIndex()))
        self.table.addAction(choose)
        # Names and stances share the dock's width (full text in the tooltip): no sideways scrolling,
        # which in a narrow dock hid the stances and took a row's height.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.graph = StanceGraph(session.scheme)
        self.save_button = QPushButton("Save picture…")
        self.save_button.clicked.connect(self.ask_save)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.graph)
        # Room for the rows and for a sideways scroll bar (the picture is wider than a narrow dock).
        scroller.setMinimumHeight(StanceGraph.height_for(MIN_PICTURE_ROWS) + 2 * scroller.frameWidth()
                                  + scroller.horizontalScrollBar().sizeHint().height())
        self.picture = scroller
        splitter.addWidget(scroller)
        splitter.setChildrenCollapsible(False)  # neither part can be dragged away to nothing
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)  # the rest shared: the table shows more speakers, the picture scrolls
        self.splitter = splitter
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        layout.addLayout(buttons)
        #: Set when a change arrived while the panel was hidden: it is redrawn when shown.
        self.stale = False
        self._seen: tuple[Annotations, Annotations] | None = None
        self._targets: set[str] = set()
        self._counts: tuple[Annotations, Annotations, Counter[str]] | None = None
        self._was_shown = False  # a panel never shown (tests, start-up) follows every change
        #: Who-said-what of the open article, rolled forward over each edit (not recomputed per key).
        self._tally: tuple[EditingSession, SpeakerTally] | None = None
        self._canonical: tuple[dict[str, str], Counter[str]] = ({}, Counter())
        session.changed.connect(self._on_changed)
        session.articleOpened.connect(self._on_changed)
        self.refresh()

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.model.rows):
            self.speakerClicked.emit(self.model.rows[index.row()].speaker)

    def show_speaker(self, name: str) -> None:
        """Select the row of ``name`` (the speaker the quotes panel is filtered to), or none for ""."""
        row = next((i for i, r in enumerate(self.model.rows) if name and r.speaker == name), -1)
        if row < 0:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)

    def rows_height(self, rows: int) -> int:
        """The table's height that shows its header and ``rows`` rows."""
        header = self.table.horizontalHeader().sizeHint().height()
        frame = 2 * self.table.frameWidth()
        return header + rows * self.table.verticalHeader().defaultSectionSize() + frame

    def visible_rows(self) -> int:
        """How many whole rows the table has room for at its current height."""
        return self.table.viewport().height() // self.table.verticalHeader().defaultSectionSize()

    def _on_changed(self, *_: object) -> None:
        if not (self.isVisible() or not self._was_shown):
            self.stale = True
            return
        before = self._seen[0] if self._seen is not None else None
        if self._unaffected():
            self._name_counts(before, count=False)  # kept in step when cheap: the next refresh need not count
            editing = self.session.editing
            if editing is not None and self._tally is not None and self._tally[0] is editing:
                self._tally[1].advance(editing.last_before, editing.last_change, editing.state)  # a few spans
        else:
            self.refresh(before=before)

    def _name_counts(self, before: Annotations | None, *, count: bool = True) -> Counter[str] | None:
        """The article's name counts (:func:`name_counts`), rolled forward from those of ``before`` when
        the session's last change went from there and left the suggestions as they were (a stance, a
        link, most keys); counted afresh otherwise, or with ``count`` false forgotten (``None``)."""
        editing, change, cached = self.session.editing, self.session.last_change, self._counts
        assert editing is not None
        state, model = editing.state, editing.model
        if cached is not None and cached[0] is state and cached[1] is model:
            return cached[2]
        text = editing.article.text
        if (cached is not None and before is not None and cached[0] is before and cached[1] is model
                and change is not None and not change.upsert_decisions and not change.delete_decisions):
            counts = roll_name_counts(cached[2], text, before, state, change.touched)
        elif count:
            counts = name_counts(text, state, editing.pending_suggestions())
        else:
            self._counts = None
            return None
        self._counts = (state, model, counts)
        return counts

    def _unaffected(self) -> bool:
        """Whether the session's last change leaves the summary as it is (then nothing is recomputed).

        The summary reads quotes and spans with a stance, what they link to, and the names that
        could be the long form of a target; an edit of any other span (most keys) changes nothing.
        """
        editing, change, seen = self.session.editing, self.session.last_change, self._seen
        if editing is None or change is None or seen is None or seen[1] is not editing.model:
            return False
        if change.delete_decisions or any(v is not Verdict.ACCEPTED for _, v in change.upsert_decisions):
            return False  # a rejected suggestion's name no longer counts
        before, after = seen[0], editing.state
        deleted = set(change.delete_relations)
        gone = [r for r in before.relations if r.id in deleted] if deleted else []
        for relation in (*change.upsert_relations, *gone):
            if not self._link_unseen(relation, before, after):
                return False
        text = editing.article.text
        # An accepted suggestion was counted among the names while pending; it still is, as one's own.
        accepted = {key for key, verdict in change.upsert_decisions if verdict is Verdict.ACCEPTED}
        for span_id in change.touched:
            for layer in (before, after):
                span = layer.get_span(span_id)
                if span is None:
                    continue
                if span.label == "QUOTE" or layer.relations_from(span_id) or "stance" in span.attrs:
                    return False  # an actor
                if not all(self._link_unseen(r, before, after) for r in layer.relations_to(span_id)):
                    return False  # what an actor's row shows: its speaker or target
                if span.label in NAME_LABELS and not (suggestion_key(span) in accepted
                                                      and not before.has_span(span_id)):
                    # A longer form of a target may become its name in the picture (canonical_name); the
                    # count of the target's own form never matters.
                    name = " ".join(text[span.start:span.end].split())  # as the name counts have it
                    if any(name != target and contains_name(name, target) for target in self._targets):
                        return False
        self._seen = (after, editing.model)
        return True

    @staticmethod
    def _link_unseen(relation: Relation, before: Annotations, after: Annotations) -> bool:
        """Whether the summary ignores ``relation``: a cue, or the speaker mention of a quote whose
        speaker name is set (the summary shows the name, not the mention)."""
        if relation.label == "CUE":
            return True
        if relation.label != "SPEAKER":
            return False
        quotes = (before.get_span(relation.head), after.get_span(relation.head))
        return all(q is not None and q.label == "QUOTE" and q.attrs.get("speaker_name") for q in quotes)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._was_shown = True
        if self.stale:
            self.refresh()

    def refresh(self, *_: object, before: Annotations | None = None) -> None:
        """Rebuild the table and the picture from the session's state (each redrawn only when it differs)."""
        self.stale = False
        editing = self.session.editing
        if editing is None:
            self.model.set_rows([])
            self.graph.set_edges([])
            return
        text = editing.article.text
        self._seen = (editing.state, editing.model)
        if self._tally is None or self._tally[0] is not editing:
            self._tally = (editing, SpeakerTally(text, editing.state))
        tally = self._tally[1]
        tally.advance(editing.last_before, editing.last_change, editing.state)
        rows, edges = tally.summary()
        self._targets = {" ".join(e.target.split()) for e in edges}
        # "Sessions" and "Jeff Sessions" are one target in the picture: use the longest known form.
        counts = self._name_counts(before)
        assert counts is not None
        names = self._canonical_names({e.target for e in edges}, counts)
        edges = [StanceEdge(e.source, names[e.target], e.stance) for e in edges]
        self.model.set_rows(rows)
        if edges != self.graph.edges:
            self.graph.set_edges(edges)

    def _canonical_names(self, targets: set[str], counts: Counter[str]) -> dict[str, str]:
        """:func:`canonical_name` of each target; those of the last refresh kept while the name counts
        are equal (most keys: comparing the counts costs far less than a search per target)."""
        known, seen_counts = self._canonical
        if seen_counts != counts:
            known = {}
            self._canonical = (known, Counter(counts))
        for target in targets - known.keys():
            known[target] = canonical_name(target, counts)
        return {t: known[t] for t in targets}

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save stance picture", "stances.png", "PNG image (*.png)")
        if path:
            self.graph.save_png(path)
