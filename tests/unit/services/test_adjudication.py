"""Adjudication commands and review figures, on hand-built layers and a real project file."""

from __future__ import annotations

from annotator.domain import GOLD_LAYER, Annotations, Article, Relation, Span, Status
from annotator.editing import EditContext
from annotator.review import DifferenceKind, empty_gold, find_differences
from annotator.services.adjudication import (
    AcceptAgreements,
    Adjudicate,
    decided_keys,
    iter_reviews,
    load_review,
    project_stance_confusion,
    stance_confusion,
)
from annotator.services.reviewing import project_agreement
from annotator.services.scheme import default_scheme
from annotator.storage import Store

TEXT = "Mayor Ann Lee said the bridge is safe. Critics said it is not. Police said nothing."


def _layer(name: str, spans: list[Span], relations: tuple[Relation, ...] = ()) -> Annotations:
    return Annotations("a1", name, tuple(spans), relations, Status.DONE)


def _pair() -> tuple[Annotations, Annotations]:
    quote_a = Span("q1", 19, 38, "QUOTE", attrs={"stance": "defending"})
    quote_b = Span("q9", 19, 38, "QUOTE", attrs={"stance": "neutral"})
    person = Span("p1", 6, 13, "PERSON")
    alice = _layer("alice", [person, quote_a, Span("q2", 47, 62, "QUOTE")], (Relation("r1", "q1", "p1", "SPEAKER"),))
    bob = _layer(
        "bob",
        [Span("p7", 6, 13, "PERSON"), quote_b, Span("o1", 64, 70, "ORG")],
        (Relation("r5", "q9", "p7", "SPEAKER"),),
    )
    return alice, bob


def _ctx() -> EditContext:
    return EditContext(TEXT, default_scheme())


def test_adjudicate_keeps_the_chosen_version_and_records_none():
    alice, bob = _pair()
    layers = {"alice": alice, "bob": bob}
    found = find_differences(layers)
    kinds = [d.kind for d in found.differences]
    assert kinds == [DifferenceKind.STANCE_DIFFERS, DifferenceKind.ONLY_IN, DifferenceKind.ONLY_IN]
    gold = AcceptAgreements(found.agreements, "alice", layers).apply(empty_gold("a1"), _ctx())
    assert {(s.start, s.end, s.label) for s in gold.spans} == {(6, 13, "PERSON"), (19, 38, "QUOTE")}
    assert gold.status is Status.IN_PROGRESS
    stance, only_alice, only_bob = found.differences
    gold = Adjudicate(stance, "bob", layers).apply(gold, _ctx())
    quote = next(s for s in gold.spans if s.label == "QUOTE")
    assert quote.attrs["stance"] == "neutral"
    gold = Adjudicate(only_alice, "alice", layers).apply(gold, _ctx())
    gold = Adjudicate(only_bob, None, layers).apply(gold, _ctx())
    assert decided_keys(gold) == {only_bob.key}
    assert not any(s.label == "ORG" for s in gold.spans)
    # changing one's mind about a rejection forgets it
    gold = Adjudicate(only_bob, "bob", layers).apply(gold, _ctx())
    assert decided_keys(gold) == frozenset()
    assert Adjudicate(only_bob, None, layers).name == "Keep none (only in)"


def test_reviews_and_progress_from_a_project_file(tmp_path):
    alice, bob = _pair()
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_articles([(Article("a1", TEXT), [alice, bob])])
        review = load_review(store, "a1", ["alice", "bob"])
        assert review.progress == (0, 3)
        first = review.differences.differences[0]
        gold = Adjudicate(first, "alice", review.layers).apply(review.gold, _ctx())
        last = review.differences.differences[-1]
        gold = Adjudicate(last, None, review.layers).apply(gold, _ctx())
        store.replace_layer(gold)
    with Store.open(path) as store:
        (again,) = list(iter_reviews(store, ["alice", "bob"]))
        assert again.progress == (2, 3)
        assert store.annotations("a1", GOLD_LAYER).decisions  # the rejection is stored
        assert list(iter_reviews(store, ["alice"])) == []


def test_stance_confusion_counts_the_quotes_kappa_is_computed_on(tmp_path):
    alice, bob = _pair()
    with Store.open(tmp_path / "p.annotator") as store:
        store.add_articles([(Article("a1", TEXT), [alice, bob])])
        confusion = project_stance_confusion(store, "alice", "bob")
        report = project_agreement(store, ["alice", "bob"])
    assert confusion.categories == ("defending", "neutral")
    assert confusion.counts == ((0, 1), (0, 0))
    assert confusion.total == report.pair("alice", "bob").figures.stance.kappa.support
    assert confusion.agreed == 0


def test_stance_confusion_puts_none_last_and_skips_articles_without_both_layers():
    alice, bob = _pair()
    plain = _layer("bob", [Span("q3", 19, 38, "QUOTE")])
    confusion = stance_confusion(iter([{"alice": alice, "bob": plain}, {"alice": alice}]), "alice", "bob")
    assert confusion.categories == ("defending", "none")
    assert confusion.counts == ((0, 1), (0, 0))


def test_what_was_decided_and_golds_span_for_a_difference():
    from annotator.services.adjudication import decision_of, gold_span_for

    alice, bob = _pair()
    layers = {"alice": alice, "bob": bob}
    found = find_differences(layers)
    _stance, only_alice, only_bob = found.differences
    gold = AcceptAgreements(found.agreements, "alice", layers).apply(empty_gold("a1"), _ctx())
    assert gold_span_for(only_alice, gold) is None
    gold = Adjudicate(only_alice, "alice", layers).apply(gold, _ctx())
    gold = Adjudicate(only_bob, None, layers).apply(gold, _ctx())
    assert decision_of(only_alice, gold) == "alice"
    assert decision_of(only_bob, gold) == "none"
    kept = gold_span_for(only_alice, gold)
    assert kept is not None and (kept.start, kept.end, kept.label) == (47, 62, "QUOTE")
