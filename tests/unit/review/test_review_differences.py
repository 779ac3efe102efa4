"""Differences between layers of one article: each kind, reading order, agreement regions."""

from __future__ import annotations

import pytest
from review_builders import layer, renamed, span, suggestion

from annotator.domain import InvariantError
from annotator.review import DifferenceKind, find_differences, group_spans, match_overlap

K = DifferenceKind


def test_each_kind_in_reading_order() -> None:
    alice = layer(
        "alice",
        [
            span("e1", 0, 5, "PERSON"),
            span("e2", 10, 15, "PERSON"),
            span("e3", 20, 25, "ORG"),
            span("q1", 30, 50, "QUOTE", speaker_name="Peskov", stance="accusing"),
            span("q2", 60, 80, "QUOTE", speaker_name="Schiff"),
            span("e4", 90, 95, "GPE"),
        ],
    )
    bob = layer(
        "bob",
        [
            span("p1", 0, 5, "PERSON"),
            span("p2", 11, 15, "PERSON"),
            span("g1", 20, 25, "GPE"),
            span("k1", 30, 50, "QUOTE", speaker_name="Pelosi", stance="accusing"),
            span("k2", 60, 80, "QUOTE", speaker_name="schiff"),
        ],
        [("k2", "g1", "defending")],
    )
    result = find_differences([alice, bob])
    assert result.layers == ("alice", "bob")
    summary = [(d.kind, d.start, d.end, dict(d.span_ids)) for d in result.differences]
    assert summary == [
        (K.BOUNDARY_DIFFERS, 10, 15, {"alice": "e2", "bob": "p2"}),
        (K.LABEL_DIFFERS, 20, 25, {"alice": "e3", "bob": "g1"}),
        (K.SPEAKER_DIFFERS, 30, 50, {"alice": "q1", "bob": "k1"}),
        (K.STANCE_DIFFERS, 60, 80, {"alice": "q2", "bob": "k2"}),
        (K.ONLY_IN, 90, 95, {"alice": "e4"}),
    ]
    boundary, label, speaker, stance, only = result.differences
    assert boundary.bounds == {"alice": (10, 15), "bob": (11, 15)}
    assert label.labels == {"alice": "ORG", "bob": "GPE"}
    assert speaker.values == {"alice": "peskov", "bob": "pelosi"}
    assert stance.values == {"alice": "none", "bob": "defending"}
    assert only.missing == ("bob",) and only.layers == ("alice",)
    assert [(a.start, a.end, a.label) for a in result.agreements] == [
        (0, 5, "PERSON"),
        (30, 50, "QUOTE"),
        (60, 80, "QUOTE"),
    ]
    assert result.agreements[0].span_ids == {"alice": "e1", "bob": "p1"}
    assert len(result.of_kind(K.ONLY_IN)) == 1
    assert only.key == "only_in@90-95:alice=e4"
    assert only.to_dict()["bounds"] == {"alice": [90, 95]}


def test_speaker_by_mention_overlap() -> None:
    # same speaker when the mentions overlap, whatever their labels
    alice = layer("alice", [span("q", 0, 10, "QUOTE"), span("m", 20, 30, "PERSON")], [("q", "m", "SPEAKER")])
    bob = layer("bob", [span("q", 0, 10, "QUOTE"), span("m", 25, 30, "SPEAKER")], [("q", "m", "SPEAKER")])
    # the mentions differ in label (a difference of their own), not the speaker
    assert [d.kind for d in find_differences([alice, bob]).differences] == [K.LABEL_DIFFERS]
    carol = layer("carol", [span("q", 0, 10, "QUOTE"), span("m", 40, 45, "PERSON")], [("q", "m", "SPEAKER")])
    (diff,) = find_differences([alice, carol]).of_kind(K.SPEAKER_DIFFERS)
    assert diff.kind is K.SPEAKER_DIFFERS and diff.values == {"alice": "20-30", "carol": "40-45"}


def test_a_person_inside_a_quote_is_no_label_difference() -> None:
    alice = layer("alice", [span("q", 0, 50, "QUOTE")])
    bob = layer("bob", [span("e", 10, 15, "PERSON")])
    kinds = [(d.kind, d.layers) for d in find_differences([alice, bob]).differences]
    assert kinds == [(K.ONLY_IN, ("alice",)), (K.ONLY_IN, ("bob",))]


def test_three_layers() -> None:
    alice = layer("alice", [span("a", 0, 5, "PERSON"), span("b", 10, 20, "QUOTE", stance="accusing")])
    bob = layer("bob", [span("a", 0, 5, "PERSON"), span("b", 10, 20, "QUOTE", stance="defending")])
    carol = layer("carol", [span("x", 0, 5, "ORG")])
    result = find_differences({"alice": alice, "bob": bob, "carol": carol})
    label, only, stance = result.differences
    # PERSON of alice and bob vs ORG of carol: one label difference, nobody missing
    assert label.kind is K.LABEL_DIFFERS and label.labels == {"alice": "PERSON", "bob": "PERSON", "carol": "ORG"}
    assert label.missing == ()
    # the quote is in two layers of three: carol lacks it, and the two disagree on the stance
    assert (only.kind, only.layers, only.missing) == (K.ONLY_IN, ("alice", "bob"), ("carol",))
    assert (stance.kind, stance.values) == (K.STANCE_DIFFERS, {"alice": "accusing", "bob": "defending"})
    assert result.agreements == ()


def test_identical_layers_agree_everywhere_and_suggestions_do_not_count() -> None:
    alice = layer("alice", [span("e1", 0, 5, "PERSON"), span("q", 10, 20, "QUOTE", stance="neutral")])
    bob = renamed(alice, "bob").with_span(suggestion("s", 30, 35, "ORG"))
    result = find_differences([alice, bob])
    assert result.differences == ()
    assert len(result.agreements) == 2


def test_find_differences_needs_two_layers_of_one_article() -> None:
    alice = layer("alice", [])
    with pytest.raises(InvariantError):
        find_differences([alice])
    with pytest.raises(InvariantError):
        find_differences([alice, layer("bob", [], article_id="other")])
    with pytest.raises(InvariantError):
        find_differences([alice, alice])


def test_overlap_matching_is_one_to_one_by_largest_overlap() -> None:
    ref = [span("a", 0, 10, "ORG"), span("b", 8, 20, "ORG")]
    pred = [span("x", 5, 12, "ORG")]
    # overlaps: a~x = 5 (5..10), b~x = 4 (8..12) -> x goes to a only
    assert [(r.id, p.id) for r, p in match_overlap(ref, pred)] == [("a", "x")]
    # equal overlap: the pair with the closer boundaries wins (a=[0,10) exact with y)
    ref = [span("a", 0, 10, "ORG"), span("b", 0, 20, "ORG")]
    pred = [span("y", 0, 10, "ORG")]
    assert [(r.id, p.id) for r, p in match_overlap(ref, pred)] == [("a", "y")]


def test_group_spans_joins_the_group_overlapping_most() -> None:
    groups = group_spans(
        [
            ("alice", [span("a1", 0, 10, "ORG"), span("a2", 20, 30, "ORG")]),
            ("bob", [span("b1", 2, 10, "ORG")]),
            ("carol", [span("c1", 5, 25, "ORG")]),
        ],
        "ORG",
    )
    # c1 overlaps group {a1, b1} by 5 + 5 = 10 and group {a2} by 5: it joins the first
    assert [{k: s.id for k, s in g.members.items()} for g in groups] == [
        {"alice": "a1", "bob": "b1", "carol": "c1"},
        {"alice": "a2"},
    ]
    assert (groups[0].start, groups[0].end) == (0, 25)
