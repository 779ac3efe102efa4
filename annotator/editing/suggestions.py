"""Accepting and rejecting the model's suggestions."""

from __future__ import annotations

from dataclasses import dataclass, replace

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


#: Relations that link a quote's parts; every other relation of a quote points at its stance's target.
STRUCTURAL = frozenset({"SPEAKER", "CUE"})


def accept(ann: Annotations, model: Annotations, suggestion_id: str) -> Annotations:
    """Accept a suggestion. A quote brings its speaker mention, cue, stance and target along, linked as
    the model linked them; a link or stance the annotator already set on an equal span is kept."""
    suggestion = model.span(suggestion_id)
    own = next((s for s in ann.spans if suggestion_key(s) == suggestion_key(suggestion)), None)
    ann, new_id = _adopt(ann, suggestion)
    own_stance = own.attrs.get("stance") if own is not None else suggestion.attrs.get("stance")
    for rel in model.relations_from(suggestion_id):
        child = model.get_span(rel.child)
        if child is None:
            continue
        is_target = rel.label not in STRUCTURAL
        taken = [
            r
            for r in ann.relations
            if r.head == new_id and (r.label not in STRUCTURAL if is_target else r.label == rel.label)
        ]
        if taken:
            continue  # the annotator's own link wins
        label = rel.label if not is_target else str(own_stance) if own_stance else "TARGET"
        ann, child_id = _adopt(ann, child)
        ann = ann.with_relation(Relation(ann.new_relation_id("r"), new_id, child_id, label))
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
        return _started(replace(ann, decisions=decisions))
