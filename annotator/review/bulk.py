"""Bulk decisions in a review: which remaining differences "keep this layer for all of them" covers.

Pure: the review window asks it for the differences, then performs one adjudication per difference
as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .differences import Difference


def labels_of(difference: Difference) -> frozenset[str]:
    """The labels the layers gave the difference's spans (two for a label disagreement)."""
    return frozenset(difference.labels.values())


def same_scope(current: Difference, *, by_label: bool, by_kind: bool) -> Callable[[Difference], bool]:
    """A test: is a difference "of this label" and/or "of this kind" as ``current``?"""

    def matches(other: Difference) -> bool:
        if by_kind and other.kind is not current.kind:
            return False
        return not by_label or labels_of(other) == labels_of(current)

    return matches


def remaining_like(
    differences: Iterable[Difference],
    current: Difference,
    resolved: Callable[[Difference], bool],
    *,
    by_label: bool,
    by_kind: bool,
) -> list[Difference]:
    """The undecided differences of ``current``'s label and/or kind (``current`` included when undecided)."""
    matches = same_scope(current, by_label=by_label, by_kind=by_kind)
    return [d for d in differences if matches(d) and not resolved(d)]
