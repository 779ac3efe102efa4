"""Accepting and rejecting the model's suggestions."""

from __future__ import annotations

import itertools
from collections.abc import Set
from dataclasses import dataclass

from ..domain import LINK_RELATIONS, Annotations, InvariantError, Relation, Span, Verdict, suggestion_key
from .command import EditContext
from .spans import _started, own_span_id


def _model(ctx: EditContext) -> Annotations:
    if ctx.model is None:
        raise InvariantError("there are no suggestions for this article")
    return ctx.model


#: Relations that link a quote's parts; every other relation of a quote points at its stance's target
#: (the domain's one rule, :func:`annotator.domain.is_target_relation`).
STRUCTURAL = LINK_RELATIONS


class _Taken:
    """Ids in use: the layer's (a read-only view, not copied) and those handed out since."""

    def __init__(self, existing: Set[str]) -> None:
        self.existing = existing
        self.added: set[str] = set()

    def fresh(self, prefix: str) -> str:
        """What :meth:`Annotations.new_span_id` would give after the ids handed out so far."""
        for n in itertools.count(len(self.existing) + len(self.added) + 1):
            candidate = f"{prefix}{n}"
            if candidate not in self.existing and candidate not in self.added:
                self.added.add(candidate)
                return candidate
        raise AssertionError("unreachable")  # pragma: no cover


def accepted_span_id(ann: Annotations, suggestion: Span) -> str:
    """The id the span accepted from ``suggestion`` has in ``ann`` after :class:`AcceptSuggestion`."""
    return own_span_id(ann, suggestion) or ann.new_span_id("s")


class _Adoption:
    """Suggestions being copied into a layer, built up in one pass and turned into one new value.

    Accepting one suggestion, or all of them, costs one walk over the layer: a command that made a
    new value per accepted span would cost the square of the article's spans (accept-all).
    """

    def __init__(self, ann: Annotations, *, many: bool = False) -> None:
        self.ann = ann
        #: The layer's spans by key, built only for many adoptions (accept-all); one accept scans.
        self.own_by_key: dict[str, str] | None = None
        if many:
            self.own_by_key = {}
            for span in ann.spans:
                self.own_by_key.setdefault(suggestion_key(span), span.id)
        self.new_by_key: dict[str, str] = {}
        self.span_ids = _Taken(ann.span_index.keys())
        self.relation_ids = _Taken({r.id for r in ann.relations} if many else set())
        self._relations_known = many
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self.decisions = dict(ann.decisions)

    def decided(self, suggestion: Span) -> bool:
        return suggestion_key(suggestion) in self.decisions

    def _own(self, suggestion: Span) -> str | None:
        key = suggestion_key(suggestion)
        if self.own_by_key is not None:
            return self.own_by_key.get(key) or self.new_by_key.get(key)
        return own_span_id(self.ann, suggestion) or self.new_by_key.get(key)

    def adopt(self, suggestion: Span) -> str:
        """Copy one suggestion into the layer (or find the annotator's equal span); returns its id there."""
        return self._adopt(suggestion, self._own(suggestion))

    def _adopt(self, suggestion: Span, known: str | None) -> str:
        """:meth:`adopt` with ``known`` the :meth:`_own` id already looked up (a scan of the layer on one accept)."""
        key = suggestion_key(suggestion)
        self.decisions.pop(key, None)
        self.decisions[key] = Verdict.ACCEPTED
        if known is not None:
            return known
        accepted = suggestion.accepted()
        new_id = self.span_ids.fresh("s")
        self.spans.append(Span(new_id, accepted.start, accepted.end, accepted.label, accepted.origin, accepted.attrs))
        self.new_by_key[key] = new_id
        return new_id

    def _linked(self, head: str, label: str) -> bool:
        """Whether ``head`` already has a link of this kind: the same label for a speaker or cue, any
        target link for a stance's target (the annotator's own link wins)."""

        def same_kind(rel: Relation) -> bool:
            return rel.label == label if label in STRUCTURAL else rel.label not in STRUCTURAL

        if any(r.head == head and same_kind(r) for r in self.relations):
            return True
        return self.ann.has_span(head) and any(same_kind(r) for r in self.ann.relations_from(head))

    def accept(self, model: Annotations, suggestion_id: str) -> None:
        """Accept a suggestion. A quote brings its speaker mention, cue, stance and target along, linked as
        the model linked them; a link or stance the annotator already set on an equal span is kept."""
        suggestion = model.span(suggestion_id)
        own_id = self._own(suggestion)
        own = self.ann.get_span(own_id) if own_id is not None else None
        own_stance = own.attrs.get("stance") if own is not None else suggestion.attrs.get("stance")
        new_id = self._adopt(suggestion, own_id)
        for rel in model.relations_from(suggestion_id):
            child = model.get_span(rel.child)
            if child is None or self._linked(new_id, rel.label):
                continue
            label = rel.label if rel.label in STRUCTURAL else str(own_stance) if own_stance else "TARGET"
            child_id = self.adopt(child)
            if not self._relations_known:
                self.relation_ids = _Taken({r.id for r in self.ann.relations})
                self._relations_known = True
            self.relations.append(Relation(self.relation_ids.fresh("r"), new_id, child_id, label))

    def result(self) -> Annotations:
        return _started(self.ann.with_added(self.spans, self.relations, self.decisions))


def accept(ann: Annotations, model: Annotations, suggestion_id: str) -> Annotations:
    """Accept a suggestion. A quote brings its speaker mention, cue, stance and target along (see
    :meth:`_Adoption.accept`)."""
    adoption = _Adoption(ann)
    adoption.accept(model, suggestion_id)
    return adoption.result()


@dataclass(frozen=True)
class AcceptSuggestion:
    suggestion_id: str

    @property
    def name(self) -> str:
        return "Accept suggestion"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        return accept(ann, _model(ctx), self.suggestion_id)


@dataclass(frozen=True)
class RejectSuggestion:
    suggestion_id: str

    @property
    def name(self) -> str:
        return "Reject suggestion"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        suggestion = _model(ctx).span(self.suggestion_id)
        return _started(ann.with_decision(suggestion_key(suggestion), Verdict.REJECTED))


@dataclass(frozen=True)
class AcceptAll:
    """Accept every pending suggestion of the article (one undo step)."""

    @property
    def name(self) -> str:
        return "Accept all suggestions"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        model = _model(ctx)
        # Quotes first, so that their speakers and cues come in linked; then whatever is left.
        pending = ann.pending(model.sorted_spans())
        pending.sort(key=lambda s: (s.label != "QUOTE", s.start, s.end))
        adoption = _Adoption(ann, many=True)
        for suggestion in pending:
            if adoption.decided(suggestion):
                continue
            adoption.accept(model, suggestion.id)
        return adoption.result()


@dataclass(frozen=True)
class RejectAll:
    """Reject every pending suggestion of the article (one undo step)."""

    @property
    def name(self) -> str:
        return "Reject all suggestions"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        decisions = dict(ann.decisions)  # one copy for all: a long article has thousands of suggestions
        for suggestion in ann.pending(_model(ctx).sorted_spans()):
            decisions[suggestion_key(suggestion)] = Verdict.REJECTED
        return _started(ann.with_decisions(decisions))
