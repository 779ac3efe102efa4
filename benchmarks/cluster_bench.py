"""Pre-annotation on Dask against one process, side by side on the same real articles.

``python -m benchmarks.cluster_bench [--copies N]`` (also part of ``make bench``). The corpus is the
56 PolNeAR dev articles from ``../shared/data`` taken ``--copies`` times (default 3: 168 articles;
each copy gets a line of its own so that none is a duplicate). Measured, in this order, each into a
fresh project: one process (``preannotate_project``), raw ``nlp.pipe`` with ``n_process=2`` (the
ceiling a home-made pool reaches here), ``--cluster local:2``, and a scheduler with two one-thread
workers on loopback (separate ``dask`` processes); cluster rates are timed once the workers are
up with the model loaded (the start-up is reported on its own). Then the client's own cost per article
(serialising a layer in and out, as Dask does, and writing it) and a projection for one million
articles. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import pickle
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BIN = Path(sys.executable).parent
WORDS_PER_ARTICLE_1M = 650  # the projection: one million 650-word articles


def _corpus(folder: Path, copies: int) -> tuple[Path, int, int]:
    lines = (SHARED / "data" / "polnear-dev.jsonl").read_text(encoding="utf-8").splitlines()
    out = folder / "corpus.jsonl"
    words = n = 0
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for line in lines:
                record = json.loads(line)
                text = record["text"] if copy == 0 else f"{record['text']}\n\nCopy {copy}."
                handle.write(json.dumps({"id": f"{record['id']}-{copy}", "text": text}) + "\n")
                words += len(text.split())
                n += 1
    return out, n, words


def _project(folder: Path, source: Path, name: str) -> Path:
    from annotator.services.importing import import_paths
    from annotator.storage import Store

    path = folder / f"{name}.annotator"
    with Store.open(path) as store:
        import_paths(store, [source])
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_cluster(copies: int = 3, batch_size: int = 8) -> dict[str, float]:
    from annotator.nlp.batches import pipeline_identity
    from annotator.nlp.pipeline import load_pipeline
    from annotator.services.cluster import ClusterSpec, connect, preannotate_on_cluster
    from annotator.services.preannotation import preannotate_project
    from annotator.services.scheme import default_scheme
    from annotator.storage import Store

    tmp = Path(tempfile.mkdtemp(prefix="annotator-cluster-bench-"))
    source, articles, words = _corpus(tmp, copies)
    scheme = default_scheme()
    figures: dict[str, float] = {"cluster_bench_articles": articles, "cluster_bench_words": words}

    loaded = load_pipeline(None)
    with Store.open(_project(tmp, source, "one")) as store:
        started = time.perf_counter()
        preannotate_project(store, loaded, scheme, batch_size=batch_size)
        one = time.perf_counter() - started
        layers = [layer for _, layer in store.iter_layers("model")]
    figures["cluster_one_process_words_per_s"] = words / one

    texts = [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    for _ in loaded.nlp.pipe(texts, batch_size=batch_size, n_process=2):
        pass
    figures["cluster_raw_pipe_2proc_words_per_s"] = words / (time.perf_counter() - started)

    with Store.open(_project(tmp, source, "local")) as store:
        started = time.perf_counter()
        with connect(ClusterSpec(workers=2)) as client:
            client.run(pipeline_identity, None)  # type: ignore[attr-defined]
            ready = time.perf_counter()
            preannotate_on_cluster(store, None, scheme, ClusterSpec(workers=2), batch_size=batch_size, client=client)
            local = time.perf_counter() - ready
        figures["cluster_local2_startup_s"] = ready - started  # cluster up, the model loaded on each worker
    figures["cluster_local2_words_per_s"] = words / local

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                        "--name",
                        f"w{n}",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
            client.run(pipeline_identity, None)
            with Store.open(_project(tmp, source, "tcp")) as store:
                started = time.perf_counter()
                preannotate_on_cluster(
                    store, None, scheme, ClusterSpec(address=address), batch_size=batch_size, client=client
                )
                remote = time.perf_counter() - started
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    figures["cluster_scheduler2_words_per_s"] = words / remote
    figures["cluster_local2_speedup"] = one / local
    figures["cluster_scheduler2_speedup"] = one / remote

    # The client's own work per article: a layer serialised out of a worker and into the client,
    # then written, one transaction per batch (what the client does while the workers parse).
    with Store.open(_project(tmp, source, "client")) as store:
        started = time.perf_counter()
        for i in range(0, len(layers), batch_size):
            batch = pickle.loads(pickle.dumps(layers[i : i + batch_size], protocol=5))
            store.replace_layers(batch)
        per_article = (time.perf_counter() - started) / len(layers)
    figures["cluster_client_ms_per_article"] = per_article * 1000
    per_worker = figures["cluster_scheduler2_words_per_s"] / 2
    needed_words_per_s = 1_000_000 * WORDS_PER_ARTICLE_1M / 7200
    figures["cluster_workers_for_1m_in_2h"] = needed_words_per_s / per_worker
    figures["cluster_client_max_articles_per_s"] = 1 / per_article
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args(argv)
    figures = bench_cluster(args.copies, args.batch_size)
    for key, value in figures.items():
        print(f"{key:40} {value:12,.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
