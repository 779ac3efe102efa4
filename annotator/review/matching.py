"""Matching spans of different layers: exact, overlap (one-to-one), and across many layers.

Overlap matching pairs same-label spans that share at least one character, one-to-one,
greedily by largest overlap; ties go to the pair whose boundaries are closest, then to
reading order, so the result never depends on dictionary or id order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.domain import Span

from .figures import SpanCounts


def exact_counts(reference: Sequence[Span], prediction: Sequence[Span]) -> SpanCounts:
    """Counts of exact matches (same start and end) between two lists of same-label spans.

    Duplicates match at most once each: two identical spans in the reference and one in the
    prediction give one match and one miss.
    """
    if not reference or not prediction:
        return SpanCounts(0, len(prediction), len(reference))
    ref = Counter((s.start, s.end) for s in reference)
    pred = Counter((s.start, s.end) for s in prediction)
    tp = sum(min(n, pred[key]) for key, n in ref.items() if key in pred)
    return SpanCounts(tp, len(prediction) - tp, len(reference) - tp)


def overlapping_pairs(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int, int]]:
    """``(i, j, overlap)`` for every pair of ``a[i]`` and ``b[j]`` sharing characters.

    Both lists must be sorted by start. A sweep over the starts keeps only spans still open,
    so the cost is the number of spans plus the number of overlapping pairs, not their product.
    """
    out: list[tuple[int, int, int]] = []
    i = j = 0
    open_a: list[int] = []
    open_b: list[int] = []
    len_a, len_b = len(a), len(b)
    while i < len_a or j < len_b:
        if j >= len_b or (i < len_a and a[i].start <= b[j].start):
            span = a[i]
            start, end = span.start, span.end
            if open_b:
                open_b = [k for k in open_b if b[k].end > start]
                for k in open_b:
                    out.append((i, k, min(end, b[k].end) - start))
            open_a.append(i)
            i += 1
        else:
            span = b[j]
            start, end = span.start, span.end
            if open_a:
                open_a = [k for k in open_a if a[k].end > start]
                for k in open_a:
                    out.append((k, j, min(end, a[k].end) - start))
            open_b.append(j)
            j += 1
    return out


def match_overlap(reference: Sequence[Span], prediction: Sequence[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of overlapping spans, greedy by largest overlap, in reference order.

    The caller passes spans of one label, each list sorted by start.
    """
    if not reference or not prediction:
        return []
    candidates = overlapping_pairs(reference, prediction)
    if not candidates:
        return []
    ranked = sorted(
        (
            -overlap,
            abs(reference[i].start - prediction[j].start) + abs(reference[i].end - prediction[j].end),
            i,
            j,
        )
        for i, j, overlap in candidates
    )
    used_ref: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, i, j in ranked:
        if i in used_ref or j in used_pred:
            continue
        used_ref.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    pairs.sort()
    return [(reference[i], prediction[j]) for i, j in pairs]


def overlap_counts(reference: Sequence[Span], prediction: Sequence[Span]) -> tuple[SpanCounts, list[tuple[Span, Span]]]:
    """Counts of overlap matches and the matched pairs themselves (for speaker and stance)."""
    pairs = match_overlap(reference, prediction)
    tp = len(pairs)
    return SpanCounts(tp, len(prediction) - tp, len(reference) - tp), pairs


@dataclass(frozen=True)
class SpanGroup:
    """Spans of one label, at most one per layer, that several layers drew for the same thing.

    ``members`` maps layer name to its span, in the order the layers were given.
    """

    label: str
    members: Mapping[str, Span]

    @property
    def start(self) -> int:
        return min(s.start for s in self.members.values())

    @property
    def end(self) -> int:
        return max(s.end for s in self.members.values())

    @property
    def exact(self) -> bool:
        """All members have the same boundaries."""
        return len({(s.start, s.end) for s in self.members.values()}) == 1


def group_spans(layers: Sequence[tuple[str, Sequence[Span]]], label: str) -> list[SpanGroup]:
    """Group same-label spans of many layers, one span per layer per group, in reading order.

    Layers are taken in turn: each span joins the group it overlaps most (overlap summed over
    the group's members so far), one-to-one and greedily as in :func:`match_overlap`; a span
    that joins nothing starts a group. With two layers this is exactly :func:`match_overlap`.
    Each list of spans must be sorted by start.
    """
    groups: list[dict[str, Span]] = []
    for name, spans in layers:
        if not spans:
            continue
        if groups:
            joined = _join(groups, name, spans)
        else:
            joined = set()
        groups.extend({name: s} for j, s in enumerate(spans) if j not in joined)
    result = [SpanGroup(label, members) for members in groups]
    result.sort(key=lambda grp: (grp.start, grp.end))
    return result


def _join(groups: list[dict[str, Span]], name: str, spans: Sequence[Span]) -> set[int]:
    """Add ``spans`` of layer ``name`` to the groups they overlap most; the indices that joined."""
    scores: dict[tuple[int, int], int] = {}
    member_layers = dict.fromkeys(layer for members in groups for layer in members)
    for layer in member_layers:
        indexed = sorted(
            ((g, members[layer]) for g, members in enumerate(groups) if layer in members),
            key=lambda item: item[1].start,
        )
        for k, j, overlap in overlapping_pairs([s for _, s in indexed], spans):
            key = (indexed[k][0], j)
            scores[key] = scores.get(key, 0) + overlap
    ranked = sorted((-score, _distance(next(iter(groups[g].values())), spans[j]), g, j) for (g, j), score in scores.items())
    used: set[int] = set()
    joined: set[int] = set()
    for _, _, g, j in ranked:
        if g in used or j in joined:
            continue
        used.add(g)
        joined.add(j)
        groups[g][name] = spans[j]
    return joined


def _distance(a: Span, b: Span) -> int:
    return abs(a.start - b.start) + abs(a.end - b.end)
