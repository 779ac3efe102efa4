"""brat in and out: lossless for what brat can say, the seed gold round trip, several annotators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from roundtrip_helpers import codebook_pair, codebook_scheme, essence, seed_pair

from annotator.interchange import ImportProblem, LabelMap, ParsedArticle, read_paths
from annotator.interchange.formats import brat_ann
from annotator.interchange.formats.brat import write_brat

TEXT = "Mayor speaks\n\n“We stay,” said Ines Calloway, who leads Obama's party.\n"
ANN = (
    "T1\tQUOTE 14 24\t“We stay,”\n"
    "T2\tCUE 25 29\tsaid\n"
    "T3\tPERSON 30 43\tInes Calloway\n"
    "T4\tSPEAKER 30 43;14 16\tInes Calloway “W\n"
    "T5\tPERSON 55 60\tObama\n"
    "R1\tSPEAKER Arg1:T1 Arg2:T3\n"
    "E1\tQUOTE:T1 CUE:T2 SPEAKER:T4 SPEAKER2:T3\n"
    "A1\tkind T1 direct\n"
    "A2\tNegated T2\n"
    "N1\tReference T5 Wikipedia:534366\tBarack Obama\n"
    "*\tEquiv T3 T4\n"
    "#1\tAnnotatorNotes T3\tthe mayor\n"
)


def _read(folder: Path, **options: Any) -> tuple[list[ParsedArticle], list[ImportProblem]]:
    results = list(read_paths([folder], **options))
    return [r for r in results if isinstance(r, ParsedArticle)], [r for r in results if isinstance(r, ImportProblem)]


def _records(content: str) -> list[tuple[str, ...]]:
    """The lines of an .ann as comparable tuples (ids of A/N/# lines are free to change)."""
    return sorted(tuple(line.split("\t")[0 if line[0] in "TRE*" else 1 :]) for line in content.splitlines() if line)


def test_everything_brat_says_comes_back_out(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "mayor.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "mayor.ann").write_text(ANN, encoding="utf-8")
    [parsed], problems = _read(tmp_path / "in", annotator="ann")
    assert problems == []
    layer = parsed.layers[0]
    assert layer.span("T5").attrs == {"norm:N1": "Reference Wikipedia:534366\tBarack Obama"}
    assert layer.span("T3").attrs == {"note": "the mayor", "equiv": "Equiv 1"}
    assert [(s.start, s.end) for s in sorted(layer.spans, key=lambda s: s.id) if s.label == "SPEAKER"] == [
        (30, 43),
        (14, 16),
    ]
    (tmp_path / "out").mkdir()
    assert write_brat([(parsed.article, layer)], tmp_path / "out") == 1
    written = (tmp_path / "out" / "mayor.ann").read_text(encoding="utf-8")
    assert _records(written) == _records(ANN)
    assert (tmp_path / "out" / "mayor.txt").read_text(encoding="utf-8") == TEXT


def test_attributes_of_relations_are_refused_loudly(tmp_path: Path) -> None:
    (tmp_path / "mayor.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "mayor.ann").write_text(
        "T1\tQUOTE 14 24\t“We stay,”\nT3\tPERSON 30 43\tInes Calloway\nR1\tSPEAKER Arg1:T1 Arg2:T3\nA1\tNegated R1\n",
        encoding="utf-8",
    )
    articles, [problem] = _read(tmp_path)
    assert articles == [] and "attribute A1 is on R1" in problem.message and problem.source.endswith("mayor.ann")


def test_one_layer_per_annotator_file(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "the_mayor.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "the_mayor_ab12.ann").write_text("T1\tQUOTE 14 24\t“We stay,”\n", encoding="utf-8")
    (tmp_path / "attributions" / "the_mayor_cd34.ann").write_text("T1\tCUE 25 29\tsaid\n", encoding="utf-8")
    [parsed], problems = _read(tmp_path, format="brat")
    assert problems == [] and parsed.article.id == "the_mayor"
    assert {(layer.annotator, layer.spans[0].label) for layer in parsed.layers} == {("ab12", "QUOTE"), ("cd34", "CUE")}
    # an .ann named on its own finds its text in PolNeAR's layout
    [alone], _ = _read(tmp_path / "attributions" / "the_mayor_cd34.ann", format="brat")
    assert [layer.annotator for layer in alone.layers] == ["cd34"]


def test_attribution_map_reads_events_as_quotes(tmp_path: Path) -> None:
    (tmp_path / "mayor.txt").write_text(TEXT, encoding="utf-8")
    ann = (
        "T1\tContent 22 24;14 22\t,” “We stay\nT2\tCue 25 29\tsaid\nT3\tSource 30 43\tInes Calloway\n"
        "T4\tAttribution 25 29\tsaid\nT5\tDiscard 45 51\twho le\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
    )
    (tmp_path / "mayor.ann").write_text(ann, encoding="utf-8")
    [], [problem] = _read(tmp_path)
    assert "unknown label 'Content'" in problem.message and "--map Content=LABEL" in problem.message
    [parsed], problems = _read(
        tmp_path,
        labels=LabelMap().merged(__import__("annotator.interchange.labelmap", fromlist=["ATTRIBUTION"]).ATTRIBUTION),
    )
    assert problems == [] and any("1 Discard" in note for note in parsed.notes)
    layer = parsed.layers[0]
    quotes = layer.spans_labelled("QUOTE")
    assert [(q.start, q.end) for q in quotes] == [(14, 22), (22, 24)]
    for quote in quotes:
        assert layer.linked(quote.id, "SPEAKER").label == "SPEAKER"  # type: ignore[union-attr]
        assert layer.linked(quote.id, "CUE").start == 25  # type: ignore[union-attr]


def test_seed_gold_round_trips(gold: dict[str, Any], tmp_path: Path) -> None:
    article, layer = seed_pair(gold)
    write_brat([(article, layer)], tmp_path)
    [parsed], problems = _read(tmp_path, annotator="gold")
    assert problems == []
    assert essence(parsed.article, parsed.layers[0]) == essence(article, layer)


def test_a_codebook_with_a_new_label_and_stance_round_trips(gold: dict[str, Any], tmp_path: Path) -> None:
    article, layer = codebook_pair(gold)
    write_brat([(article, layer)], tmp_path)
    [], [problem] = _read(tmp_path)
    assert "POLICY" in problem.message or "sceptical" in problem.message
    [parsed], problems = _read(tmp_path, scheme=codebook_scheme())
    assert problems == [] and essence(parsed.article, parsed.layers[0]) == essence(article, layer)


def test_ann_syntax_round_trips() -> None:
    assert brat_ann.write(brat_ann.parse(ANN)).splitlines()[0] == ANN.splitlines()[0]


def test_a_plain_text_beside_brat_pairs_stays_a_plain_text(tmp_path: Path) -> None:
    (tmp_path / "mayor.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "mayor.ann").write_text("T1\tQUOTE 14 24\t“We stay,”\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_bytes(b"Plain headline\r\n\r\nBody text.\r\n")
    articles, problems = _read(tmp_path)
    assert problems == []
    by_id = {a.article.id: a for a in articles}
    assert by_id["plain"].article.text == "Plain headline\n\nBody text." and by_id["plain"].layers == ()
    assert len(by_id["mayor"].layers) == 1


@pytest.mark.parametrize(
    ("ann", "expected"),
    [
        ("T1\tQUOTE 14 24\t“We stay,”\nE1\tQUOTE:T1\nA1\tNegated E1\n", "attribute A1 is on E1"),
        ("T1\tQUOTE 14 24\t“We stay,”\n*\tEquiv T1 T7\n", "equivalence member 'T7'"),
        ("T1\tQUOTE 14 24\t“We stay,”\nA1\tfragment_of T1 x\n", "'fragment_of' is reserved"),
    ],
)
def test_what_brat_says_and_we_cannot_keep_is_refused(tmp_path: Path, ann: str, expected: str) -> None:
    (tmp_path / "mayor.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "mayor.ann").write_text(ann, encoding="utf-8")
    articles, [problem] = _read(tmp_path)
    assert articles == [] and expected in problem.message
