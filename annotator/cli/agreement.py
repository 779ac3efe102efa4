"""`annotator agreement`."""

from __future__ import annotations

import argparse

from .common import EXIT_OK


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..services.reviewing import agreement_report
    from ..storage import open_store

    with open_store(args.project, create=False) as store:
        text = agreement_report(store, args.annotators or None, as_json=args.json)
    print(text)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("agreement", help="inter-annotator agreement figures")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument("--annotators", nargs="+", help="layers to compare (default: every human layer)")
    p.add_argument("--json", action="store_true", help="JSON naming every figure and its support")
    p.set_defaults(func=cmd_agreement)
