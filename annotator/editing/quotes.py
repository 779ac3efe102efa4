"""Commands on quotes: link speaker and cue, stance and target."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import TARGET, Annotations, InvariantError, Relation, is_target_relation
from .command import EditContext
from .spans import _started


@dataclass(frozen=True)
class LinkSpan:
    """Link a quote to its speaker mention or cue (one of each per quote: a new link replaces the old)."""

    head: str
    child: str
    relation: str  # "SPEAKER" or "CUE"
    relation_id: str

    @property
    def name(self) -> str:
        return f"Link {self.relation.lower()}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        ctx.scheme.check_relation_label(self.relation)
        ann.span(self.head)
        ann.span(self.child)
        if self.head == self.child:
            raise InvariantError("a span cannot be linked to itself")
        # One new layer, not two: drop the old link, append the new one. The id was chosen before an
        # acceptance in the same step may have used it (for the cue it brought along): never overwrite
        # another relation.
        old = {r.id for r in ann.relations_from(self.head, self.relation)}
        kept = tuple(r for r in ann.relations if r.id not in old)
        rid = self.relation_id if all(r.id != self.relation_id for r in kept) else ann.new_relation_id("r")
        link = Relation(rid, self.head, self.child, self.relation)
        return _started(ann.with_relations(kept + (link,)))


@dataclass(frozen=True)
class Unlink:
    head: str
    relation: str

    @property
    def name(self) -> str:
        return f"Clear {self.relation.lower()}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        return _started(ann.without_relations(self.head, [self.relation]))


def _target_labels(ann: Annotations, span_id: str) -> list[str]:
    """Labels of the relations from ``span_id`` that link it to its target (the domain's one rule)."""
    return [r.label for r in ann.relations_from(span_id) if is_target_relation(r.label)]


@dataclass(frozen=True)
class SetStance:
    """Set (or with ``None`` clear) the stance of a quote or actor span; its target link takes that label."""

    span_id: str
    stance: str | None

    @property
    def name(self) -> str:
        return f"Stance {self.stance}" if self.stance else "Clear stance"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        if self.stance is not None:
            ctx.scheme.check_stance(self.stance)
        span = ann.span(self.span_id).with_attrs(stance=self.stance)
        ann = ann.with_span(span)
        new_label = self.stance or TARGET
        for rel in ann.relations_from(self.span_id):
            if is_target_relation(rel.label) and rel.label != new_label:
                ann = ann.with_relation(Relation(rel.id, rel.head, rel.child, new_label))
        return _started(ann)


@dataclass(frozen=True)
class SetTarget:
    """Point a stance at a target span (``None`` clears it). The link is labelled with the stance."""

    span_id: str
    target_id: str | None
    relation_id: str

    @property
    def name(self) -> str:
        return "Set target" if self.target_id else "Clear target"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        span = ann.span(self.span_id)
        ann = ann.without_relations(self.span_id, _target_labels(ann, self.span_id))
        if self.target_id is None:
            return _started(ann)
        ann.span(self.target_id)
        if self.target_id == self.span_id and span.label == "QUOTE":
            raise InvariantError("a quote cannot be its own target")
        stance = span.attrs.get("stance")
        label = str(stance) if stance else TARGET
        return _started(ann.with_relation(Relation(self.relation_id, self.span_id, self.target_id, label)))
