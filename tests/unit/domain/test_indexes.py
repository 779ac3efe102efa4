"""The layer's own indexes answer as a walk over its spans and relations would, after every operation."""

from __future__ import annotations

import random

import pytest

from annotator.domain import Annotations, Change, InvariantError, Relation, Span, Status, Verdict, affected_spans


def walk_from(ann: Annotations, head: str) -> list[Relation]:
    return [r for r in ann.relations if r.head == head]


def walk_to(ann: Annotations, child: str) -> list[Relation]:
    return [r for r in ann.relations if r.child == child]


def random_layer(rng: random.Random, n: int = 60) -> Annotations:
    spans = tuple(
        Span(f"s{i}", i * 10, i * 10 + rng.randint(1, 9), rng.choice(("PERSON", "QUOTE", "CUE"))) for i in range(n)
    )
    relations = tuple(
        Relation(f"r{i}", f"s{rng.randrange(n)}", f"s{rng.randrange(n)}", rng.choice(("SPEAKER", "CUE", "accusing")))
        for i in range(2 * n)
    )
    return Annotations("a", "alice", spans, relations)


def test_look_ups_match_a_walk_after_every_operation() -> None:
    rng = random.Random(5)
    ann = random_layer(rng)
    for step in range(80):
        ids = [s.id for s in ann.spans]
        choice = step % 7
        if choice == 6 and ids:  # accepting: a new span and a link to it appended
            new = ann.new_span_id("s")
            added = Span(new, 2000 + step, 2004 + step, "PERSON")
            ann = ann.with_added([added], [Relation(ann.new_relation_id("r"), rng.choice(ids), new, "SPEAKER")])
        elif choice == 4 and ids:  # a span replaced in its place: the indexes are carried over, not rebuilt
            old = ann.span(rng.choice(ids))
            ann = ann.with_span(old.with_attrs(stance="accusing"))
            assert ann.spans[[s.id for s in ann.spans].index(old.id)].attrs["stance"] == "accusing"
        elif choice == 5:
            ann = ann.with_status(Status.IN_PROGRESS).with_decision(f"PERSON:{step}:{step + 1}", Verdict.REJECTED)
        elif choice == 0 and ids:
            ann = ann.without_span(rng.choice(ids))
        elif choice == 1:
            new = ann.new_span_id("s")
            ann = ann.with_span(Span(new, 1000 + step, 1005 + step, "PERSON"))
        elif choice == 2 and len(ids) > 1:
            ann = ann.with_relation(Relation(ann.new_relation_id("r"), rng.choice(ids), rng.choice(ids), "SPEAKER"))
        elif ann.relations:
            ann = ann.without_relation(rng.choice(ann.relations).id)
        for span in ann.spans:
            assert ann.span(span.id) is span and ann.get_span(span.id) is span
            assert ann.relations_from(span.id) == walk_from(ann, span.id)
            assert ann.relations_to(span.id) == walk_to(ann, span.id)
            assert ann.relations_from(span.id, "SPEAKER") == [
                r for r in walk_from(ann, span.id) if r.label == "SPEAKER"
            ]
            first = next((r for r in walk_from(ann, span.id) if r.label == "CUE"), None)
            assert ann.linked(span.id, "CUE") == (ann.span(first.child) if first else None)
        assert set(ann.heads()) == {r.head for r in ann.relations}
        fresh = Annotations(ann.article_id, ann.annotator, ann.spans, ann.relations, ann.status, ann.decisions)
        assert ann == fresh and dict(ann.span_index) == dict(fresh.span_index)
        assert ann.spans_labelled("QUOTE") == [s for s in ann.sorted_spans() if s.label == "QUOTE"]


def test_replacing_a_span_keeps_its_place_and_the_new_id_is_fresh() -> None:
    ann = Annotations("a", "alice", (Span("s1", 0, 4, "PERSON"), Span("s2", 5, 9, "ORG")))
    ann = ann.with_span(Span("s1", 0, 4, "GPE"))
    assert [s.id for s in ann.spans] == ["s1", "s2"] and ann.span("s1").label == "GPE"
    assert ann.new_span_id("s") == "s3"


def test_affected_spans_name_the_heads_of_changed_and_linked_relations() -> None:
    before = Annotations(
        "a",
        "alice",
        (Span("q", 0, 20, "QUOTE"), Span("p", 21, 25, "PERSON"), Span("c", 26, 30, "CUE")),
        (Relation("r1", "q", "p", "SPEAKER"), Relation("r2", "q", "c", "CUE")),
    )
    resized = before.with_span(before.span("p").with_bounds(21, 28))
    assert affected_spans(Change.between(before, resized), before, resized) == {"p", "q"}  # q shows p's text
    unlinked = before.without_relation("r2")
    assert affected_spans(Change.between(before, unlinked), before, unlinked) == {"q"}


def test_derived_relations_are_checked_like_new_ones() -> None:
    ann = random_layer(random.Random(2), n=5)
    with pytest.raises(InvariantError, match="does not exist"):
        ann.with_relations((Relation("x", "s0", "nowhere", "SPEAKER"),))
    with pytest.raises(InvariantError, match="twice"):
        ann.with_added([Span("s1", 0, 1, "PERSON")])
    with pytest.raises(InvariantError, match="twice"):
        ann.with_relations((Relation("x", "s0", "s1", "SPEAKER"), Relation("x", "s1", "s2", "CUE")))


def test_relations_replaced_a_few_at_a_time_are_indexed_as_a_fresh_layer() -> None:
    """A link moved (the old one dropped, the new one appended), stances cleared, relations changed in
    place: the indexes rolled forward from the previous value equal those built from scratch."""
    rng = random.Random(11)
    ann = random_layer(rng)
    for step in range(120):
        ids = [s.id for s in ann.spans]
        head = rng.choice(ids)
        choice = step % 4
        if choice == 0:  # LinkMention: drop the head's SPEAKER links, append the new one
            old = {r.id for r in ann.relations_from(head, "SPEAKER")}
            kept = tuple(r for r in ann.relations if r.id not in old)
            ann = ann.with_relations((*kept, Relation(ann.new_relation_id("r"), head, rng.choice(ids), "SPEAKER")))
        elif choice == 1:
            ann = ann.without_relations(head, ["accusing", "CUE"])
        elif choice == 2 and ann.relations:  # a relation relabelled where it stands
            at = rng.randrange(len(ann.relations))
            r = ann.relations[at]
            ann = ann.with_relations(
                (*ann.relations[:at], Relation(r.id, r.head, r.child, "CUE"), *ann.relations[at + 1 :])
            )
        else:  # many at once (the full re-index)
            ann = ann.with_relations(tuple(rng.sample(ann.relations, len(ann.relations) // 2)))
        fresh = Annotations(ann.article_id, ann.annotator, ann.spans, ann.relations, ann.status, ann.decisions)
        assert ann._relations_by_id == fresh._relations_by_id
        assert ann._by_head == fresh._by_head and ann._by_child == fresh._by_child
        for span in ann.spans:
            assert ann.relations_from(span.id) == walk_from(ann, span.id)
            assert ann.relations_to(span.id) == walk_to(ann, span.id)
