"""Commands that link a quote or actor to a mention that may not be in the layer yet.

A speaker or target picked from a list can be one of the annotator's own spans, a model
suggestion, or a phrase found by a rule ("he", "a spokeswoman"). These commands make sure the
mention exists in the layer (reusing an equal span, accepting the suggestion, or adding a new
span) and link it, as one undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Annotations, InvariantError, Span
from .command import Command, EditContext
from .quotes import LinkSpan, SetTarget
from .spans import AddSpan, own_span_id
from .suggestions import accept, accepted_span_id


@dataclass(frozen=True)
class Mention:
    """Where a mention lies and how it is labelled; ``suggestion_id`` when it comes from the model layer."""

    start: int
    end: int
    label: str
    suggestion_id: str | None = None


def adopted_id(ann: Annotations, suggestion: Span) -> str:
    """The id a suggestion will have in ``ann`` once accepted: an equal own span's, else the next free one."""
    return accepted_span_id(ann, suggestion)


def ensure_mention(ann: Annotations, ctx: EditContext, mention: Mention) -> tuple[Annotations, str]:
    """The layer with ``mention`` in it, and the mention's span id there."""
    own = own_span_id(ann, Span("probe", mention.start, mention.end, mention.label))
    if own is not None:
        return ann, own
    if mention.suggestion_id is not None and ctx.model is not None:
        new_id = adopted_id(ann, ctx.model.span(mention.suggestion_id))
        return accept(ann, ctx.model, mention.suggestion_id), new_id
    new_id = ann.new_span_id("s")
    return AddSpan(Span(new_id, mention.start, mention.end, mention.label)).apply(ann, ctx), new_id


@dataclass(frozen=True)
class LinkMention:
    """Link ``head`` to ``mention`` by ``relation`` ("SPEAKER" or "CUE"), adding the mention if needed."""

    head: str
    mention: Mention
    relation: str
    relation_id: str

    @property
    def name(self) -> str:
        return f"Link {self.relation.lower()}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        ann, child = ensure_mention(ann, ctx, self.mention)
        return LinkSpan(self.head, child, self.relation, self.relation_id).apply(ann, ctx)


@dataclass(frozen=True)
class TargetMention:
    """Point the stance of ``span_id`` at ``mention``, adding the mention if needed."""

    span_id: str
    mention: Mention
    relation_id: str

    @property
    def name(self) -> str:
        return "Set target"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        ann, target = ensure_mention(ann, ctx, self.mention)
        return SetTarget(self.span_id, target, self.relation_id).apply(ann, ctx)


@dataclass(frozen=True)
class OnSuggestion:
    """Accept a suggested span and apply ``command`` to it, as one undo step.

    ``command`` must already name the id the suggestion gets (see :func:`adopted_id`), so that the
    whole step stays plain data.
    """

    suggestion_id: str
    command: Command

    @property
    def name(self) -> str:
        return self.command.name

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        if ctx.model is None:
            raise InvariantError("there are no suggestions for this article")
        return self.command.apply(accept(ann, ctx.model, self.suggestion_id), ctx)
