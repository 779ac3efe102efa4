"""`annotator preannotate`."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_OK, Progress


def cmd_preannotate(args: argparse.Namespace) -> int:
    from ..nlp.pipeline import load_pipeline
    from ..services.preannotation import preannotate_project
    from ..services.scheme import project_scheme
    from ..storage import open_store

    with open_store(args.project, create=False) as store:
        loaded = load_pipeline(args.model)
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


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("preannotate", help="suggest entities, quotes, cues and speakers (the model layer)")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument("--model", help="spaCy pipeline name or path (default: en_core_web_sm, then the packaged one)")
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p.set_defaults(func=cmd_preannotate)
