"""Score the quotation finder on PolNeAR dev and the seed article, and compare throughput.

Run from the repository root: ``python -m benchmarks.score_quotes_run [--n-process N] [--show-misses N]``.
A last section gives the stance and target figures of :mod:`benchmarks.stance_scores` (seed gold
and stance-dev, both splits; ``--no-stance`` skips it).
Reads ``../shared/data/polnear-dev.jsonl`` (scored as its tuning part, its reporting part and whole:
see :mod:`benchmarks.quote_corpora`), ``../shared/examples/sessions-russia.gold.json`` and the
negative corpus (false quotes per 1,000 sentences),
writes predictions in the export JSONL format to a temporary folder, scores them with
``../shared/tools/score_quotes.py`` and prints the scores, then raw ``nlp.pipe`` words per
second against full pre-annotation (quotes and conversion) on the same texts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, LabelScheme
from annotator.nlp import load_pipeline, preannotate_texts
from annotator.nlp.pipeline import LoadedPipeline

from .quote_corpora import negative_corpus, polnear_records, polnear_split

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SEED = SHARED / "examples" / "sessions-russia.gold.json"
SCORER = SHARED / "tools" / "score_quotes.py"


def seed_as_scorer_gold(path: Path) -> dict[str, Any]:
    """The seed article's gold layer in the scorer's format (one attribution per QUOTE span)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    spans = {s["id"]: s for s in data["spans"]}
    quotes = []
    for span in data["spans"]:
        if span["label"] != "QUOTE":
            continue
        speaker = next(
            (spans[r["child"]] for r in data["relations"] if r["head"] == span["id"] and r["label"] == "SPEAKER"), None
        )
        quotes.append(
            {
                "id": span["id"],
                "content_spans": [{"start": span["start"], "end": span["end"], "text": span["text"]}],
                "speaker_spans": [{"start": speaker["start"], "end": speaker["end"]}] if speaker else None,
                "cue_is_reporting_verb": True,
                "kind": span.get("attrs", {}).get("kind", "?"),
            }
        )
    return {"id": data["id"], "text": data["text"], "quotes": quotes}


def export_record(ann: Annotations, text: str) -> dict[str, Any]:
    """One line of the export JSONL format."""
    return {
        "id": ann.article_id,
        "text": text,
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": text[s.start : s.end],
                "origin": s.origin.value,
                "attrs": dict(s.attrs),
            }
            for s in ann.sorted_spans()
        ],
        "relations": [{"id": r.id, "head": r.head, "child": r.child, "label": r.label} for r in ann.relations],
    }


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def score(gold: Path, pred: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred)], capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout))


def _rate(words: int, run: Callable[[], None]) -> tuple[float, float]:
    """Words per second of one run, by wall clock and by this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return words / (time.perf_counter() - wall), words / max(time.process_time() - cpu, 1e-9)


def throughput(
    loaded: LoadedPipeline, texts: list[str], scheme: LabelScheme, n_process: int, rounds: int = 3
) -> dict[str, tuple[float, float]]:
    """Best-of-``rounds`` words per second of raw ``nlp.pipe`` and of full pre-annotation.

    Both are given by wall clock and by CPU time of this process: on a shared machine other
    processes slow the wall clock down at random, the CPU time much less (with ``n_process=1``;
    with worker processes only the wall clock counts their work). The runs alternate and the
    best of each is kept.
    """
    words = sum(len(t.split()) for t in texts)
    items = [(str(i), t) for i, t in enumerate(texts)]

    def raw() -> None:
        for _doc in loaded.nlp.pipe(texts, batch_size=16, n_process=n_process):
            pass

    def full() -> None:
        for _ann in preannotate_texts(loaded, items, scheme, batch_size=16, n_process=n_process):
            pass

    best = {"raw": (0.0, 0.0), "full": (0.0, 0.0)}
    for _ in range(rounds):
        for name, run in (("raw", raw), ("full", full)):
            wall, cpu = _rate(words, run)
            best[name] = (max(best[name][0], wall), max(best[name][1], cpu))
    return best


def show_misses(gold_records: list[dict[str, Any]], preds: dict[str, dict[str, Any]], limit: int) -> None:
    """Print speech attributions the finder missed at 30% overlap, for error analysis."""
    shown = 0
    for g in gold_records:
        text = g["text"]
        covered = {i for s in preds[g["id"]]["spans"] if s["label"] == "QUOTE" for i in range(s["start"], s["end"])}
        for q in g["quotes"]:
            if not q.get("cue_is_reporting_verb"):
                continue
            pos = {i for c in q["content_spans"] for i in range(c["start"], c["end"]) if text[i].isalnum()}
            if pos and len(pos & covered) / len(pos) < 0.3 and shown < limit:
                shown += 1
                ctx_start = min(c["start"] for c in q["content_spans"]) - 80
                print(f"MISS {g['id']} [{q.get('kind')}] cue={q.get('cue_text')!r} speaker={q.get('speaker_text')!r}")
                print("   ", repr(text[max(0, ctx_start) : max(c["end"] for c in q["content_spans"]) + 40]))


def score_corpus(
    loaded: LoadedPipeline,
    scheme: LabelScheme,
    tmp: Path,
    name: str,
    gold_records: list[dict[str, Any]],
    n_process: int,
    misses: int = 0,
) -> list[dict[str, Any]]:
    """Pre-annotate one gold corpus, score it with the shared scorer and print the rows."""
    slug = "".join(c if c.isalnum() else "-" for c in name)
    gold_path, pred_path = tmp / f"{slug}-gold.jsonl", tmp / f"{slug}-pred.jsonl"
    write_jsonl(gold_path, gold_records)
    texts = {g["id"]: g["text"] for g in gold_records}
    anns = preannotate_texts(loaded, texts.items(), scheme, n_process=n_process)
    preds = {a.article_id: export_record(a, texts[a.article_id]) for a in anns}
    write_jsonl(pred_path, preds.values())
    print(f"\n== {name}: {len(gold_records)} articles")
    rows = score(gold_path, pred_path)
    for row in rows:
        print(json.dumps(row))
    if misses:
        show_misses(gold_records, preds, misses)
    return rows


def false_quote_rate(loaded: LoadedPipeline, scheme: LabelScheme, show: int = 0) -> dict[str, float]:
    """False QUOTE spans per 1,000 sentences of the negative corpus (every QUOTE there is false)."""
    corpus = negative_corpus()
    print("\n== negative corpus (no attribution): false quotes per 1,000 sentences")
    total_sentences = total_quotes = 0
    for part, sentences in corpus.items():
        items = [(str(n), s) for n, s in enumerate(sentences)]
        found = 0
        for ann in preannotate_texts(loaded, items, scheme):
            quotes = [s for s in ann.spans if s.label == "QUOTE"]
            found += len(quotes)
            for q in quotes[: max(0, show)]:
                text = sentences[int(ann.article_id)]
                print(f"   FALSE [{q.attrs.get('kind')}] {text[q.start : q.end]!r}  in  {text!r}")
        total_sentences += len(sentences)
        total_quotes += found
        print(
            f"{part:>6}: {len(sentences)} sentences, {found} false quotes, {1000 * found / len(sentences):.1f} per 1,000"
        )
    rate = 1000 * total_quotes / total_sentences
    print(f"{'all':>6}: {total_sentences} sentences, {total_quotes} false quotes, {rate:.1f} per 1,000")
    return {"sentences": total_sentences, "false_quotes": total_quotes, "per_1000": rate}


def quote_figures(loaded: LoadedPipeline, scheme: LabelScheme, n_process: int, misses: int) -> None:
    """The finder's figures: PolNeAR dev (tuning part, reporting part, all), the seed, the negative corpus."""
    polnear = polnear_records()
    parts = polnear_split(polnear)
    seed = seed_as_scorer_gold(SEED)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        score_corpus(loaded, scheme, tmp, "polnear-dev tuning part", parts["tuning"], n_process, misses)
        score_corpus(loaded, scheme, tmp, "polnear-dev reporting part", parts["reporting"], n_process)
        score_corpus(loaded, scheme, tmp, "polnear-dev all", polnear, n_process)
        score_corpus(loaded, scheme, tmp, "seed sessions-russia", [seed], n_process)
    false_quote_rate(loaded, scheme, show=5 if misses else 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--pipeline", default=None)
    parser.add_argument("--show-misses", type=int, default=0, metavar="N", help="misses of the tuning part")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--no-stance", action="store_true", help="skip the stance and target figures")
    args = parser.parse_args(argv)

    scheme = LabelScheme.from_dict(json.loads((ROOT / "resources" / "label_scheme.json").read_text(encoding="utf-8")))
    loaded = load_pipeline(args.pipeline)
    print(f"pipeline: {loaded.name} {loaded.version}" + (f"  ({loaded.warning})" if loaded.warning else ""))
    quote_figures(loaded, scheme, args.n_process, args.show_misses)
    if args.no_throughput:
        return
    texts = [r["text"] for r in polnear_records()] + [seed_as_scorer_gold(SEED)["text"]]
    rates = throughput(loaded, texts, scheme, args.n_process)
    print(
        f"\n== throughput ({len(texts)} texts, {sum(len(t.split()) for t in texts):,} words, n_process={args.n_process})"
    )
    for clock, i in (("wall clock", 0), ("CPU time", 1)):
        raw, full = rates["raw"][i], rates["full"][i]
        print(
            f"{clock:>10}: raw nlp.pipe {raw:,.0f} words/s   pre-annotation {full:,.0f} words/s   ratio {full / raw:.3f}"
        )
    if not args.no_stance:
        print_stance_figures(loaded, scheme)


def print_stance_figures(loaded: LoadedPipeline, scheme: LabelScheme) -> None:
    """The stance section: suggested quotes (end to end) and the gold quotes themselves (stance alone)."""
    from .stance_scores import stance_figures

    for mode, oracle in (("found quotes", False), ("gold quotes", True)):
        print(f"\n== stance and target, on the {mode}")
        for name, figures in stance_figures(loaded, scheme, oracle=oracle).items():
            print(f"{name}: {json.dumps(figures)}")


if __name__ == "__main__":
    main()
