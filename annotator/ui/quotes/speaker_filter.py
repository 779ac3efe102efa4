"""SpeakerFilter: the quotes panel shows one speaker's quotes, with a chip that says so and clears it.

Clicking a speaker in who-said-what filters the quotes panel to the quotes listed under that name
(the same name rule, :func:`annotator.review.quote_rows.row_speaker`; suggested quotes of that
speaker included); clicking the speaker again, or "Show all" on the chip, shows every quote again.
Opening another article clears it. The filter only hides table rows: the model, the selection
and every key work as before, on the rows in view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QToolButton, QWidget

from ...review.quote_rows import row_speaker
from ..workspace.session import UiSession

if TYPE_CHECKING:  # the quotes panel makes the filter
    from ...review.quote_rows import QuoteRow


class SpeakerFilter(QWidget):
    """The chip above the quotes table ("Showing the quotes of X · Show all"), hidden while no filter
    is set. ``changed(name)`` follows every change ("" when cleared)."""

    changed = Signal(str)

    def __init__(
        self,
        session: UiSession,
        table: QTableView,
        model: QAbstractItemModel,
        rows: Callable[[], Sequence[QuoteRow]],
        parent: QWidget | None = None,
    ) -> None:
        """``model`` is the table's model and ``rows()`` its rows, one per table row."""
        super().__init__(parent)
        self.setObjectName("speakerFilter")
        self._table = table
        self._rows = rows
        self._speaker = ""
        self.label = QLabel()
        self.label.setObjectName("speakerFilterLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a speaker's name is text, never markup
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("speakerFilterClear")
        self.clear_button.setText("Show all quotes")
        self.clear_button.setToolTip("Show the quotes of every speaker again (or click the speaker again)")
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.setStyleSheet("QWidget#speakerFilter { background: #fff4d6; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.hide()
        model.modelReset.connect(self.apply)
        model.rowsInserted.connect(self.apply)
        model.rowsRemoved.connect(self.apply)
        model.dataChanged.connect(self._rows_changed)
        session.articleOpened.connect(lambda _article_id: self.clear())

    @property
    def speaker(self) -> str:
        """The speaker whose quotes are shown ("" when every quote is)."""
        return self._speaker

    def set_speaker(self, name: str) -> None:
        """Show only the quotes of ``name`` ("" shows all)."""
        if name == self._speaker:
            return
        self._speaker = name
        self.setVisible(bool(name))
        self.apply()
        self.changed.emit(name)

    def toggle(self, name: str) -> None:
        """A click on a speaker: filter to them, or, when they are the filter already, show all."""
        self.set_speaker("" if name == self._speaker else name)

    def clear(self) -> None:
        self.set_speaker("")

    def shown_count(self) -> int:
        """How many rows the table shows."""
        return sum(1 for row in range(len(self._rows())) if not self._table.isRowHidden(row))

    def apply(self, *_: object) -> None:
        """Hide the rows of other speakers (or show every row when no filter is set)."""
        self._hide_rows(0, len(self._rows()) - 1)

    def _rows_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        if self._speaker:  # a speaker name edited in the panel moves the row in or out
            self._hide_rows(top.row(), bottom.row())

    def _hide_rows(self, first: int, last: int) -> None:
        rows, table, name = self._rows(), self._table, self._speaker
        for row in range(max(first, 0), min(last, len(rows) - 1) + 1):
            hidden = bool(name) and row_speaker(rows[row]) != name
            if table.isRowHidden(row) != hidden:
                table.setRowHidden(row, hidden)
        if name:
            count = self.shown_count()
            self.label.setText(f"Showing the {count} quote{'s' if count != 1 else ''} of {name}")
