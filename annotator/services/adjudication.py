"""Adjudication as undoable commands, plus the small figures the review screens need.

:class:`Adjudicate` wraps :func:`annotator.review.adjudicate` in the editing command protocol
(``name`` + pure ``apply``), so a decision goes through the gold layer's undo stack and is
written in one transaction like any other edit. It lives here because ``editing`` may not
import ``review``; so do the rules the review window asks (what was decided on a difference,
gold's span for it), which used to sit in ``ui/review/review_session.py``.

"Keep none" (and a reviewer's own edit) leaves no version of the difference in gold, yet
progress must count it as decided. Such decisions are kept in gold's ``decisions`` under
:data:`DECIDED_PREFIX` + :attr:`Difference.key`: the same undoable, stored path as the rest of
the layer; exports do not read decisions, and the prefix never looks like a suggestion key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..domain import GOLD_LAYER, Annotations, Span, Status, Verdict
from ..editing import EditContext
from ..review import (
    NO_STANCE,
    AgreementRegion,
    ArticleDifferences,
    Difference,
    DifferenceKind,
    adjudicate,
    adjudication_progress,
    find_differences,
    is_resolved,
)
from ..review.layer_view import QUOTE, LayerView, span_key
from ..review.matching import match_overlap
from ..storage import Store

DECIDED_PREFIX = "review-decided:"


def decided_keys(gold: Annotations) -> frozenset[str]:
    """Keys of the differences decided without keeping a layer's version (none, or edited)."""
    n = len(DECIDED_PREFIX)
    return frozenset(k[n:] for k in gold.decisions if k.startswith(DECIDED_PREFIX))


def _started(gold: Annotations) -> Annotations:
    return gold.with_status(Status.IN_PROGRESS) if gold.status is Status.TODO else gold


@dataclass(frozen=True)
class Adjudicate:
    """Keep ``choice_layer``'s version of ``difference`` in gold (``None``: keep none of them)."""

    difference: Difference
    choice_layer: str | None
    layers: Mapping[str, Annotations]

    @property
    def name(self) -> str:
        what = self.difference.kind.value.replace("_", " ")
        return f"Keep {self.choice_layer or 'none'} ({what})"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        gold = adjudicate(self.difference, self.choice_layer, ann, self.layers)
        gold = gold.with_decision(
            DECIDED_PREFIX + self.difference.key, Verdict.REJECTED if self.choice_layer is None else None
        )
        return _started(gold)


@dataclass(frozen=True)
class MarkDecided:
    """Count ``difference`` as decided although gold holds none of its versions (the reviewer edited it)."""

    difference: Difference

    @property
    def name(self) -> str:
        return "Mark difference decided"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        return ann.with_decision(DECIDED_PREFIX + self.difference.key, Verdict.ACCEPTED)


@dataclass(frozen=True)
class AcceptAgreements:
    """Copy into gold every span all layers drew alike (from ``source``, with its relations).

    Adjudication only touches differences; without this step gold would lack everything the
    annotators agreed on. An agreed quote whose speaker or stance differs (those of
    ``differences``) comes without them, so that the difference stays open for the reviewer.
    """

    agreements: tuple[AgreementRegion, ...]
    source: str
    layers: Mapping[str, Annotations]
    differences: tuple[Difference, ...] = ()

    @property
    def name(self) -> str:
        return f"Copy {len(self.agreements)} agreed spans to gold"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        gold = ann
        for region in self.agreements:
            sid = region.span_ids[self.source]
            as_difference = Difference(
                DifferenceKind.ONLY_IN,
                region.start,
                region.end,
                {self.source: sid},
                {self.source: region.label},
                {self.source: (region.start, region.end)},
            )
            gold = adjudicate(as_difference, self.source, gold, self.layers)
        for difference in self.differences:
            if difference.kind in (DifferenceKind.SPEAKER_DIFFERS, DifferenceKind.STANCE_DIFFERS):
                gold = adjudicate(difference, None, gold, self.layers)
        return _started(gold)


def _only(difference: Difference, layer: str) -> Difference:
    """``difference`` as if ``layer`` were its only version: tells which layer gold agrees with."""
    values = {layer: difference.values[layer]} if layer in difference.values else {}
    return replace(
        difference,
        span_ids={layer: difference.span_ids[layer]},
        labels={layer: difference.labels[layer]},
        bounds={layer: difference.bounds[layer]},
        values=values,
    )


def decision_of(difference: Difference, gold: Annotations) -> str:
    """What was decided on a resolved ``difference``: the kept layer's name, ``"none"`` or ``"edited"``."""
    verdict = gold.decisions.get(DECIDED_PREFIX + difference.key)
    if verdict is not None:
        return "none" if verdict is Verdict.REJECTED else "edited"
    keys = {span_key(s) for s in gold.spans}
    for layer in difference.span_ids:
        if (*difference.bounds[layer], difference.labels[layer]) in keys and is_resolved(
            _only(difference, layer), gold
        ):
            return layer
    return "none"


def gold_span_for(difference: Difference, gold: Annotations) -> Span | None:
    """Gold's span for ``difference``: one with a layer's range and label, else an overlapping one of its labels."""
    keys = {(*difference.bounds[layer], difference.labels[layer]) for layer in difference.span_ids}
    labels = set(difference.labels.values())
    spans = gold.sorted_spans()  # sorted once; the first match of either kind is the answer
    exact = next((s for s in spans if span_key(s) in keys), None)
    if exact is not None:
        return exact
    return next((s for s in spans if s.label in labels and s.start < difference.end and difference.start < s.end), None)


# -- reading a project for review -------------------------------------------------------------
@dataclass(frozen=True)
class ArticleReview:
    """One article under review: the compared layers, their differences and the gold layer."""

    article_id: str
    layers: Mapping[str, Annotations]
    differences: ArticleDifferences
    gold: Annotations

    @property
    def progress(self) -> tuple[int, int]:
        """``(resolved, total)`` differences given the current gold layer."""
        return adjudication_progress(self.differences.differences, self.gold, rejected=decided_keys(self.gold))


def decided_elsewhere(store: Store, article_id: str, difference: Difference, known_revision: int) -> str | None:
    """Who decided ``difference`` in gold since the revision this reviewer's window read, or ``None``.

    Two curators on one difference: the second one's window showed it undecided, but the stored gold
    (written by the first since) resolves it. Returns the writer as the server knows them, or "another
    window" where nobody is known (a project file); the caller refuses the decision instead of
    silently overwriting it.
    """
    stored, revision = store.annotations_at(article_id, GOLD_LAYER)
    if revision == known_revision or not is_resolved(difference, stored, rejected=decided_keys(stored)):
        return None
    return store.layer_writer(article_id, GOLD_LAYER) or "another window"


def load_review(store: Store, article_id: str, layers: Sequence[str]) -> ArticleReview:
    """The layers ``layers`` of one article, their differences and its gold layer, from the store."""
    anns = {name: store.annotations(article_id, name) for name in layers}
    return ArticleReview(article_id, anns, find_differences(anns), store.annotations(article_id, GOLD_LAYER))


def iter_reviews(store: Store, layers: Sequence[str]) -> Iterator[ArticleReview]:
    """Every article that has a layer of each of ``layers`` (two or more), in id order."""
    if len(layers) < 2:
        return
    for article_id, _length, found in store.iter_layer_sets(list(layers)):
        if not all(name in found for name in layers):
            continue
        anns = {name: found[name] for name in layers}
        gold = store.annotations(article_id, GOLD_LAYER)  # with its decisions (the rejections)
        yield ArticleReview(article_id, anns, find_differences(anns), gold)


# -- stance confusion -------------------------------------------------------------------------
@dataclass(frozen=True)
class StanceConfusion:
    """Stances of overlap-matched quotes: ``counts[i][j]`` quotes with ``categories[i]`` in
    ``reference`` and ``categories[j]`` in ``prediction`` (``"none"``: no stance)."""

    reference: str
    prediction: str
    categories: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)

    @property
    def agreed(self) -> int:
        return sum(self.counts[i][i] for i in range(len(self.categories)))


def stance_confusion(
    layer_sets: Iterator[Mapping[str, Annotations]], reference: str, prediction: str
) -> StanceConfusion:
    """Confusion of stances between two layers on their overlap-matched quotes (as agreement matches them)."""
    pairs: dict[tuple[str, str], int] = {}
    for layers in layer_sets:
        if reference not in layers or prediction not in layers:
            continue
        ref, pred = LayerView(layers[reference]), LayerView(layers[prediction])
        for a, b in match_overlap(ref.labelled(QUOTE), pred.labelled(QUOTE)):
            key = (ref.quotes[a.id].stance, pred.quotes[b.id].stance)
            pairs[key] = pairs.get(key, 0) + 1
    seen = {c for key in pairs for c in key}
    categories = tuple(sorted(seen - {NO_STANCE})) + ((NO_STANCE,) if NO_STANCE in seen else ())
    counts = tuple(tuple(pairs.get((r, p), 0) for p in categories) for r in categories)
    return StanceConfusion(reference, prediction, categories, counts)


def project_stance_confusion(store: Store, reference: str, prediction: str) -> StanceConfusion:
    """:func:`stance_confusion` over every article of the project."""
    return stance_confusion(
        (found for _, _, found in store.iter_layer_sets([reference, prediction])), reference, prediction
    )
