"""The command line: the same services as the GUI, headless.

Exit status: 0 when everything asked for was done, 2 when some input was rejected or a command
failed with a reported error (the message names the file and, where there is one, the line).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .domain import AnnotatorError, Status

EXIT_OK = 0
EXIT_REJECTED = 2


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal (or forced)."""

    def __init__(self, label: str, total: int | None = None, *, force: bool = False) -> None:
        self.label = label
        self.total = total
        self.enabled = force or sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None) -> bool:
        total = total if total is not None else self.total
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.2 or (total and done >= total)):
            self._last = now
            if total:
                filled = int(30 * done / max(total, 1))
                bar = "#" * filled + "-" * (30 - filled)
                sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
            else:
                sys.stderr.write(f"\r{self.label} {done}")
            sys.stderr.flush()
        return True

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def default_annotator() -> str:
    return os.environ.get("ANNOTATOR_USER") or getpass.getuser() or "annotator"


def _fail(message: str) -> int:
    print(f"annotator: {message}", file=sys.stderr)
    return EXIT_REJECTED


# -- commands ---------------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    from .services.importing import import_paths
    from .services.scheme import project_scheme
    from .storage import Store

    with Store.open(args.project) as store:
        bar = Progress("importing")
        report = import_paths(
            store,
            args.paths,
            annotator=args.annotator,
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


def cmd_articles(args: argparse.Namespace) -> int:
    from .storage import Store

    statuses = [Status(s) for s in args.status or []]
    with Store.open(args.project, create=False) as store:
        offset = 0
        print("id\ttitle\tstatus\tspans\tquotes\tsuggestions")
        while True:
            page = store.list_articles(args.annotator, offset=offset, limit=1000, statuses=statuses)
            for a in page:
                print(f"{a.id}\t{a.title}\t{a.status.value}\t{a.span_count}\t{a.quote_count}\t{a.suggestion_count}")
            if len(page) < 1000:
                break
            offset += len(page)
    return EXIT_OK


def cmd_preannotate(args: argparse.Namespace) -> int:
    from .nlp.pipeline import load_pipeline
    from .services.preannotation import preannotate_project
    from .services.scheme import project_scheme
    from .storage import Store

    with Store.open(args.project, create=False) as store:
        loaded = load_pipeline(args.model)
        if loaded.warning:
            print(f"warning: {loaded.warning}", file=sys.stderr)
        bar = Progress("pre-annotating")
        result = preannotate_project(
            store,
            loaded,
            project_scheme(store),
            batch_size=args.batch_size,
            n_process=args.processes,
            progress=bar,
        )
        bar.close()
    rate = result.words / result.seconds if result.seconds else 0.0
    print(f"{result.articles} article(s) pre-annotated with {result.model} ({rate:,.0f} words/s)")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .services.exporting import export_project
    from .storage import Store

    annotator = "gold" if args.gold else (args.annotator or default_annotator())
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
        )
        bar.close()
    print(f"{count} record(s) exported", file=sys.stderr)
    return EXIT_OK


def cmd_agreement(args: argparse.Namespace) -> int:
    from .services.reviewing import agreement_report
    from .storage import Store

    with Store.open(args.project, create=False) as store:
        text = agreement_report(store, args.annotators or None, as_json=args.json)
    print(text)
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from .app import run_gui

    return run_gui(Path(args.project) if args.project else None, sys.argv[:1])


# -- parser -----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate political news: entities, quotations, speakers and stance.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="import files or folders into a project (created when missing)")
    p.add_argument("project", help="the project file (.annotator)")
    p.add_argument("paths", nargs="+", help="files or folders: .txt .html .jsonl .csv, brat .txt+.ann")
    p.add_argument("--annotator", help="layer name for records that carry annotations without naming one")
    p.add_argument("--format", choices=["txt", "html", "jsonl", "csv", "brat", "prodigy"], help="force a format")
    p.add_argument("--text-field", default="text", help="the text column/key of CSV and JSONL (default: text)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("articles", help="list the articles of a project")
    p.add_argument("project")
    p.add_argument("--annotator", default=default_annotator(), help="whose status and counts to show")
    p.add_argument("--status", action="append", choices=[s.value for s in Status])
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("preannotate", help="suggest entities, quotes, cues and speakers (the model layer)")
    p.add_argument("project")
    p.add_argument("--model", help="spaCy pipeline name or path (default: en_core_web_sm, then the packaged one)")
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p.set_defaults(func=cmd_preannotate)

    p = sub.add_parser("export", help="export a layer as JSONL, Prodigy JSONL, spaCy DocBin or CSV")
    p.add_argument("project")
    p.add_argument("out", help="output file, or - for standard output (text formats)")
    p.add_argument("--format", choices=["jsonl", "prodigy", "spacy", "csv"], default="jsonl")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--annotator", help="the layer to export (default: you)")
    who.add_argument("--gold", action="store_true", help="export the adjudicated gold layer")
    p.add_argument("--status", action="append", choices=[s.value for s in Status], help="only these statuses")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--bom", action="store_true", help="CSV: write UTF-8 with a byte-order mark (for Excel)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("agreement", help="inter-annotator agreement figures")
    p.add_argument("project")
    p.add_argument("--annotators", nargs="+", help="layers to compare (default: every human layer)")
    p.add_argument("--json", action="store_true", help="JSON naming every figure and its support")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("project", nargs="?", help="project to open (default: the last one, else the sample)")
    p.set_defaults(func=cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AnnotatorError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return _fail("interrupted; what was already stored is kept")


if __name__ == "__main__":
    sys.exit(main())
