"""Properties that hold for any layers: self-agreement is perfect, F1 and kappa are symmetric."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from review_builders import ARTICLE, renamed

from annotator.domain import Annotations, Relation, Span
from annotator.review import (
    ArticleLayers,
    Figure,
    cohen_kappa,
    compute_agreement,
    find_differences,
    krippendorff_alpha,
    match_overlap,
)

LABELS = ("PERSON", "ORG", "QUOTE")
STANCES = (None, "accusing", "defending")


@st.composite
def layers(draw: st.DrawFn, annotator: str = "alice") -> Annotations:
    n = draw(st.integers(0, 12))
    spans: list[Span] = []
    for k in range(n):
        start = draw(st.integers(0, 60))
        length = draw(st.integers(1, 15))
        label = draw(st.sampled_from(LABELS))
        attrs: dict[str, str] = {}
        if label == "QUOTE":
            stance = draw(st.sampled_from(STANCES))
            if stance:
                attrs["stance"] = stance
            name = draw(st.sampled_from((None, "Peskov", "Schiff")))
            if name:
                attrs["speaker_name"] = name
        spans.append(Span(f"s{k}", start, start + length, label, attrs=attrs))
    people = [s.id for s in spans if s.label == "PERSON"]
    relations: list[Relation] = []
    for s in spans:
        if s.label == "QUOTE" and people and draw(st.booleans()):
            relations.append(Relation(f"r{len(relations)}", s.id, draw(st.sampled_from(people)), "SPEAKER"))
    return Annotations(ARTICLE, annotator, tuple(spans), tuple(relations))


def perfect_or_empty(figure: Figure) -> bool:
    return figure == Figure(1.0, figure.support) if figure.support else figure == Figure(None, 0)


@settings(max_examples=150, deadline=None)
@given(layers())
def test_a_layer_agrees_perfectly_with_itself(a: Annotations) -> None:
    report = compute_agreement([ArticleLayers(ARTICLE, {"alice": a, "bob": renamed(a, "bob")})])
    figures = report.pair("alice", "bob").figures
    for row in (*figures.labels, figures.all_labels):
        assert perfect_or_empty(row.exact.f1) and perfect_or_empty(row.overlap.f1)
        assert row.exact.fp == row.exact.fn == 0
    assert perfect_or_empty(figures.speaker.agreement)
    assert perfect_or_empty(figures.stance.kappa) and perfect_or_empty(figures.stance.alpha)
    assert report.articles[0].disagreements == 0
    assert find_differences([a, renamed(a, "bob")]).differences == ()


@settings(max_examples=150, deadline=None)
@given(layers("alice"), layers("bob"))
def test_f1_kappa_and_speaker_are_symmetric(a: Annotations, b: Annotations) -> None:
    article = ArticleLayers(ARTICLE, {"alice": a, "bob": b})
    forward = compute_agreement([article], ["alice", "bob"]).pairs[0].figures
    backward = compute_agreement([article], ["bob", "alice"]).pairs[0].figures
    for row in forward.labels:
        other = backward.label(row.label)
        assert row.exact.f1 == other.exact.f1 and row.overlap.f1 == other.overlap.f1
        assert (row.overlap.precision, row.overlap.recall) == (other.overlap.recall, other.overlap.precision)
    assert forward.speaker == backward.speaker
    assert forward.stance.kappa == backward.stance.kappa
    assert forward.stance.alpha == backward.stance.alpha


@settings(max_examples=150, deadline=None)
@given(layers("alice"), layers("bob"))
def test_overlap_matching_is_one_to_one_and_same_label(a: Annotations, b: Annotations) -> None:
    for label in LABELS:
        ref = sorted((s for s in a.spans if s.label == label), key=lambda s: (s.start, s.end))
        pred = sorted((s for s in b.spans if s.label == label), key=lambda s: (s.start, s.end))
        pairs = match_overlap(ref, pred)
        assert len({x.id for x, _ in pairs}) == len(pairs) == len({y.id for _, y in pairs})
        assert all(x.overlaps(y) for x, y in pairs)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), max_size=30))
def test_kappa_and_alpha_stay_in_range(pairs: list[tuple[str, str]]) -> None:
    for figure in (cohen_kappa(pairs), krippendorff_alpha(pairs)):
        assert figure.support == len(pairs)
        assert figure.value is None or -1.0 - 1e-9 <= figure.value <= 1.0 + 1e-9
