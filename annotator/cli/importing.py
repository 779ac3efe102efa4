"""`annotator import`."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_OK, EXIT_REJECTED, Progress


def cmd_import(args: argparse.Namespace) -> int:
    from ..services.importing import import_paths
    from ..services.scheme import project_scheme
    from ..storage import open_store

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
        )
        store.update_search_index()
        bar.close()
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"duplicate: {duplicate}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_REJECTED


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="import files or folders into a project (created when missing)")
    p.add_argument("project", help="the project file (.annotator), or a team project's postgresql:// URL")
    p.add_argument("paths", nargs="+", help="files or folders: .txt .html .jsonl .csv, brat .txt+.ann")
    p.add_argument("--annotator", help="layer name for records that carry annotations without naming one")
    p.add_argument("--format", choices=["txt", "html", "jsonl", "csv", "brat", "prodigy"], help="force a format")
    p.add_argument("--text-field", default="text", help="the text column/key of CSV and JSONL (default: text)")
    p.set_defaults(func=cmd_import)
