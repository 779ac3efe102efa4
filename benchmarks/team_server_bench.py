"""Team server figures: ``python -m benchmarks.team_server_bench [--quick]``.

Starts its own PostgreSQL cluster (fsync and synchronous commit on, as a real server; TCP on
127.0.0.1, the "loopback" of the issue) and measures:

- 20 simulated annotators, each a process with its own connection pool and login, editing their own
  layers on a shared set of articles for a minute (``--quick``: 10 s): the commit time of every edit
  (p50/p95), then a check that every layer on the server is exactly each annotator's last
  acknowledged state (no lost edit) and that every edit's pair of spans and its relation are all
  there or all absent (no torn edit);
- import and JSONL export rates, server against file, on the same generated articles;
- opening a 100,000-article server project in the real main window and scrolling its list to the end.

Figures go to ``benchmarks/team_server_results.json``; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the throwaway cluster lives with the tests

from pg_cluster import PostgresCluster, find_pg_bin  # noqa: E402

from annotator.domain import Annotations, Article, Change, Relation, Span  # noqa: E402
from annotator.storage import open_store  # noqa: E402
from annotator.storage.postgres import add_member, init_team  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "team_server_results.json"
ANNOTATORS = 20
ARTICLES = 200


def as_user(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -- 20 annotators ---------------------------------------------------------------------------
def annotator_process(
    url: str,
    name: str,
    seconds: float,
    seed: int,
    think: tuple[float, float],
    queue: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    """Edit own layers for ``seconds``: add a pair of spans with a relation, or remove one pair,
    pausing ``think`` seconds (uniform) between edits as a person reading does."""
    rng = random.Random(seed)
    latencies: list[float] = []
    with open_store(url) as store:
        ids = store.article_ids()
        lengths = {a: len(store.article_text(a)) for a in ids}
        states = {a: Annotations(a, name) for a in ids}
        n = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            article_id = rng.choice(ids)
            before = states[article_id]
            if before.spans and rng.random() < 0.3:
                pair = rng.choice([s.id[:-1] for s in before.spans if s.id.endswith("a")])
                after = Annotations(
                    article_id,
                    name,
                    spans=tuple(s for s in before.spans if s.id[:-1] != pair),
                    relations=tuple(r for r in before.relations if r.id != pair + "r"),
                )
            else:
                n += 1
                start = rng.randrange(0, lengths[article_id] - 20)
                pair = f"x{n}"
                spans = (Span(pair + "a", start, start + 5, "QUOTE"), Span(pair + "b", start + 8, start + 14, "PERSON"))
                after = Annotations(
                    article_id,
                    name,
                    spans=before.spans + spans,
                    relations=before.relations + (Relation(pair + "r", pair + "a", pair + "b", "SPEAKER"),),
                )
            started = time.perf_counter()
            store.apply(Change.between(before, after))
            latencies.append((time.perf_counter() - started) * 1000)
            states[article_id] = after  # acknowledged
            if think[1]:
                time.sleep(rng.uniform(*think))
    final = {a: sorted(s.id for s in st.spans) for a, st in states.items() if st.spans}
    queue.put((name, latencies, final))


def bench_annotators(
    cluster: PostgresCluster, seconds: float, think: tuple[float, float] = (0.1, 0.4), tag: str = "team"
) -> dict[str, object]:
    """``think`` (0, 0) runs every process flat out: the server's saturation, not an annotator's wait."""
    url = cluster.create_database(f"bench_{tag}")
    init_team(url)
    names = [f"annotator{i:02d}" for i in range(1, ANNOTATORS + 1)]
    for name in names:
        add_member(url, name, "annotator", password=None)
    with open_store(url) as store:
        store.add_articles(
            (Article(id=f"t{i}", title=f"Article {i}", text=f"Story {i}: " + "the minister said no. " * 40), ())
            for i in range(ARTICLES)
        )
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=annotator_process, args=(as_user(url, name), name, seconds, i, think, queue))
        for i, name in enumerate(names)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    latencies = [ms for _, samples, _ in results for ms in samples]
    lost = torn = 0
    with open_store(url) as store:
        for name, _, final in results:
            for article_id in store.article_ids():
                layer = store.annotations(article_id, name)
                stored = sorted(s.id for s in layer.spans)
                lost += stored != final.get(article_id, [])
                pairs = {s.id[:-1] for s in layer.spans}
                rels = {r.id[:-1] for r in layer.relations}
                torn += any({p + "a", p + "b"} - {s.id for s in layer.spans} or p not in rels for p in pairs)
    return {
        f"{tag}_annotators": ANNOTATORS,
        f"{tag}_think_s": f"{think[0]}-{think[1]}",
        f"{tag}_edit_seconds": seconds,
        f"{tag}_edits": len(latencies),
        f"{tag}_edits_per_s": round(len(latencies) / seconds, 1),
        f"{tag}_commit_ms_p50": round(statistics.median(latencies), 2),
        f"{tag}_commit_ms_p95": round(percentile(latencies, 0.95), 2),
        f"{tag}_commit_ms_max": round(max(latencies), 2),
        f"{tag}_lost_layers": lost,
        f"{tag}_torn_layers": torn,
    }


# -- import and export, server against file --------------------------------------------------------
def bench_import_export(cluster: PostgresCluster, folder: Path, n: int) -> dict[str, object]:
    from annotator.services.exporting import export_project
    from annotator.services.importing import import_paths
    from benchmarks import corpus

    source = corpus.write_jsonl(folder / "import.jsonl", n, low=200, high=1_500)
    figures: dict[str, object] = {"team_io_articles": n}
    targets = {"file": str(folder / "io.annotator"), "server": cluster.create_database("bench_io")}
    init_team(targets["server"])
    for engine, target in targets.items():
        with open_store(target) as store:
            started = time.perf_counter()
            report = import_paths(store, [source], annotator="alice")
            store.update_search_index()
            figures[f"import_{engine}_articles_per_s"] = round(n / (time.perf_counter() - started), 1)
            assert len(report.added) == n, report.summary()
            store.replace_layers(
                Annotations(a, "alice", spans=(Span("s1", 0, 5, "PERSON"),)) for a in store.article_ids()
            )
            out = folder / f"export-{engine}.jsonl"
            started = time.perf_counter()
            count = export_project(store, out, format="jsonl", annotator="alice", force=True)
            figures[f"export_jsonl_{engine}_articles_per_s"] = round(count / (time.perf_counter() - started), 1)
    return figures


# -- a 100,000-article server project in the window -------------------------------------------------
def bench_open_big(cluster: PostgresCluster, folder: Path, n: int) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.ui.common.settings import AppSettings
    from annotator.ui.window.main_window import MainWindow

    url = cluster.create_database("bench_big")
    init_team(url)
    with open_store(url) as store:
        started = time.perf_counter()
        for first in range(0, n, 5000):
            store.add_articles(
                (Article(id=f"n{i}", title=f"Article {i}", text=f"Story {i}: the minister said no."), ())
                for i in range(first, min(n, first + 5000))
            )
        build_s = time.perf_counter() - started
    app = QApplication.instance() or QApplication([])
    settings = AppSettings(QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat))
    started = time.perf_counter()
    store = open_store(url)
    window = MainWindow(store, store.connected_user or "bench", settings)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    table = window.article_list.table
    table.scrollToBottom()
    app.processEvents()
    table.viewport().repaint()
    elapsed = time.perf_counter() - started
    last_row = table.rowAt(table.viewport().height() - 2)
    window.close()
    store.close()
    return {
        "team_open_project_articles": n,
        "team_open_project_s": round(elapsed, 3),
        "team_open_project_last_row_shown": last_row,
        "team_build_project_articles_per_s": round(n / build_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="10 s of editing, 2,000 articles to import, 20,000 to open"
    )
    parser.add_argument("--only", choices=["annotators", "io", "open"], help="measure one part only")
    args = parser.parse_args()
    bin_dir = find_pg_bin()
    if bin_dir is None:
        print("no PostgreSQL server binaries: nothing measured", file=sys.stderr)
        raise SystemExit(1)
    figures: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}, Python {platform.python_version()}",
        "mode": "quick" if args.quick else "full",
    }
    with PostgresCluster(bin_dir, durable=True, tcp=True) as cluster, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        steps = {
            "annotators": lambda: bench_annotators(cluster, 10.0 if args.quick else 60.0),
            "flat_out": lambda: bench_annotators(
                cluster, 10.0 if args.quick else 30.0, think=(0.0, 0.0), tag="team_flat_out"
            ),
            "io": lambda: bench_import_export(cluster, folder, 2_000 if args.quick else 10_000),
            "open": lambda: bench_open_big(cluster, folder, 20_000 if args.quick else 100_000),
        }
        for name, step in steps.items():
            if args.only and name != args.only:
                continue
            got = step()
            figures.update(got)
            print(json.dumps(got, indent=1), flush=True)
    if args.only and RESULTS.exists():  # one part measured again: keep the others' figures
        figures = {**json.loads(RESULTS.read_text(encoding="utf-8")), **figures}
    RESULTS.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
