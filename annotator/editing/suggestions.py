"""Accepting and rejecting the model's suggestions."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain import Annotations, InvariantError, Relation, Span, Verdict, fresh_id, suggestion_key
from .command import EditContext
from .spans import _started


def _model(ctx: EditContext) -> Annotations:
    if ctx.model is None:
        raise InvariantError("there are no suggestions for this article")
    return ctx.model


class _Adoption:
    """Suggestions being copied into a layer, built up in one pass and turned into one new value.

    Accepting one suggestion, or all of them, costs one walk over the layer: a command that made a
    new value per accepted span would cost the square of the article's spans (accept-all).
    """

    def __init__(self, ann: Annotations) -> None:
        self.ann = ann
        self.own_by_key: dict[str, str] = {}
        for span in ann.spans:
            self.own_by_key.setdefault(suggestion_key(span), span.id)
        self.span_ids = set(ann.span_index)
        self.relation_ids = {r.id for r in ann.relations}
        self.links = {(r.head, r.label) for r in ann.relations}
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self.decisions = dict(ann.decisions)

    def decided(self, suggestion: Span) -> bool:
        return suggestion_key(suggestion) in self.decisions

    def adopt(self, suggestion: Span) -> str:
        """Copy one suggestion into the layer (or find the annotator's equal span); returns its id there."""
        key = suggestion_key(suggestion)
        self.decisions.pop(key, None)
        self.decisions[key] = Verdict.ACCEPTED
        known = self.own_by_key.get(key)
        if known is not None:
            return known
        accepted = suggestion.accepted()
        new_id = fresh_id("s", self.span_ids)
        self.span_ids.add(new_id)
        self.spans.append(Span(new_id, accepted.start, accepted.end, accepted.label, accepted.origin, accepted.attrs))
        self.own_by_key[key] = new_id
        return new_id

    def accept(self, model: Annotations, suggestion_id: str) -> None:
        """Accept a suggestion. A quote brings its speaker mention and cue along, linked as the model linked them."""
        new_id = self.adopt(model.span(suggestion_id))
        for rel in model.relations_from(suggestion_id):
            child = model.get_span(rel.child)
            if child is None:
                continue
            child_id = self.adopt(child)
            if (new_id, rel.label) not in self.links:
                relation_id = fresh_id("r", self.relation_ids)
                self.relation_ids.add(relation_id)
                self.relations.append(Relation(relation_id, new_id, child_id, rel.label))
                self.links.add((new_id, rel.label))

    def result(self) -> Annotations:
        ann = replace(self.ann, spans=self.ann.spans + tuple(self.spans),
                      relations=self.ann.relations + tuple(self.relations), decisions=self.decisions)
        return _started(ann)


def accept(ann: Annotations, model: Annotations, suggestion_id: str) -> Annotations:
    """Accept a suggestion. A quote brings its speaker mention and cue along, linked as the model linked them."""
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
        adoption = _Adoption(ann)
        for suggestion in pending:
            if adoption.decided(suggestion):
                continue
            adoption.accept(model, suggestion.id)
        return adoption.result()
