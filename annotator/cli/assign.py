"""`annotator assign`: the lead spreads the articles over the team."""

from __future__ import annotations

import argparse

from .common import EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    from ..services.assignments import assign
    from ..storage import open_store

    with open_store(args.project, create=False) as store:
        plan = assign(
            store,
            args.annotators,
            per_article=args.per_article,
            overlap=args.overlap if args.overlap is not None else 1.0,
            query=args.articles or "",
        )
    load = plan.load
    print(
        f"assigned {len(plan.by_article)} article(s); {len(plan.overlapping)} to more than one person; "
        f"{plan.kept} assignment(s) kept for work already started"
    )
    for who in args.annotators:
        print(f"{who}\t{load[who]}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("assign", help="assign articles to annotators (evenly, with a share for agreement)")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument("--annotators", nargs="+", required=True, metavar="NAME", help="who annotates")
    p.add_argument(
        "--per-article", type=int, default=1, metavar="N", help="annotators per overlapping article (default 1)"
    )
    p.add_argument(
        "--overlap",
        type=float,
        metavar="FRACTION",
        help="share of the articles given to --per-article people (default: all); the rest get one",
    )
    p.add_argument("--articles", metavar="QUERY", help="only the articles matching these words")
    p.set_defaults(func=cmd_assign)
