"""doccano JSONL and Label Studio JSON: real-shaped exports in, our exports back in, seed gold and codebook."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from interchange_helpers import read_all
from roundtrip_helpers import codebook_pair, codebook_scheme, essence, seed_pair

from annotator.domain import MODEL_LAYER, Origin
from annotator.interchange import ImportNote, read_paths
from annotator.interchange.formats import ExportContext
from annotator.interchange.formats.doccano import write_doccano
from annotator.interchange.formats.labelstudio import label_config, write_label_studio

DATA = Path(__file__).resolve().parents[2] / "data" / "formats"


def test_doccano_sequence_labelling_export(tmp_path: Path) -> None:
    [parsed], problems = read_all(DATA / "doccano-seq.jsonl", annotator="ana")
    assert problems == []
    layer = parsed.layers[0]
    assert [(s.start, s.end, s.label) for s in layer.sorted_spans()] == [(6, 19, "PERSON"), (20, 24, "CUE")]
    assert parsed.article.meta["doccano_id"] == 7 and "label" not in parsed.article.meta


def test_doccano_relation_export() -> None:
    [parsed], problems = read_all(DATA / "doccano-rel.jsonl", annotator="ana")
    assert problems == []
    layer = parsed.layers[0]
    quote = layer.spans_labelled("QUOTE")[0]
    assert layer.linked(quote.id, "SPEAKER").label == "PERSON"  # type: ignore[union-attr]
    assert layer.linked(quote.id, "CUE").start == 11  # type: ignore[union-attr]


def test_doccano_unknown_label_names_it(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "Ines spoke.", "label": [[0, 4, "PER"]]}) + "\n", encoding="utf-8")
    [], [problem] = read_all(path)
    assert "unknown label 'PER'" in problem.message and "--map PER=LABEL" in problem.message and problem.line == 1
    [parsed], [] = read_all(path, label_map={"PER": "PERSON"})
    assert parsed.layers[0].spans[0].label == "PERSON"


def _trip(writer: Any, pair: Any, tmp_path: Path, name: str, **options: Any) -> Any:
    out = io.StringIO()
    writer([pair], out, ExportContext())
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return read_all(path, **options)


@pytest.mark.parametrize(("writer", "name"), [(write_doccano, "rt.jsonl"), (write_label_studio, "rt.json")])
def test_seed_gold_and_codebook_round_trip(writer: Any, name: str, gold: dict[str, Any], tmp_path: Path) -> None:
    for pair, scheme in ((seed_pair(gold), None), (codebook_pair(gold), codebook_scheme())):
        [parsed], problems = _trip(writer, pair, tmp_path, name, scheme=scheme)
        assert problems == []
        assert parsed.layers[0].annotator == "gold"
        assert essence(parsed.article, parsed.layers[0]) == essence(*pair)
        assert parsed.article.id == pair[0].id


LS_EXPORT = [
    {
        "id": 41,
        "data": {"text": "“We stay,” said Ines Calloway.", "outlet": "Gazette"},
        "annotations": [
            {
                "id": 1,
                "completed_by": 3,
                "was_cancelled": False,
                "result": [
                    {
                        "id": "q",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 10, "text": "“We stay,”", "labels": ["QUOTE"]},
                    },
                    {
                        "id": "q",
                        "from_name": "stance",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"start": 0, "end": 10, "choices": ["defending"]},
                    },
                    {
                        "id": "q",
                        "from_name": "speaker_name",
                        "to_name": "text",
                        "type": "textarea",
                        "value": {"start": 0, "end": 10, "text": ["Ines Calloway"]},
                    },
                    {
                        "id": "p",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 16, "end": 29, "text": "Ines Calloway", "labels": ["PERSON"]},
                    },
                    {"from_id": "q", "to_id": "p", "type": "relation", "direction": "right", "labels": ["SPEAKER"]},
                    {
                        "id": "t",
                        "from_name": "topic",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["local"]},
                    },
                ],
            },
            {"id": 2, "completed_by": 4, "was_cancelled": True, "result": []},
        ],
        "predictions": [
            {
                "model_version": "ner-v1",
                "score": 0.5,
                "result": [
                    {
                        "id": "m",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "score": 0.9,
                        "value": {"start": 16, "end": 29, "text": "Ines Calloway", "labels": ["PERSON"]},
                    }
                ],
            }
        ],
    }
]


def test_label_studio_export_layers_predictions_and_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(LS_EXPORT), encoding="utf-8")
    results = list(read_paths([path]))
    [note] = [r for r in results if isinstance(r, ImportNote)]
    assert "cancelled" in note.message and "ls-4" in note.message
    [parsed] = [r for r in results if hasattr(r, "layers")]
    layers = {layer.annotator: layer for layer in parsed.layers}
    assert set(layers) == {"ls-3", MODEL_LAYER}
    quote = layers["ls-3"].span("q")
    assert (quote.attrs["stance"], quote.attrs["speaker_name"]) == ("defending", "Ines Calloway")
    assert layers["ls-3"].linked("q", "SPEAKER").id == "p"  # type: ignore[union-attr]
    [suggestion] = layers[MODEL_LAYER].spans
    assert suggestion.origin is Origin.MODEL and suggestion.attrs == {"model": "ner-v1", "score": 0.9}
    assert parsed.article.meta["ls:topic"] == "local" and parsed.article.outlet == "Gazette"


def test_label_studio_tasks_out_as_predictions(gold: dict[str, Any]) -> None:
    out = io.StringIO()
    write_label_studio([seed_pair(gold)], out, ExportContext(options={"label_studio_as": "predictions"}))
    [task] = json.loads(out.getvalue())
    assert "annotations" not in task and task["predictions"][0]["model_version"] == "gold"
    assert task["data"]["text"] == gold["text"]
    config = label_config(codebook_scheme())
    assert '<Label value="POLICY"' in config and '<Choice value="sceptical"/>' in config


def test_a_real_label_studio_export_of_our_tasks() -> None:
    """``tests/data/formats/label-studio-export.json``: written by Label Studio 1.23.2 itself (see README there)."""
    results = list(read_paths([DATA / "label-studio-export.json"], scheme=codebook_scheme()))
    notes = [r for r in results if isinstance(r, ImportNote)]
    parsed = [r for r in results if hasattr(r, "layers")]
    assert len(parsed) == 2 and all(p.article.id == "bridge" for p in parsed)
    assert len(notes) == 1 and "cancelled" in notes[0].message
    [human] = parsed[0].layers
    [model] = parsed[1].layers
    assert human.annotator == "ls-1" and model.annotator == MODEL_LAYER
    quote = human.span("q1")
    assert dict(quote.attrs) == {"kind": "direct", "stance": "sceptical", "speaker_name": "Ines Walt"}
    assert {(r.head, r.child, r.label) for r in human.relations} == {
        ("q1", "p1", "SPEAKER"),
        ("q1", "c1", "CUE"),
        ("q1", "x1", "sceptical"),
    }
    assert {s.origin for s in model.spans} == {Origin.MODEL} and model.span("q1").attrs["model"] == "ana"
    assert human.span("x1").label == "POLICY"


@pytest.mark.parametrize("name", ["doccano-export-seq.jsonl", "doccano-export-rel.jsonl"])
def test_real_doccano_exports_of_our_examples(name: str) -> None:
    """Written by doccano 1.8.4 itself from our export (see tests/data/formats/README.md); doccano
    renumbers entities in a relation project, so our facts must be found by offsets."""
    [parsed], problems = read_all(DATA / name, scheme=codebook_scheme())
    assert problems == []
    layer = parsed.layers[0]
    assert parsed.article.id == "bridge" and layer.annotator == "ana"
    assert dict(layer.span("q1").attrs) == {"kind": "direct", "speaker_name": "Ines Walt", "stance": "sceptical"}
    assert {(r.id, r.head, r.child, r.label) for r in layer.relations} == {
        ("r1", "q1", "p1", "SPEAKER"),
        ("r2", "q1", "c1", "CUE"),
        ("r3", "q1", "x1", "sceptical"),
    }


def test_what_we_write_validates_against_the_schemas(gold: dict[str, Any]) -> None:
    from annotator.interchange import schema_errors

    for writer, schema in ((write_doccano, "doccano_record"), (write_label_studio, "label_studio_task")):
        out = io.StringIO()
        writer([codebook_pair(gold)], out, ExportContext())
        text = out.getvalue()
        records = json.loads(text) if text.startswith("[") else [json.loads(line) for line in text.splitlines()]
        assert records and all(schema_errors(r, schema) == [] for r in records)
    broken = {"text": "x", "entities": [{"id": 1, "label": "PERSON", "start_offset": 0}]}
    assert any("end_offset" in message for message in schema_errors(broken, "doccano_record"))


def test_label_studio_results_we_cannot_keep_are_refused_by_name(tmp_path: Path) -> None:
    task = {
        "id": 5,
        "data": {"text": "Ines spoke."},
        "annotations": [
            {"completed_by": 1, "result": [{"id": "a", "type": "rectanglelabels", "value": {"rectanglelabels": ["X"]}}]}
        ],
    }
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    [], [problem] = read_all(path)
    assert "task 1 (id 5)" in problem.message and "'rectanglelabels'" in problem.message
