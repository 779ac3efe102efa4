"""The model layer in review: its suggested quotes and stances are compared like any annotator's."""

from __future__ import annotations

from review_builders import ARTICLE, layer, span, suggestion

from annotator.domain import MODEL_LAYER, Origin, Span
from annotator.review import ArticleLayers, compute_agreement


def _suggested(span_id: str, start: int, end: int, label: str, **attrs: str | float) -> Span:
    return Span(span_id, start, end, label, origin=Origin.MODEL, attrs=dict(attrs))


def test_model_stances_are_compared_with_an_analyst() -> None:
    model = layer(
        MODEL_LAYER,
        [
            _suggested("q1", 0, 10, "QUOTE", stance="accusing", stance_confidence=0.7),
            _suggested("q2", 20, 30, "QUOTE", stance="dismissive", stance_confidence=0.5),
            _suggested("e1", 40, 45, "PERSON"),
        ],
        [("q1", "e1", "accusing")],
    )
    # The analyst kept the first stance and changed the second; a suggestion still pending in the
    # analyst's own layer is no decision and stays out.
    alice = layer(
        "alice",
        [
            span("k1", 0, 10, "QUOTE", stance="accusing"),
            span("k2", 20, 30, "QUOTE", stance="defending"),
            span("p1", 40, 45, "PERSON"),
            suggestion("x", 50, 55, "ORG"),
        ],
        [("k1", "p1", "accusing")],
    )
    report = compute_agreement([ArticleLayers(ARTICLE, {MODEL_LAYER: model, "alice": alice})], [MODEL_LAYER, "alice"])
    figures = report.pair(MODEL_LAYER, "alice").figures
    assert figures.quotes.exact.tp == 2
    assert figures.stance.kappa.support == 2
    assert figures.stance.categories == ("accusing", "defending", "dismissive")
    # one of two stances kept: po 1/2; pe = (1*1)/4 -> kappa 1/3
    assert abs(figures.stance.kappa.value - 1 / 3) < 1e-9
    assert figures.label("ORG").exact.fp + figures.label("ORG").exact.fn == 0
