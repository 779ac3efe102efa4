"""``open_store``: the one way the program opens a project, a file path or a team server's URL."""

from __future__ import annotations

from pathlib import Path

from .contract import ProjectStore
from .sqlite import BUSY_TIMEOUT_S, Store


def is_server_url(target: object) -> bool:
    """Whether ``target`` is a ``postgresql://`` (or ``postgres://``) URL rather than a file path."""
    return isinstance(target, str) and target.lower().startswith(("postgresql://", "postgres://"))


def open_store(
    target: str | Path,
    *,
    create: bool = True,
    readonly: bool = False,
    busy_timeout: float = BUSY_TIMEOUT_S,
) -> ProjectStore:
    """Open the project ``target``: a path opens (or, with ``create``, makes) a project file; a URL
    connects to a team project on a PostgreSQL server (libpq's environment variables and ``~/.pgpass``
    apply), which its owner has set up with ``annotator team init`` (a server project is never
    created implicitly: its rights need the owner)."""
    if is_server_url(target):
        from .postgres import PostgresStore  # psycopg loads only for a server project

        return PostgresStore.open(str(target), readonly=readonly)
    return Store.open(target, create=create, readonly=readonly, busy_timeout=busy_timeout)
