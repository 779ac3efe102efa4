"""Small keyboard popups of the quote tools: pick a candidate, type a speaker name.

Both are non-modal frames that close themselves; the caller connects to ``picked`` /
``accepted`` and performs the command. No popup writes anything itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, QStringListModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...editing.candidates import Candidate


class _Popup(QFrame):
    """A frameless popup with a title line; Escape closes it. ``closed()`` as it closes."""

    closed = Signal()

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold")
        layout.addWidget(self.title)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closed.emit()
        super().closeEvent(event)

    def show_at(self, anchor: QWidget | None, avoid: QRect | None = None) -> None:
        """Show over ``anchor``; with ``avoid`` (the quote on screen), below it or above it, never over it."""
        if anchor is not None:
            centre = anchor.rect().center()
            self.move(anchor.mapToGlobal(QPoint(centre.x() - 180, centre.y() - 120)))
        if avoid is not None and not avoid.isEmpty():
            self.adjustSize()
            screen = (anchor.screen() if anchor is not None else self.screen()).availableGeometry()
            x = max(screen.left(), min(avoid.left(), screen.right() - self.width()))
            below, above = avoid.bottom() + 8, avoid.top() - 8 - self.height()
            y = below if below + self.height() <= screen.bottom() or above < screen.top() else above
            self.move(x, max(screen.top(), y))
        self.show()
        self.activateWindow()


class CandidatePopup(_Popup):
    """A short list of candidates; 1-9 picks by number, Enter picks the current row.

    With ``filterable`` a line edit above the list narrows it as one types (targets); then the
    number keys type instead of picking.
    """

    picked = Signal(object)  # Candidate

    def __init__(self, title: str, candidates: Sequence[Candidate], *, filterable: bool = False,
                 parent: QWidget | None = None,
                 more: Callable[[str], Sequence[Candidate]] | None = None) -> None:
        super().__init__(title, parent)
        self.candidates = list(candidates)
        self.more = more
        """With ``filterable``: further candidates for what was typed (new spans from the text)."""
        self._shown: list[Candidate] = []
        self.filterable = filterable
        self.list = QListWidget()
        self.list.setMinimumWidth(360)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to narrow, Enter to pick")
        self.filter.setVisible(filterable)
        self.filter.textChanged.connect(self._refill)
        for key, step in ((Qt.Key.Key_Down, 1), (Qt.Key.Key_Up, -1)):
            arrow = QShortcut(QKeySequence(key), self.filter, context=Qt.ShortcutContext.WidgetShortcut)
            arrow.activated.connect(lambda step=step: self.move_current(step))
        self.filter.returnPressed.connect(lambda: self.pick_row(max(self.list.currentRow(), 0)))
        if not filterable:  # shortcuts, because the list would eat digits for its keyboard search
            for n in range(1, 10):
                shortcut = QShortcut(QKeySequence(str(n)), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda row=n - 1: self.pick_row(row))
        self.layout().addWidget(self.filter)
        self.layout().addWidget(self.list)
        if not self.candidates:
            self.title.setText(f"{title}: nothing found nearby")
        self.list.itemActivated.connect(self._activated)
        self._refill("")
        (self.filter if filterable else self.list).setFocus()

    def _refill(self, typed: str) -> None:
        self.list.clear()
        needle = typed.strip().lower()
        number = 0
        matching = [c for c in self.candidates if not needle or needle in c.text.lower()]
        if needle and self.more is not None:
            matching += list(self.more(typed))
        self._shown = matching
        for index, cand in enumerate(matching):
            number += 1
            prefix = f"{number}  " if number <= 9 and not self.filterable else ""
            origin = " · suggested" if cand.is_suggestion else ""
            if cand.context is not None:  # tell equal names apart: whom they name, where they stand
                ctx = cand.context
                person = f" → {ctx.person}" if ctx.person != cand.text else ""
                label = (f"{prefix}{cand.text}{person}   {ctx.distance} · {cand.reason}{origin}\n"
                         f"      {ctx.snippet}")
            else:
                label = f"{prefix}{cand.text}   ({cand.mention.label}, {cand.reason}{origin})"
            item = QListWidgetItem(label)
            item.setToolTip(cand.context.snippet if cand.context is not None else cand.text)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def visible_candidates(self) -> list[Candidate]:
        """The candidates the list shows now, in order."""
        return [self._shown[self.list.item(i).data(Qt.ItemDataRole.UserRole)] for i in range(self.list.count())]

    def pick_row(self, row: int) -> None:
        item = self.list.item(row)
        if item is not None:
            self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        candidate = self._shown[item.data(Qt.ItemDataRole.UserRole)]
        self.close()
        self.picked.emit(candidate)

    def move_current(self, step: int) -> None:
        """Move the current row (Up/Down in the filter box)."""
        if self.list.count():
            self.list.setCurrentRow(min(max(self.list.currentRow() + step, 0), self.list.count() - 1))


class NamePopup(_Popup):
    """A line edit with completion over the article's names; Enter accepts, an empty text clears."""

    accepted = Signal(str)

    def __init__(self, title: str, names: Sequence[str], initial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.edit = QLineEdit(initial)
        self.edit.setMinimumWidth(320)
        self.edit.selectAll()
        completer = QCompleter(QStringListModel(list(names), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.edit.returnPressed.connect(self._accept)
        self.layout().addWidget(self.edit)
        self.edit.setFocus()

    def _accept(self) -> None:
        popup = self.edit.completer().popup()
        if popup.isVisible():
            return  # the first Enter takes the completion; the next one accepts
        text = " ".join(self.edit.text().split())
        self.close()
        self.accepted.emit(text)
