"""The command line: the same services as the GUI, headless.

Exit status: 0 when everything asked for was done, 2 when some input was rejected or a command
failed with a reported error (the message names the file and, where there is one, the line).

Each command is one module of this package with a ``register(sub)`` function; ``COMMANDS`` lists
them in the order ``--help`` shows them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .. import __version__
from ..domain import AnnotatorError
from . import agreement, articles, assign, exporting, gui, importing, merge, preannotate, scheme, split, team, train
from .common import EXIT_OK, EXIT_REJECTED, Progress, _fail, default_annotator

COMMANDS = (importing, articles, assign, preannotate, train, exporting, agreement, scheme, merge, split, gui, team)

__all__ = ["EXIT_OK", "EXIT_REJECTED", "Progress", "build_parser", "default_annotator", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate political news: entities, quotations, speakers and stance.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
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
