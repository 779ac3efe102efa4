"""Prodigy: answers, hashes, tasks without tokens, sessions as layers, span families, token cuts."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from interchange_helpers import read_all, write_jsonl
from roundtrip_helpers import codebook_pair, codebook_scheme, essence, seed_pair

from annotator.domain import Origin, Status
from annotator.interchange import simple_tokenize, write_prodigy
from annotator.interchange.prodigy import prodigy_hashes

TEXT = "“We stay,” said Ines Calloway of Springfield."
TASK = {
    "text": TEXT,
    "spans": [{"start": 0, "end": 10, "label": "QUOTE"}, {"start": 16, "end": 29, "label": "PERSON"}],
    "_input_hash": 12345,
    "_task_hash": 678,
    "_view_id": "spans_manual",
}


def _export(pairs: list[Any], **options: Any) -> tuple[list[dict[str, Any]], list[str]]:
    out, notes = io.StringIO(), []
    write_prodigy(pairs, out, simple_tokenize, notes=notes, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()], notes


def test_a_rejected_task_never_becomes_human_spans(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", [{**TASK, "answer": "reject", "_session_id": "news-ana"}])
    [parsed], problems = read_all(path)
    assert problems == []
    [layer] = parsed.layers
    assert layer.annotator == "news-ana" and layer.status is Status.SKIPPED
    assert {s.origin for s in layer.spans} == {Origin.MODEL} and {s.attrs["answer"] for s in layer.spans} == {"reject"}
    [task], _ = _export([(parsed.article, layer)])
    assert task["answer"] == "reject"
    assert (task["_input_hash"], task["_task_hash"], task["_view_id"]) == (12345, 678, "spans_manual")
    # an edited layer is another question: same input hash, a new task hash
    [edited], _ = _export([(parsed.article, layer.without_span(layer.spans[0].id))])
    assert edited["_input_hash"] == 12345 and edited["_task_hash"] not in (678, task["_task_hash"])


def test_an_accepted_task_without_tokens_is_the_annotators_work(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", [{**TASK, "answer": "accept", "_annotator_id": "news-bo"}])
    [parsed], _ = read_all(path)
    [layer] = parsed.layers
    assert layer.annotator == "news-bo" and layer.status is Status.DONE
    assert {s.origin for s in layer.spans} == {Origin.HUMAN}


def test_hashes_are_computed_when_missing(gold: dict[str, Any]) -> None:
    article, layer = seed_pair(gold)
    [task], _ = _export([(article, layer)])
    assert (task["_input_hash"], task["_task_hash"]) == prodigy_hashes(task)
    other, _ = _export([(article, layer.without_span(layer.spans[0].id))])
    assert other[0]["_input_hash"] == task["_input_hash"] and other[0]["_task_hash"] != task["_task_hash"]
    assert task["_view_id"] == "relations"


def test_overlaps_and_token_cuts_are_reported_and_families_export_apart(gold: dict[str, Any]) -> None:
    article, layer = seed_pair(gold)
    cut = layer.spans[0].with_bounds(layer.spans[0].start + 1, layer.spans[0].end)
    _, notes = _export([(article, layer.with_span(cut))])
    assert any("cut a token" in n and cut.id in n for n in notes)
    assert any("overlapping" in n and "--family" in n for n in notes)
    quotes, _ = _export([(article, layer)], family="quotes")
    entities, _ = _export([(article, layer)], family="entities")
    assert {s["label"] for s in quotes[0]["spans"]} <= {"QUOTE", "CUE", "SPEAKER"}
    assert "QUOTE" not in {s["label"] for s in entities[0]["spans"]}
    assert len(quotes[0]["spans"]) + len(entities[0]["spans"]) == len(layer.spans)


def test_seed_gold_and_a_new_codebook_round_trip(gold: dict[str, Any], tmp_path: Path) -> None:
    for pair, scheme in ((seed_pair(gold), None), (codebook_pair(gold), codebook_scheme())):
        tasks, _ = _export([pair])
        path = write_jsonl(tmp_path / "rt.jsonl", tasks)
        [parsed], problems = read_all(path, scheme=scheme)
        assert problems == []
        assert essence(parsed.article, parsed.layers[0]) == essence(*pair)
