"""The benchmark runner: ``make bench`` (full) and ``make bench-quick`` (a minute or two).

Prints a table and writes ``benchmarks/results.json``, a flat object of named figures. A figure
that cannot be measured is ``null`` and the reason is printed. Ratios are measured side by side in
one run (same texts, same model, same process count). Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks import corpus

RESULTS = Path(__file__).resolve().parent / "results.json"

TARGETS = {
    "preannotate_vs_spacy_ratio": (">=", 0.85),
    "open_article_ms_p95": ("<", 100.0),
    "edit_ms_p95": ("<", 16.0),
    "key_add_10k_ms_p95": ("<", 16.0),
    "key_relabel_10k_ms_p95": ("<", 16.0),
    "key_resize_10k_ms_p95": ("<", 16.0),
    "key_stance_10k_ms_p95": ("<", 16.0),
    "key_link_10k_ms_p95": ("<", 16.0),
    "key_accept_10k_ms_p95": ("<", 16.0),
    "key_accept_20k_ms_p95": ("<", 16.0),
    "accept_all_20k_s": ("<", 0.5),
    "window_ready_s": ("<", 1.5),
    "open_project_100k_s": ("<", 2.0),
    "import_articles_per_s": (">=", 2000.0),
    "export_jsonl_articles_per_s": (">=", 2000.0),
    "agreement_10k_s": ("<", 5.0),
    "peak_rss_mb": ("<", 500.0),
    "cluster_local2_speedup": (">=", 1.6),
    "cluster_scheduler2_speedup": (">=", 1.6),
}


class Bench:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.figures: dict[str, float | int | str | None] = {}
        self.reasons: dict[str, str] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="annotator-bench-"))

    def measure(self, keys: list[str], fn: Callable[[], dict[str, float]]) -> None:
        started = time.perf_counter()
        try:
            got = fn()
        except Exception as exc:  # a figure we cannot measure is null, with the reason
            traceback.print_exc()
            for key in keys:
                self.figures[key] = None
                self.reasons[key] = f"{type(exc).__name__}: {exc}"
            return
        for key in keys:
            self.figures[key] = got.get(key)
            if got.get(key) is None:
                self.reasons.setdefault(key, str(got.get(f"{key}_reason", "not measured")))
        for key, value in got.items():
            if key not in keys and not key.endswith("_reason"):
                self.figures[key] = value
        print(f"  ... {', '.join(keys)} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


# -- import ----------------------------------------------------------------------------------
def bench_import(b: Bench) -> dict[str, float]:
    from annotator.services.importing import import_paths
    from annotator.storage import Store

    n = 2_000 if b.quick else 10_000
    source = corpus.write_jsonl(b.tmp / "import.jsonl", n, low=200, high=1_500)
    project = b.tmp / "import.annotator"
    with Store.open(project) as store:
        started = time.perf_counter()
        report = import_paths(store, [source])
        seconds = time.perf_counter() - started
    assert len(report.added) == n, report.summary()
    return {"import_articles_per_s": n / seconds, "import_articles": n}


# -- pre-annotation against raw spaCy ------------------------------------------------------------
def bench_preannotate(b: Bench) -> dict[str, float]:
    from annotator.nlp.pipeline import load_pipeline
    from annotator.services.importing import import_paths
    from annotator.services.preannotation import preannotate_project
    from annotator.services.scheme import default_scheme
    from annotator.storage import Store

    n = 12 if b.quick else 60
    source = corpus.write_jsonl(b.tmp / "pre.jsonl", n, seed=11, low=300, high=3_000)
    texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
    words = sum(len(t.split()) for t in texts)
    loaded = load_pipeline(None)
    for _ in loaded.nlp.pipe(texts[:2]):  # warm up both paths on the same model
        pass
    project = b.tmp / "pre.annotator"
    with Store.open(project) as store:
        import_paths(store, [source])
        raw_times, full_times = [], []
        for _ in range(1 if b.quick else 2):
            started = time.perf_counter()
            for _doc in loaded.nlp.pipe(texts, batch_size=32):
                pass
            raw_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            preannotate_project(store, loaded, default_scheme(), batch_size=32)
            full_times.append(time.perf_counter() - started)
    raw = words / min(raw_times)
    full = words / min(full_times)
    return {
        "spacy_pipe_words_per_s": raw,
        "preannotate_words_per_s": full,
        "preannotate_vs_spacy_ratio": full / raw,
        "preannotate_words": words,
        "model": f"{loaded.name} {loaded.version}",  # type: ignore[dict-item]
    }


# -- export ----------------------------------------------------------------------------------
_QUOTE = re.compile(r"[\"“]([^\"”\n]{3,400})[\"”]")
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")


def synthetic_layer(article_id: str, text: str, annotator: str):  # type: ignore[no-untyped-def]
    """A cheap but realistic layer: names as PERSON, quoted stretches as QUOTE linked to the nearest name."""
    from annotator.domain import Annotations, Relation, Span, Status

    spans: list[Span] = []
    relations: list[Relation] = []
    names = [(m.start(), m.end()) for m in _NAME.finditer(text)][:200]
    for i, (s, e) in enumerate(names):
        spans.append(Span(f"e{i}", s, e, "PERSON"))
    for j, m in enumerate(_QUOTE.finditer(text)):
        q = Span(f"q{j}", m.start(1), m.end(1), "QUOTE", attrs={"kind": "direct", "speaker_name": "Someone"})
        spans.append(q)
        near = [i for i, (s, _e) in enumerate(names) if abs(s - m.end()) < 300]
        if near:
            relations.append(Relation(f"r{j}", q.id, f"e{near[0]}", "SPEAKER"))
    return Annotations(article_id, annotator, tuple(spans), tuple(relations), Status.DONE)


def bench_export(b: Bench) -> dict[str, float]:
    from annotator.services.exporting import export_project
    from annotator.storage import Store

    n = 1_000 if b.quick else 10_000
    source = corpus.write_jsonl(b.tmp / "export.jsonl", n, seed=5, low=200, high=1_200)
    project = b.tmp / "export.annotator"
    from annotator.domain import Article

    with Store.open(project) as store:
        batch = []
        for rec in map(json.loads, source.read_text(encoding="utf-8").splitlines()):
            art = Article(rec["id"], rec["text"], title=rec["title"])
            batch.append((art, [synthetic_layer(art.id, art.text, "alice")]))
            if len(batch) == 500:
                store.add_articles(batch)
                batch = []
        if batch:
            store.add_articles(batch)
        out: dict[str, float] = {"export_articles": n}
        for fmt in ("jsonl", "prodigy", "spacy", "csv"):
            target = b.tmp / f"export.{fmt}"
            started = time.perf_counter()
            count = export_project(store, target, format=fmt, annotator="alice", force=True)
            out[f"export_{fmt}_articles_per_s"] = count / (time.perf_counter() - started)
    return out


# -- agreement ---------------------------------------------------------------------------------
def bench_agreement_figure(b: Bench) -> dict[str, float]:
    from benchmarks.agreement_bench import bench_agreement

    return {"agreement_10k_s": bench_agreement(n_articles=10_000, n_layers=3, seed=0)}


# -- the workspace -----------------------------------------------------------------------------
def bench_ui(b: Bench) -> dict[str, float]:
    from benchmarks import ui_bench

    out: dict[str, float] = {}
    opened = ui_bench.bench_open_article(n_words=10_000, n_spans=1_500, repeat=8 if b.quick else 20)
    out["open_article_ms_p50"], out["open_article_ms_p95"] = opened["p50_ms"], opened["p95_ms"]
    edited = ui_bench.bench_edit(n=60 if b.quick else 200)
    out["edit_ms_p50"], out["edit_ms_p95"] = edited["p50_ms"], edited["p95_ms"]
    out["window_ready_s"] = ui_bench.bench_window_ready()
    # The 100k project in a process of its own, so that its peak memory is its own.
    big = ui_bench.build_project(b.tmp / "big.annotator", 100_000)
    code = (
        "import json, sys; from pathlib import Path; from benchmarks import ui_bench; "
        "s = ui_bench.bench_open_project(Path(sys.argv[1]), 100_000); "
        "print(json.dumps([s, ui_bench.own_peak_rss_mb()]))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, env=env,
                          check=True, cwd=Path(__file__).resolve().parents[1])
    seconds, rss = json.loads(done.stdout.strip().splitlines()[-1])
    out["open_project_100k_s"] = seconds
    out["open_project_100k_rss_mb"] = rss
    return out


def bench_key_figures(b: Bench) -> dict[str, float]:
    """Each key on the densely linked 10,000- and 20,000-word articles (see ``benchmarks.key_bench``)."""
    from benchmarks import key_bench

    return key_bench.run(quick=b.quick)


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0  # Linux reports KiB


def verdict(key: str, value: object) -> str:
    if key not in TARGETS or not isinstance(value, int | float):
        return ""
    op, goal = TARGETS[key]
    ok = value >= goal if op == ">=" else value < goal
    return f"{'met' if ok else 'MISSED'} ({op} {goal:g})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true")
    mode.add_argument("--full", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    b = Bench(quick=not args.full)
    started = time.perf_counter()
    b.measure(["import_articles_per_s"], lambda: bench_import(b))
    b.measure(
        ["preannotate_words_per_s", "spacy_pipe_words_per_s", "preannotate_vs_spacy_ratio"],
        lambda: bench_preannotate(b),
    )
    b.measure(
        ["export_jsonl_articles_per_s", "export_prodigy_articles_per_s", "export_spacy_articles_per_s",
         "export_csv_articles_per_s"],
        lambda: bench_export(b),
    )
    b.measure(["agreement_10k_s"], lambda: bench_agreement_figure(b))
    b.measure(
        ["open_article_ms_p50", "open_article_ms_p95", "edit_ms_p50", "edit_ms_p95", "window_ready_s",
         "open_project_100k_s"],
        lambda: bench_ui(b),
    )
    b.measure(
        ["key_add_10k_ms_p95", "key_relabel_10k_ms_p95", "key_resize_10k_ms_p95", "key_stance_10k_ms_p95",
         "key_link_10k_ms_p95", "key_accept_10k_ms_p95", "key_accept_20k_ms_p95", "accept_all_20k_s"],
        lambda: bench_key_figures(b),
    )
    if not b.quick:
        from benchmarks.cluster_bench import bench_cluster

        b.measure(
            ["cluster_one_process_words_per_s", "cluster_local2_words_per_s", "cluster_scheduler2_words_per_s",
             "cluster_local2_speedup", "cluster_scheduler2_speedup", "cluster_client_ms_per_article"],
            lambda: bench_cluster(),
        )
    b.figures["bench_process_peak_rss_mb"] = peak_rss_mb()  # includes the children, the 100k one too
    # The target is about the largest project an analyst opens: the 100k-article one.
    b.figures["peak_rss_mb"] = b.figures.get("open_project_100k_rss_mb")
    b.figures["mode"] = "quick" if b.quick else "full"
    b.figures["machine"] = f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}"
    b.figures["total_s"] = time.perf_counter() - started
    print(f"\n{'figure':34} {'value':>14}  target")
    for key, value in b.figures.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        print(f"{key:34} {shown:>14}  {verdict(key, value)}")
    for key, reason in b.reasons.items():
        print(f"null {key}: {reason}")
    args.out.write_text(json.dumps(b.figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
