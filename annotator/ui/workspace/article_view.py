"""ArticleView: the article's text, read-only, with the annotations drawn over it.

Highlights are ``QPlainTextEdit`` extra selections, so the document (and its undo history) is never
touched, and the text is always plain text. The view renders from the session's state on every
``changed`` and never writes anything back: gestures become commands elsewhere
(:mod:`annotator.ui.workspace.annotation_actions`).
"""

from __future__ import annotations

import bisect
import html
import operator

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QHelpEvent, QMouseEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ...domain import Annotations
from ...domain.offsets import OffsetMap
from ..common.style import FormatCache, article_font
from .marks import Mark, MarkBuilder, marks_at
from .offsets import display_text
from .quote_focus import quote_focus
from .session import UiSession
from .tokens import TokenBounds

#: The least text (UTF-16 units) drawn above and below the viewport, so that short scrolls redraw nothing.
_MIN_COVER = 6000


_PAINT = operator.attrgetter("paint")


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
        self._applied_selection = ""
        self._emphasised: frozenset[str] = frozenset()
        self._applied_marks: list[Mark] | None = None
        self._by_ref: dict[str, Mark] = {}
        self._selection_cache: dict[tuple[int, int], tuple[Mark, QTextEdit.ExtraSelection]] = {}
        self._window = (0, 0)
        self._mark_builder = MarkBuilder()
        self._pending_count = 0
        self._control_focused = False  # what the text control last heard (see focusInEvent)
        self._rendered_state: Annotations | None = None
        # Made before this view listens: on each change it says what to emphasise before the view
        # draws the change, so that one pass draws both (see emphasise).
        quote_focus(session)
        session.articleOpened.connect(self._load)
        session.changed.connect(self._on_changed)
        session.selectionChanged.connect(self._on_selection_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

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

    @property
    def pending_count(self) -> int:
        """Suggestions not yet accepted or rejected (counted from the marks: no second query)."""
        return self._pending_count

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
        self._window = (0, 0)
        self.setExtraSelections([])
        self.setPlainText(display_text(self._text))

    def _on_changed(self, state: Annotations) -> None:
        self.render()

    def render(self) -> None:
        """Rebuild the highlights from the session's state (cheap: formats and selections are cached)."""
        editing = self._session.editing
        if editing is None:
            return
        self._rendered_state = editing.state
        pending = editing.pending_suggestions()
        self._pending_count = len(pending)
        self._marks = self._mark_builder.build(editing.state, pending, self._session.last_change)
        self._by_ref = self._mark_builder.by_ref
        if self._session.selected_span and self._session.selected_span not in self._by_ref:
            self._session.select("")  # the span is gone (undone, deleted, accepted)
            return  # select() re-renders through selectionChanged
        self._apply_highlights()

    def _apply_highlights(self) -> None:
        """Hand Qt the extra selections of the marks near the visible part of the text.

        Qt walks every extra selection for every painted line and measures each new one, so only
        the marks within a screen or two of the viewport are given; scrolling moves that window
        (see :meth:`_on_scrolled`). Formats and selections are cached, so this costs little.
        """
        selected = self._session.selected_span
        self._applied_selection, self._applied_marks = selected, self._marks
        low, high = self._window = self._cover_range()
        emphasised = self._emphasised
        # Marks are in reading order and no longer than the builder's bound: two bisections find those
        # of the covered window, so only they are walked, however long the article.
        marks, starts = self._marks, self._mark_builder.starts
        first = bisect.bisect_left(starts, low - self._mark_builder.max_length)
        near = [m for m in marks[first : bisect.bisect_left(starts, high)] if m.span.end > low]
        seen = {m.ref for m in near}
        for ref in (selected, *emphasised):  # drawn wherever they are
            mark = self._by_ref.get(ref)
            if mark is not None and ref not in seen:
                seen.add(ref)
                near.append(mark)
        # Paint order: quotes first, then longer marks before the shorter ones nested in them,
        # the selected span last so that nothing covers it.
        near.sort(key=_PAINT)
        chosen = [i for i, m in enumerate(near) if m.ref == selected]
        if chosen:
            near.append(near.pop(chosen[0]))
        cache = self._selection_cache
        extra: list[QTextEdit.ExtraSelection] = []
        batch = QTextCursor(self.document())
        # Inside an edit block a cursor skips computing its x position (a text layout per call):
        # ten times faster for the first render of a long article. Nothing is edited.
        batch.beginEditBlock()
        special = emphasised | {selected}
        for m in near:
            # Marks are reused while their span is (see MarkBuilder): the mark's identity and how it is
            # drawn (plain, selected, linked) name its selection, a cheap key for a dict look-up.
            look = (2 if m.ref != selected else 1) if m.ref in special else 0
            hit = cache.get((id(m), look))
            if hit is not None and hit[0] is m:
                extra.append(hit[1])
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._offsets.to_utf16(m.start))
            cursor.setPosition(self._offsets.to_utf16(m.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = self._formats.format(m.label, m.suggestion, m.in_quote, look == 1)
            if look == 2:
                selection.format = self._formats.linked(selection.format)
            cache[(id(m), look)] = (m, selection)
            extra.append(selection)
        batch.endEditBlock()
        if len(cache) > 2 * len(self._marks) + 256:  # forget selections of spans long gone
            cache.clear()
        self.setExtraSelections(extra)
        self.rendered.emit()

    def _cover_range(self) -> tuple[int, int]:
        """The code point range whose marks are drawn: the visible text and a screen above and below."""
        if not self._text:
            return 0, 0
        viewport = self.viewport()
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position()
        margin = max(bottom - top, _MIN_COVER)
        low = max(0, top - margin)
        high = min(self._offsets.length_utf16, bottom + margin)
        return self._offsets.to_code_point(low), self._offsets.to_code_point(high)

    def _on_scrolled(self, *_: object) -> None:
        if not self._marks:
            return
        viewport = self.viewport()
        top = self._offsets.to_code_point(self.cursorForPosition(QPoint(0, 0)).position())
        bottom = self._offsets.to_code_point(
            self.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1)).position()
        )
        low, high = self._window
        if (top > low or low == 0) and (bottom < high or high >= len(self._text)):
            return  # still inside the covered window
        self._apply_highlights()

    def emphasise(self, refs: tuple[str, ...]) -> None:
        """Draw these marks emphasised: the selected quote's speaker, cue and target (links shown on
        selection instead of arrows across the page)."""
        wanted = frozenset(refs)
        if wanted == self._emphasised:
            return
        drawn, marks = self._applied_selection, self._by_ref

        def shown(refs: frozenset[str]) -> frozenset[str]:  # what emphasis changes on screen
            return frozenset(r for r in refs if r != drawn and r in marks)

        looks_the_same = (  # the selected mark is drawn as selected whether emphasised or not
            self._applied_marks is self._marks
            and self._session.selected_span == drawn
            and shown(wanted) == shown(self._emphasised)
        )
        self._emphasised = wanted
        editing = self._session.editing
        if editing is not None and editing.state is not self._rendered_state:
            return  # asked during an edit, before this view has drawn it: that one pass draws the emphasis too
        if not looks_the_same:
            self._apply_highlights()

    @property
    def emphasised(self) -> frozenset[str]:
        return self._emphasised

    def _on_selection_changed(self, ref: str) -> None:
        if ref != self._applied_selection or self._applied_marks is not self._marks:
            self._apply_highlights()  # else the edit that made this selection has drawn it already
        mark = self._by_ref.get(ref)
        if mark is not None and not self.textCursor().hasSelection():
            self.scroll_to(mark.start)

    def span_rect(self, start: int, end: int) -> QRect:
        """The part of the screen (global coordinates) the text ``[start, end)`` covers, clipped to
        what is visible: what a popup must leave uncovered."""
        cursor = self.textCursor()
        rects = []
        for position in (start, end):
            cursor.setPosition(self._offsets.to_utf16(min(position, len(self.text))))
            rects.append(self.cursorRect(cursor))
        top, bottom = min(r.top() for r in rects), max(r.bottom() for r in rects)
        area = self.viewport().rect()
        if rects[0].top() != rects[1].top():  # several lines: the full width of the column
            covered = QRect(area.left(), top, area.width(), bottom - top)
        else:
            covered = QRect(rects[0].left(), top, rects[1].right() - rects[0].left(), bottom - top)
        covered = covered.intersected(area)
        return QRect(self.viewport().mapToGlobal(covered.topLeft()), covered.size())

    def scroll_to(self, position: int) -> None:
        """Put the text cursor at ``position`` (code points) and scroll it into view.

        A position off screen comes to the middle, not to the edge: walking on (Tab, accepting one
        suggestion after another) then stays on the same screen for a while instead of scrolling,
        and repainting the whole text, at every key.
        """
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_utf16(position))
        on_screen = self.viewport().rect().contains(self.cursorRect(cursor))  # asked before moving
        self.setTextCursor(cursor)
        if not on_screen:
            self.centerCursor()

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

    # -- focus ---------------------------------------------------------------------------
    # QWidget's own focus handlers repaint the whole widget (for a focus frame this view does not
    # draw): on a long article a full repaint of the text, twice per popup (L, T, C, R). A popup
    # takes the keyboard for a moment and gives it back; the text control is told neither, so it
    # keeps its focused look (caret, selection colour) while the popup is open, and nothing repaints.
    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        if event.reason() == Qt.FocusReason.PopupFocusReason:
            event.accept()
            return
        self._control_focused = False
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        if self._control_focused:  # back from a popup: the control never heard it lost the keyboard
            event.accept()
            return
        self._control_focused = True
        super().focusInEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._on_scrolled()  # a taller view may show text beyond the covered window
