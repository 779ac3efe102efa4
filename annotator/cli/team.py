"""`annotator team init URL` and `annotator team add-user URL NAME --role ROLE`: a team project on a server."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..domain import AnnotatorError
from .common import EXIT_OK, _fail

ROLES = ("annotator", "curator", "manager")


def cmd_team_init(args: argparse.Namespace) -> int:
    from ..storage import is_server_url
    from ..storage.postgres import init_team

    if not is_server_url(args.url):
        return _fail(f"{args.url}: a team project lives on a server: give a postgresql:// URL")
    print(init_team(args.url))
    return EXIT_OK


def cmd_team_add_user(args: argparse.Namespace) -> int:
    from ..storage import is_server_url
    from ..storage.postgres import add_member

    if not is_server_url(args.url):
        return _fail(f"{args.url}: a team project lives on a server: give a postgresql:// URL")
    try:
        password = _password(args)
    except AnnotatorError as exc:
        return _fail(str(exc))
    print(add_member(args.url, args.name, args.role, password))
    return EXIT_OK


def _password(args: argparse.Namespace) -> str | None:
    """From ``--password-file`` (its first line), else a prompt typed twice; ``--no-password`` for none
    (a person who signs in by the server's other means, or keeps the password they have)."""
    if args.no_password:
        return None
    if args.password_file:
        path = Path(args.password_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AnnotatorError(f"{path}: cannot read the password file ({exc})") from exc
        if not lines or not lines[0]:
            raise AnnotatorError(f"{path}: the password file is empty (the password is its first line)")
        return lines[0]
    if not sys.stdin.isatty():
        raise AnnotatorError("no terminal to ask for the password: give --password-file FILE or --no-password")
    first = getpass.getpass(f"password for {args.name}: ")
    if not first:
        raise AnnotatorError("an empty password: nothing was changed")
    if getpass.getpass("again: ") != first:
        raise AnnotatorError("the two passwords differ: nothing was changed")
    return first


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("team", help="set up a team project on a PostgreSQL server and its people")
    team = p.add_subparsers(dest="team_command", required=True, metavar="ACTION")
    init = team.add_parser(
        "init",
        help="create the schema in an empty database (or upgrade an older one) and its rights; run as the owner",
    )
    init.add_argument("url", help="postgresql://owner@host:port/database (libpq's variables and ~/.pgpass apply)")
    init.set_defaults(func=cmd_team_init)
    add = team.add_parser("add-user", help="create a person's login and give them a role in the project")
    add.add_argument("url", help="postgresql://admin@host:port/database, as a role that may create roles")
    add.add_argument("name", help="their login, which is also their layer's name")
    add.add_argument("--role", choices=ROLES, default="annotator", help="annotator (default), curator or manager")
    secret = add.add_mutually_exclusive_group()
    secret.add_argument("--password-file", help="read the password from the first line of this file")
    secret.add_argument("--no-password", action="store_true", help="set no password (keep an existing one)")
    add.set_defaults(func=cmd_team_add_user)
