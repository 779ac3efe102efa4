"""Chance-corrected agreement on categories: Cohen's kappa and Krippendorff's alpha (nominal).

Both are kept as running tallies so that agreement over thousands of articles needs memory
for the categories only, not for the items. Counts stay integers until the figure is asked
for, so results do not depend on the order items arrived in.

Degenerate cases, decided here once:

* no items: the figure is ``None`` with support 0;
* only one category used by everyone, so that chance agreement is already perfect
  (expected agreement 1, a 0/0 in the formulas): the figure is 1.0 when observed agreement
  is perfect, else 0.0. With one category observed agreement is always perfect, so this
  reads "everyone said the same thing every time: full agreement".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .figures import Figure


class KappaTally:
    """Running confusion counts of two coders over the same items, for Cohen's kappa."""

    __slots__ = ("pairs",)

    def __init__(self) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()

    def add(self, first: str, second: str) -> None:
        key = (first, second)
        self.pairs[key] = self.pairs.get(key, 0) + 1

    def merge(self, other: KappaTally) -> None:
        self.pairs.update(other.pairs)

    @property
    def items(self) -> int:
        return sum(self.pairs.values())

    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({c for pair in self.pairs for c in pair}))

    def kappa(self) -> Figure:
        """Cohen's kappa: ``(po - pe) / (1 - pe)``, computed in integers as
        ``(n*agreed - sum_c row_c*col_c) / (n^2 - sum_c row_c*col_c)``."""
        n = self.items
        if n == 0:
            return Figure(None, 0)
        rows: Counter[str] = Counter()
        cols: Counter[str] = Counter()
        agreed = 0
        for (first, second), count in self.pairs.items():
            rows[first] += count
            cols[second] += count
            if first == second:
                agreed += count
        chance = sum(rows[c] * cols[c] for c in rows)  # pe * n^2
        if chance == n * n:
            return Figure(1.0 if agreed == n else 0.0, n)
        return Figure((n * agreed - chance) / (n * n - chance), n)


class AlphaTally:
    """Running coincidence counts for Krippendorff's alpha on nominal data, any number of coders.

    A unit (an item) lists the value each coder gave, ``None`` for a coder who gave none.
    Units with fewer than two values cannot be paired and are left out, as Krippendorff
    prescribes. Only the marginals of the coincidence matrix and its diagonal are needed
    for nominal data, and the diagonal is kept as integer sums per unit size.
    """

    __slots__ = ("units", "values_by_category", "_same_by_size")

    def __init__(self) -> None:
        self.units = 0
        self.values_by_category: Counter[str] = Counter()
        # unit size m -> sum over units of size m of sum_c n_uc*(n_uc-1); divided by m-1 at the end
        self._same_by_size: Counter[int] = Counter()

    def add(self, values: Iterable[str | None]) -> None:
        counts: dict[str, int] = {}
        m = 0
        for v in values:
            if v is not None:
                counts[v] = counts.get(v, 0) + 1
                m += 1
        if m < 2:
            return
        self.units += 1
        by_category = self.values_by_category
        same = 0
        for category, c in counts.items():
            by_category[category] += c
            same += c * (c - 1)
        self._same_by_size[m] += same

    def merge(self, other: AlphaTally) -> None:
        self.units += other.units
        self.values_by_category.update(other.values_by_category)
        self._same_by_size.update(other._same_by_size)

    @property
    def values(self) -> int:
        """Pairable values: values in units with at least two values."""
        return sum(self.values_by_category.values())

    def alpha(self) -> Figure:
        """``1 - (n-1) * (n - o_diag) / (n^2 - sum_c n_c^2)``: observed over expected disagreement."""
        if self.units == 0:
            return Figure(None, 0)
        n = self.values
        diagonal = sum(same / (m - 1) for m, same in self._same_by_size.items())
        observed = n - diagonal  # mass off the diagonal of the coincidence matrix
        expected = n * n - sum(c * c for c in self.values_by_category.values())
        if expected == 0:
            return Figure(1.0 if observed < 1e-9 else 0.0, self.units)
        return Figure(1.0 - (n - 1) * observed / expected, self.units)


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> Figure:
    """Cohen's kappa of two coders, from the pairs of values they gave the same items."""
    tally = KappaTally()
    for first, second in pairs:
        tally.add(first, second)
    return tally.kappa()


def krippendorff_alpha(units: Iterable[Iterable[str | None]]) -> Figure:
    """Krippendorff's alpha (nominal) from units, each the values of every coder (``None``: missing)."""
    tally = AlphaTally()
    for unit in units:
        tally.add(unit)
    return tally.alpha()
