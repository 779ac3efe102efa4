"""`annotator merge`: bring colleagues' projects (files or servers) into one."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, EXIT_REJECTED


def cmd_merge(args: argparse.Namespace) -> int:
    from ..services.merging import Prefer, merge
    from ..storage import open_store

    prefer = Prefer(args.prefer) if args.prefer else None
    skipped = False
    with open_store(args.target, create=False) as target:
        for name in args.sources:
            with open_store(name, create=False) as source:
                report = merge(target, source, prefer=prefer)
            print(f"{source.target}:")
            for line in report.lines():
                print(f"  {line}")
            skipped = skipped or bool(report.skipped)
    return EXIT_REJECTED if skipped else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("merge", help="merge layers, comments and statuses of other projects into TARGET")
    p.add_argument("target", help="the project merged into (file or postgresql:// URL)")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="the projects merged from (files or URLs)")
    p.add_argument(
        "--prefer",
        choices=["newer", "target", "source"],
        help="which side wins when a layer differs on both sides (default: keep both, the source's beside)",
    )
    p.set_defaults(func=cmd_merge)
