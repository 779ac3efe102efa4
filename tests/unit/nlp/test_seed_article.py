"""End to end on the seed article: every gold quotation found, with its speaker and speaker name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain import Annotations, LabelScheme
from annotator.nlp import LoadedPipeline, annotations_from_doc

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
GOLD_PATH = SHARED / "examples" / "sessions-russia.gold.json"
GOLD: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
GOLD_QUOTES = [s for s in GOLD["spans"] if s["label"] == "QUOTE"]


def _alnum(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


@pytest.fixture(scope="module")
def predicted(loaded: LoadedPipeline, scheme: LabelScheme) -> Annotations:
    text = (SHARED / "examples" / "sessions-russia.txt").read_text(encoding="utf-8")
    assert text.startswith(GOLD["text"]), "the seed text and its gold layer disagree"
    return annotations_from_doc(loaded.nlp(text), "sessions-russia", scheme, loaded.name, loaded.version)


@pytest.mark.parametrize("gold", GOLD_QUOTES, ids=[q["id"] for q in GOLD_QUOTES])
def test_gold_quote_is_found_with_its_speaker(gold: dict[str, Any], predicted: Annotations) -> None:
    text = GOLD["text"]
    spans = {s["id"]: s for s in GOLD["spans"]}
    wanted = _alnum(text, gold["start"], gold["end"])
    quotes = predicted.spans_labelled("QUOTE")
    best = max(quotes, key=lambda q: len(wanted & _alnum(text, q.start, q.end)))
    covered = set().union(*(_alnum(text, q.start, q.end) for q in quotes)) & wanted
    assert len(covered) / len(wanted) >= 0.8, f"{gold['id']} {gold['text']!r}: only {len(covered)}/{len(wanted)} found"
    gold_speaker = next(
        spans[r["child"]] for r in GOLD["relations"] if r["head"] == gold["id"] and r["label"] == "SPEAKER"
    )
    speaker = predicted.linked(best.id, "SPEAKER")
    assert speaker is not None, f"{gold['id']}: quote {text[best.start : best.end]!r} has no speaker"
    assert speaker.start < gold_speaker["end"] and gold_speaker["start"] < speaker.end, (
        f"{gold['id']}: speaker {text[speaker.start : speaker.end]!r}, gold {gold_speaker['text']!r}"
    )
    assert best.attrs.get("speaker_name") == gold["attrs"]["speaker_name"], f"{gold['id']}: wrong speaker name"
