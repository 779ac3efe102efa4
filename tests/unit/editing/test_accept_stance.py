"""Accepting the model's stance and target: together with the quote, or each alone, never over the annotator's."""

from __future__ import annotations

import pytest

from annotator.domain import MODEL_LAYER, Annotations, InvariantError, Origin, Relation, Span
from annotator.editing import (
    AcceptStance,
    AcceptSuggestion,
    AcceptTarget,
    EditContext,
    SetStance,
    hide_weak_stances,
)
from annotator.services.scheme import default_scheme

TEXT = 'Senator Ruth Okafor said "the budget is a fraud," accusing Minister Dale Pryce of hiding costs.'
QUOTE = (TEXT.index("the budget"), TEXT.index("fraud") + len("fraud"))
PRYCE = (TEXT.index("Dale Pryce"), TEXT.index("Dale Pryce") + len("Dale Pryce"))
OKAFOR = (TEXT.index("Ruth Okafor"), TEXT.index("Ruth Okafor") + len("Ruth Okafor"))
MODEL = {"model": "m", "model_version": "1"}


def model_layer(confidence: float = 0.7) -> Annotations:
    spans = (
        Span(
            "q1",
            *QUOTE,
            "QUOTE",
            Origin.MODEL,
            {**MODEL, "kind": "direct", "stance": "accusing", "stance_confidence": confidence},
        ),
        Span("e1", *OKAFOR, "PERSON", Origin.MODEL, MODEL),
        Span("e2", *PRYCE, "PERSON", Origin.MODEL, MODEL),
    )
    relations = (Relation("r1", "q1", "e1", "SPEAKER"), Relation("r2", "q1", "e2", "accusing"))
    return Annotations("a1", MODEL_LAYER, spans, relations)


@pytest.fixture()
def ctx() -> EditContext:
    return EditContext(TEXT, default_scheme(), model_layer())


def own_quote(**attrs: str) -> Annotations:
    return Annotations("a1", "ann", (Span("s1", *QUOTE, "QUOTE", attrs={"kind": "direct", **attrs}),))


def target_of(ann: Annotations, span_id: str) -> tuple[str, tuple[int, int]] | None:
    rel = next((r for r in ann.relations_from(span_id) if r.label not in ("SPEAKER", "CUE")), None)
    return (rel.label, (ann.span(rel.child).start, ann.span(rel.child).end)) if rel else None


def test_accepting_the_quote_brings_stance_and_target(ctx: EditContext) -> None:
    after = AcceptSuggestion("q1").apply(Annotations("a1", "ann"), ctx)
    quote = next(s for s in after.spans if s.label == "QUOTE")
    assert quote.attrs["stance"] == "accusing" and "stance_confidence" not in quote.attrs
    assert quote.origin is Origin.HUMAN
    assert target_of(after, quote.id) == ("accusing", PRYCE)


def test_stance_and_target_each_alone(ctx: EditContext) -> None:
    ann = own_quote()
    with_stance = AcceptStance("s1").apply(ann, ctx)
    assert with_stance.span("s1").attrs["stance"] == "accusing" and target_of(with_stance, "s1") is None
    with_target = AcceptTarget("s1", "r9").apply(with_stance, ctx)
    assert target_of(with_target, "s1") == ("accusing", PRYCE)
    assert AcceptTarget("s1", "r10").apply(with_target, ctx) == with_target, "accepting twice changes nothing"
    alone = AcceptTarget("s1", "r9").apply(ann, ctx)
    assert target_of(alone, "s1") == ("TARGET", PRYCE), "a target without a stance yet"


def test_an_annotators_stance_and_target_are_never_replaced(ctx: EditContext) -> None:
    ann = SetStance("s1", "dismissive").apply(own_quote(), ctx)
    with pytest.raises(InvariantError, match="already has the stance 'dismissive'"):
        AcceptStance("s1").apply(ann, ctx)
    ann = ann.with_span(Span("p", *OKAFOR, "PERSON")).with_relation(Relation("rx", "s1", "p", "dismissive"))
    with pytest.raises(InvariantError, match="already has a target"):
        AcceptTarget("s1", "r9").apply(ann, ctx)


def test_weak_stances_are_hidden_with_their_targets() -> None:
    weak = hide_weak_stances(model_layer(0.3), 0.5)
    quote = weak.span("q1")
    assert "stance" not in quote.attrs and "stance_confidence" not in quote.attrs
    assert [r.label for r in weak.relations] == ["SPEAKER"]
    assert hide_weak_stances(model_layer(0.6), 0.5) == model_layer(0.6)
    with pytest.raises(InvariantError, match="suggests no stance"):
        AcceptStance("s1").apply(own_quote(), EditContext(TEXT, default_scheme(), weak))
