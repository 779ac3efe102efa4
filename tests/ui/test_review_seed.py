"""The review scenario shared by the review UI tests: the seed article with layers "alice" and "bob".

"alice" is the gold file as it is; "bob" is a copy with six known edits, one per kind of
difference. ``EXPECTED`` lists them in reading order as (kind, start, end).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from annotator.domain import Annotations, Article, Relation, Span, Status
from annotator.review import DifferenceKind, find_differences
from annotator.storage import Store

ARTICLE_ID = "sessions-russia"
EVENT_START, EVENT_END = 524, 554  # "the 2016 presidential election", unmarked in the gold file

EXPECTED = [
    (DifferenceKind.LABEL_DIFFERS, 85, 92),  # e4 Kremlin: ORG / GPE
    (DifferenceKind.ONLY_IN, EVENT_START, EVENT_END),  # extra EVENT in bob
    (DifferenceKind.BOUNDARY_DIFFERS, 856, 897),  # q3 loses its comma in bob
    (DifferenceKind.SPEAKER_DIFFERS, 949, 1016),  # q4: Peskov / Kislyak
    (DifferenceKind.ONLY_IN, 3240, 3285),  # q8 removed in bob
    (DifferenceKind.STANCE_DIFFERS, 3651, 3783),  # q12: dismissive / neutral
]


def alice_layer(seed: dict) -> Annotations:
    """The gold file's spans and relations as they are, as layer "alice"."""
    spans = tuple(
        Span(s["id"], s["start"], s["end"], s["label"], attrs=dict(s.get("attrs", {}))) for s in seed["spans"]
    )
    relations = tuple(
        Relation(f"r{n}", r["head"], r["child"], r["label"]) for n, r in enumerate(seed["relations"], start=1)
    )
    return Annotations(seed["id"], "alice", spans, relations, Status.DONE)


def bob_layer(alice: Annotations) -> Annotations:
    """Alice's layer with one edit of each kind."""
    bob = replace(alice, annotator="bob")
    bob = bob.without_span("q8")  # a quote removed
    bob = bob.with_span(bob.span("e4").with_label("GPE"))  # an entity relabelled
    bob = bob.with_span(bob.span("q3").with_bounds(856, 896))  # a quote boundary moved
    speaker = next(r for r in bob.relations if r.head == "q4" and r.label == "SPEAKER")
    bob = bob.with_relation(replace(speaker, child="e26"))  # a speaker link changed
    bob = bob.with_span(bob.span("q4").with_attrs(speaker_name="Sergey Kislyak"))
    bob = bob.with_span(bob.span("q12").with_attrs(stance="neutral"))  # a stance changed
    return bob.with_span(Span("x1", EVENT_START, EVENT_END, "EVENT"))  # an extra span


def build_review_project(path: Path, seed: dict) -> Path:
    """A project file with the seed article and the layers of alice and bob."""
    alice = alice_layer(seed)
    article = Article(seed["id"], seed["text"], title=seed["meta"]["title"], outlet=seed["meta"]["outlet"])
    with Store.open(path) as store:
        (outcome,) = store.add_articles([(article, [alice, bob_layer(alice)])])
        assert outcome.problem is None and outcome.article_id == ARTICLE_ID
    return path


def test_the_seed_layers_differ_exactly_as_planned(seed_gold):
    alice = alice_layer(seed_gold)
    found = find_differences([alice, bob_layer(alice)])
    assert [(d.kind, d.start, d.end) for d in found.differences] == EXPECTED
    assert seed_gold["text"][EVENT_START:EVENT_END] == "the 2016 presidential election"
