"""`annotator gui`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_gui(args: argparse.Namespace) -> int:
    from ..app import run_gui
    from ..storage import is_server_url

    project = args.project if is_server_url(args.project) else (Path(args.project) if args.project else None)
    return run_gui(project, sys.argv[:1])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("gui", help="open the desktop app")
    p.add_argument("project", nargs="?", help="project file or team project URL (default: the last one, else the sample)")
    p.set_defaults(func=cmd_gui)
