"""`annotator scheme`: print the project's codebook (label scheme) as JSON, or replace it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import EXIT_OK, _fail


def cmd_scheme(args: argparse.Namespace) -> int:
    from ..domain.codebook import CodebookRefused
    from ..services.codebook import change_codebook, parse_renames, read_scheme_file, scheme_document
    from ..storage import Store
    from ..ui.workspace.shortcuts import fixed_keys  # Qt-free: the keys the app binds whatever the codebook says

    if args.set is None and (args.rename or args.force):
        return _fail("--rename and --force go with --set FILE")
    with Store.open(args.project, create=False) as store:
        if args.set is None:
            json.dump(scheme_document(store), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return EXIT_OK
        try:
            scheme = read_scheme_file(Path(args.set), fixed_keys())
            plan = change_codebook(
                store, scheme, parse_renames(args.rename or []), force=args.force, reserved_keys=fixed_keys()
            )
        except CodebookRefused as exc:
            return _fail(f"codebook not changed: {exc}")
    for line in plan.summary():
        print(line, file=sys.stderr)
    print(f"codebook {scheme.name!r} set ({len(scheme.labels)} labels)", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("scheme", help="print the project's codebook (labels, relations, stances) or replace it")
    p.add_argument("project")
    p.add_argument(
        "--set", metavar="FILE", help="replace the codebook by FILE (checked against label_scheme.schema.json)"
    )
    p.add_argument(
        "--rename",
        action="append",
        metavar="OLD=NEW",
        help="rename a label, relation label or stance in every layer (repeatable)",
    )
    p.add_argument(
        "--force", action="store_true", help="drop the uses of labels the new codebook lacks (says how many)"
    )
    p.set_defaults(func=cmd_scheme)
