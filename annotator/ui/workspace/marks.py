"""Marks: what the article view draws, as plain records (no Qt) built from the session's state.

Like displaCy, rendering first turns the state into records, then draws only those. A mark is one of
the annotator's own spans or a pending model suggestion. Own spans and suggestions live in different
layers whose ids may collide, so a mark is named by a *ref*: the span id, or ``model:<id>`` for a
suggestion. The ref is what ``UiSession.select`` carries.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...domain import Annotations, Change, Span

SUGGESTION_PREFIX = "model:"


def suggestion_ref(span_id: str) -> str:
    return SUGGESTION_PREFIX + span_id


def parse_ref(ref: str) -> tuple[bool, str]:
    """``(is_suggestion, span_id)`` of a selection ref."""
    if ref.startswith(SUGGESTION_PREFIX):
        return True, ref[len(SUGGESTION_PREFIX) :]
    return False, ref


@dataclass(frozen=True)
class Mark:
    """One highlighted span: own or suggested, with the quote it sits in (for nested styling)."""

    ref: str
    span: Span
    suggestion: bool
    in_quote: bool = False
    order: tuple[int, int, bool, str, str] = (0, 0, False, "", "")
    """Reading order (start, longer first, own before suggested), computed once per mark."""
    paint: tuple[bool, int] = (False, 0)
    """Paint order of the article view: quotes first, then longer marks before those nested in them."""

    def __post_init__(self) -> None:
        span = self.span
        object.__setattr__(self, "paint", (span.label != "QUOTE", span.start - span.end))

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def label(self) -> str:
        return self.span.label


def build_marks(state: Annotations, pending: Iterable[Span]) -> list[Mark]:
    """Own spans and pending suggestions in reading order (start, longer first, own before suggested)."""
    return MarkBuilder().build(state, pending)


class MarkBuilder:
    """Builds the marks of successive states of one article, reusing the marks of unchanged spans.

    Spans are immutable and an edit replaces only the spans it touches, so a mark can be keyed by
    the identity of its span object: after an edit only the new spans get new marks. Given the
    edit's :class:`Change`, only the touched spans' marks are replaced (inserted in reading order),
    without walking or sorting the others; a quote added, removed or resized rebuilds all (marks inside
    it change).
    """

    def __init__(self) -> None:
        self._cache: dict[tuple[int, bool, bool], tuple[Span, Mark]] = {}
        self._state: Annotations | None = None
        self._marks: list[Mark] = []
        self._pending: dict[str, Span] = {}
        self._quote_starts: list[int] = []
        self._reach: list[int] = []
        #: Kept in step with the marks: their starts, the marks by ref, and an upper bound of their lengths.
        self.starts: list[int] = []
        self.by_ref: dict[str, Mark] = {}
        self.max_length = 0

    def _inside_quote(self, span: Span) -> bool:
        if span.label == "QUOTE" or not self._quote_starts:
            return False
        i = bisect.bisect_right(self._quote_starts, span.start) - 1
        return i >= 0 and self._reach[i] >= span.end

    def build(self, state: Annotations, pending: Iterable[Span], change: Change | None = None) -> list[Mark]:
        """The marks of ``state`` and ``pending``; ``change`` (from the previous state built) makes it incremental."""
        pending = list(pending)
        before = self._state
        if change is not None and before is not None and self._follows(change, before, state):
            self._update(change, state, pending)
        else:
            marks = self._rebuild(state, pending)
            self._marks = marks
            self.starts = [m.order[0] for m in marks]
            self.by_ref = {m.ref: m for m in marks}
            self.max_length = max((m.end - m.start for m in marks), default=0)
        self._state = state
        return list(self._marks)

    @staticmethod
    def _follows(change: Change, before: Annotations, after: Annotations) -> bool:
        """Whether the marks can be updated in place: no quote came, went or moved (which would change
        which marks sit inside a quote). A quote's link, speaker name or stance leaves its bounds."""
        for span_id in change.touched:
            old, new = before.get_span(span_id), after.get_span(span_id)
            if (old is None or old.label != "QUOTE") and (new is None or new.label != "QUOTE"):
                continue
            if old is None or new is None or (old.start, old.end, old.label) != (new.start, new.end, new.label):
                return False
        return True

    def _update(self, change: Change, state: Annotations, pending: list[Span]) -> None:
        """Replace the marks of the touched spans and of the suggestions that came or went, in place:
        each found and placed by bisection, so the cost grows with the change, not the article."""
        old_pending = self._pending
        new_pending = {s.id: s for s in pending}
        self._pending = new_pending
        drop = [ref for ref in change.touched if ref in self.by_ref]
        drop += [suggestion_ref(i) for i, s in old_pending.items() if new_pending.get(i) is not s]
        marks, starts, by_ref = self._marks, self.starts, self.by_ref
        for ref in drop:
            old = by_ref.pop(ref, None)
            if old is None:
                continue
            i = bisect.bisect_left(marks, old.order, key=_ORDER)
            while marks[i] is not old:
                i += 1
            del marks[i]
            del starts[i]
        fresh = [self._mark(s, False) for i in change.touched if (s := state.get_span(i)) is not None]
        fresh += [self._mark(s, True) for i, s in new_pending.items() if old_pending.get(i) is not s]
        for mark in fresh:
            i = bisect.bisect_right(marks, mark.order, key=_ORDER)
            marks.insert(i, mark)
            starts.insert(i, mark.start)
            by_ref[mark.ref] = mark
            self.max_length = max(self.max_length, mark.end - mark.start)

    def _mark(self, span: Span, suggestion: bool) -> Mark:
        ref = suggestion_ref(span.id) if suggestion else span.id
        return Mark(ref, span, suggestion, self._inside_quote(span), (span.start, -span.end, suggestion, span.label, ref))

    def _rebuild(self, state: Annotations, pending: list[Span]) -> list[Mark]:
        quotes = sorted((s.start, s.end) for s in state.spans if s.label == "QUOTE")
        self._quote_starts = [q[0] for q in quotes]
        # The furthest end among the quotes starting at or before each quote: one bisection per span.
        reach: list[int] = []
        for _, q_end in quotes:
            reach.append(max(q_end, reach[-1]) if reach else q_end)
        self._reach = reach
        inside_quote = self._inside_quote
        old, fresh = self._cache, {}
        marks: list[Mark] = []
        for suggestion, spans in ((False, state.spans), (True, pending)):
            for span in spans:
                in_quote = inside_quote(span)
                key = (id(span), suggestion, in_quote)
                hit = old.get(key)
                if hit is None or hit[0] is not span:
                    ref = suggestion_ref(span.id) if suggestion else span.id
                    order = (span.start, -span.end, suggestion, span.label, ref)
                    hit = (span, Mark(ref, span, suggestion, in_quote, order))
                fresh[key] = hit
                marks.append(hit[1])
        self._cache = fresh
        self._pending = {s.id: s for s in pending}
        marks.sort(key=_ORDER)
        return marks


_ORDER = operator.attrgetter("order")


def marks_at(marks: Sequence[Mark], position: int) -> list[Mark]:
    """Marks covering code point ``position``, innermost (shortest) first."""
    hits = [m for m in marks if m.start <= position < m.end]
    hits.sort(key=lambda m: (m.end - m.start, m.suggestion))
    return hits


def step(marks: Sequence[Mark], current: str, position: int, forward: bool) -> Mark | None:
    """The mark after (or before) ``current`` in reading order, wrapping around; with no current mark,
    the first one at or after (before) ``position``."""
    if not marks:
        return None
    refs = [m.ref for m in marks]
    if current in refs:
        i = refs.index(current)
        return marks[(i + (1 if forward else -1)) % len(marks)]
    starts = [m.start for m in marks]
    if forward:
        i = bisect.bisect_left(starts, position)
        return marks[i % len(marks)]
    i = bisect.bisect_left(starts, position) - 1
    return marks[i % len(marks)]
