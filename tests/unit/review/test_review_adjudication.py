"""Adjudication: decisions on differences build the gold layer, with relations and linked spans."""

from __future__ import annotations

import pytest
from review_builders import ARTICLE, layer, span, suggestion

from annotator.domain import GOLD_LAYER, Annotations, InvariantError
from annotator.review import (
    Difference,
    DifferenceKind,
    adjudicate,
    adjudication_progress,
    empty_gold,
    find_differences,
    is_resolved,
)

K = DifferenceKind


def alice() -> Annotations:
    return layer(
        "alice",
        [
            span("e1", 0, 5, "PERSON"),
            span("e3", 20, 25, "ORG"),
            span("q1", 30, 50, "QUOTE", kind="direct", speaker_name="Peskov", stance="accusing"),
            span("c1", 51, 55, "CUE"),
        ],
        [("q1", "e1", "SPEAKER"), ("q1", "c1", "CUE"), ("q1", "e3", "accusing")],
    )


def bob() -> Annotations:
    return layer(
        "bob",
        [
            span("p1", 0, 5, "PERSON"),
            span("g1", 20, 25, "GPE"),
            span("k1", 30, 50, "QUOTE", kind="direct", speaker_name="Pelosi"),
            span("p9", 60, 65, "PERSON"),
        ],
        [("k1", "p9", "SPEAKER"), ("k1", "g1", "defending")],
    )


def only(kind: DifferenceKind, *layers: Annotations) -> Difference:
    (diff,) = find_differences(list(layers)).of_kind(kind)
    return diff


def by_key(gold: Annotations) -> dict[tuple[int, int, str], str]:
    return {(s.start, s.end, s.label): s.id for s in gold.spans}


def links(gold: Annotations, head: str) -> set[tuple[str, tuple[int, int, str]]]:
    """A quote's relations as (label, child's range and label): independent of ids."""
    return {
        (r.label, (gold.span(r.child).start, gold.span(r.child).end, gold.span(r.child).label))
        for r in gold.relations_from(head)
    }


def test_accepting_a_quote_copies_relations_and_linked_spans_with_fresh_ids() -> None:
    a, b = alice(), layer("bob", [span("p1", 0, 5, "PERSON")])
    diff = next(d for d in find_differences([a, b]).differences if d.labels.get("alice") == "QUOTE")
    assert diff.kind is K.ONLY_IN
    # gold already holds the speaker mention (another id) and a span whose id clashes with alice's quote
    gold = Annotations(ARTICLE, GOLD_LAYER, (span("e7", 0, 5, "PERSON"), span("q1", 100, 110, "QUOTE")))
    new = adjudicate(diff, "alice", gold, [a, b])
    keys = by_key(new)
    quote_id = keys[(30, 50, "QUOTE")]
    assert quote_id != "q1" and len({s.id for s in new.spans}) == len(new.spans) == 5
    assert new.span(quote_id).attrs == {"kind": "direct", "speaker_name": "Peskov", "stance": "accusing"}
    # the mention already in gold is reused; cue and stance target are copied in
    assert links(new, quote_id) == {
        ("SPEAKER", (0, 5, "PERSON")),
        ("CUE", (51, 55, "CUE")),
        ("accusing", (20, 25, "ORG")),
    }
    assert next(r.child for r in new.relations_from(quote_id, "SPEAKER")) == "e7"
    assert new.annotator == GOLD_LAYER and gold.spans == (span("e7", 0, 5, "PERSON"), span("q1", 100, 110, "QUOTE"))
    # accepting twice changes nothing
    assert adjudicate(diff, "alice", new, [a, b]) == new


def test_label_choice_can_be_changed_or_dropped() -> None:
    a, b = alice(), bob()
    diff = only(K.LABEL_DIFFERS, a, b)
    gold = adjudicate(diff, "alice", empty_gold(ARTICLE), [a, b])
    assert set(by_key(gold)) == {(20, 25, "ORG")}
    gold = adjudicate(diff, "bob", gold, [a, b])
    assert set(by_key(gold)) == {(20, 25, "GPE")}
    assert adjudicate(diff, None, gold, [a, b]).spans == ()


def test_boundary_choice_replaces_the_other_version() -> None:
    a = layer("alice", [span("e", 10, 15, "PERSON")])
    b = layer("bob", [span("e", 11, 15, "PERSON")])
    diff = only(K.BOUNDARY_DIFFERS, a, b)
    gold = adjudicate(diff, "alice", empty_gold(ARTICLE), [a, b])
    gold = adjudicate(diff, "bob", gold, [a, b])
    assert set(by_key(gold)) == {(11, 15, "PERSON")}
    with pytest.raises(InvariantError):
        adjudicate(diff, "carol", gold, [a, b])


def test_speaker_choice_replaces_speaker_only() -> None:
    a, b = alice(), bob()
    gold = adjudicate(only(K.LABEL_DIFFERS, a, b), "alice", empty_gold(ARTICLE), [a, b])
    quote_in_alice = next(d for d in find_differences([a, layer("x", [])]).differences if d.labels["alice"] == "QUOTE")
    gold = adjudicate(quote_in_alice, "alice", gold, [a])
    speaker = only(K.SPEAKER_DIFFERS, a, b)
    assert is_resolved(speaker, gold)  # gold holds alice's version of the quote and speaker
    new = adjudicate(speaker, "bob", gold, [a, b])
    quote_id = by_key(new)[(30, 50, "QUOTE")]
    assert new.span(quote_id).attrs["speaker_name"] == "Pelosi"
    assert links(new, quote_id) == {
        ("SPEAKER", (60, 65, "PERSON")),
        ("CUE", (51, 55, "CUE")),
        ("accusing", (20, 25, "ORG")),
    }
    cleared = adjudicate(speaker, None, new, [a, b])
    assert "speaker_name" not in cleared.span(quote_id).attrs
    assert {label for label, _ in links(cleared, quote_id)} == {"CUE", "accusing"}


def test_stance_choice_sets_attribute_and_relations() -> None:
    a, b = alice(), bob()
    stance = only(K.STANCE_DIFFERS, a, b)
    assert stance.values == {"alice": "accusing", "bob": "defending"}
    # gold has no quote yet: choosing bob's stance copies bob's quote whole
    gold = adjudicate(stance, "bob", empty_gold(ARTICLE), [a, b])
    quote_id = by_key(gold)[(30, 50, "QUOTE")]
    assert ("defending", (20, 25, "GPE")) in links(gold, quote_id)
    gold = adjudicate(stance, "alice", gold, [a, b])
    assert gold.span(quote_id).attrs["stance"] == "accusing"
    assert ("accusing", (20, 25, "ORG")) in links(gold, quote_id)
    assert not any(label == "defending" for label, _ in links(gold, quote_id))
    cleared = adjudicate(stance, None, gold, [a, b])
    assert "stance" not in cleared.span(quote_id).attrs
    assert {label for label, _ in links(cleared, quote_id)} == {"SPEAKER"}
    assert not is_resolved(stance, cleared)  # "none" is not one of the versions here


def test_progress_counts_resolved_differences() -> None:
    a, b = alice(), bob()
    diffs = find_differences([a, b]).differences
    # label (20-25), speaker and stance (30-50), only_in bob's PERSON (60-65), only_in alice's CUE (51-55)
    assert sorted(d.kind.value for d in diffs) == [
        "label_differs",
        "only_in",
        "only_in",
        "speaker_differs",
        "stance_differs",
    ]
    gold = empty_gold(ARTICLE)
    assert adjudication_progress(diffs, gold) == (0, 5)
    label = next(d for d in diffs if d.kind is K.LABEL_DIFFERS)
    gold = adjudicate(label, "bob", gold, [a, b])
    assert adjudication_progress(diffs, gold) == (1, 5)
    stance = next(d for d in diffs if d.kind is K.STANCE_DIFFERS)
    gold = adjudicate(stance, "bob", gold, [a, b])
    # bob's quote came in whole: its stance, its speaker and its speaker mention (only_in bob) too
    assert adjudication_progress(diffs, gold) == (4, 5)
    cue = next(d for d in diffs if d.kind is K.ONLY_IN and d.layers == ("alice",))
    gold = adjudicate(cue, None, gold, [a, b])
    assert adjudication_progress(diffs, gold) == (4, 5)  # "none" leaves no trace in gold ...
    assert adjudication_progress(diffs, gold, rejected={cue.key}) == (5, 5)  # ... so it is passed in


def test_relations_follow_a_mention_whose_boundaries_are_corrected() -> None:
    a = layer("alice", [span("q", 20, 40, "QUOTE"), span("m", 10, 15, "PERSON")], [("q", "m", "SPEAKER")])
    b = layer("bob", [span("q", 20, 40, "QUOTE"), span("m", 11, 15, "PERSON")], [("q", "m", "SPEAKER")])
    quote = next(d for d in find_differences([a, layer("x", [])]).differences if d.labels["alice"] == "QUOTE")
    gold = adjudicate(quote, "alice", empty_gold(ARTICLE), [a])
    mention = only(K.BOUNDARY_DIFFERS, a, b)
    gold = adjudicate(mention, "bob", gold, [a, b])
    quote_id = by_key(gold)[(20, 40, "QUOTE")]
    assert set(by_key(gold)) == {(20, 40, "QUOTE"), (11, 15, "PERSON")}
    assert links(gold, quote_id) == {("SPEAKER", (11, 15, "PERSON"))}


def test_suggestions_linked_from_a_quote_are_not_copied() -> None:
    a = layer("alice", [span("q", 20, 40, "QUOTE"), suggestion("s", 0, 5, "PERSON")], [("q", "s", "SPEAKER")])
    b = layer("bob", [])
    (diff,) = find_differences([a, b]).differences
    gold = adjudicate(diff, "alice", empty_gold(ARTICLE), [a, b])
    assert set(by_key(gold)) == {(20, 40, "QUOTE")} and gold.relations == ()
