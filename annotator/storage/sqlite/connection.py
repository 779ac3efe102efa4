"""Connection: the state every part of the SQLite ``Store`` shares, and its two kinds of transaction.

The part classes of :class:`~annotator.storage.sqlite.store.Store` (opening the file, settings,
articles, the article list, the search index, layers) all derive from this one: they share the
connection, the file's identity (the watchdog) and :meth:`_read` / :meth:`_write`, and nothing else.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from ...domain.open_projects import FileIdentity, identity
from ..errors import (
    ProjectBusyError,
    ProjectDamagedError,
    ProjectReplacedError,
    ProjectUnwritableError,
    ProjectWriteError,
)
from ..file_watch import FileLayerWatch

#: How long a writer waits for another program's write to finish before giving up with a clear message.
BUSY_TIMEOUT_S = 10.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Connection:
    """One connection on a project file (or in memory), with the transactions every part uses."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self.backup_path: Path | None = None
        self.readonly = False
        self.busy_timeout = BUSY_TIMEOUT_S
        self._registered: FileIdentity | None = None
        self._watched: tuple[tuple[str, FileIdentity | None], ...] = ()
        self._replaced: str | None = None
        self._file_watches: list[FileLayerWatch] = []
        self._connected(db.conn)

    def _connected(self, conn: sqlite3.Connection) -> None:
        """Set up a new connection (the parts that need SQL functions register them here)."""

    def _opened(self) -> None:
        """A project file was opened and registered (outside the open lock): a part's follow-up work."""

    # -- watchdog ---------------------------------------------------------------------------
    def _watch(self) -> None:
        """Remember which files (device, inode) this connection writes to: the project and its WAL."""
        assert self.path is not None
        wal = f"{self.path}-wal"
        self._watched = ((str(self.path), identity(self.path)), (wal, identity(wal)))

    def check_files(self) -> None:
        """Raise :class:`ProjectReplacedError` if the project or its WAL is no longer the file this
        store opened (deleted or replaced under it): writes would then go to a file nobody reads.

        Two ``stat`` calls; run before and after every write transaction. Once tripped, every later
        write is refused too.
        """
        if self._replaced is None:
            for name, expected in self._watched:
                if expected is not None and identity(name) != expected:
                    self._replaced = (
                        f"{self.path}: the project file was changed under this window; reopen it "
                        f"({Path(name).name} is no longer the file it opened, so edits are no longer accepted)"
                    )
                    break
        if self._replaced is not None:
            raise ProjectReplacedError(self._replaced)

    # -- transactions -----------------------------------------------------------------------
    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """Several queries that must see one state of the file: without a transaction, another
        window's commit can land between them (spans read before it, relations after)."""
        conn = self.db.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. ``BEGIN IMMEDIATE`` takes the write lock up front, so a second
        writer waits (busy timeout) instead of failing half-way; any error rolls back everything."""
        conn = self.db.conn
        if conn.in_transaction:  # nested: part of the caller's transaction
            yield conn
            return
        self.check_files()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise translate(exc, self.path) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
                raise translate(exc, self.path) from exc
            raise
        self.check_files()  # committed into a WAL that was unlinked meanwhile: say so, never "Saved"


def translate(exc: BaseException, path: Path | None) -> Exception:
    """A plain-language error for the failures users meet: busy, full disk, read-only file, damage."""
    message = str(exc).lower()
    where = f"{path}: " if path else ""
    if "locked" in message or "busy" in message:
        return ProjectBusyError(f"{where}another program is writing to this project; try again when it has finished")
    if "full" in message:
        return ProjectUnwritableError(f"{where}the disk is full; the last edit was not stored")
    if "readonly" in message or "read-only" in message:
        return ProjectUnwritableError(f"{where}the project file is read-only; the last edit was not stored")
    if "malformed" in message or "not a database" in message:
        return ProjectDamagedError(f"{where}the project file is damaged ({exc})")
    if isinstance(exc, sqlite3.IntegrityError):
        return ProjectWriteError(f"{where}the edit breaks a rule of the project ({exc}); nothing was stored")
    return ProjectWriteError(f"{where}{exc}")
