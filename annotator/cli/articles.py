"""`annotator articles`."""

from __future__ import annotations

import argparse

from ..domain import Status
from .common import EXIT_OK, annotator_for


def cmd_articles(args: argparse.Namespace) -> int:
    from ..services.assignments import progress_by_annotator, queue
    from ..storage import open_store

    statuses = [Status(s) for s in args.status or []]
    with open_store(args.project, create=False) as store:
        if args.by_annotator:
            print("annotator\tassigned\ttodo\tin_progress\tdone")
            for row in progress_by_annotator(store):
                print(f"{row.annotator}\t{row.assigned}\t{row.todo}\t{row.in_progress}\t{row.done}")
            return EXIT_OK
        who = annotator_for(store, args.annotator)
        mine = {a: i for i, a in enumerate(queue(store, who))}
        rows = []
        offset = 0
        while True:
            page = store.list_articles(who, offset=offset, limit=1000, statuses=statuses)
            rows.extend(page)
            if len(page) < 1000:
                break
            offset += len(page)
        # The queue (assigned to you and not done) first, in its order; then everything else.
        rows.sort(key=lambda a: (0, mine[a.id]) if a.id in mine else (1, 0))
        print("id\ttitle\tstatus\tspans\tquotes\tpending\tqueue")  # pending: suggestions not yet decided
        for a in rows:
            flag = "yes" if a.id in mine else ""
            print(f"{a.id}\t{a.title}\t{a.status.value}\t{a.span_count}\t{a.quote_count}\t{a.suggestion_count}\t{flag}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("articles", help="list the articles of a project (your queue first)")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument("--annotator", help="whose status and counts to show (default: you)")
    p.add_argument("--status", action="append", choices=[s.value for s in Status])
    p.add_argument(
        "--by-annotator", action="store_true", help="the lead's view: todo / in progress / done per annotator"
    )
    p.set_defaults(func=cmd_articles)
