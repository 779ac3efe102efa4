"""Agreement figures on small layers, each value worked out by hand in the comments."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from review_builders import ARTICLE, about, layer, renamed, span, suggestion

from annotator.domain import Annotations, Article, InvariantError
from annotator.review import AgreementReport, AgreementTally, ArticleLayers, Figure, SpanCounts, compute_agreement


def alice() -> Annotations:
    return layer(
        "alice",
        [
            span("e1", 0, 5, "PERSON"),
            span("e2", 10, 15, "PERSON"),
            span("e3", 20, 25, "ORG"),
            span("q1", 30, 50, "QUOTE", speaker_name="Peskov", stance="accusing"),
            span("q2", 60, 80, "QUOTE"),
        ],
    )


def bob() -> Annotations:
    return layer(
        "bob",
        [
            span("p1", 0, 5, "PERSON"),  # exact
            span("p2", 11, 15, "PERSON"),  # overlaps e2
            span("g1", 20, 25, "GPE"),  # same text as e3, other label
            span("k1", 30, 50, "QUOTE", speaker_name=" peskov "),  # stance given by a relation
            span("k2", 62, 80, "QUOTE"),
        ],
        [("k1", "g1", "accusing"), ("k2", "p1", "SPEAKER"), ("k2", "g1", "defending")],
    )


def report_of(*layers: Annotations) -> AgreementReport:
    return compute_agreement([ArticleLayers(ARTICLE, {a.annotator: a for a in layers})])


def test_span_figures_per_label_exact_and_overlap() -> None:
    report = compute_agreement([ArticleLayers(ARTICLE, {"alice": alice(), "bob": bob()})])
    figures = report.pair("alice", "bob").figures
    # PERSON: exact matches only [0,5): tp 1, fp 1 ([11,15)), fn 1 ([10,15)) -> P = R = F1 = 0.5
    person = figures.label("PERSON")
    assert person.exact == SpanCounts(1, 1, 1)
    assert person.exact.f1 == Figure(0.5, 3)
    assert person.exact.precision == Figure(0.5, 2)
    # overlap: [10,15) ~ [11,15) too -> tp 2, P = R = F1 = 1.0
    assert person.overlap == SpanCounts(2, 0, 0)
    assert person.overlap.f1 == Figure(1.0, 2)
    # ORG only in alice: recall 0 on 1 span, precision has no predicted span: None, support 0
    org = figures.label("ORG")
    assert org.overlap == SpanCounts(0, 0, 1)
    assert org.overlap.precision == Figure(None, 0)
    assert org.overlap.recall == Figure(0.0, 1)
    assert org.overlap.f1 == Figure(0.0, 1)
    # GPE only in bob: precision 0 on 1 span, recall None
    assert figures.label("GPE").overlap.precision == Figure(0.0, 1)
    assert figures.label("GPE").overlap.recall == Figure(None, 0)
    # all labels, exact: tp 1+1 = 2, fp 1+1+1 = 3 (PERSON, GPE, QUOTE), fn 1+1+1 = 3
    #   P = R = 2/5, F1 = 2*2 / (2*2 + 3 + 3) = 0.4 on 8 items
    assert figures.all_labels.exact == SpanCounts(2, 3, 3)
    assert figures.all_labels.exact.f1 == about(0.4, 8)
    # all labels, overlap: tp 4, fp 1 (GPE), fn 1 (ORG) -> F1 = 8/10 on 6 items
    assert figures.all_labels.overlap.f1 == about(0.8, 6)


def test_quote_speaker_and_stance_figures() -> None:
    figures = compute_agreement([ArticleLayers(ARTICLE, {"alice": alice(), "bob": bob()})]).pair("alice", "bob").figures
    # quotes: [30,50) exact; [60,80) ~ [62,80) by overlap only
    assert figures.quotes.exact == SpanCounts(1, 1, 1)
    assert figures.quotes.overlap == SpanCounts(2, 0, 0)
    # speaker: q1/k1 same name ("Peskov" vs " peskov "); q2 has none, k2 has a mention -> 1 of 2
    assert figures.speaker.agreed == 1
    assert figures.speaker.agreement == Figure(0.5, 2)
    # stance: q1 "accusing" (attr) vs k1 "accusing" (relation); q2 "none" vs k2 "defending"
    #   po = 1/2; rows accusing 1, none 1; cols accusing 1, defending 1
    #   pe = (1*1)/4 = 1/4; kappa = (1/2 - 1/4) / (3/4) = 1/3
    assert figures.stance.kappa == about(1 / 3, 2)
    # alpha on units (accusing, accusing) (none, defending): n = 4, n_acc 2, n_none 1, n_def 1
    #   diagonal 2, observed 4 - 2 = 2; expected 16 - (4 + 1 + 1) = 10; alpha = 1 - 3*2/10 = 0.4
    assert figures.stance.alpha == about(0.4, 2)
    assert figures.stance.categories == ("accusing", "defending", "none")


def test_per_article_table_sorted_by_disagreement() -> None:
    calm = ArticleLayers(
        "calm",
        {
            "alice": layer("alice", [span("x", 0, 4, "ORG")], article_id="calm"),
            "bob": layer("bob", [span("y", 0, 4, "ORG")], article_id="calm"),
        },
    )
    stormy = ArticleLayers(ARTICLE, {"alice": alice(), "bob": bob()})
    report = compute_agreement([calm, stormy])
    # stormy: unmatched ORG and GPE (2) + other boundaries on PERSON and QUOTE (2)
    #   + speaker of q2 (1) + stance of q2 (1) = 6; overlap F1 0.8 on 6 items (above)
    assert [(row.article_id, row.disagreements) for row in report.articles] == [(ARTICLE, 6), ("calm", 0)]
    assert report.articles[0].span_f1 == about(0.8, 6)
    assert report.articles[1].span_f1 == Figure(1.0, 1)
    assert compute_agreement([calm, stormy], top_articles=1).articles[0].article_id == ARTICLE


def test_perfect_agreement_with_one_stance_only() -> None:
    a = layer("alice", [span("q1", 0, 10, "QUOTE"), span("q2", 20, 30, "QUOTE"), span("e1", 40, 45, "PERSON")])
    report = report_of(a, renamed(a, "bob"))
    figures = report.pair("alice", "bob").figures
    assert figures.all_labels.exact.f1 == Figure(1.0, 3)
    assert figures.speaker.agreement == Figure(1.0, 2)  # nobody named a speaker: agreement
    # every quote "none" in both layers: expected agreement 1 -> kappa and alpha defined as 1.0
    assert figures.stance.kappa == Figure(1.0, 2)
    assert figures.stance.alpha == Figure(1.0, 2)
    assert report.articles[0].disagreements == 0


def test_total_disagreement() -> None:
    a = layer("alice", [span("q1", 0, 10, "QUOTE", stance="accusing"), span("q2", 20, 30, "QUOTE", stance="defending")])
    b = layer(
        "bob",
        [
            span("k1", 0, 10, "QUOTE", stance="defending"),
            span("k2", 20, 30, "QUOTE", stance="accusing"),
            span("e9", 50, 60, "PERSON"),
        ],
    )
    c = layer("carol", [span("e1", 40, 45, "PERSON")])
    report = report_of(a, b, c)
    # stance: po 0, pe = (1*1 + 1*1)/4 = 1/2 -> kappa -1
    assert report.pair("alice", "bob").figures.stance.kappa == Figure(-1.0, 2)
    # nothing in common between alice and carol: F1 0 on 3 items, precision 0 on carol's 1 span
    ac = report.pair("alice", "carol").figures.all_labels.overlap
    assert ac == SpanCounts(0, 1, 2)
    assert ac.f1 == Figure(0.0, 3)


def test_one_label_only_and_empty_layers() -> None:
    a = layer("alice", [span("e1", 0, 5, "PERSON")])
    report = report_of(a, layer("bob", []))
    figures = report.pair("alice", "bob").figures
    assert [row.label for row in figures.labels] == ["PERSON"]
    assert figures.quotes.overlap.f1 == Figure(None, 0)
    assert figures.speaker.agreement == Figure(None, 0)
    assert figures.stance.kappa == Figure(None, 0)
    assert figures.stance.alpha == Figure(None, 0)
    empty = report_of(layer("alice", []), layer("bob", []))
    assert empty.overall.all_labels.exact.f1 == Figure(None, 0)
    assert empty.articles[0].span_f1 == Figure(None, 0)


def test_no_articles_at_all() -> None:
    report = compute_agreement([])
    assert report.pairs == () and report.articles_seen == 0
    assert report.overall.stance.alpha == Figure(None, 0)
    json.dumps(report.to_dict())
    named = compute_agreement([], ["alice", "bob"])
    assert named.pair("alice", "bob").articles_compared == 0
    assert named.pair("bob", "alice").figures.all_labels.overlap.f1 == Figure(None, 0)


def test_missing_layers_are_skipped_and_counted() -> None:
    def art(article_id: str, *names: str) -> ArticleLayers:
        return ArticleLayers(article_id, {n: layer(n, [span("e", 0, 5, "ORG")], article_id=article_id) for n in names})

    report = compute_agreement([art("1", "alice", "bob", "carol"), art("2", "alice", "bob"), art("3", "carol")])
    assert report.annotators == ("alice", "bob", "carol")
    assert (report.articles_seen, report.articles_compared, report.articles_skipped) == (3, 2, 1)
    assert report.missing_layers == {"alice": 1, "bob": 1, "carol": 1}
    assert (report.pair("alice", "bob").articles_compared, report.pair("alice", "bob").articles_missing) == (2, 1)
    assert (report.pair("alice", "carol").articles_compared, report.pair("alice", "carol").articles_missing) == (1, 2)
    assert report.pair("alice", "carol").figures.all_labels.exact == SpanCounts(1, 0, 0)
    # pooled over pairs: ab on 2 articles + ac + bc on 1 each = 4 matches
    assert report.overall.all_labels.exact == SpanCounts(4, 0, 0)
    assert report.overall.stance.kappa == Figure(None, 0)  # three annotators: kappa is not defined


def test_alpha_across_three_annotators_with_missing_quote() -> None:
    # one quote group: alice accusing, bob accusing, carol has no such quote (missing value);
    # a second: all three, stances accusing / defending / accusing
    def quotes(name: str, *stances: str | None) -> Annotations:
        spans = [span(f"{name}{n}", 10 * n, 10 * n + 5, "QUOTE", stance=s) for n, s in enumerate(stances) if s]
        return layer(name, spans)

    report = report_of(
        quotes("alice", "accusing", "accusing"),
        quotes("bob", "accusing", "defending"),
        quotes("carol", None, "accusing"),
    )
    # units (acc, acc, -) and (acc, def, acc): n = 5, n_acc = 4, n_def = 1
    # diagonal: 2*1/1 + 2*1/2 = 3; observed 5 - 3 = 2; expected 25 - (16 + 1) = 8
    # alpha = 1 - 4 * 2 / 8 = 0.0
    assert report.overall.stance.alpha == about(0.0, 2)


def test_gold_model_and_suggestions_are_not_colleagues_labels() -> None:
    a = layer("alice", [span("e1", 0, 5, "PERSON"), suggestion("s1", 10, 15, "ORG")])
    layers = {
        "alice": a,
        "bob": renamed(layer("x", [span("e1", 0, 5, "PERSON")]), "bob"),
        "gold": renamed(a, "gold"),
        "model": renamed(a, "model"),
    }
    report = compute_agreement([ArticleLayers(ARTICLE, layers)])
    assert report.annotators == ("alice", "bob")
    assert report.overall.all_labels.exact == SpanCounts(1, 0, 0)  # the ORG suggestion is no decision
    explicit = compute_agreement([ArticleLayers(ARTICLE, layers)], ["gold", "alice"])
    assert explicit.pairs[0].reference == "gold"


def test_streams_a_generator_once_and_reports_as_it_goes() -> None:
    def articles() -> Iterator[ArticleLayers]:
        for n in range(3):
            aid = f"a{n}"
            yield ArticleLayers(
                aid,
                {
                    "alice": layer("alice", [span("e", 0, 5, "ORG")], article_id=aid),
                    "bob": layer("bob", [span("e", 0, 6, "ORG")], article_id=aid),
                },
            )

    tally = AgreementTally()
    for article in articles():
        row = tally.add(article)
        assert row is not None and row.disagreements == 1
    assert tally.report().pair("alice", "bob").figures.all_labels.overlap == SpanCounts(3, 0, 0)
    assert compute_agreement(articles()).articles_compared == 3


def test_to_dict_names_every_figure_with_support() -> None:
    report = compute_agreement([ArticleLayers(ARTICLE, {"alice": alice(), "bob": bob()})])
    data = json.loads(json.dumps(report.to_dict()))
    pair = data["pairs"][0]
    assert pair["reference"] == "alice" and pair["prediction"] == "bob"
    assert pair["spans"]["PERSON"]["exact"]["f1"] == {"value": 0.5, "support": 3}
    assert pair["quotes"]["overlap"]["recall"] == {"value": 1.0, "support": 2}
    assert pair["speaker"]["agreement"] == {"value": 0.5, "support": 2}
    assert pair["stance"]["kappa"]["support"] == 2
    assert data["overall"]["stance"]["alpha"]["support"] == 2
    assert data["per_article"][0] == {
        "article_id": ARTICLE,
        "layers": ["alice", "bob"],
        "disagreements": 6,
        "span_f1": {"value": 0.8, "support": 6},
    }
    assert data["articles"]["missing_layers"] == {"alice": 0, "bob": 0}


def test_article_layers_are_checked() -> None:
    with pytest.raises(InvariantError):
        ArticleLayers("other", {"alice": alice()})
    with pytest.raises(InvariantError):
        ArticleLayers(ARTICLE, {"alice": alice()}, text_length=40)  # q2 ends at 80
    article = Article(ARTICLE, "x" * 100)
    assert ArticleLayers.of(article, [alice(), bob()]).layers.keys() == {"alice", "bob"}


def test_the_mapping_names_the_layers() -> None:
    # a layer stored under another annotator name is compared under the mapping's key
    report = compute_agreement([ArticleLayers(ARTICLE, {"first": alice(), "second": alice()})])
    assert report.pair("first", "second").figures.all_labels.exact.f1 == Figure(1.0, 5)
