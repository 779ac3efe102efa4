"""The quotes panel: every quote of the article in reading order, own and suggested, editable in place.

:class:`QuoteTableModel` adapts the session state (through :func:`quote_rows`) to Qt; on every
``changed`` it announces only the rows that were inserted, removed or changed (row-level signals, as
napari's item models do), so the view re-lays out only those; its ``setData`` performs the same commands as the keyboard
(:class:`QuoteEdits`), so nothing is written except through the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import Annotations, Span, affected_spans
from ...editing import AcceptSuggestion, RejectSuggestion, RemoveSpan
from ...editing.mentions import adopted_id
from ...review.quote_rows import QuoteRow, clip, quote_row, quote_rows
from ...services.editing_session import EditingSession
from ..workspace.marks import parse_ref, suggestion_ref
from ..workspace.session import UiSession
from .quote_edits import QuoteEdits
from .speaker_filter import SpeakerFilter

ModelIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("From", "Quote", "Kind", "Speaker", "Speaker name", "Cue", "Stance", "Target")
FROM, QUOTE, KIND, SPEAKER, NAME, CUE, STANCE, TARGET = range(len(COLUMNS))
EDITABLE = (KIND, NAME, STANCE)
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTION_ROLE = Qt.ItemDataRole.UserRole + 2


class QuoteTableModel(QAbstractTableModel):
    """Rows of :class:`QuoteRow` for the current article; suggestions are italic and marked "model"."""

    def __init__(self, session: UiSession, edits: QuoteEdits | None = None) -> None:
        super().__init__(session)
        self.session = session
        self.edits = edits or QuoteEdits(session)
        self.rows: list[QuoteRow] = []
        #: True while rows are being inserted or removed (the table's current row moves by itself then).
        self.applying = False
        self._article_id: str | None = None
        #: The layer and model the rows show (what the next change is measured from).
        self._seen: tuple[Annotations, Annotations] | None = None
        #: Whether the rows are shown; while not, changes only mark the model stale (see :meth:`follow`).
        self.is_shown: Callable[[], bool] = lambda: True
        self.stale = False
        session.changed.connect(self.follow)
        session.modelChanged.connect(self.follow)
        session.articleOpened.connect(self.refresh)
        self.refresh()

    def _current_rows(self) -> list[QuoteRow]:
        editing = self.session.editing
        if editing is None:
            return []
        return quote_rows(
            editing.article.text, editing.state, editing.model, editing.pending_suggestions(), self.session.scheme
        )

    def refresh(self, *_: object) -> None:
        """Rebuild every row (a new article)."""
        self.stale = False
        self.beginResetModel()
        self.rows = self._current_rows()
        self._article_id = self.session.article_id
        editing = self.session.editing
        self._seen = (editing.state, editing.model) if editing is not None else None
        self.endResetModel()

    def follow(self, *_: object) -> None:
        """Follow an edit: announce only the rows inserted, removed or changed."""
        if not self.is_shown():
            self.stale = True
            return
        if self.session.article_id != self._article_id:
            self.refresh()
            return
        self.stale = False
        editing = self.session.editing
        if editing is not None and self._follow_change(editing):
            return
        self._apply(self._current_rows())
        self._seen = (editing.state, editing.model) if editing is not None else None

    def _follow_change(self, editing: EditingSession) -> bool:
        """Redraw only the quotes the session's last change affected; False when that is not enough
        (a quote added, removed or moved, a suggestion decided: then every row is compared)."""
        change, seen = self.session.last_change, self._seen
        if change is None or seen is None or seen[1] is not editing.model or seen[0] is editing.state:
            return False
        decided = [key for key, _ in change.upsert_decisions] + list(change.delete_decisions)
        if any(key.startswith("QUOTE:") for key in decided):  # a suggested quote's row goes or comes back
            return False
        before, after = seen[0], editing.state
        quotes: set[str] = set()
        for span_id in affected_spans(change, before, after):
            old, new = before.get_span(span_id), after.get_span(span_id)
            is_quote = [s is not None and s.label == "QUOTE" for s in (old, new)]
            if is_quote[0] != is_quote[1] or (is_quote[0] and (old.start, old.end) != (new.start, new.end)):  # type: ignore[union-attr]
                return False  # a row appears, goes or moves
            if is_quote[0]:
                quotes.add(span_id)
        self._seen = (after, editing.model)
        text, last = editing.article.text, len(COLUMNS) - 1
        for span_id in quotes:
            row = self.row_of(span_id)
            fresh = quote_row(text, after, after.span(span_id), self.session.scheme)
            if row >= 0 and fresh != self.rows[row]:
                self.rows[row] = fresh
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    def _apply(self, new: list[QuoteRow]) -> None:
        """Turn the rows into ``new`` with row-level signals; while it runs, the table's current row
        moves with removed and inserted rows, which is not the user choosing a row (see ``applying``)."""
        self.applying = True
        try:
            self._apply_rows(new)
        finally:
            self.applying = False

    def _apply_rows(self, new: list[QuoteRow]) -> None:
        old = self.rows
        keys_old = [(r.span_id, r.is_suggestion) for r in old]
        keys_new = [(r.span_id, r.is_suggestion) for r in new]
        prefix = 0
        limit = min(len(old), len(new))
        while prefix < limit and keys_old[prefix] == keys_new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and keys_old[-1 - suffix] == keys_new[-1 - suffix]:
            suffix += 1
        removed, inserted = len(old) - prefix - suffix, len(new) - prefix - suffix
        if removed:
            self.beginRemoveRows(QModelIndex(), prefix, prefix + removed - 1)
            self.rows = old[:prefix] + old[len(old) - suffix :]
            self.endRemoveRows()
        if inserted:
            self.beginInsertRows(QModelIndex(), prefix, prefix + inserted - 1)
            self.rows = new[: prefix + inserted] + old[len(old) - suffix :]
            self.endInsertRows()
        self.rows = new
        kept = [*range(prefix), *range(len(new) - suffix, len(new))]
        last = len(COLUMNS) - 1
        for row in kept:
            if old[row if row < prefix else row - len(new) + len(old)] != new[row]:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def row_of(self, ref: str) -> int:
        """The row of the quote a selection ref names (``model:<id>`` for a suggestion), or -1."""
        suggestion, span_id = parse_ref(ref)
        return next((i for i, r in enumerate(self.rows) if r.span_id == span_id and r.is_suggestion == suggestion), -1)

    # -- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt's name
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return str(section + 1) if orientation == Qt.Orientation.Vertical else None

    def _cell(self, row: QuoteRow, column: int) -> str:
        values = (
            "model" if row.is_suggestion else "you",
            clip(row.text),
            row.kind,
            clip(row.speaker_mention, 30),
            row.speaker_name,
            row.cue,
            row.stance,
            clip(row.target, 30),
        )
        return values[column]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = " ".join(row.text.split())
            if not row.is_suggestion:
                return tip
            sure = f"; stance {row.stance}, confidence {row.stance_confidence:.2f}" if row.stance_confidence else ""
            return f"Suggested by the model (edit it to accept{sure}): {tip}"
        if role == Qt.ItemDataRole.FontRole and row.is_suggestion:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.is_suggestion:
            return QColor("#6c757d")
        if role == Qt.ItemDataRole.DecorationRole and column == STANCE and row.stance:
            return QColor(self.session.scheme.color_of(row.stance))  # a swatch: grey text means "suggestion"
        if role == SPAN_ID_ROLE:
            return suggestion_ref(row.span_id) if row.is_suggestion else row.span_id
        if role == SUGGESTION_ROLE:
            return row.is_suggestion
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def span_at(self, row: int) -> Span | None:
        editing = self.session.editing
        if editing is None or not (0 <= row < len(self.rows)):
            return None
        record = self.rows[row]
        layer = editing.model if record.is_suggestion else editing.state
        return layer.get_span(record.span_id)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Perform the edit as a command (undoable, saved at once); the model re-renders from ``changed``."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE:
            return False
        span = self.span_at(index.row())
        if span is None:
            return False
        text = " ".join(str(value or "").split()) or None
        if text == (self._cell(self.rows[index.row()], index.column()) or None):
            return False
        if index.column() == KIND:
            return self.edits.set_kind(text, span)
        if index.column() == STANCE:
            return self.edits.set_stance(text, span)
        return self.edits.set_speaker_name(text, span)


class _EditorDelegate(QStyledItemDelegate):
    """Combo boxes for kind and stance, a line edit with completion for the speaker name."""

    def __init__(self, model: QuoteTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:  # noqa: N802
        scheme = self.model.session.scheme
        if index.column() in (KIND, STANCE):
            combo = QComboBox(parent)
            combo.addItems(["", *(scheme.quote_kinds if index.column() == KIND else scheme.stance_labels)])
            return combo
        edit = QLineEdit(parent)
        completer = QCompleter(QStringListModel(self.model.edits.names(), edit), edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        edit.setCompleter(completer)
        return edit

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802 - Qt's name
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802 - Qt's name
        value = editor.currentText() if isinstance(editor, QComboBox) else editor.text()  # type: ignore[attr-defined]
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class QuotesPanel(QWidget):
    """The table of quotes; selecting a row selects the quote in the session (and the view emphasises it)."""

    def __init__(self, session: UiSession, edits: QuoteEdits | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = QuoteTableModel(session, edits)
        self.table = QTableView()
        self.table.setObjectName("quotesTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(_EditorDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (FROM, 50),
            (QUOTE, 290),
            (KIND, 70),
            (SPEAKER, 110),
            (NAME, 130),
            (CUE, 70),
            (STANCE, 110),
        ):
            self.table.setColumnWidth(column, width)
        #: "Showing the quotes of X · Show all quotes": set by a click in who-said-what.
        self.speaker_filter = SpeakerFilter(session, self.table, self.model, lambda: self.model.rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.speaker_filter)
        layout.addWidget(self.table)
        self._syncing = False
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._was_shown = False  # a panel never shown (tests, start-up) follows every change
        self.model.is_shown = lambda: self.isVisible() or not self._was_shown
        self.model.modelReset.connect(self._show_selection)
        self.model.rowsInserted.connect(self._show_selection)
        self.model.rowsRemoved.connect(self._show_selection)
        session.selectionChanged.connect(self._show_selection)
        # The text's accept and reject keys work on the selected row too.
        for name, keys, slot in (
            ("accept", ("Return", "Enter", "Y"), self.accept_current),
            ("reject", ("X", "Backspace", "Del"), self.reject_current),
        ):
            action = QAction(f"{name.capitalize()} the selected quote", self.table)
            action.setObjectName(f"quotes-{name}")
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _=False, run=slot: run())
            self.table.addAction(action)

    def _current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def accept_current(self) -> bool:
        """Accept the selected row's suggested quote (with its speaker, cue and stance); it stays selected."""
        editing = self.session.editing
        row = self._current_row()
        if editing is None or not (0 <= row < len(self.model.rows)) or not self.model.rows[row].is_suggestion:
            self.session.report_error("Select a suggested quote first")
            return False
        suggestion = editing.model.span(self.model.rows[row].span_id)
        return self.session.perform(AcceptSuggestion(suggestion.id), select=adopted_id(editing.state, suggestion))

    def reject_current(self) -> bool:
        """Reject the selected row's suggestion (delete an own quote); the row below is selected next."""
        editing = self.session.editing
        row = self._current_row()
        if editing is None or not (0 <= row < len(self.model.rows)):
            self.session.report_error("Select a quote first")
            return False
        record = self.model.rows[row]
        command = RejectSuggestion(record.span_id) if record.is_suggestion else RemoveSpan(record.span_id)
        following = self.model.rows[row + 1] if row + 1 < len(self.model.rows) else None
        after = (
            ""
            if following is None
            else (suggestion_ref(following.span_id) if following.is_suggestion else following.span_id)
        )
        return self.session.perform(command, select=after)

    def _row_around(self, ref: str) -> int:
        """The row of the quote a selected span (a speaker, a cue, an entity) sits in, or -1: the panel
        shows the quote the text is at."""
        editing = self.session.editing
        if editing is None or not ref:
            return -1
        suggestion, span_id = parse_ref(ref)
        span = (editing.model if suggestion else editing.state).get_span(span_id)
        if span is None:
            return -1
        return next(
            (i for i, r in enumerate(self.model.rows) if r.start <= span.start and span.end <= r.start + len(r.text)),
            -1,
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._was_shown = True
        if self.model.stale:  # changes made while hidden
            self.model.follow()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or self.model.applying or not current.isValid():
            return
        self.session.select(str(current.data(SPAN_ID_ROLE)))

    def _show_selection(self, *_: object) -> None:
        """Follow the session's selection (after a reset, or a selection made in the article view)."""
        row = self.model.row_of(self.session.selected_span)
        if row < 0:
            row = self._row_around(self.session.selected_span)
        self._syncing = True
        try:
            if row < 0:
                self.table.clearSelection()
            else:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, QUOTE))
        finally:
            self._syncing = False
