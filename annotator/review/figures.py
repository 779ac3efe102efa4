"""Figures with their support: the values every agreement result is made of.

A figure without the number of items behind it misleads (a kappa of 1.0 on two quotes says
little), so every value travels with its support. A figure computed on no items is ``None``
with support 0, never a division by zero.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One agreement value and the number of items it is computed on.

    ``value`` is ``None`` exactly when there was nothing to compute it on.
    """

    value: float | None
    support: int

    @classmethod
    def ratio(cls, numerator: float, denominator: int) -> Figure:
        """``numerator / denominator`` with the denominator as support; ``None`` when it is 0."""
        if denominator == 0:
            return cls(None, 0)
        return cls(numerator / denominator, denominator)

    def to_dict(self) -> dict[str, float | int | None]:
        return {"value": self.value, "support": self.support}


@dataclass(frozen=True)
class SpanCounts:
    """Matches between a reference layer and a predicted layer, for one label or pooled.

    ``tp`` counts matched pairs, ``fp`` spans of the prediction left unmatched, ``fn`` spans
    of the reference left unmatched. Precision is supported by the predicted spans, recall by
    the reference spans, F1 by the distinct items (matched pairs counted once: tp + fp + fn).
    F1 is symmetric: swapping reference and prediction swaps fp and fn only.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> Figure:
        return Figure.ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Figure:
        return Figure.ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> Figure:
        items = self.tp + self.fp + self.fn
        if items == 0:
            return Figure(None, 0)
        return Figure(2 * self.tp / (2 * self.tp + self.fp + self.fn), items)

    def to_dict(self) -> dict[str, object]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision.to_dict(),
            "recall": self.recall.to_dict(),
            "f1": self.f1.to_dict(),
        }
