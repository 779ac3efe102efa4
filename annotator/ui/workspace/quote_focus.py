"""The quote in focus: which span is selected (own or suggested), and which spans the view should emphasise.

Long-distance links (a quote and a speaker three paragraphs up) are never drawn as arrows; when a
quote is selected the article view emphasises its speaker, cue and target instead. This module
computes those ranges and announces them through :class:`QuoteFocus`, one per session.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ...domain import Span
from ...review.quote_rows import target_of
from .marks import parse_ref, suggestion_ref
from .session import UiSession


@dataclass(frozen=True)
class Emphasis:
    """A range the view should emphasise, and its role: "quote", "speaker", "cue" or "target"."""

    span_id: str
    start: int
    end: int
    role: str
    is_suggestion: bool = False


def ref_of(span: Span) -> str:
    """What ``UiSession.select`` carries for ``span`` (the article view's marks convention)."""
    return suggestion_ref(span.id) if span.is_suggestion else span.id


def selected_span(session: UiSession) -> Span | None:
    """The selected span: an own span, or a pending model suggestion (ref ``model:<id>``)."""
    editing = session.editing
    ref = session.selected_span
    if editing is None or not ref:
        return None
    is_suggestion, wanted = parse_ref(ref)
    if is_suggestion:
        return next((s for s in editing.pending_suggestions() if s.id == wanted), None)
    return editing.state.get_span(wanted)


def related_ranges(session: UiSession, span: Span) -> tuple[Emphasis, ...]:
    """The span itself plus its speaker, cue and target, from the layer the span belongs to."""
    editing = session.editing
    if editing is None:
        return ()
    layer = editing.model if span.is_suggestion else editing.state
    out = [Emphasis(ref_of(span), span.start, span.end, "quote" if span.label == "QUOTE" else "actor", span.is_suggestion)]
    for role, linked in (
        ("speaker", layer.linked(span.id, "SPEAKER")),
        ("cue", layer.linked(span.id, "CUE")),
        ("target", target_of(layer, span.id, session.scheme)),
    ):
        if linked is not None:
            out.append(Emphasis(ref_of(linked), linked.start, linked.end, role, span.is_suggestion))
    return tuple(out)


class QuoteFocus(QObject):
    """Tells views what to emphasise. ``emphasised(tuple[Emphasis, ...])`` follows selection and edits.

    Get the one of a session with :func:`quote_focus`; the article view connects to ``emphasised``.
    """

    emphasised = Signal(object)

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.setObjectName("quoteFocus")
        self.session = session
        self.current: tuple[Emphasis, ...] = ()
        session.selectionChanged.connect(self.refresh)
        session.changed.connect(self.refresh)
        session.modelChanged.connect(self.refresh)

    def refresh(self, *_: object) -> None:
        span = selected_span(self.session)
        ranges = related_ranges(self.session, span) if span is not None else ()
        if ranges != self.current:
            self.current = ranges
            self.emphasised.emit(ranges)


def quote_focus(session: UiSession) -> QuoteFocus:
    """The session's :class:`QuoteFocus`, made on first use."""
    found = session.findChild(QuoteFocus, "quoteFocus")
    return found if isinstance(found, QuoteFocus) else QuoteFocus(session)
