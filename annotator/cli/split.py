"""`annotator split`: one project file per analyst, with their assigned articles, to hand out."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK


def cmd_split(args: argparse.Namespace) -> int:
    from ..services.merging import split
    from ..storage import open_store

    with open_store(args.project, create=False) as store:
        written = split(store, args.annotators, Path(args.out))
    for who, path in written.items():
        print(f"{who}\t{path}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("split", help="write one project file per analyst holding their assigned articles")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument("--annotators", nargs="+", required=True, metavar="NAME")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder the files are written to")
    p.set_defaults(func=cmd_split)
