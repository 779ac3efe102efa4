"""Accepting and rejecting the model's suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Annotations, InvariantError, Relation, Span, Verdict, suggestion_key
from .command import EditContext
from .spans import _started


def _model(ctx: EditContext) -> Annotations:
    if ctx.model is None:
        raise InvariantError("there are no suggestions for this article")
    return ctx.model


def _adopt(ann: Annotations, suggestion: Span) -> tuple[Annotations, str]:
    """Copy one suggestion into the layer (or find the annotator's equal span); returns its id there."""
    key = suggestion_key(suggestion)
    for span in ann.spans:
        if suggestion_key(span) == key:
            return ann.with_decision(key, Verdict.ACCEPTED), span.id
    accepted = suggestion.accepted()
    new_id = ann.new_span_id("s")
    copy = Span(new_id, accepted.start, accepted.end, accepted.label, accepted.origin, accepted.attrs)
    return ann.with_span(copy).with_decision(key, Verdict.ACCEPTED), new_id


def accept(ann: Annotations, model: Annotations, suggestion_id: str) -> Annotations:
    """Accept a suggestion. A quote brings its speaker mention and cue along, linked as the model linked them."""
    suggestion = model.span(suggestion_id)
    ann, new_id = _adopt(ann, suggestion)
    for rel in model.relations_from(suggestion_id):
        child = model.get_span(rel.child)
        if child is None:
            continue
        ann, child_id = _adopt(ann, child)
        if not any(r.head == new_id and r.label == rel.label for r in ann.relations):
            ann = ann.with_relation(Relation(ann.new_relation_id("r"), new_id, child_id, rel.label))
    return _started(ann)


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
        for suggestion in pending:
            if suggestion_key(suggestion) in ann.decisions:
                continue
            ann = accept(ann, model, suggestion.id)
        return ann
