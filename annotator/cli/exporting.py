"""`annotator export`."""

from __future__ import annotations

import argparse
import sys

from ..domain import Status
from .common import EXIT_OK, Progress, annotator_for


def cmd_export(args: argparse.Namespace) -> int:
    from ..interchange.formats import ExportContext
    from ..services.exporting import export_project
    from ..storage import open_store

    statuses = [Status(s) for s in args.status or []]
    with open_store(args.project, create=False) as store:
        annotator = "gold" if args.gold else ("" if args.all_layers and not args.annotator else annotator_for(store, args.annotator))
        bar = Progress("exporting")
        options = {"family": args.family, "label_studio_as": args.label_studio_as}
        context = ExportContext(options={k: v for k, v in options.items() if v})
        count = export_project(
            store,
            args.out,
            format=args.format,
            annotator=annotator,
            statuses=statuses,
            force=args.force,
            bom=args.bom,
            progress=bar,
            context=context,
            all_layers=args.all_layers,
        )
        bar.close()
    for note in context.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"{count} record(s) exported", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..interchange.formats import export_formats

    p = sub.add_parser("export", help="export a layer in one of the registry's formats (JSONL, brat, Prodigy ...)")
    p.add_argument("project", help="the project file, or a team project's postgresql:// URL")
    p.add_argument("out", help="output file (a folder for brat), or - for standard output (text formats)")
    p.add_argument("--format", choices=export_formats(), default="jsonl")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotator", help="the layer to export (default: you)")
    who.add_argument("--gold", action="store_true", help="export the adjudicated gold layer")
    who.add_argument(
        "--all-layers", action="store_true", help="export every layer of the project (one record per article and layer)"
    )
    p.add_argument("--status", action="append", choices=[s.value for s in Status], help="only these statuses")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument(
        "--family",
        choices=["entities", "quotes"],
        help="prodigy: only one span family (Prodigy's span interfaces cannot show overlapping spans)",
    )
    p.add_argument(
        "--label-studio-as",
        choices=["annotations", "predictions"],
        help="label-studio: our spans as the tasks' annotations (default) or as predictions",
    )
    p.add_argument("--bom", action="store_true", help="CSV: write UTF-8 with a byte-order mark (for Excel)")
    p.set_defaults(func=cmd_export)
