"""ProjectFile: opening, creating and migrating the project file, and closing it.

Every open of a project goes through :meth:`ProjectFile.open`; the raw checks of the file (is it a
project, is it whole, which version) live in :mod:`annotator.storage.opening`, the schema and its
migrations in :mod:`annotator.storage.schema`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from ...domain.open_projects import OPEN_PROJECTS
from ..errors import ProjectFileError
from ..file_watch import FileLayerWatch
from ..opening import backup_before_migration, inspect_project, remove_stale_leftovers
from ..records import LayerSaved
from ..schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from .connection import BUSY_TIMEOUT_S, Connection

_S = TypeVar("_S", bound="ProjectFile")


class ProjectFile(Connection):
    """The life of the connection: open (or create, or migrate) the file, watch it, close it."""

    @classmethod
    def open(
        cls: type[_S],
        path: str | Path,
        *,
        create: bool = True,
        readonly: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> _S:
        """Open (or create) the project at ``path``.

        A file that is not a project, is damaged, or comes from a newer version raises
        :class:`ProjectFileError` and is left byte-identical. An older project is copied
        beside itself before it is migrated.

        ``readonly`` opens the file for reading only (every write raises :class:`ProjectWriteError`);
        a file without write permission is opened so even for root, who could otherwise write it.
        ``busy_timeout`` is how many seconds a write waits for another program's write to finish.

        Every open of a project goes through here, one at a time per process
        (``OPEN_PROJECTS.exclusive()``): the raw checks of :func:`inspect_project` run only while this
        process has no connection on the file, and the new connection is registered before another
        thread may open or close one.
        """
        with OPEN_PROJECTS.exclusive():
            store = cls._open_exclusive(Path(path), create, readonly, busy_timeout)
            if store.path is not None:
                store._registered = OPEN_PROJECTS.add(store.path)
                store._watch()
        try:
            store._opened()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _open_exclusive(cls: type[_S], path: Path, create: bool, readonly: bool, busy_timeout: float) -> _S:
        remove_stale_leftovers(path)
        version: int | None = None
        on_readonly_media = False
        if path.exists():
            if path.is_dir():
                raise ProjectFileError(f"{path}: is a folder, not a project file")
            version = inspect_project(path)
            on_readonly_media = _on_readonly_file_system(path)
            readonly = readonly or on_readonly_media or not (path.stat().st_mode & 0o222)
        elif not create or readonly:
            raise ProjectFileError(f"{path}: no such project")
        elif not path.parent.exists():
            raise ProjectFileError(f"{path}: the folder {path.parent} does not exist")
        else:
            cls._create(path)
            version = inspect_project(path)
        if readonly and version is None:
            raise ProjectFileError(f"{path}: an empty database, and read-only: there is no project to open")
        if readonly and (version or 0) < SCHEMA_VERSION:  # (version is not None here)
            raise ProjectFileError(
                f"{path}: the project is read-only and from an older version of annotator; "
                "make it writable once so that it can be upgraded"
            )
        target: str | Path = path
        if readonly:
            target = f"{path.resolve().as_uri()}?mode=ro"
            if on_readonly_media and not path.with_name(path.name + "-wal").exists():
                # Nobody can change it, and SQLite cannot create the -shm file a WAL project needs.
                target += "&immutable=1"
        try:
            conn = sqlite3.connect(
                target, timeout=busy_timeout, isolation_level=None, check_same_thread=False, uri=readonly
            )
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{path}: cannot open the project ({exc})") from exc
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fail here, not at the first read
        except sqlite3.Error as exc:
            conn.close()
            raise ProjectFileError(f"{path}: cannot read the project ({exc})") from exc
        store = cls(sqlite_utils.Database(conn), path)
        store.readonly = readonly
        store.busy_timeout = busy_timeout
        try:
            store._prepare(version or 0)
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def _create(cls, path: Path) -> None:
        """Build a new project beside ``path`` and move it into place whole.

        SQLite creates an empty file before it writes a byte; a crash in between would leave under
        the user's name a file that is not (yet) a project, refused ever after. So the project is made
        under a hidden temporary name and linked into place only once complete.
        """
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.creating")
        try:
            try:
                conn = sqlite3.connect(tmp, isolation_level=None)
            except sqlite3.Error as exc:
                raise ProjectFileError(f"{path}: cannot create the project ({exc})") from exc
            store = cls(sqlite_utils.Database(conn), tmp)
            try:
                store._prepare(0)
            finally:
                store.close()
            try:
                os.link(tmp, path)  # fails if another window created the project meanwhile: open theirs
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(tmp, path)
            with contextlib.suppress(OSError):  # make the new name durable (POSIX; best effort)
                fd = os.open(path.parent, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        finally:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{tmp}{suffix}")

    @classmethod
    def in_memory(cls: type[_S]) -> _S:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(sqlite_utils.Database(conn), None)
        store._prepare(0)
        return store

    def _prepare(self, version: int) -> None:
        conn = self.db.conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        if self.path is not None:
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError:
                mode = "unknown"  # a read-only file cannot switch; it still opens for reading
            if mode == "wal":
                conn.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            self._migrate()
        conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self) -> None:
        """Bring the file to :data:`SCHEMA_VERSION` in one transaction, safe against a second program.

        Foreign keys go off *before* ``BEGIN IMMEDIATE`` (the pragma is a no-op inside a transaction):
        a migration that rebuilds a table drops the old one, and with them on that drop would cascade
        into every child row. The version is read again under the write lock (another program may have
        migrated while we waited), the backup is written under that lock (so it is the file as it was,
        never a half- or fully-migrated one), and ``foreign_key_check`` must pass before COMMIT.
        """
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self._write():
                current = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if current >= SCHEMA_VERSION:
                    return
                if current > 0 and self.path is not None:
                    self.backup_path = backup_before_migration(self.path, current)
                for migration in MIGRATIONS[current:]:
                    migration(self.db)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise ProjectFileError(
                        f"{self.path}: upgrading the project would leave {len(broken)} row(s) pointing at "
                        f"nothing (first: {broken[0]}); nothing was changed"
                    )
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def watch_layers(self, on_saved: Callable[[LayerSaved], None]) -> Callable[[], None] | None:
        """Layer writes to the file by any connection, polled (see :mod:`.file_watch`); ``None`` in memory."""
        if self.path is None:
            return None
        watch = FileLayerWatch(self.path, on_saved)
        self._file_watches.append(watch)
        return watch.stop

    def close(self) -> None:
        for watch in self._file_watches:
            watch.stop()
        self._file_watches.clear()
        with OPEN_PROJECTS.exclusive():
            self.db.conn.close()
            if self._registered is not None:
                OPEN_PROJECTS.remove(self._registered)
                self._registered = None

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _on_readonly_file_system(path: Path) -> bool:
    """Whether ``path`` lies on a file system mounted read-only (a share, a snapshot, a locked stick)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): SQLite finds out at the first write
        return False
