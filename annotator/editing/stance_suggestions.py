"""The model's stance and target suggestions: hiding the weak ones, and accepting either part on its own.

Accepting a suggested quote (:func:`~.suggestions.accept`) brings its stance and target along. These
commands take the stance or the target alone, for a quote the annotator already has (marked by
hand, or accepted earlier with a different speaker): the model's suggestion for it is the model
quote with the same bounds, else the one covering most of it. Neither ever replaces a stance or a
target the annotator set: clear it first (``0``, ``Alt+t``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain import Annotations, InvariantError, Span, stance_and_target
from .command import EditContext
from .mentions import Mention, ensure_mention
from .quotes import SetStance, SetTarget
from .suggestions import STRUCTURAL, _model

CONFIDENCE = "stance_confidence"


def hide_weak_stances(model: Annotations, threshold: float) -> Annotations:
    """The model layer without the stances (and their targets) whose confidence is below ``threshold``."""
    if threshold <= 0:
        return model
    weak = {
        s.id
        for s in model.spans
        if s.attrs.get("stance") is not None and float(s.attrs.get(CONFIDENCE, 1.0) or 0.0) < threshold
    }
    if not weak:
        return model
    spans = tuple(s.with_attrs(stance=None, **{CONFIDENCE: None}) if s.id in weak else s for s in model.spans)
    relations = tuple(r for r in model.relations if not (r.head in weak and r.label not in STRUCTURAL))
    return replace(model, spans=spans, relations=relations)


def model_counterpart(model: Annotations, span: Span) -> Span | None:
    """The model's span for ``span``: same label and bounds, else the same label overlapping it most."""
    same = [s for s in model.spans if s.label == span.label and s.overlaps(span)]
    if not same:
        return None
    return max(
        same,
        key=lambda s: ((s.start, s.end) == (span.start, span.end), min(s.end, span.end) - max(s.start, span.start)),
    )


def _counterpart(ann: Annotations, ctx: EditContext, span_id: str) -> Span:
    found = model_counterpart(_model(ctx), ann.span(span_id))
    if found is None:
        raise InvariantError("the model suggests nothing for this span")
    return found


@dataclass(frozen=True)
class AcceptStance:
    """Give an own quote or actor span the stance the model suggests for it (refused if it has one)."""

    span_id: str

    @property
    def name(self) -> str:
        return "Accept suggested stance"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        suggestion = _counterpart(ann, ctx, self.span_id)
        stance = suggestion.attrs.get("stance")
        if stance is None:
            raise InvariantError("the model suggests no stance for this span")
        current = ann.span(self.span_id).attrs.get("stance")
        if current is not None and current != stance:
            raise InvariantError(f"this span already has the stance {current!r}: clear it (0) to take the suggestion")
        return SetStance(self.span_id, str(stance)).apply(ann, ctx)


@dataclass(frozen=True)
class AcceptTarget:
    """Point an own quote or actor span at the target the model suggests for it (refused if it has one)."""

    span_id: str
    relation_id: str

    @property
    def name(self) -> str:
        return "Accept suggested target"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        suggestion = _counterpart(ann, ctx, self.span_id)
        target = stance_and_target(_model(ctx), suggestion.id).target
        if target is None:
            raise InvariantError("the model suggests no target for this span")
        current = stance_and_target(ann, self.span_id).target
        if current is not None:
            if (current.start, current.end, current.label) == (target.start, target.end, target.label):
                return ann
            raise InvariantError("this span already has a target: clear it (Alt+T) to take the suggestion")
        ann, target_id = ensure_mention(ann, ctx, Mention(target.start, target.end, target.label, target.id))
        return SetTarget(self.span_id, target_id, self.relation_id).apply(ann, ctx)
