"""The domain's invariants and pure operations."""

from __future__ import annotations

import pytest

from annotator.domain import (
    Annotations,
    Article,
    Change,
    InvariantError,
    NotFoundError,
    Origin,
    Relation,
    Span,
    Status,
    UnknownLabelError,
    Verdict,
    content_hash,
    suggestion_key,
)
from annotator.services.scheme import default_scheme


def test_span_bounds_are_checked():
    with pytest.raises(InvariantError):
        Span("s1", 5, 5, "PERSON")
    with pytest.raises(InvariantError):
        Span("s1", -1, 3, "PERSON")
    with pytest.raises(InvariantError, match="past the end"):
        Span("s1", 0, 12, "PERSON").check_within(10)


def test_relation_ends_must_exist():
    with pytest.raises(InvariantError, match="does not exist"):
        Annotations("a", "x", spans=(Span("s1", 0, 2, "QUOTE"),), relations=(Relation("r1", "s1", "s9", "SPEAKER"),))


def test_duplicate_span_ids_are_refused():
    with pytest.raises(InvariantError, match="twice"):
        Annotations("a", "x", spans=(Span("s1", 0, 2, "ORG"), Span("s1", 3, 4, "ORG")))


def test_removing_a_span_removes_its_relations():
    ann = Annotations(
        "a",
        "x",
        spans=(Span("q", 0, 5, "QUOTE"), Span("p", 6, 8, "PERSON")),
        relations=(Relation("r", "q", "p", "SPEAKER"),),
    )
    after = ann.without_span("p")
    assert [s.id for s in after.spans] == ["q"]
    assert after.relations == ()
    assert ann.relations  # the original value is untouched


def test_labels_must_belong_to_the_scheme():
    scheme = default_scheme()
    ann = Annotations("a", "x", spans=(Span("s1", 0, 2, "DISEASE"),))
    with pytest.raises(UnknownLabelError, match="DISEASE"):
        ann.validate(10, scheme)
    ok = Annotations("a", "x", spans=(Span("s1", 0, 2, "QUOTE", attrs={"kind": "direct", "stance": "accusing"}),))
    ok.validate(10, scheme)
    bad_kind = Annotations("a", "x", spans=(Span("s1", 0, 2, "QUOTE", attrs={"kind": "shouted"}),))
    with pytest.raises(InvariantError, match="shouted"):
        bad_kind.validate(10, scheme)


def test_change_between_two_states_lists_exactly_the_differences():
    before = Annotations("a", "x", spans=(Span("s1", 0, 2, "ORG"), Span("s2", 3, 5, "ORG")))
    after = before.without_span("s2").with_span(Span("s1", 0, 2, "GPE")).with_span(Span("s3", 6, 7, "NORP"))
    after = after.with_status(Status.DONE).with_decision("ORG:3:5", Verdict.REJECTED)
    change = Change.between(before, after)
    assert {s.id for s in change.upsert_spans} == {"s1", "s3"}
    assert change.delete_spans == ("s2",)
    assert change.status is Status.DONE
    assert change.upsert_decisions == (("ORG:3:5", Verdict.REJECTED),)
    assert Change.between(after, after).is_empty


def test_pending_suggestions_skip_decided_and_already_marked():
    model = [Span("m1", 0, 4, "PERSON", Origin.MODEL), Span("m2", 5, 9, "ORG", Origin.MODEL),
             Span("m3", 10, 12, "GPE", Origin.MODEL)]
    own = Annotations("a", "x", spans=(Span("s1", 5, 9, "ORG"),)).with_decision(
        suggestion_key(model[0]), Verdict.REJECTED
    )
    assert [s.id for s in own.pending(model)] == ["m3"]


def test_article_needs_text_and_hashes_normalised_text():
    with pytest.raises(InvariantError):
        Article("a", "   ")
    assert content_hash("Hello  World\n") == content_hash("hello world")
    assert Article("a", "Some text").content_hash == content_hash("some text")


def test_missing_span_is_not_found():
    with pytest.raises(NotFoundError):
        Annotations("a", "x").span("nope")
