"""CSV import and quotation-table export; brat standoff pairs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from interchange_helpers import read_all

from annotator.domain import Annotations, Article, Relation, Span, Status
from annotator.interchange import QUOTE_COLUMNS, neutralise, write_quotes_csv

# -- CSV import ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_sniffed_and_columns_become_fields(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(["id", "headline", "body", "outlet", "section"])
        writer.writerow(
            ["n1", "Vote delayed", "Vote delayed\n\nThe vote, said the clerk, is delayed; again.", "Gazette", "Local"]
        )
        writer.writerow(["n2", "Bridge opens", "The bridge opens on Friday.", "Herald", ""])
    articles, problems = read_all(path, text_field="body")
    assert problems == []
    first, second = (p.article for p in articles)
    assert first.id == "n1" and first.title == "Vote delayed" and first.outlet == "Gazette"
    assert first.text == "Vote delayed\n\nThe vote, said the clerk, is delayed; again."
    assert first.meta == {"section": "Local"} and second.meta == {}
    assert [p.line for p in articles] == [2, 5]  # the first record spans lines 2 to 4


def test_csv_without_the_text_column_is_one_clear_problem(tmp_path: Path) -> None:
    path = tmp_path / "no-text.csv"
    path.write_text("id,content\n1,Some words\n2,More words\n", encoding="utf-8")
    articles, [problem] = read_all(path)
    assert articles == []
    assert problem.source == str(path)
    assert "no column 'text'" in problem.message and "'content'" in problem.message


def test_csv_bad_rows_are_problems_and_the_rest_imports(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,text\n1,First.\n2,\n3,Third.,extra\n4,Fourth.\n", encoding="utf-8")
    articles, problems = read_all(path)
    assert [a.article.id for a in articles] == ["1", "4"]
    assert [(p.line, "empty" in p.message or "cells" in p.message) for p in problems] == [(3, True), (4, True)]


def test_csv_with_bom_and_latin1(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufefftext,id\nCafé au port,x\n".encode())
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "text;id\nLe café du port a rouvert ses portes après des années de fermeture;y\n".encode("latin-1")
    )
    articles, problems = read_all(bom, latin)
    assert problems == []
    assert articles[0].article.text == "Café au port"
    assert articles[1].article.id == "y" and "port" in articles[1].article.text


# -- CSV export ---------------------------------------------------------------------------------

TEXT = "Budget row\n\n“=SUM(A1)” said the clerk, “-cut it.” @Mayor Calloway disagreed."


def _layer() -> tuple[Article, Annotations]:
    article = Article(id="b1", text=TEXT, title="=Budget row")
    spans = (
        Span("q1", 12, 22, "QUOTE", attrs={"kind": "direct", "speaker_name": "the clerk", "stance": "neutral"}),
        Span("c1", 23, 27, "CUE"),
        Span("s1", 28, 37, "SPEAKER"),
        Span("q2", 39, 49, "QUOTE", attrs={"kind": "direct"}),
        Span("e1", 50, 65, "PERSON"),
    )
    relations = (
        Relation("r1", "q1", "s1", "SPEAKER"),
        Relation("r2", "q1", "c1", "CUE"),
        Relation("r3", "q2", "e1", "accusing"),
    )
    return article, Annotations("b1", "alice", spans, relations, Status.DONE)


@pytest.mark.parametrize("bom", [False, True])
def test_quote_table_reads_back_with_every_field(tmp_path: Path, bom: bool) -> None:
    path = tmp_path / "quotes.csv"
    assert write_quotes_csv([_layer()], path, bom=bom) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == QUOTE_COLUMNS
    assert rows[0] == {
        "article_id": "b1",
        "title": "'=Budget row",
        "quote": "“=SUM(A1)”",  # starts with a quotation mark, so it is no formula
        "kind": "direct",
        "speaker_mention": "the clerk",
        "speaker_name": "the clerk",
        "cue": "said",
        "stance": "neutral",
        "target": "",
        "annotator": "alice",
    }
    assert rows[1]["quote"] == "“-cut it.”"
    assert rows[1]["stance"] == "accusing"  # no stance attribute: the label of the link to the target
    assert rows[1]["target"] == "'@Mayor Calloway"
    assert rows[1]["speaker_mention"] == rows[1]["cue"] == ""


def test_formula_cells_are_neutralised() -> None:
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("plain =") == "plain ="
    article = Article(id="f", text='=HYPERLINK("http://evil.example") said he.')
    ann = Annotations("f", "bob", (Span("q", 0, 34, "QUOTE"),))
    out = io.StringIO()
    write_quotes_csv([(article, ann)], out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["quote"] == "'" + article.text[:34]


# -- brat ---------------------------------------------------------------------------------------

BRAT_TEXT = "Mayor speaks\n\n“We stay,” said Ines Calloway.\n"
BRAT_ANN = (
    "T1\tQUOTE 14 24\t“We stay,”\n"
    "T2\tCUE 25 29\tsaid\n"
    "T3\tPERSON 30 43\tInes Calloway\n"
    "T4\tSPEAKER 14 16;30 43\t“W Ines Calloway\n"
    "R1\tSPEAKER Arg1:T1 Arg2:T3\n"
    "E1\tQUOTE:T1 CUE:T2 SPEAKER2:T4\n"
    "A1\tkind T1 direct\n"
    "A2\tNegated T2\n"
    "#1\tAnnotatorNotes T3\tthe mayor\n"
)


def _brat(tmp_path: Path, ann: str = BRAT_ANN, name: str = "mayor") -> Path:
    (tmp_path / f"{name}.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / f"{name}.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_brat_pair_is_one_article_with_a_layer(tmp_path: Path) -> None:
    folder = _brat(tmp_path)
    articles, problems = read_all(folder, annotator="polnear")
    assert problems == []
    [parsed] = articles
    assert parsed.article.text == BRAT_TEXT and parsed.article.title == "Mayor speaks"
    [layer] = parsed.layers
    assert layer.annotator == "polnear"
    assert layer.span("T1").attrs == {"kind": "direct", "event": "E1"}
    assert layer.span("T2").attrs == {"Negated": True}
    assert layer.span("T3").attrs == {"note": "the mayor"}
    # a discontinuous span is one span per fragment, in the file's order
    assert [(s.id, s.start, s.end, dict(s.attrs)) for s in layer.spans if s.label == "SPEAKER"] == [
        ("T4", 14, 16, {"fragment_of": "T4", "fragment": "1/2"}),
        ("T4-2", 30, 43, {"fragment_of": "T4", "fragment": "2/2"}),
    ]
    assert {(r.id, r.head, r.child, r.label) for r in layer.relations} == {
        ("R1", "T1", "T3", "SPEAKER"),
        ("E1-1", "T1", "T2", "CUE"),
        ("E1-2", "T1", "T4", "SPEAKER"),
    }


def test_brat_named_by_either_file_is_read_once(tmp_path: Path) -> None:
    folder = _brat(tmp_path)
    articles, problems = read_all(folder / "mayor.txt", folder / "mayor.ann")
    assert len(articles) == 1 and problems == []


def test_brat_label_map_renames_corpus_labels(tmp_path: Path) -> None:
    ann = "T1\tContent 14 24\t“We stay,”\nT2\tSource 30 43\tInes Calloway\nR1\tAttribution Arg1:T1 Arg2:T2\n"
    folder = _brat(tmp_path, ann)
    _, [problem] = read_all(folder)
    assert "unknown label 'Content'" in problem.message and problem.source.endswith("mayor.ann")
    [parsed], problems = read_all(folder, label_map={"Content": "QUOTE", "Source": "SPEAKER", "Attribution": "SPEAKER"})
    assert problems == [] and {s.label for s in parsed.layers[0].spans} == {"QUOTE", "SPEAKER"}


@pytest.mark.parametrize(
    ("ann", "expected", "line"),
    [
        ("T1\tQUOTE 14 24\tWrong words\n", "does not match the article text", None),
        ("T1\tQUOTE 14 999\t“We stay,”\n", "fall outside the text", None),
        ("T1\tQUOTE 14 24\t“We stay,”\nR1\tSPEAKER Arg1:T1 Arg2:T9\n", "missing span 'T9'", None),
        ("T1\tQUOTE 14 24\t“We stay,”\nT1\tCUE 25 29\tsaid\n", "'T1' appears twice", None),
        ("T1\tQUOTE 14 24\t“We stay,”\nT2\tQUOTE fourteen\tx\n", "bad fragment offsets", 2),
        ("X1\twhat is this\n", "unknown annotation type", 1),
    ],
)
def test_bad_brat_annotations_are_problems(tmp_path: Path, ann: str, expected: str, line: int | None) -> None:
    folder = _brat(tmp_path, ann)
    (folder / "other.txt").write_text("Other\n\nText.", encoding="utf-8")
    articles, [problem] = read_all(folder)
    assert [a.article.id for a in articles] == ["other"]
    assert problem.source.endswith("mayor.ann") and expected in problem.message and problem.line == line


def test_ann_without_txt_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "lonely.ann").write_text("T1\tQUOTE 0 1\tx\n", encoding="utf-8")
    [], [problem] = read_all(tmp_path)
    assert "lonely.txt is missing" in problem.message
