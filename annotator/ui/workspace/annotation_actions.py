"""AnnotationActions: the keyboard and menu gestures on the article view, turned into commands.

Every gesture builds a command with explicit ids and values and hands it to
``UiSession.perform``; nothing here changes state directly. Refusals (nothing selected, a span that
would vanish) go to ``UiSession.report_error`` so that they reach the status bar.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from ...domain import Origin, Span
from ...domain.quote_kind import guess_quote_kind, trim_quote
from ...editing import (
    AcceptAll,
    AcceptSuggestion,
    AddSpan,
    Command,
    Macro,
    RejectSuggestion,
    RelabelSpan,
    RemoveSpan,
    ResizeSpan,
    SetSpanAttrs,
)
from ...editing.suggestions import accepted_span_id
from .article_view import ArticleView
from .marks import Mark, parse_ref, step
from .session import UiSession
from .shortcuts import VIEW_ACTIONS, ShortcutSpec, label_shortcuts


def make_action(parent: QObject, spec: ShortcutSpec) -> QAction:
    """A ``QAction`` from a shortcut spec (object name ``action-<id>`` so that tests and settings find it)."""
    action = QAction(spec.text, parent)
    action.setObjectName(f"action-{spec.id}")
    action.setShortcuts([QKeySequence(k) for k in spec.keys])
    action.setToolTip(spec.tip or spec.text)
    action.setStatusTip(spec.tip)
    action.setProperty("group", spec.group)
    return action


class AnnotationActions(QObject):
    """The editing actions of the article view: labels, delete, resize, walk, accept and reject."""

    charModeChanged = Signal(bool)

    def __init__(self, session: UiSession, view: ArticleView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.view = view
        self.actions: dict[str, QAction] = {}
        handlers = {
            "delete": self.delete_selected,
            "grow_start": lambda: self.nudge("start", grow=True),
            "shrink_start": lambda: self.nudge("start", grow=False),
            "grow_end": lambda: self.nudge("end", grow=True),
            "shrink_end": lambda: self.nudge("end", grow=False),
            "clear": self.clear_selection,
            "next_span": lambda: self.walk(forward=True),
            "previous_span": lambda: self.walk(forward=False),
            "next_quote": lambda: self.walk(forward=True, kind="quote"),
            "previous_quote": lambda: self.walk(forward=False, kind="quote"),
            "next_suggestion": lambda: self.walk(forward=True, kind="suggestion"),
            "previous_suggestion": lambda: self.walk(forward=False, kind="suggestion"),
            "accept": self.accept_selected,
            "reject": self.reject_selected,
        }
        for spec in label_shortcuts(session.scheme):
            label = spec.id.split(":", 1)[1]
            self._add(spec).triggered.connect(lambda _=False, name=label: self.apply_label(name))
        for spec in VIEW_ACTIONS:
            action = self._add(spec)
            if spec.id == "char_mode":
                action.setCheckable(True)
                action.toggled.connect(self.charModeChanged.emit)
            else:
                action.triggered.connect(handlers[spec.id])

    def _add(self, spec: ShortcutSpec) -> QAction:
        action = make_action(self.view, spec)
        # Active only while the text has the focus: typing in the search box must not label anything.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(action)
        self.actions[spec.id] = action
        return action

    @property
    def char_mode(self) -> bool:
        """True when selections are taken character by character instead of snapping to words."""
        return self.actions["char_mode"].isChecked()

    # -- helpers --------------------------------------------------------------------------
    def _selected(self) -> Mark | None:
        return self.view.mark(self.session.selected_span) if self.session.selected_span else None

    def _own_span(self, mark: Mark) -> tuple[tuple[Command, ...], str]:
        """Commands that make ``mark`` an own span (accepting a suggestion), and that span's id."""
        if not mark.suggestion:
            return (), mark.span.id
        editing = self.session.editing
        assert editing is not None
        _, suggestion_id = parse_ref(mark.ref)
        # The id the accepted span gets, without applying the command twice (a whole layer each time).
        own_id = accepted_span_id(editing.state, mark.span)
        accept = AcceptSuggestion(suggestion_id)
        return (accept,), own_id

    def _perform(self, name: str, commands: tuple[Command, ...], select: str | None = None) -> bool:
        if not commands:
            return False
        return self.session.perform(commands[0] if len(commands) == 1 else Macro(name, commands), select=select)

    def _next_suggestion_after(self, position: int, skip: frozenset[str] = frozenset()) -> str:
        marks = self.view.marks  # in reading order: start the walk at ``position``
        lo, hi = 0, len(marks)
        while lo < hi:
            mid = (lo + hi) // 2
            if marks[mid].start < position:
                lo = mid + 1
            else:
                hi = mid
        for m in itertools.chain(marks[lo:], marks[:lo]):
            if m.suggestion and m.ref not in skip:
                return m.ref
        return ""

    # -- gestures -------------------------------------------------------------------------
    def apply_label(self, label: str) -> None:
        """Mark the text selection with ``label`` (snapped to words), else relabel the selected span."""
        editing = self.session.editing
        if editing is None:
            self.session.report_error("Open an article first")
            return
        selection = self.view.selected_range()
        if selection is not None:
            bounds = (self.view.tokens.trim if self.char_mode else self.view.tokens.snap)(*selection)
            if bounds is None:
                self.session.report_error("The selection holds no word to label")
                return
            start, end = bounds
            if label == "QUOTE":  # the guidelines: quotation marks are not part of the quote
                start, end = trim_quote(editing.article.text, start, end)
            attrs = {"kind": guess_quote_kind(editing.article.text, start, end)} if label == "QUOTE" else {}
            span = Span(editing.state.new_span_id("s"), start, end, label, Origin.HUMAN, attrs)
            if self.session.perform(AddSpan(span), select=span.id):
                self.view.clear_text_selection()
            return
        mark = self._selected()
        if mark is None:
            self.session.report_error("Select some text (mouse or Shift+arrows) or a span (Tab) first")
            return
        if mark.label == label and not mark.suggestion:
            return
        prefix, own_id = self._own_span(mark)
        commands: tuple[Command, ...] = prefix
        if mark.label != label:
            commands += (RelabelSpan(own_id, label),)
            if label == "QUOTE":
                kind = guess_quote_kind(editing.article.text, mark.start, mark.end)
                commands += (SetSpanAttrs(own_id, {"kind": kind}, "Set quote kind"),)
        if self._perform(f"Relabel as {label}", commands):
            self.session.select(own_id)

    def delete_selected(self) -> None:
        """Delete the selected own span; on a suggestion, reject it."""
        mark = self._selected()
        if mark is None:
            self.session.report_error("Select a span first (click it or press Tab)")
            return
        if mark.suggestion:
            self.reject_selected()
            return
        self.session.perform(RemoveSpan(mark.span.id))

    def nudge(self, edge: str, grow: bool) -> None:
        """Move the selected span's start or end by one word (one undo step for repeated nudges)."""
        mark = self._selected()
        if mark is None:
            self.session.report_error("Select a span first (click it or press Tab)")
            return
        bounds = (
            self._nudge_char(mark, edge, grow) if self.char_mode else self.view.tokens.nudge(mark.start, mark.end, edge, grow)
        )
        if bounds is None:
            self.session.report_error("The span cannot move further that way")
            return
        prefix, own_id = self._own_span(mark)
        if self._perform("Resize span", prefix + (ResizeSpan(own_id, *bounds),)):
            self.session.select(own_id)

    def _nudge_char(self, mark: Mark, edge: str, grow: bool) -> tuple[int, int] | None:
        start, end = mark.start, mark.end
        if edge == "start":
            start += -1 if grow else 1
        else:
            end += 1 if grow else -1
        return (start, end) if 0 <= start < end <= len(self.view.text) else None

    def walk(self, forward: bool, kind: str = "") -> None:
        """Select the next (previous) span or suggestion in reading order; ``kind`` "quote" walks only
        quotes (own and suggested), "suggestion" only pending suggestions."""
        marks = self.view.marks
        if kind == "quote":
            marks = [m for m in marks if m.label == "QUOTE"]
        elif kind == "suggestion":
            marks = [m for m in marks if m.suggestion]
        current = self._selected()
        # From a span of another kind, start beside it: after its start going on, before it going back.
        position = (current.start + (1 if forward else 0)) if current is not None else self.view.cursor_position()
        target = step(marks, self.session.selected_span, position, forward)
        if target is None:
            self.session.report_error(
                {"quote": "This article has no quotes yet", "suggestion": "No suggestions are pending in this article"}.get(
                    kind, "This article has no spans or suggestions yet"
                )
            )
            return
        self.view.clear_text_selection()
        self.session.select(target.ref)

    def accept_selected(self) -> None:
        """Accept the selected suggestion; the accepted span stays selected, so that the next key
        (a stance, a speaker) lands on it. Moving on is its own key (next suggestion)."""
        mark = self._selected()
        if mark is None or not mark.suggestion:
            nxt = self._next_suggestion_after(mark.end if mark else self.view.cursor_position())
            if nxt:
                self.session.select(nxt)
            else:
                self.session.report_error("No suggestion is selected")
            return
        prefix, own_id = self._own_span(mark)
        self.session.perform(prefix[0], select=own_id)

    def reject_selected(self) -> None:
        """Reject the selected suggestion (delete an own span) and move on to the next suggestion."""
        mark = self._selected()
        if mark is None:
            self.session.report_error("Select a suggestion first (Tab)")
            return
        if not mark.suggestion:
            self.session.perform(RemoveSpan(mark.span.id))
            return
        _, suggestion_id = parse_ref(mark.ref)
        if self.session.perform(RejectSuggestion(suggestion_id)):
            self.session.select(self._next_suggestion_after(mark.start))

    def accept_all(self) -> None:
        """Accept every pending suggestion of the article as one undo step."""
        editing = self.session.editing
        if editing is None or not editing.pending_suggestions():
            self.session.report_error("No suggestions left to accept in this article")
            return
        self.session.perform(AcceptAll())

    def clear_selection(self) -> None:
        self.view.clear_text_selection()
        self.session.select("")
