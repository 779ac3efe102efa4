"""Matching spans of different layers: exact, overlap (one-to-one), and across many layers.

Overlap matching pairs same-label spans that share at least one character, one-to-one,
greedily by largest overlap; ties go to the pair whose boundaries are closest, then to
reading order, so the result never depends on dictionary or id order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.domain import Span

from .figures import SpanCounts

_SMALL = 64


def exact_counts(reference: Sequence[Span], prediction: Sequence[Span]) -> SpanCounts:
    """Counts of exact matches (same start and end) between two lists of same-label spans.

    Duplicates match at most once each: two identical spans in the reference and one in the
    prediction give one match and one miss.
    """
    if not reference or not prediction:
        return SpanCounts(0, len(prediction), len(reference))
    ref = [(s.start, s.end) for s in reference]
    pred = [(s.start, s.end) for s in prediction]
    ref_set, pred_set = set(ref), set(pred)
    if len(ref_set) == len(ref) and len(pred_set) == len(pred):  # the usual case: no duplicates
        tp = len(ref_set & pred_set)
    else:
        ref_count, pred_count = Counter(ref), Counter(pred)
        tp = sum(min(n, pred_count[key]) for key, n in ref_count.items() if key in pred_count)
    return SpanCounts(tp, len(prediction) - tp, len(reference) - tp)


class _Ranged(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def overlapping_pairs(a: Sequence[_Ranged], b: Sequence[_Ranged]) -> list[tuple[int, int, int]]:
    """``(i, j, overlap)`` for every pair of ``a[i]`` and ``b[j]`` sharing characters.

    Both lists must be sorted by start. A sweep over the starts keeps only spans still open,
    so the cost is the number of spans plus the number of overlapping pairs, not their product.
    """
    out: list[tuple[int, int, int]] = []
    len_a, len_b = len(a), len(b)
    if len_a * len_b <= _SMALL:  # a plain double loop is cheaper than the sweep's bookkeeping
        for i, x in enumerate(a):
            x_start, x_end = x.start, x.end
            for j, y in enumerate(b):
                if y.start >= x_end:
                    break
                if y.end > x_start:
                    out.append((i, j, min(x_end, y.end) - max(x_start, y.start)))
        return out
    i = j = 0
    open_a: list[int] = []
    open_b: list[int] = []
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
    if _unambiguous(candidates):
        candidates.sort()
        return [(reference[i], prediction[j]) for i, j, _ in candidates]
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


def _unambiguous(candidates: list[tuple[int, int, int]]) -> bool:
    """No span overlaps two others: every candidate pair is matched, whatever the ranking."""
    return len({i for i, _, _ in candidates}) == len(candidates) == len({j for _, j, _ in candidates})


def overlap_counts(reference: Sequence[Span], prediction: Sequence[Span]) -> tuple[SpanCounts, list[tuple[Span, Span]]]:
    """Counts of overlap matches and the matched pairs themselves (for speaker and stance)."""
    pairs = match_overlap(reference, prediction)
    tp = len(pairs)
    return SpanCounts(tp, len(prediction) - tp, len(reference) - tp), pairs


@dataclass(frozen=True)
class SpanGroup:
    """Spans of one label, at most one per layer, that several layers drew for the same thing.

    ``members`` maps layer name to its span, in the order the layers were given;
    ``start`` and ``end`` cover them all.
    """

    label: str
    members: Mapping[str, Span]
    start: int
    end: int

    @classmethod
    def of(cls, label: str, members: Mapping[str, Span]) -> SpanGroup:
        """A group of ``members``, its range covering them all."""
        return cls(label, members, min(s.start for s in members.values()), max(s.end for s in members.values()))

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
    drafts: list[_Draft] = []
    for name, spans in layers:
        if not spans:
            continue
        joined = _join(drafts, name, spans) if drafts else set()
        drafts.extend(_Draft(name, s) for j, s in enumerate(spans) if j not in joined)
        drafts.sort(key=lambda d: (d.start, d.end))
    return [SpanGroup(label, d.members, d.start, d.end) for d in drafts]


class _Draft:
    """A group while it is being built: members so far and the range they cover."""

    __slots__ = ("start", "end", "members", "first")

    def __init__(self, name: str, span: Span) -> None:
        self.start = span.start
        self.end = span.end
        self.members: dict[str, Span] = {name: span}
        self.first = span

    def add(self, name: str, span: Span) -> None:
        self.members[name] = span
        self.start = min(self.start, span.start)
        self.end = max(self.end, span.end)

    def overlap(self, span: Span) -> int:
        start, end = span.start, span.end
        total = 0
        for m in self.members.values():
            shared = min(end, m.end) - max(start, m.start)
            if shared > 0:
                total += shared
        return total


def _join(drafts: list[_Draft], name: str, spans: Sequence[Span]) -> set[int]:
    """Add ``spans`` of layer ``name`` to the groups (sorted by start) they overlap most.

    Returns the indices of the spans that joined a group.
    """
    candidates = overlapping_pairs(drafts, spans)
    joined: set[int] = set()
    if _unambiguous(candidates):
        for g, j, _ in candidates:
            if drafts[g].overlap(spans[j]) > 0:  # not merely inside the group's range
                drafts[g].add(name, spans[j])
                joined.add(j)
        return joined
    ranked = []
    for g, j, _ in candidates:
        score = drafts[g].overlap(spans[j])
        if score > 0:
            ranked.append((-score, _distance(drafts[g].first, spans[j]), g, j))
    ranked.sort()
    used: set[int] = set()
    for _, _, g, j in ranked:
        if g in used or j in joined:
            continue
        used.add(g)
        joined.add(j)
        drafts[g].add(name, spans[j])
    return joined


def _distance(a: Span, b: Span) -> int:
    return abs(a.start - b.start) + abs(a.end - b.end)
