"""A team's codebook (span label CLAIM, stance mocking) through every export of ours and back:
JSONL, Prodigy and spaCy DocBin import again into a project on that codebook with every span, link,
kind, speaker name and stance; the quotation CSV (a table, not a layer format) carries the stance."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy
from codebook_fixtures import NEW_LABEL, NEW_STANCE, codebook_pair, codebook_scheme, layer_facts
from spacy.tokens import DocBin

from annotator.domain import Annotations, Article, Relation
from annotator.interchange import QUOTE_COLUMNS, quote_rows
from annotator.services.exporting import export_project
from annotator.services.importing import import_paths
from annotator.services.scheme import project_scheme
from annotator.storage import Store


@pytest.fixture
def exported_from(tmp_path: Path) -> Store:
    """A project on the team's codebook holding alice's layer that uses CLAIM and mocking."""
    store = Store.open(tmp_path / "source.annotator")
    store.set_label_scheme(codebook_scheme())
    article, layer = codebook_pair()
    store.add_articles([(article, (layer,))])
    yield store
    store.close()


def _round_trip(tmp_path: Path, source: Store, fmt: str, suffix: str) -> tuple[Article, Annotations]:
    out = tmp_path / f"alice{suffix}"
    assert export_project(source, out, format=fmt, annotator="alice") == 1
    with Store.open(tmp_path / f"target-{fmt}.annotator") as target:
        target.set_label_scheme(codebook_scheme())
        report = import_paths(target, [out], scheme=project_scheme(target))
        assert report.problems == [] and report.layers == 1
        (article_id,) = target.article_ids()
        return target.article(article_id), target.annotations(article_id, "alice")


@pytest.mark.parametrize(("fmt", "suffix"), [("jsonl", ".jsonl"), ("prodigy", ".jsonl"), ("spacy", ".spacy")])
def test_a_custom_codebook_round_trips(tmp_path: Path, exported_from: Store, fmt: str, suffix: str) -> None:
    article, layer = codebook_pair()
    back_article, back = _round_trip(tmp_path, exported_from, fmt, suffix)
    assert back_article.text == article.text
    assert layer_facts(back, back_article.text) == layer_facts(layer, article.text)
    assert NEW_LABEL in {s.label for s in back.spans}
    assert {s.attrs.get("stance") for s in back.spans if s.label == "QUOTE"} == {NEW_STANCE}
    assert back.status == layer.status


@pytest.mark.parametrize(("fmt", "suffix"), [("jsonl", ".jsonl"), ("prodigy", ".jsonl"), ("spacy", ".spacy")])
def test_a_project_without_that_codebook_names_the_unknown_labels(
    tmp_path: Path, exported_from: Store, fmt: str, suffix: str
) -> None:
    out = tmp_path / f"alice{suffix}"
    export_project(exported_from, out, format=fmt, annotator="alice")
    with Store.open(tmp_path / "default.annotator") as target:  # the shipped codebook
        report = import_paths(target, [out], scheme=project_scheme(target))
        assert target.article_count() == 0
    (problem,) = report.problems
    assert str(out) in problem and f"unknown label {NEW_LABEL!r}" in problem
    assert f"unknown stance {NEW_STANCE!r}" in problem


def test_docbin_puts_a_team_label_in_its_own_span_group(tmp_path: Path, exported_from: Store) -> None:
    out = tmp_path / "alice.spacy"
    export_project(exported_from, out, format="spacy", annotator="alice")
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert [(s.text, s.label_) for s in doc.spans[NEW_LABEL]] == [("the plan is fully funded", NEW_LABEL)]
    assert NEW_LABEL not in {e.label_ for e in doc.ents}
    assert sorted(e.label_ for e in doc.ents) == ["ORG", "ORG", "PERSON"]
    (quote,) = doc.user_data["quotes"]
    assert quote["stance"] == NEW_STANCE and [t["label"] for t in quote["targets"]] == [NEW_STANCE]


def test_quote_table_carries_the_team_stance(tmp_path: Path, exported_from: Store) -> None:
    out = tmp_path / "quotes.csv"
    export_project(exported_from, out, format="csv", annotator="alice")
    with out.open(encoding="utf-8", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["stance"], row["target"], row["speaker_name"]) == (NEW_STANCE, "ferry plan", "Mira Olsen")


def test_quote_table_shows_no_stance_for_a_target_without_one() -> None:
    article, layer = codebook_pair()
    quote = next(s for s in layer.spans if s.label == "QUOTE")
    relations = tuple(
        Relation(r.id, r.head, r.child, "TARGET") if r.label == NEW_STANCE else r for r in layer.relations
    )
    unset = Annotations(
        layer.article_id,
        layer.annotator,
        (*[s for s in layer.spans if s is not quote], quote.with_attrs(stance=None)),
        relations,
    )
    (row,) = list(quote_rows(article, unset))
    stance, target = row[QUOTE_COLUMNS.index("stance")], row[QUOTE_COLUMNS.index("target")]
    assert (stance, target) == ("", "ferry plan")
