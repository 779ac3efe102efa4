"""The team server engine's footing: opening a project, the pool of connections, and turning every
failure of a transaction into one of our errors with a message for the user.

A small pool of connections (psycopg_pool) serves the program's threads and replaces a connection
the server dropped: after a restart the next use gets a fresh one. Every write is one transaction.
The engine's other parts (``layers``, ``articles``, ``search``) build on :class:`PostgresBase`; the
one store class, :class:`~annotator.storage.postgres.store.PostgresStore`, composes them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TypeVar

import psycopg
import psycopg_pool

from ...domain import NotFoundError
from ..contract import ProjectStore
from ..errors import ProjectFileError, ProjectWriteError
from ..team_errors import RightsError, ServerUnavailableError
from .connecting import CONNECT_TIMEOUT_S, connect, redacted, short_name
from .listening import LayerListener
from .queries import first_line
from .schema import SCHEMA_VERSION
from .team import schema_version

#: How long a call waits for a pooled connection (the server gone: the user hears so after this long).
POOL_TIMEOUT_S = 3.0
RECONNECT_TIMEOUT_S = 20.0

_Store = TypeVar("_Store", bound="PostgresBase")


class PostgresBase(ProjectStore):
    """A connection pool to one team project, and its transactions (see the module's docstring)."""

    def __init__(self, url: str, pool: psycopg_pool.ConnectionPool, user: str, role: str | None) -> None:
        self.url = url
        self.pool = pool
        self.user = user
        self.team_role = role
        self.path = None
        self.backup_path = None
        self.readonly = False
        self._writable: set[str] = set()
        self._listeners: list[LayerListener] = []

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(
        cls: type[_Store], url: str, *, readonly: bool = False, min_connections: int = 1, max_connections: int = 4
    ) -> _Store:
        """Connect to the team project at ``url``; refuse a database that is not one, or of another version."""
        options = "-c default_transaction_read_only=on" if readonly else ""
        with connect(url, options=options) as conn:
            version = schema_version(conn)
            where = redacted(conn)
            if version is None:
                raise ProjectFileError(
                    f"{where}: not a team project yet; its owner sets it up with: annotator team init URL"
                )
            if version > SCHEMA_VERSION:
                raise ProjectFileError(
                    f"{where}: made by a newer version of annotator (project format {version}, "
                    f"this version reads up to {SCHEMA_VERSION}); update annotator to open it"
                )
            if version < SCHEMA_VERSION:
                raise ProjectFileError(
                    f"{where}: the team project is from an older version of annotator; "
                    "its owner upgrades it with: annotator team init URL"
                )
            user, role = conn.execute("SELECT current_user, annotator_team_role()").fetchone()  # type: ignore[misc]
        pool = psycopg_pool.ConnectionPool(
            url,
            min_size=min_connections,
            max_size=max(min_connections, max_connections),
            kwargs={"connect_timeout": CONNECT_TIMEOUT_S, "options": options, "application_name": "annotator"},
            check=psycopg_pool.ConnectionPool.check_connection,
            timeout=POOL_TIMEOUT_S,
            # One reconnection attempt backs off (1 s, 2 s, 4 s ...) for this long, then gives up; the
            # next use starts a fresh attempt, so a window that pings while offline is back within seconds.
            reconnect_timeout=RECONNECT_TIMEOUT_S,
            open=False,
            name=f"annotator {short_name(url)}",
        )
        pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        store = cls(url, pool, str(user), role)
        store.readonly = readonly
        return store

    def close(self) -> None:
        for listener in self._listeners:
            listener.stop()
        self._listeners.clear()
        self.pool.close()

    # -- what the project is --------------------------------------------------------------
    @property
    def target(self) -> str:
        return redacted(self.url)

    @property
    def reopen_target(self) -> str:
        return self.url

    @property
    def display_name(self) -> str:
        return short_name(self.url)

    @property
    def is_server(self) -> bool:
        return True

    @property
    def connected_user(self) -> str:
        return self.user

    def ping(self) -> bool:
        try:
            with self.pool.connection(timeout=2.0) as conn:
                conn.execute("SELECT 1")
            return True
        except (psycopg.Error, psycopg_pool.PoolTimeout):
            return False

    # -- transactions and their failures ------------------------------------------------------
    @contextlib.contextmanager
    def _tx(self, refused: str | None = None, *, snapshot: bool = False) -> Iterator[psycopg.Connection]:
        """One transaction on a pooled connection, committed when the block ends; every failure
        becomes one of our errors with a message for the user (``refused``: what a denied write was)."""
        try:
            with self.pool.connection() as conn:
                if snapshot:  # several queries that must see one state of the project
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield conn
        except (RightsError, NotFoundError):
            raise
        except psycopg_pool.PoolTimeout as exc:
            raise ServerUnavailableError(
                f"{self.display_name}: the team server cannot be reached; nothing of the last action was stored"
            ) from exc
        except psycopg.errors.InsufficientPrivilege as exc:
            raise RightsError(refused or f"{self.user} may not do that here ({exc.diag.message_primary})") from exc
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise ProjectWriteError(f"{self.display_name}: opened read-only; the edit was not stored") from exc
        except psycopg.OperationalError as exc:
            raise ServerUnavailableError(
                f"{self.display_name}: the connection to the team server was lost ({first_line(exc)}); "
                "nothing of the last action was stored"
            ) from exc
        except psycopg.DataError as exc:
            raise ProjectWriteError(
                f"{self.display_name}: the server cannot store this ({first_line(exc)}); nothing was stored"
            ) from exc
        except (psycopg.IntegrityError, psycopg.errors.RaiseException) as exc:
            raise ProjectWriteError(
                f"{self.display_name}: the edit breaks a rule of the project ({first_line(exc)}); nothing was stored"
            ) from exc
        except psycopg.Error as exc:
            raise ProjectWriteError(f"{self.display_name}: {first_line(exc)}") from exc
