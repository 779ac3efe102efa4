"""Connecting to a team server: URLs, libpq's own defaults (environment, ``~/.pgpass``), clear failures."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import psycopg

from ..errors import ProjectFileError
from ..targets import is_server_url

__all__ = ["connect", "is_server_url", "redacted", "short_name"]

#: Seconds to wait for the server before telling the user it cannot be reached.
CONNECT_TIMEOUT_S = 10


def redacted(target: str | psycopg.Connection) -> str:
    """The URL without its password, fit for messages, window titles and the recent-projects list."""
    if isinstance(target, psycopg.Connection):
        info = target.info
        return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"
    parts = urlsplit(target)
    if parts.password is None:
        return target
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}@{netloc}").geturl()


def short_name(target: str) -> str:
    """``database on host`` for a window title."""
    parts = urlsplit(target)
    database = unquote(parts.path.lstrip("/")) or "(default database)"
    host = unquote(parts.hostname or "") or "local server"
    return f"{database} on {host}"


def connect(url: str, **kwargs: object) -> psycopg.Connection:
    """One connection with autocommit off, or :class:`ProjectFileError` saying why the server refused."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, **kwargs)  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        reason = " ".join(str(exc).split()) or "no reason given"
        raise ProjectFileError(f"{redacted(url)}: cannot connect to the team server ({reason})") from exc
    except psycopg.ProgrammingError as exc:  # a malformed URL
        raise ProjectFileError(f"{redacted(url)}: not a usable server address ({exc})") from exc
