"""JSONL and JSON imports, and every kind of bad input: each is one clear problem, the rest imports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from interchange_helpers import read_all, write_jsonl

from annotator.domain import Origin, Status
from annotator.interchange.decoding import MAX_RECORD_BYTES
from annotator.interchange.jsonl import read_jsonl
from annotator.interchange.options import ImportOptions

TEXT = "Mayor rejects plan\n\n“No,” said Mayor Ines Calloway."


def _annotated(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "a1",
        "text": TEXT,
        "meta": {"title": "Mayor rejects plan"},
        "annotator": "alice",
        "status": "done",
        "spans": [
            {"id": "q1", "start": 20, "end": 24, "label": "QUOTE", "text": "“No,", "origin": "human"},
            {"id": "c1", "start": 26, "end": 30, "label": "CUE", "text": "said", "origin": "human"},
            {"id": "e1", "start": 37, "end": 50, "label": "PERSON", "text": "Ines Calloway", "origin": "model"},
        ],
        "relations": [{"head": "q1", "child": "e1", "label": "SPEAKER"}, {"head": "q1", "child": "c1", "label": "CUE"}],
    }
    record.update(changes)
    return record


def test_plain_records_map_fields_and_keep_the_rest_as_meta(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {
                "id": "x1",
                "text": "Headline\n\nBody one.",
                "title": "Headline",
                "source": "Gazette",
                "author": "A. B.",
                "date": "2024-01-02",
                "url": "https://gazette.example/1",
                "section": "Local",
                "tags": ["a", "b"],
            },
            {"body": "ignored", "text": "Second body.\n\nYou've read 2 of 5 free articles. Subscribe to continue."},
        ],
    )
    articles, problems = read_all(path)
    assert problems == []
    first, second = (p.article for p in articles)
    assert (first.id, first.title, first.outlet, first.byline, first.published, first.url) == (
        "x1",
        "Headline",
        "Gazette",
        "A. B.",
        "2024-01-02",
        "https://gazette.example/1",
    )
    assert first.meta == {"section": "Local", "tags": '["a","b"]'}
    assert second.id == "news-2" and second.text == "Second body."
    assert [p.line for p in articles] == [1, 2]


def test_text_field_option_and_nested_meta(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [{"body": "The text.", "meta": {"publisher": "Gazette", "n": 3}}])
    [parsed], problems = read_all(path, text_field="body")
    assert problems == []
    assert parsed.article.text == "The text." and parsed.article.outlet == "Gazette" and parsed.article.meta == {"n": 3}


def test_annotated_record_becomes_a_layer(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ann.jsonl", [_annotated(), _annotated(id="a2", annotator=None)])
    articles, problems = read_all(path)
    assert len(problems) == 1 and "annotator" in problems[0].message  # null is not a string
    [layer] = articles[0].layers
    assert layer.annotator == "alice" and layer.status is Status.DONE
    assert [r.id for r in layer.relations] == ["r1", "r2"]  # ids are optional on input
    assert layer.span("e1").origin is Origin.MODEL


def test_layer_owner_falls_back_to_the_option_then_imported(tmp_path: Path) -> None:
    record = _annotated()
    del record["annotator"]
    path = write_jsonl(tmp_path / "ann.jsonl", [record])
    [parsed], _ = read_all(path, annotator="bob")
    assert parsed.layers[0].annotator == "bob"
    [parsed], _ = read_all(path)
    assert parsed.layers[0].annotator == "imported"


def test_gold_json_file_imports_with_its_layer(shared: Path, gold: dict[str, Any]) -> None:
    [parsed], problems = read_all(shared / "examples" / "sessions-russia.gold.json")
    assert problems == []
    [layer] = parsed.layers
    assert parsed.article.text == gold["text"]
    assert parsed.article.outlet == "The Christian Science Monitor"
    assert parsed.article.meta == {"source_file": "sessions-russia.txt"}
    assert len(layer.spans) == len(gold["spans"]) and len(layer.relations) == len(gold["relations"])
    assert layer.annotator == "gold" and layer.status is Status.DONE


BAD_RECORDS = [
    ("{not json", "malformed JSON"),
    (
        json.dumps(_annotated(spans=[{"id": "q1", "start": 20, "end": 999, "label": "QUOTE"}], relations=[])),
        "fall outside the text",
    ),
    (
        json.dumps(
            _annotated(spans=[{"id": "q1", "start": 20, "end": 24, "label": "QUOTE", "text": "Nope"}], relations=[])
        ),
        "does not match the article text",
    ),
    (
        json.dumps(_annotated(spans=[{"id": "q1", "start": 20, "end": 24, "label": "QUOTE"}] * 2, relations=[])),
        "span id 'q1' appears twice",
    ),
    (
        json.dumps(_annotated(relations=[{"id": "r", "head": "q1", "child": "e1", "label": "SPEAKER"}] * 2)),
        "relation id 'r' appears twice",
    ),
    (json.dumps(_annotated(relations=[{"head": "q1", "child": "e9", "label": "SPEAKER"}])), "missing span 'e9'"),
    (
        json.dumps(_annotated(spans=[{"id": "q1", "start": 20, "end": 24, "label": "RUMOUR"}], relations=[])),
        "unknown label 'RUMOUR'",
    ),
    (json.dumps(_annotated(relations=[{"head": "q1", "child": "e1", "label": "LIKES"}])), "unknown label 'LIKES'"),
    ("[" * 5000 + "]" * 5000, "nested more than"),
    (
        json.dumps(
            {
                "text": {
                    "deep": [
                        [
                            [
                                [
                                    [
                                        [
                                            [
                                                [
                                                    [
                                                        [
                                                            [
                                                                [
                                                                    [
                                                                        [
                                                                            [
                                                                                [
                                                                                    [
                                                                                        [
                                                                                            [
                                                                                                [
                                                                                                    [
                                                                                                        [
                                                                                                            [
                                                                                                                [
                                                                                                                    [
                                                                                                                        [
                                                                                                                            [
                                                                                                                                [
                                                                                                                                    [
                                                                                                                                        [
                                                                                                                                            [
                                                                                                                                                [
                                                                                                                                                    [
                                                                                                                                                        [
                                                                                                                                                            [
                                                                                                                                                                [
                                                                                                                                                                    [
                                                                                                                                                                        [
                                                                                                                                                                            [
                                                                                                                                                                                [
                                                                                                                                                                                    [
                                                                                                                                                                                        [
                                                                                                                                                                                            [
                                                                                                                                                                                                [
                                                                                                                                                                                                    [
                                                                                                                                                                                                        [
                                                                                                                                                                                                            [
                                                                                                                                                                                                                [
                                                                                                                                                                                                                    [
                                                                                                                                                                                                                        [
                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                                                    [
                                                                                                                                                                                                                                                                                        [
                                                                                                                                                                                                                                                                                            [
                                                                                                                                                                                                                                                                                                [
                                                                                                                                                                                                                                                                                                    1
                                                                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                                ]
                                                                                                                                                                                                                            ]
                                                                                                                                                                                                                        ]
                                                                                                                                                                                                                    ]
                                                                                                                                                                                                                ]
                                                                                                                                                                                                            ]
                                                                                                                                                                                                        ]
                                                                                                                                                                                                    ]
                                                                                                                                                                                                ]
                                                                                                                                                                                            ]
                                                                                                                                                                                        ]
                                                                                                                                                                                    ]
                                                                                                                                                                                ]
                                                                                                                                                                            ]
                                                                                                                                                                        ]
                                                                                                                                                                    ]
                                                                                                                                                                ]
                                                                                                                                                            ]
                                                                                                                                                        ]
                                                                                                                                                    ]
                                                                                                                                                ]
                                                                                                                                            ]
                                                                                                                                        ]
                                                                                                                                    ]
                                                                                                                                ]
                                                                                                                            ]
                                                                                                                        ]
                                                                                                                    ]
                                                                                                                ]
                                                                                                            ]
                                                                                                        ]
                                                                                                    ]
                                                                                                ]
                                                                                            ]
                                                                                        ]
                                                                                    ]
                                                                                ]
                                                                            ]
                                                                        ]
                                                                    ]
                                                                ]
                                                            ]
                                                        ]
                                                    ]
                                                ]
                                            ]
                                        ]
                                    ]
                                ]
                            ]
                        ]
                    ]
                }
            }
        ),
        "nested more than",
    ),
    (json.dumps(["a", "list"]), "expected a JSON object"),
    (json.dumps({"title": "no text"}), "'text' is missing"),
    (json.dumps({"text": "   "}), "is empty"),
    (json.dumps(_annotated(status="finished")), "status"),
]


@pytest.mark.parametrize(("line", "expected"), BAD_RECORDS, ids=[e for _, e in BAD_RECORDS])
def test_bad_record_is_one_problem_with_file_and_line(tmp_path: Path, line: str, expected: str) -> None:
    path = write_jsonl(
        tmp_path / "batch.jsonl", [{"id": "ok1", "text": "Fine."}, line, {"id": "ok2", "text": "Fine too."}]
    )
    articles, problems = read_all(path)
    assert [p.article.id for p in articles] == ["ok1", "ok2"]
    [problem] = problems
    assert problem.source == str(path) and problem.line == 2
    assert expected in problem.message
    assert str(path) in str(problem) and "line 2" in str(problem)


def test_every_fault_of_a_record_is_listed(tmp_path: Path) -> None:
    spans = [
        {"id": "q1", "start": 20, "end": 999, "label": "QUOTE"},
        {"id": "q2", "start": 0, "end": 5, "label": "GOSSIP"},
    ]
    path = write_jsonl(
        tmp_path / "b.jsonl", [_annotated(spans=spans, relations=[{"head": "q1", "child": "zz", "label": "CUE"}])]
    )
    [], [problem] = read_all(path)
    assert "fall outside" in problem.message and "GOSSIP" in problem.message and "'zz'" in problem.message


def test_label_scheme_passed_in_is_the_one_checked(tmp_path: Path) -> None:
    from annotator.domain import LabelDef, LabelKind
    from annotator.interchange import default_label_scheme

    scheme = default_label_scheme().with_labels([LabelDef("RUMOUR", LabelKind.QUOTE, "#000000")])
    record = _annotated(spans=[{"id": "q1", "start": 20, "end": 24, "label": "RUMOUR"}], relations=[])
    path = write_jsonl(tmp_path / "b.jsonl", [record])
    articles, problems = read_all(path, scheme=scheme)
    assert problems == [] and articles[0].layers[0].spans[0].label == "RUMOUR"


def test_undecodable_line_is_a_problem_and_the_rest_imports(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "Good one."}\n{"text": "bad \xff\xfe byte"}\n{"text": "Good two."}\n')
    articles, [problem] = read_all(path)
    assert len(articles) == 2
    assert problem.line == 2 and "not valid utf-8" in problem.message


def test_line_over_the_size_limit_is_refused_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "first"}\n{"text": "' + "x" * 5000 + '"}\n{"text": "third"}\n', encoding="utf-8")
    results = list(read_jsonl(path, ImportOptions(max_record_bytes=1000)))
    assert [getattr(r, "line", None) for r in results] == [1, 2, 3]
    assert "longer than 1000 bytes" in results[1].message  # type: ignore[union-attr]


def test_default_limit_is_fifty_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"text": "' + "y" * (MAX_RECORD_BYTES + 10) + '"}\n{"text": "after"}\n')
    articles, [problem] = read_all(path)
    assert problem.line == 1 and "50 MB" in problem.message
    assert [a.article.text for a in articles] == ["after"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.jsonl", b"  \n\n", "empty"),
        ("blank.html", b"\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("data.jsonl", bytes(range(256)) * 4, "binary"),
        ("noise.csv", b"\x00\x01\x02\x03" * 100, "binary"),
        ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 20, "binary"),
        ("unknown.docx", b"PK\x03\x04", "unsupported file type"),
        ("junk-only.txt", b"Share this article\n\nSubscribe to continue.\n", "no article text"),
    ],
)
def test_unusable_files_are_problems_in_a_batch(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "zz-good.txt"
    good.write_text("Good headline\n\nGood body.", encoding="utf-8")
    articles, [problem] = read_all(tmp_path)
    assert [a.article.id for a in articles] == ["zz-good"]
    assert problem.source == str(bad) and expected in problem.message


def test_missing_path_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("Secret\n\ntext", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B\n\ntext", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A\n\ntext", encoding="utf-8")
    articles, problems = read_all(tmp_path, tmp_path / "nope.txt")
    assert [a.article.id for a in articles] == ["a", "b"]
    assert [p.message for p in problems] == ["no such file or folder"]


def test_read_paths_is_lazy(tmp_path: Path) -> None:
    from annotator.interchange import read_paths

    path = write_jsonl(tmp_path / "many.jsonl", ({"text": f"Article {i}."} for i in range(1000)))
    stream = read_paths([path])
    first = next(stream)
    assert first.line == 1  # type: ignore[union-attr]
    stream.close()


def test_real_corpora_import_without_problems(shared: Path) -> None:
    polnear = shared / "data" / "polnear-dev.jsonl"
    articles, problems = read_all(polnear, shared / "data" / "ner_uner_en_pud_news.jsonl")
    assert problems == []
    assert len(articles) == 56 + 500
    first = articles[0].article
    assert first.outlet and first.published and first.title  # taken from the nested meta object
    assert first.text.startswith(first.title)
    assert json.loads(str(first.meta["quotes"]))  # lists are kept as JSON text
