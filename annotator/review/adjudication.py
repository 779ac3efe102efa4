"""Adjudication: turning decisions on differences into the gold layer, as pure functions.

A decision on a :class:`~annotator.review.differences.Difference` is the name of the layer
whose version to keep, or ``None`` to keep none of them. :func:`adjudicate` returns the new
gold :class:`Annotations`; the caller pushes it through the usual undoable path.

Spans are "the same" across layers when start, end and label are equal; ids are never
shared between layers, so everything copied into gold gets a fresh id unique in gold.
Accepting a layer's span copies its outgoing relations (SPEAKER, CUE, stance) and the spans
they point at (speaker mention, cue, target) unless gold already has those spans. Relations
of gold that pointed at a version being replaced (e.g. a quote's speaker mention whose
boundaries were corrected) are moved to the chosen version.

Keeping none leaves no trace in gold, so "rejected" cannot be told from "not looked at"
by reading gold alone: callers remember the :attr:`Difference.key` of such decisions and pass
them to :func:`adjudication_progress`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from annotator.domain import GOLD_LAYER, Annotations, InvariantError, Origin, Relation, Span

from .differences import Difference, DifferenceKind
from .layer_view import QUOTE, SPEAKER, STRUCTURAL_RELATIONS, LayerView, span_key

_SPAN_KINDS = (DifferenceKind.ONLY_IN, DifferenceKind.LABEL_DIFFERS, DifferenceKind.BOUNDARY_DIFFERS)
_ID_PREFIX = {QUOTE: "q", "CUE": "c", SPEAKER: "m"}

RelationFilter = Callable[[str], bool]


def empty_gold(article_id: str) -> Annotations:
    """A gold layer with nothing in it yet."""
    return Annotations(article_id=article_id, annotator=GOLD_LAYER)


def adjudicate(
    difference: Difference,
    choice: str | None,
    gold: Annotations,
    layers: Mapping[str, Annotations] | Sequence[Annotations],
) -> Annotations:
    """The gold layer after keeping ``choice``'s version of ``difference`` (``None``: none of them).

    Span differences (only_in, label_differs, boundary_differs): the other layers' versions
    are removed from gold and the chosen span is copied with its relations and linked spans.
    Speaker and stance differences: gold's quote (any layer's version of it; the chosen
    quote is copied when gold has none) gets the chosen speaker (``speaker_name`` and SPEAKER
    relations) or stance (``stance`` and stance relations); ``None`` clears them.
    """
    by_name = dict(layers) if isinstance(layers, Mapping) else {a.annotator: a for a in layers}
    if choice is not None and choice not in difference.span_ids:
        raise InvariantError(f"layer {choice!r} has no version of this difference (has {list(difference.span_ids)})")
    versions = {layer: by_name[layer].span(sid) for layer, sid in difference.span_ids.items()}
    if difference.kind in _SPAN_KINDS:
        return _choose_span(gold, versions, choice, by_name)
    structural = difference.kind is DifferenceKind.SPEAKER_DIFFERS
    attr = "speaker_name" if structural else "stance"

    def wanted(label: str) -> bool:
        return label == SPEAKER if structural else label not in STRUCTURAL_RELATIONS

    quote = _gold_version(gold, versions, choice)
    if quote is None:
        if choice is None:
            return gold
        return _choose_span(gold, {choice: versions[choice]}, choice, by_name)
    gold = gold.without_relations(quote.id, [r.label for r in gold.relations_from(quote.id) if wanted(r.label)])
    if choice is None:
        return gold.with_span(quote.with_attrs(**{attr: None}))
    source, chosen = by_name[choice], versions[choice]
    gold = gold.with_span(quote.with_attrs(**{attr: chosen.attrs.get(attr)}))
    return _copy_relations(gold, quote.id, source, chosen.id, wanted)


def _choose_span(
    gold: Annotations, versions: Mapping[str, Span], choice: str | None, layers: Mapping[str, Annotations]
) -> Annotations:
    keep = span_key(versions[choice]) if choice is not None else None
    drop = {span_key(s) for s in versions.values()} - {keep}
    dropped = {s.id for s in gold.spans if span_key(s) in drop}
    # Relations pointing at a replaced version (a quote's speaker mention or target) follow the
    # item to the chosen version: it is the same thing with other boundaries or label.
    incoming = [r for r in gold.relations if r.child in dropped and r.head not in dropped]
    for span_id in dropped:
        gold = gold.without_span(span_id)
    if choice is None:
        return gold
    chosen = versions[choice]
    gold, gold_id = _ensure_span(gold, chosen)
    gold = gold.with_span(replace(chosen.accepted(), id=gold_id))  # the chosen version's attrs too
    gold = gold.without_relations(gold_id, {r.label for r in gold.relations_from(gold_id)})
    for rel in incoming:
        if not any(r.child == gold_id and r.label == rel.label for r in gold.relations_from(rel.head)):
            gold = gold.with_relation(Relation(gold.new_relation_id(), rel.head, gold_id, rel.label))
    return _copy_relations(gold, gold_id, layers[choice], chosen.id, lambda _label: True)


def _gold_version(gold: Annotations, versions: Mapping[str, Span], choice: str | None) -> Span | None:
    """Gold's copy of the quote: the chosen layer's version first, then any other."""
    keys = [span_key(versions[choice])] if choice is not None else []
    keys += [span_key(s) for s in versions.values()]
    by_key = {span_key(s): s for s in gold.spans}
    return next((by_key[k] for k in keys if k in by_key), None)


def _ensure_span(gold: Annotations, span: Span) -> tuple[Annotations, str]:
    """Gold's span with the key of ``span``, copying it in (fresh id, no relations) when absent."""
    key = span_key(span)
    existing = next((s for s in gold.spans if span_key(s) == key), None)
    if existing is not None:
        return gold, existing.id
    new_id = gold.new_span_id(_ID_PREFIX.get(span.label, "e"))
    return gold.with_span(replace(span.accepted(), id=new_id)), new_id


def _copy_relations(
    gold: Annotations, gold_head: str, source: Annotations, source_head: str, wanted: RelationFilter
) -> Annotations:
    for rel in source.relations_from(source_head):
        child = source.span(rel.child)
        if not wanted(rel.label) or child.origin is Origin.MODEL:  # a suggestion is nobody's decision
            continue
        gold, child_id = _ensure_span(gold, child)
        if any(r.child == child_id and r.label == rel.label for r in gold.relations_from(gold_head)):
            continue
        gold = gold.with_relation(Relation(gold.new_relation_id(), gold_head, child_id, rel.label))
    return gold


def is_resolved(difference: Difference, gold: Annotations, *, rejected: Collection[str] = frozenset()) -> bool:
    """Whether gold holds one of the versions of ``difference`` (or it was decided "none").

    Span differences: gold has a span with the range and label of one layer's version.
    Speaker and stance differences: gold has one layer's version of the quote and its speaker
    (resolved name, else mention ranges) or stance equals one layer's value.
    """
    if difference.key in rejected:
        return True
    keys = {(*difference.bounds[layer], difference.labels[layer]) for layer in difference.span_ids}
    matches = [s for s in gold.spans if span_key(s) in keys]
    if difference.kind in _SPAN_KINDS or not matches:
        return bool(matches)
    view = LayerView(gold)
    values = set(difference.values.values())
    for quote in matches:
        facts = view.quotes.get(quote.id)
        if facts is None:
            continue
        value = facts.speaker_label() if difference.kind is DifferenceKind.SPEAKER_DIFFERS else facts.stance
        if value in values:
            return True
    return False


def adjudication_progress(
    differences: Iterable[Difference], gold: Annotations, *, rejected: Collection[str] = frozenset()
) -> tuple[int, int]:
    """``(resolved, total)`` over ``differences`` given the current gold layer.

    ``rejected`` holds the keys of differences decided as "keep none", which gold cannot show.
    """
    resolved = total = 0
    for difference in differences:
        total += 1
        resolved += is_resolved(difference, gold, rejected=rejected)
    return resolved, total
