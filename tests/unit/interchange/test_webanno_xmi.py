"""INCEpTION's formats: WebAnno TSV 3.3 and UIMA CAS XMI (dkpro-cassis), in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from interchange_helpers import read_all
from roundtrip_helpers import codebook_pair, codebook_scheme, essence, seed_pair

from annotator.interchange.formats import ExportContext
from annotator.interchange.formats.uima import NAMED_ENTITY, write_xmi
from annotator.interchange.formats.webanno_tsv import write_tsv
from annotator.nlp.tokens import spacy_tokenizer

DATA = Path(__file__).resolve().parents[2] / "data" / "formats"


def test_an_inception_tsv_with_its_own_layers(tmp_path: Path) -> None:
    [parsed], problems = read_all(DATA / "inception-ner.tsv", annotator="ana")
    assert problems == []
    text = parsed.article.text
    assert text == "Mayor Ines Calloway met Tom.\n\nTom 😀 left."
    layer = parsed.layers[0]
    assert sorted((text[s.start : s.end], s.label) for s in layer.spans) == [
        ("Mayor Ines Calloway", "PERSON"),
        ("Tom", "PERSON"),
        ("Tom", "PERSON"),
    ]
    [rel] = layer.relations
    assert (text[layer.span(rel.head).start : layer.span(rel.head).end], rel.label) == (
        "Mayor Ines Calloway",
        "SPEAKER",
    )


@pytest.mark.parametrize("writer", [write_tsv, write_xmi])
def test_seed_gold_and_codebook_round_trip(writer: Any, gold: dict[str, Any], tmp_path: Path) -> None:
    for n, (pair, scheme) in enumerate(((seed_pair(gold), None), (codebook_pair(gold), codebook_scheme()))):
        folder = tmp_path / f"out{n}"
        folder.mkdir()
        context = ExportContext(tokenize=spacy_tokenizer())
        writer([pair], folder, context)
        assert context.notes == []
        [parsed], problems = read_all(folder, scheme=scheme)
        assert problems == []
        assert parsed.layers[0].annotator == "gold" and parsed.article.id == "sessions-russia"
        assert essence(parsed.article, parsed.layers[0]) == essence(*pair)


def test_a_span_that_cuts_a_token_is_reported_when_tsv_snaps_it(gold: dict[str, Any], tmp_path: Path) -> None:
    article, layer = seed_pair(gold)
    span = layer.spans_labelled("QUOTE")[0]
    layer = layer.with_span(span.with_bounds(span.start + 1, span.end))
    context = ExportContext(tokenize=spacy_tokenizer())
    write_tsv([(article, layer)], tmp_path, context)
    [note] = context.notes
    assert "1 span(s) cut a token" in note and span.id in note


def test_xmi_reads_inception_named_entities(tmp_path: Path) -> None:
    from cassis import Cas, TypeSystem

    ts = TypeSystem()
    ne = ts.create_type(NAMED_ENTITY, supertypeName="uima.tcas.Annotation")
    ts.create_feature(ne, "value", "uima.cas.String")
    cas = Cas(typesystem=ts)
    cas.sofa_string = "Tom 😀 met Ines."
    cas.add(ne(begin=10, end=14, value="PERSON"))
    (tmp_path / "annotation" / "doc.txt").mkdir(parents=True)
    (tmp_path / "annotation" / "doc.txt" / "ana.xmi").write_text(cas.to_xmi(), encoding="utf-8")
    (tmp_path / "TypeSystem.xml").write_text(ts.to_xml(), encoding="utf-8")
    [parsed], problems = read_all(tmp_path / "annotation" / "doc.txt" / "ana.xmi")
    assert problems == []
    [span] = parsed.layers[0].spans
    assert parsed.article.text[span.start : span.end] == "Ines" and parsed.layers[0].annotator == "ana"
    assert parsed.article.id == "doc"
