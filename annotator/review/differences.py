"""Differences between layers of one article, in reading order, for the adjudication view.

Spans of the same label that overlap are taken as the same item (see
:func:`~annotator.review.matching.group_spans`). From those groups come:

* ``boundary_differs``: two or more layers have the item with different start or end;
* ``speaker_differs`` / ``stance_differs``: on a quote two or more layers have, they name
  another speaker (see :func:`~annotator.review.layer_view.speakers_agree`) or stance;
* ``label_differs``: items that some layers lack are paired with items of another label in
  the other layers when they cover mostly the same text (intersection over union at least
  :data:`LABEL_DIFFERS_MIN_IOU`, so a PERSON inside a QUOTE is not a label difference);
* ``only_in``: what is left, an item some layers have and the others do not.

Agreement regions are the items every layer has with the same label and boundaries.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from annotator.domain import Annotations, InvariantError

from .layer_view import QUOTE, LayerView, speakers_agree
from .matching import SpanGroup, group_spans

LABEL_DIFFERS_MIN_IOU = 0.5


class DifferenceKind(str, enum.Enum):
    """What the layers disagree on; the order is the order of kinds at the same place."""

    ONLY_IN = "only_in"
    LABEL_DIFFERS = "label_differs"
    BOUNDARY_DIFFERS = "boundary_differs"
    SPEAKER_DIFFERS = "speaker_differs"
    STANCE_DIFFERS = "stance_differs"


_KIND_ORDER = {kind: n for n, kind in enumerate(DifferenceKind)}


@dataclass(frozen=True)
class Difference:
    """One disagreement between layers at a character range ``[start, end)``.

    ``span_ids`` maps each layer involved to the id of its span there (for speaker and stance
    differences: its quote). ``labels`` and ``bounds`` give each such span's label and
    ``(start, end)``; ``start``/``end`` cover them all. ``values`` gives each
    layer's speaker or stance for those kinds. ``missing`` lists the layers that have no span
    there (``only_in`` and ``label_differs``).
    """

    kind: DifferenceKind
    start: int
    end: int
    span_ids: Mapping[str, str]
    labels: Mapping[str, str]
    bounds: Mapping[str, tuple[int, int]]
    values: Mapping[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def layers(self) -> tuple[str, ...]:
        """The layers that have a span in this difference."""
        return tuple(self.span_ids)

    @property
    def key(self) -> str:
        """A stable name for the difference, e.g. to remember that it was decided."""
        ids = ",".join(f"{layer}={sid}" for layer, sid in sorted(self.span_ids.items()))
        return f"{self.kind.value}@{self.start}-{self.end}:{ids}"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "start": self.start,
            "end": self.end,
            "span_ids": dict(self.span_ids),
            "labels": dict(self.labels),
            "bounds": {layer: list(b) for layer, b in self.bounds.items()},
            "values": dict(self.values),
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class AgreementRegion:
    """A span every layer drew with the same label and boundaries; ``span_ids`` per layer."""

    start: int
    end: int
    label: str
    span_ids: Mapping[str, str]


@dataclass(frozen=True)
class ArticleDifferences:
    """Everything the adjudication view shows for one article, in reading order."""

    article_id: str
    layers: tuple[str, ...]
    differences: tuple[Difference, ...]
    agreements: tuple[AgreementRegion, ...]

    def of_kind(self, kind: DifferenceKind) -> list[Difference]:
        return [d for d in self.differences if d.kind is kind]


def find_differences(layers: Sequence[Annotations] | Mapping[str, Annotations]) -> ArticleDifferences:
    """The differences and agreement regions of two or more layers of the same article."""
    anns = list(layers.values()) if isinstance(layers, Mapping) else list(layers)
    if len(anns) < 2:
        raise InvariantError("differences need at least two layers")
    article_ids = {a.article_id for a in anns}
    if len(article_ids) != 1:
        raise InvariantError(f"layers of different articles: {sorted(article_ids)}")
    names = [a.annotator for a in anns]
    if len(set(names)) != len(names):
        raise InvariantError(f"two layers of the same annotator: {names}")
    views = [LayerView(a) for a in anns]
    differences, agreements = _compare(views)
    return ArticleDifferences(anns[0].article_id, tuple(names), tuple(differences), tuple(agreements))


def _compare(views: Sequence[LayerView]) -> tuple[list[Difference], list[AgreementRegion]]:
    """Differences and agreement regions of the layers, each list in reading order."""
    all_layers = len(views)
    names = [v.annotator for v in views]
    by_name = {v.annotator: v for v in views}
    labels = sorted({label for v in views for label in v.by_label})
    differences: list[Difference] = []
    agreements: list[AgreementRegion] = []
    incomplete: list[SpanGroup] = []
    for label in labels:
        for grp in group_spans([(v.annotator, v.labelled(label)) for v in views], label):
            if len(grp.members) >= 2:
                exact = grp.exact
                if not exact:
                    differences.append(_of_group(DifferenceKind.BOUNDARY_DIFFERS, grp))
                if label == QUOTE:
                    differences.extend(_quote_differences(grp, by_name))
            else:
                exact = True
            if len(grp.members) == all_layers and exact:
                agreements.append(AgreementRegion(grp.start, grp.end, label, _ids(grp)))
            elif len(grp.members) < all_layers:
                incomplete.append(grp)
    differences.extend(_label_or_only_in(incomplete, names))
    differences.sort(key=lambda d: (d.start, d.end, _KIND_ORDER[d.kind], sorted(d.span_ids.items())))
    agreements.sort(key=lambda a: (a.start, a.end, a.label))
    return differences, agreements


def _ids(grp: SpanGroup) -> dict[str, str]:
    return {layer: s.id for layer, s in grp.members.items()}


def _of_group(kind: DifferenceKind, grp: SpanGroup, values: Mapping[str, str] | None = None) -> Difference:
    return Difference(
        kind,
        grp.start,
        grp.end,
        _ids(grp),
        {layer: s.label for layer, s in grp.members.items()},
        {layer: (s.start, s.end) for layer, s in grp.members.items()},
        dict(values or {}),
    )


def _quote_differences(grp: SpanGroup, views: Mapping[str, LayerView]) -> list[Difference]:
    facts = [views[layer].quotes[s.id] for layer, s in grp.members.items()]
    out: list[Difference] = []
    if not all(speakers_agree(a, b) for n, a in enumerate(facts) for b in facts[n + 1 :]):
        values = {layer: f.speaker_label() for layer, f in zip(grp.members, facts, strict=True)}
        out.append(_of_group(DifferenceKind.SPEAKER_DIFFERS, grp, values))
    if len({f.stance for f in facts}) > 1:
        values = {layer: f.stance for layer, f in zip(grp.members, facts, strict=True)}
        out.append(_of_group(DifferenceKind.STANCE_DIFFERS, grp, values))
    return out


def _label_or_only_in(incomplete: list[SpanGroup], names: Sequence[str]) -> list[Difference]:
    """Pair items some layers lack with items of other labels in the other layers."""
    incomplete.sort(key=lambda g: (g.start, g.end, g.label))
    candidates: list[tuple[float, int, int]] = []
    for i, a in enumerate(incomplete):
        a_start, a_end = a.start, a.end
        for j in range(i + 1, len(incomplete)):
            b = incomplete[j]
            b_start = b.start
            if b_start >= a_end:
                break
            if b.label == a.label or not a.members.keys().isdisjoint(b.members.keys()):
                continue
            b_end = b.end
            inter = min(a_end, b_end) - max(a_start, b_start)
            iou = inter / (max(a_end, b_end) - min(a_start, b_start))
            if iou >= LABEL_DIFFERS_MIN_IOU:
                candidates.append((-iou, i, j))
    clusters: list[list[SpanGroup]] = [[g] for g in incomplete]
    owner = list(range(len(incomplete)))
    for _, i, j in sorted(candidates):
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        left, right = clusters[ci], clusters[cj]
        layers_left = {layer for g in left for layer in g.members}
        labels_left = {g.label for g in left}
        if any(not layers_left.isdisjoint(g.members) or g.label in labels_left for g in right):
            continue
        left.extend(right)
        clusters[cj] = []
        for k, o in enumerate(owner):
            if o == cj:
                owner[k] = ci
    out: list[Difference] = []
    for cluster in clusters:
        if not cluster:
            continue
        spans = {layer: s for g in cluster for layer, s in g.members.items()}
        ordered = [(n, spans[n]) for n in names if n in spans]
        missing = tuple(n for n in names if n not in spans)
        kind = DifferenceKind.LABEL_DIFFERS if len(cluster) > 1 else DifferenceKind.ONLY_IN
        start = min(g.start for g in cluster)
        end = max(g.end for g in cluster)
        out.append(
            Difference(
                kind,
                start,
                end,
                {n: s.id for n, s in ordered},
                {n: s.label for n, s in ordered},
                {n: (s.start, s.end) for n, s in ordered},
                {},
                missing,
            )
        )
    return out
