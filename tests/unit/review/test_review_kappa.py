"""Cohen's kappa and Krippendorff's alpha against values worked out by hand."""

from __future__ import annotations

import pytest
from review_builders import about

from annotator.review import AlphaTally, Figure, KappaTally, cohen_kappa, krippendorff_alpha


def test_kappa_2x2_worked_example() -> None:
    # 10 items, two coders, yes/no:
    #              B yes  B no | row
    #   A yes        4      1  |  5
    #   A no         2      3  |  5
    #   col          6      4  | 10
    # po = (4 + 3) / 10 = 0.7
    # pe = (5/10)(6/10) + (5/10)(4/10) = 0.30 + 0.20 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    pairs = [("yes", "yes")] * 4 + [("yes", "no")] + [("no", "yes")] * 2 + [("no", "no")] * 3
    assert cohen_kappa(pairs) == about(0.4, 10)


def test_kappa_three_stances() -> None:
    # 6 quotes: (acc,acc) (acc,acc) (def,def) (def,acc) (neu,neu) (neu,def)
    # rows: acc 2, def 2, neu 2; cols: acc 3, def 2, neu 1; agreed 4
    # po = 4/6; pe = (2*3 + 2*2 + 2*1) / 36 = 12/36 = 1/3
    # kappa = (2/3 - 1/3) / (2/3) = 0.5
    pairs = [("acc", "acc"), ("acc", "acc"), ("def", "def"), ("def", "acc"), ("neu", "neu"), ("neu", "def")]
    assert cohen_kappa(pairs) == about(0.5, 6)


def test_kappa_edge_cases() -> None:
    # no items: no figure, support 0, no division by zero
    assert cohen_kappa([]) == Figure(None, 0)
    # one category used by both every time: pe = 1, po = 1 -> defined as 1.0
    assert cohen_kappa([("none", "none")] * 3) == Figure(1.0, 3)
    # total disagreement with chance agreement 0.5: po = 0, pe = (1*1 + 1*1)/4 = 0.5 -> -1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == Figure(-1.0, 2)
    # each coder constant but different: po = 0, pe = 0 -> 0.0
    assert cohen_kappa([("a", "b")] * 4) == Figure(0.0, 4)


def test_kappa_tally_merges() -> None:
    first, second = KappaTally(), KappaTally()
    for a, b in [("yes", "yes")] * 4 + [("yes", "no")]:
        first.add(a, b)
    for a, b in [("no", "yes")] * 2 + [("no", "no")] * 3:
        second.add(a, b)
    first.merge(second)
    assert first.kappa() == about(0.4, 10)
    assert first.categories() == ("no", "yes")


def test_alpha_two_coders_worked_example() -> None:
    # units: (a,a) (a,b) (b,b) (b,b)
    # coincidence matrix (each pair of values in a unit counts 1/(m_u - 1) = 1, both orders):
    #        a   b
    #   a    2   1      n_a = 3
    #   b    1   4      n_b = 5,  n = 8
    # observed disagreement mass (off-diagonal) = 2
    # expected: n^2 - sum n_c^2 = 64 - (9 + 25) = 30
    # alpha = 1 - (n - 1) * 2 / 30 = 1 - 14/30 = 16/30 = 0.5333...
    units = [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]
    assert krippendorff_alpha(units) == about(16 / 30, 4)


def test_alpha_three_coders_with_missing_values_worked_example() -> None:
    # coder:   1     2     3
    # U1       a     a     -      m=2
    # U2       a     b     b      m=3
    # U3       b     -     -      m=1: not pairable, left out
    # U4       c     c     c      m=3
    # U5       a     c     -      m=2
    # coincidences o_ck += n_uc * n_uk / (m_u - 1) (c != k), o_cc += n_uc (n_uc - 1) / (m_u - 1):
    #   U1: o_aa += 2          U2: o_ab, o_ba += 1; o_bb += 2*1/2 = 1
    #   U4: o_cc += 3*2/2 = 3  U5: o_ac, o_ca += 1
    #        a   b   c
    #   a    2   1   1     n_a = 4
    #   b    1   1   0     n_b = 2
    #   c    1   0   3     n_c = 4,  n = 10
    # Do = off-diagonal = 4;  De = sum_{c!=k} n_c n_k / (n - 1) = (2*8 + 2*16 + 2*8) / 9 = 64/9
    # alpha = 1 - Do / De = 1 - 36/64 = 0.4375, on 4 units
    units = [("a", "a", None), ("a", "b", "b"), ("b", None, None), ("c", "c", "c"), ("a", "c", None)]
    assert krippendorff_alpha(units) == about(0.4375, 4)


def test_alpha_published_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders, 12 units,
    # nominal alpha = 0.743 (unit 12 has a single value and is left out: 11 units).
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3]
    c = [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]
    units = [[None if v is None else str(v) for v in unit] for unit in zip(a, b, c, d, strict=True)]
    result = krippendorff_alpha(units)
    assert result.support == 11
    assert result.value == pytest.approx(0.743, abs=5e-4)


def test_alpha_edge_cases() -> None:
    assert krippendorff_alpha([]) == Figure(None, 0)
    assert krippendorff_alpha([("a", None), (None, None)]) == Figure(None, 0)  # nothing pairable
    # one category everywhere: expected disagreement 0 -> defined as 1.0 (observed is 0 too)
    assert krippendorff_alpha([("none", "none"), ("none", "none", "none")]) == Figure(1.0, 2)
    # total disagreement on two units: (a,b) (b,a): n=4, n_a=n_b=2, observed 4, expected 16-8=8
    # alpha = 1 - 3*4/8 = -0.5
    assert krippendorff_alpha([("a", "b"), ("b", "a")]) == about(-0.5, 2)


def test_alpha_tally_merge_equals_one_tally() -> None:
    units = [("a", "a", None), ("a", "b", "b"), ("c", "c", "c"), ("a", "c", None)]
    whole, first, second = AlphaTally(), AlphaTally(), AlphaTally()
    for n, unit in enumerate(units):
        whole.add(unit)
        (first if n % 2 else second).add(unit)
    first.merge(second)
    assert first.alpha() == whole.alpha()
    assert first.values == 10
