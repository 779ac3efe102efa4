"""`annotator export`."""

from __future__ import annotations

import argparse
import sys

from ..domain import Status
from .common import EXIT_OK, Progress, default_annotator


def cmd_export(args: argparse.Namespace) -> int:
    from ..services.exporting import export_project
    from ..storage import Store

    annotator = "gold" if args.gold else (args.annotator or ("" if args.all_layers else default_annotator()))
    statuses = [Status(s) for s in args.status or []]
    with Store.open(args.project, create=False) as store:
        bar = Progress("exporting")
        count = export_project(
            store,
            args.out,
            format=args.format,
            annotator=annotator,
            statuses=statuses,
            force=args.force,
            bom=args.bom,
            progress=bar,
            all_layers=args.all_layers,
        )
        bar.close()
    print(f"{count} record(s) exported", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="export a layer as JSONL, Prodigy JSONL, spaCy DocBin or CSV")
    p.add_argument("project")
    p.add_argument("out", help="output file, or - for standard output (text formats)")
    p.add_argument("--format", choices=["jsonl", "prodigy", "spacy", "csv"], default="jsonl")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotator", help="the layer to export (default: you)")
    who.add_argument("--gold", action="store_true", help="export the adjudicated gold layer")
    who.add_argument(
        "--all-layers", action="store_true", help="export every layer of the project (one record per article and layer)"
    )
    p.add_argument("--status", action="append", choices=[s.value for s in Status], help="only these statuses")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--bom", action="store_true", help="CSV: write UTF-8 with a byte-order mark (for Excel)")
    p.set_defaults(func=cmd_export)
