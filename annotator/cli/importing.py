"""`annotator import`."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_OK, EXIT_REJECTED, Progress, _fail

#: How many trimmed texts are named one by one (the summary counts them all).
TRIMMED_SHOWN = 20


def cmd_import(args: argparse.Namespace) -> int:
    from ..interchange import LabelMapError, parse_label_maps
    from ..services.importing import import_paths
    from ..services.scheme import project_scheme
    from ..storage import open_store

    if args.as_annotator is not None and not args.as_annotator.strip():
        return _fail("--as needs an annotator's name")  # before the project is created
    try:
        labels = parse_label_maps(args.map or [])
    except LabelMapError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    with open_store(args.project) as store:
        bar = Progress("importing")
        report = import_paths(
            store,
            args.paths,
            annotator=args.annotator or store.connected_user,
            format=args.format,
            text_field=args.text_field,
            scheme=project_scheme(store),
            progress=bar,
            as_annotator=args.as_annotator,
            replace_layers=args.replace,
            labels=labels,
            keep_text=args.keep_text,
        )
        bar.close()  # the import indexed its articles for search
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"duplicate: {duplicate}", file=sys.stderr)
    for trimmed in report.trimmed[:TRIMMED_SHOWN]:
        print(f"trimmed: {trimmed}", file=sys.stderr)
    if len(report.trimmed) > TRIMMED_SHOWN:
        print(f"trimmed: ... and {len(report.trimmed) - TRIMMED_SHOWN} more text(s)", file=sys.stderr)
    for line in report.layer_lines():
        print(f"layer: {line}")
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_REJECTED


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from ..interchange.formats import import_formats

    p = sub.add_parser("import", help="import files or folders into a project (created when missing)")
    p.add_argument("project", help="the project file (.annotator), or a team project's postgresql:// URL")
    p.add_argument(
        "paths", nargs="+", help="files or folders: .txt .html .jsonl .json .csv, brat .txt+.ann, .tsv (WebAnno), .xmi"
    )
    p.add_argument("--annotator", help="layer name for records that carry annotations without naming one")
    p.add_argument(
        "--as",
        dest="as_annotator",
        metavar="NAME",
        help="store every imported layer as NAME's, whatever annotator the file names",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="let an imported layer replace a stored layer of the same name that holds work "
        "(default: keep the stored one and import beside it as NAME-imported)",
    )
    p.add_argument(
        "--keep-text",
        action="store_true",
        help="keep every plain text verbatim (default: drop paywall, sharing and credit lines at either end)",
    )
    p.add_argument("--format", choices=import_formats(), help="force a format (default: by extension and content)")
    p.add_argument(
        "--map",
        action="append",
        metavar="SRC=DST|FILE.json|attribution",
        help="rename a corpus label (repeatable); a JSON map with spans/relations/roles; or a built-in map",
    )
    p.add_argument("--text-field", default="text", help="the text column/key of CSV and JSONL (default: text)")
    p.set_defaults(func=cmd_import)
