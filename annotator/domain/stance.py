"""What a span's stance and target are: the one rule every reader of a layer follows.

A quote (or an actor span) takes a stance toward a target. The layer stores this as the span's
``attrs["stance"]`` and a relation from the span to its target, labelled with the stance. A target
picked before the stance carries the relation label ``TARGET``: that is a target *without* a
stance, never a stance category of its own. Files in the gold contract may state the stance only
as the relation's label. Review (agreement, kappa, differences), the CSV and DocBin exports, the
NLP layer and the UI all ask :func:`stance_and_target`, so a quote means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .annotations import Annotations
from .span import Relation, Span

#: Relation label of a target whose stance is not set yet; it takes the stance's label once set.
TARGET = "TARGET"

#: Relations from a quote with a structural meaning (who said it, the attributing words). Every
#: other relation from a quote or actor links it to the target of its stance.
LINK_RELATIONS = frozenset({"SPEAKER", "CUE"})


def is_target_relation(label: str) -> bool:
    """Whether a relation with ``label`` links a span to the target of its stance."""
    return label not in LINK_RELATIONS


@dataclass(frozen=True)
class StanceTarget:
    """A span's stance (``None``: no stance chosen) and the span it is about (``None``: no target)."""

    stance: str | None
    target: Span | None = None
    relation: Relation | None = None


def stance_and_target(layer: Annotations, span_id: str) -> StanceTarget:
    """The stance and target of ``span_id`` in ``layer`` (see the module docstring for the rule)."""
    span = layer.span(span_id)
    return resolve_stance(span, layer.relations_from(span_id), layer.span_index)


def resolve_stance(span: Span, relations: Iterable[Relation], spans: Mapping[str, Span]) -> StanceTarget:
    """:func:`stance_and_target` for callers that index a layer themselves.

    ``relations`` are (at least) the relations whose head is ``span``; ``spans`` the spans that
    count, by id: a relation whose target is not among them (review leaves out pending model
    suggestions) is not a decision yet and is passed over.

    The stance is ``attrs["stance"]`` when set, else the label of the target relation unless that
    label is ``TARGET``; the target is the child of the first target relation.
    """
    link = next((r for r in relations if r.head == span.id and is_target_relation(r.label) and r.child in spans), None)
    raw = span.attrs.get("stance")
    stance: str | None = str(raw) if isinstance(raw, str) and raw.strip() else None
    if stance is None and link is not None and link.label != TARGET:
        stance = link.label
    return StanceTarget(stance, spans[link.child] if link is not None else None, link)


@dataclass(frozen=True)
class QuoteLinks:
    """What a quote is linked to: its speaker mention, its cue, and its stance and target."""

    speaker: Span | None
    cue: Span | None
    stance: str | None
    target: Span | None


def quote_links(layer: Annotations, quote_id: str) -> QuoteLinks:
    """The speaker, cue, stance and target of ``quote_id`` in ``layer``: what the quotes panel, the
    who-said-what summary and the CSV export show of a quote (constant time: the layer is indexed)."""
    facts = stance_and_target(layer, quote_id)
    return QuoteLinks(layer.linked(quote_id, "SPEAKER"), layer.linked(quote_id, "CUE"), facts.stance, facts.target)
