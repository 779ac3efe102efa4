"""`annotator preannotate`: one process (optionally ``nlp.pipe`` processes) or a Dask cluster."""

from __future__ import annotations

import argparse
import sys
import time

from .common import EXIT_OK, EXIT_REJECTED, Progress, _fail


def cmd_preannotate(args: argparse.Namespace) -> int:
    from ..services.scheme import project_scheme
    from ..storage import open_store

    if args.cluster:
        return _on_cluster(args)
    from ..nlp.pipeline import load_pipeline
    from ..services.models import current_model
    from ..services.preannotation import preannotate_project

    with open_store(args.project, create=False) as store:
        loaded = load_pipeline(args.model or current_model(store))
        if loaded.warning:
            print(f"warning: {loaded.warning}", file=sys.stderr)
        bar = Progress("pre-annotating")
        result = preannotate_project(
            store,
            loaded,
            project_scheme(store),
            batch_size=args.batch_size,
            n_process=args.processes,
            progress=bar,
        )
        bar.close()
    rate = result.words / result.seconds if result.seconds else 0.0
    print(f"{result.articles} article(s) pre-annotated with {result.model} ({rate:,.0f} words/s)")
    return EXIT_OK


def _on_cluster(args: argparse.Namespace) -> int:
    from ..services.cluster import ClusterProgress, ClusterSpec, preannotate_on_cluster
    from ..services.models import current_model
    from ..services.scheme import project_scheme
    from ..storage import open_store

    try:
        spec = ClusterSpec.parse(args.cluster)
    except ValueError as exc:
        return _fail(str(exc))
    bar = Progress("pre-annotating", force=args.progress)

    def report(state: ClusterProgress) -> bool:
        eta = "" if state.eta_s is None else f" · ETA {time.strftime('%H:%M:%S', time.gmtime(state.eta_s))}"
        detail = f"{state.words_per_s:,.0f} words/s · {state.workers} worker(s){eta}"
        return bar(state.done, state.total, detail)

    with open_store(args.project, create=False) as store:
        print(f"connecting to {spec} …", file=sys.stderr)
        result = preannotate_on_cluster(
            store,
            args.model or current_model(store),  # the workers load it: a name or a path they can read
            project_scheme(store),
            spec,
            batch_size=args.batch_size,
            redo=args.redo,
            progress=report,
        )
        bar.close()
    if result.warning:
        print(f"warning: {result.warning}", file=sys.stderr)
    rate = result.words / result.seconds if result.seconds else 0.0
    print(
        f"{result.articles} article(s) pre-annotated with {result.model} on {result.workers} worker(s) "
        f"({rate:,.0f} words/s); {result.skipped} already current, skipped"
    )
    return EXIT_REJECTED if result.cancelled else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("preannotate", help="suggest entities, quotes, cues and speakers (the model layer)")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument(
        "--model",
        help="spaCy pipeline name or path (default: the project's current model, "
        "else en_core_web_sm, then the packaged one)",
    )
    p.add_argument("--processes", type=int, default=1, help="nlp.pipe processes (one-machine runs)")
    p.add_argument("--batch-size", type=int, default=32, help="articles per batch (per stored transaction)")
    p.add_argument(
        "--cluster",
        metavar="local[:N]|tcp://HOST:PORT",
        help="run on Dask: a local cluster of N worker processes, or a running scheduler; resumable",
    )
    p.add_argument("--redo", action="store_true", help="cluster runs: redo articles whose model layer is current")
    p.add_argument("--progress", action="store_true", help="draw the progress bar even when stderr is no terminal")
    p.set_defaults(func=cmd_preannotate)
