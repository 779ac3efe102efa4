"""ArticleView: the article's text, read-only, with the annotations drawn over it.

Highlights are ``QPlainTextEdit`` extra selections, so the document (and its undo history) is never
touched, and the text is always plain text. The view renders from the session's state on every
``changed`` and never writes anything back: gestures become commands elsewhere
(:mod:`annotator.ui.annotation_actions`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ..domain import Annotations
from .marks import Mark, build_marks, marks_at
from .offsets import OffsetMap, display_text
from .session import UiSession
from .style import FormatCache, article_font
from .tokens import TokenBounds

_SelectionKey = tuple[str, int, int, str, bool, bool, bool]


class ArticleView(QPlainTextEdit):
    """Shows the current article of ``session`` with its spans and pending suggestions.

    ``rendered`` is emitted each time the highlights have been rebuilt from state.
    """

    rendered = Signal()

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFont(article_font())
        self.document().setDocumentMargin(18)
        self.setCenterOnScroll(False)
        self._session = session
        self._formats = FormatCache(session.scheme)
        self._text = ""
        self._offsets = OffsetMap("")
        self._tokens = TokenBounds("")
        self._marks: list[Mark] = []
        self._by_ref: dict[str, Mark] = {}
        self._selection_cache: dict[_SelectionKey, QTextEdit.ExtraSelection] = {}
        session.articleOpened.connect(self._load)
        session.changed.connect(self._on_changed)
        session.selectionChanged.connect(self._on_selection_changed)

    # -- public state ---------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The article text in code points (as stored)."""
        return self._text

    @property
    def offsets(self) -> OffsetMap:
        return self._offsets

    @property
    def tokens(self) -> TokenBounds:
        return self._tokens

    @property
    def marks(self) -> list[Mark]:
        """What is drawn: own spans and pending suggestions in reading order."""
        return self._marks

    def mark(self, ref: str) -> Mark | None:
        return self._by_ref.get(ref)

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection as a code point range, or ``None`` when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._offsets.range_to_code_points(cursor.selectionStart(), cursor.selectionEnd())

    def cursor_position(self) -> int:
        """The text cursor's position in code points."""
        return self._offsets.to_code_point(self.textCursor().position())

    def select_text(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points), as a mouse drag would."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_text_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def position_at(self, point: QPoint) -> int:
        """The code point under a viewport position."""
        return self._offsets.to_code_point(self.cursorForPosition(point).position())

    # -- rendering ------------------------------------------------------------------------
    def _load(self, article_id: str) -> None:
        editing = self._session.editing
        if editing is None:
            return
        self._text = editing.article.text
        self._offsets = OffsetMap(self._text)
        self._tokens = TokenBounds(self._text)
        self._selection_cache.clear()
        self._marks = []
        self._by_ref = {}
        self.setExtraSelections([])
        self.setPlainText(display_text(self._text))

    def _on_changed(self, state: Annotations) -> None:
        self.render()

    def render(self) -> None:
        """Rebuild the highlights from the session's state (cheap: formats and selections are cached)."""
        editing = self._session.editing
        if editing is None:
            return
        self._marks = build_marks(editing.state, editing.pending_suggestions())
        self._by_ref = {m.ref: m for m in self._marks}
        if self._session.selected_span and self._session.selected_span not in self._by_ref:
            self._session.select("")  # the span is gone (undone, deleted, accepted)
            return  # select() re-renders through selectionChanged
        self._apply_highlights()

    def _apply_highlights(self) -> None:
        selected = self._session.selected_span
        # Paint order: quotes first, then longer marks before the shorter ones nested in them,
        # the selected span last so that nothing covers it.
        ordered = sorted(
            self._marks,
            key=lambda m: (m.ref == selected, m.label != "QUOTE", -(m.end - m.start)),
        )
        cache = self._selection_cache
        extra: list[QTextEdit.ExtraSelection] = []
        for m in ordered:
            is_selected = m.ref == selected
            key = (m.ref, m.start, m.end, m.label, m.suggestion, m.in_quote, is_selected)
            selection = cache.get(key)
            if selection is None:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.document())
                cursor.setPosition(self._offsets.to_utf16(m.start))
                cursor.setPosition(self._offsets.to_utf16(m.end), QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = self._formats.format(m.label, m.suggestion, m.in_quote, is_selected)
                cache[key] = selection
            extra.append(selection)
        if len(cache) > 4 * len(extra) + 256:  # drop selections of spans long gone
            live = {(m.ref, m.start, m.end, m.label, m.suggestion, m.in_quote, m.ref == selected) for m in ordered}
            for stale in [k for k in cache if k not in live]:
                del cache[stale]
        self.setExtraSelections(extra)
        self.rendered.emit()

    def _on_selection_changed(self, ref: str) -> None:
        self._apply_highlights()
        mark = self._by_ref.get(ref)
        if mark is not None and not self.textCursor().hasSelection():
            self.scroll_to(mark.start)

    def scroll_to(self, position: int) -> None:
        """Put the text cursor at ``position`` (code points) and scroll it into view."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_utf16(position))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- mouse and tooltips ---------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        hits = marks_at(self._marks, self.position_at(event.position().toPoint()))
        if not hits:
            self._session.select("")
            return
        refs = [m.ref for m in hits]
        current = self._session.selected_span
        # A second click on the same place selects the next mark out (entity -> its quote).
        ref = refs[(refs.index(current) + 1) % len(refs)] if current in refs else refs[0]
        self._session.select(ref)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            hits = marks_at(self._marks, self.position_at(point)) if self._text else []
            if hits:
                QToolTip.showText(event.globalPos(), self._tooltip(hits), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _tooltip(self, hits: list[Mark]) -> str:
        """One line per mark under the mouse. Escaped: article text is never rich text."""
        lines = []
        for m in hits:
            origin = f"suggestion from {m.span.attrs.get('model', 'the model')}" if m.suggestion else "yours"
            kind = f", {m.span.attrs['kind']}" if "kind" in m.span.attrs else ""
            excerpt = self._text[m.start : m.end]
            excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "…"
            lines.append(f"<b>{html.escape(m.label)}</b>{html.escape(kind)} ({html.escape(origin)}): "
                         f"{html.escape(excerpt)}")
        return "<br>".join(lines)
