"""`annotator articles`."""

from __future__ import annotations

import argparse

from ..domain import Status
from .common import EXIT_OK, default_annotator


def cmd_articles(args: argparse.Namespace) -> int:
    from ..storage import Store

    statuses = [Status(s) for s in args.status or []]
    annotator = args.annotator or default_annotator()
    with Store.open(args.project, create=False) as store:
        offset = 0
        print("id\ttitle\tstatus\tspans\tquotes\tsuggestions")
        while True:
            page = store.list_articles(annotator, offset=offset, limit=1000, statuses=statuses)
            for a in page:
                print(f"{a.id}\t{a.title}\t{a.status.value}\t{a.span_count}\t{a.quote_count}\t{a.suggestion_count}")
            if len(page) < 1000:
                break
            offset += len(page)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("articles", help="list the articles of a project")
    p.add_argument("project")
    p.add_argument("--annotator", help="whose status and counts to show (default: you)")
    p.add_argument("--status", action="append", choices=[s.value for s in Status])
    p.set_defaults(func=cmd_articles)
