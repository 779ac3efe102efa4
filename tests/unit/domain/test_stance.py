"""One meaning of a quote's stance and target, and every reader of a layer following it.

A quote linked to a target before a stance is chosen carries a ``TARGET`` relation: a target
without stance. Review (agreement, kappa, differences), the CSV table, the DocBin records and the
quotes panel's rows must all read it that way, never as a stance category "TARGET".
"""

from __future__ import annotations

import csv
import io

import pytest

from annotator.domain import Annotations, Article, Relation, Span
from annotator.interchange import write_quotes_csv
from annotator.interchange.validation import default_label_scheme
from annotator.review import ArticleLayers, DifferenceKind, compute_agreement, find_differences

TARGET = "TARGET"  # spelled out: the readers' tests below must run on code without the domain rule too
TEXT = 'Senator Ada Roe said "the minister lied" and Ines Walt said "he did nothing wrong" today.'


def at(span_id: str, words: str, label: str, **attrs: str) -> Span:
    start = TEXT.index(words)
    return Span(span_id, start, start + len(words), label, attrs=attrs)


ROE, WALT, MINISTER = at("p1", "Ada Roe", "PERSON"), at("p2", "Ines Walt", "PERSON"), at("p3", "minister", "PERSON")


def quote(span_id: str, words: str, **attrs: str) -> Span:
    return at(span_id, words, "QUOTE", kind="direct", **attrs)


def layer(annotator: str, q1_link: str, q1_stance: str | None = None) -> Annotations:
    """Two quotes; q1 points at the minister by ``q1_link``, q2 takes a "defending" stance."""
    q1 = quote("q1", "the minister lied", **({"stance": q1_stance} if q1_stance else {}))
    q2 = quote("q2", "he did nothing wrong", stance="defending")
    return Annotations(
        "a1",
        annotator,
        spans=(ROE, WALT, MINISTER, q1, q2),
        relations=(
            Relation("r1", "q1", "p1", "SPEAKER"),
            Relation("r2", "q1", "p3", q1_link),
            Relation("r3", "q2", "p2", "SPEAKER"),
            Relation("r4", "q2", "p3", "defending"),
        ),
    )


def test_a_target_relation_is_a_target_without_stance():
    from annotator.domain import TARGET as DOMAIN_TARGET
    from annotator.domain import stance_and_target

    assert DOMAIN_TARGET == TARGET
    facts = stance_and_target(layer("alice", TARGET), "q1")
    assert facts.stance is None
    assert facts.target == MINISTER


@pytest.mark.parametrize(
    ("link", "attr", "stance"),
    [
        ("accusing", None, "accusing"),  # the gold contract: the stance only as the relation's label
        ("accusing", "accusing", "accusing"),  # the editor: both
        (TARGET, "accusing", "accusing"),  # an attribute wins over a stale TARGET label
    ],
)
def test_stance_from_the_attribute_else_the_relation_label(link, attr, stance):
    from annotator.domain import stance_and_target

    facts = stance_and_target(layer("alice", link, attr), "q1")
    assert facts.stance == stance and facts.target == MINISTER


def test_a_stance_without_target_and_a_quote_with_neither():
    from annotator.domain import stance_and_target

    ann = layer("alice", TARGET).without_relation("r2")
    assert stance_and_target(ann, "q1").stance is None and stance_and_target(ann, "q1").target is None
    ann = ann.with_span(quote("q1", "the minister lied", stance="accusing"))
    assert stance_and_target(ann, "q1").stance == "accusing" and stance_and_target(ann, "q1").target is None


def test_agreement_never_counts_target_as_a_stance_category():
    # alice picked the minister as target but no stance yet; bob, the same quote, no target, no stance.
    alice = layer("alice", TARGET)
    bob = layer("bob", TARGET).without_relation("r2")
    report = compute_agreement([ArticleLayers("a1", {"alice": alice, "bob": bob}, len(TEXT))])
    figures = report.pair("alice", "bob").figures
    assert "TARGET" not in figures.stance.categories
    assert figures.stance.categories == ("defending", "none")
    assert figures.stance.kappa.value == pytest.approx(1.0)  # both: q1 none, q2 defending
    differences = find_differences({"alice": alice, "bob": bob})
    assert not differences.of_kind(DifferenceKind.STANCE_DIFFERS)


def test_the_csv_stance_column_never_says_target():
    out = io.StringIO()
    write_quotes_csv([(Article("a1", TEXT, title="Roe and Walt"), layer("alice", TARGET))], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["quote"], r["stance"], r["target"]) for r in rows] == [
        ("the minister lied", "", "minister"),
        ("he did nothing wrong", "defending", "minister"),
    ]


def test_docbin_records_follow_the_same_rule():
    import spacy

    from annotator.nlp.docbin import make_doc

    nlp = spacy.blank("en")
    doc = make_doc(nlp, Article("a1", TEXT), layer("alice", TARGET))
    by_id = {q["id"]: q for q in doc.user_data["quotes"]}
    assert by_id["q1"]["stance"] is None and by_id["q1"]["targets"] == [{"span": "p3", "label": None}]
    gold_style = make_doc(nlp, Article("a1", TEXT), layer("gold", "accusing"))
    assert {q["id"]: q["stance"] for q in gold_style.user_data["quotes"]} == {"q1": "accusing", "q2": "defending"}


def test_the_quotes_panel_rows_follow_the_same_rule():
    from annotator.review.quote_rows import quote_rows, who_said_what

    scheme = default_label_scheme()
    gold_style = layer("gold", "accusing")
    rows = {r.span_id: r for r in quote_rows(TEXT, gold_style, None, (), scheme)}
    assert (rows["q1"].stance, rows["q1"].target) == ("accusing", "minister")
    _, edges = who_said_what(TEXT, gold_style, scheme)
    assert {(e.stance, e.target) for e in edges} == {("accusing", "minister"), ("defending", "minister")}
