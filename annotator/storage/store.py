"""Store: the project file. Domain objects in and out; one transaction per edit."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from ..domain import (
    MODEL_LAYER,
    Annotations,
    Article,
    ArticleSummary,
    Change,
    LabelScheme,
    NotFoundError,
    Status,
    Verdict,
)
from ..domain.codebook import CodebookPlan, LabelUse
from ..domain.open_projects import OPEN_PROJECTS, FileIdentity, identity
from . import codebook_sql
from .contract import ProjectStore
from .errors import (
    LayerConflictError,
    ProjectBusyError,
    ProjectDamagedError,
    ProjectFileError,
    ProjectReplacedError,
    ProjectUnwritableError,
    ProjectWriteError,
)
from .file_watch import FileLayerWatch
from .opening import backup_before_migration, inspect_project, remove_stale_leftovers
from .placing import OnExisting, Placed, Placement, beside_names, holds_work, same_layer
from .records import AddOutcome, Comment, LayerSaved
from .rows import (
    ARTICLE_COLUMNS,
    article_from_row,
    article_row,
    pending_count_sql,
    relation_from_row,
    relation_row,
    span_from_row,
    span_row,
    summary_from_row,
)
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from .search_query import match_expression

#: How long a writer waits for another program's write to finish before giving up with a clear message.
BUSY_TIMEOUT_S = 10.0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store(ProjectStore):
    """A project: one SQLite file holding articles, every annotator's layers, settings and comments."""

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

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        readonly: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> Store:
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
            return store

    @classmethod
    def _open_exclusive(cls, path: Path, create: bool, readonly: bool, busy_timeout: float) -> Store:
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
        if readonly and version < SCHEMA_VERSION:
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
    def in_memory(cls) -> Store:
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            raise _translate(exc, self.path) from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
                raise _translate(exc, self.path) from exc
            raise
        self.check_files()  # committed into a WAL that was unlinked meanwhile: say so, never "Saved"

    # -- settings ---------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def label_scheme(self) -> LabelScheme | None:
        """The project's own label scheme, if it carries one."""
        raw = self.setting("label_scheme")
        return LabelScheme.from_dict(json.loads(raw)) if raw else None

    def set_label_scheme(self, scheme: LabelScheme) -> None:
        self.set_setting("label_scheme", json.dumps(scheme.to_dict(), ensure_ascii=False))

    def label_use(self) -> LabelUse:
        """How often each span label, relation label, stance and quote kind is used, over every layer."""
        with self._read() as conn:
            return codebook_sql.label_use(conn)

    def apply_codebook(self, plan_for: Callable[[LabelUse], CodebookPlan]) -> CodebookPlan:
        """Replace the label scheme and rename or drop labels in every layer, in one transaction.

        ``plan_for`` gets the label counts read under the write lock (so no colleague's span of a
        removed label slips in between) and returns the plan, or raises to change nothing (see
        :func:`annotator.domain.codebook.plan_codebook_change`)."""
        with self._write() as conn:
            plan = plan_for(codebook_sql.label_use(conn))
            codebook_sql.apply_plan(conn, plan)
        return plan

    # -- articles ---------------------------------------------------------------------------
    def add_articles(
        self,
        items: Iterable[tuple[Article, Sequence[Annotations]]],
        *,
        on_existing: OnExisting = OnExisting.BESIDE,
    ) -> list[AddOutcome]:
        """Store articles (with any layers they carry) in one transaction.

        The same text (by content hash) is never stored twice: the outcome names the article it
        duplicates, and layers it carries are added to that article when its text is identical.
        An id already taken by another text gets a suffix from the content hash. A layer that
        already holds work is kept; see :mod:`annotator.storage.placing` for where the incoming
        one goes (``on_existing``).
        """
        outcomes: list[AddOutcome] = []
        with self._write() as conn:
            for article, layers in items:
                outcomes.append(self._add_one(conn, article, layers, on_existing))
        return outcomes

    def _add_one(
        self,
        conn: sqlite3.Connection,
        article: Article,
        layers: Sequence[Annotations],
        on_existing: OnExisting = OnExisting.BESIDE,
    ) -> AddOutcome:
        existing = conn.execute(
            "SELECT id, text FROM articles WHERE content_hash = ?", (article.content_hash,)
        ).fetchone()
        if existing is not None:
            existing_id, existing_text = existing
            if not layers:
                return AddOutcome(article_id=existing_id, duplicate_of=existing_id)
            if existing_text != article.text:
                return AddOutcome(
                    article_id=existing_id,
                    duplicate_of=existing_id,
                    problem="same article as one already stored but its text differs in spacing or case; "
                    "its annotations were not attached because their offsets would not line up",
                )
            placed = self._put_layers(conn, existing_id, layers, len(existing_text), on_existing)
            return AddOutcome(
                article_id=existing_id,
                duplicate_of=existing_id,
                layers_added=tuple(p.stored for p in placed),
                placements=placed,
            )
        article_id = article.id
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            article_id = f"{article.id}-{article.content_hash[:8]}"
        row = article_row(article)
        row["id"] = article_id
        row["imported_at"] = article.imported_at or now()
        conn.execute(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 12)})",  # noqa: S608
            tuple(row[c.strip()] for c in ARTICLE_COLUMNS.split(",")),
        )
        placed = self._put_layers(conn, article_id, layers, len(article.text), on_existing)
        return AddOutcome(article_id=article_id, layers_added=tuple(p.stored for p in placed), placements=placed)

    def _put_layers(
        self,
        conn: sqlite3.Connection,
        article_id: str,
        layers: Sequence[Annotations],
        length: int,
        on_existing: OnExisting,
    ) -> tuple[Placement, ...]:
        placements = []
        for layer in layers:
            layer.validate(length)
            placements.append(self._place_layer(conn, replace(layer, article_id=article_id), on_existing))
        return tuple(placements)

    def _place_layer(self, conn: sqlite3.Connection, layer: Annotations, on_existing: OnExisting) -> Placement:
        """Store one incoming layer without losing a stored one (see :mod:`annotator.storage.placing`)."""
        name = layer.annotator
        stored = self._annotations(layer.article_id, name)
        if same_layer(stored, layer) and (holds_work(stored) or self._has_layer(conn, layer.article_id, name)):
            return Placement(layer.article_id, name, name, Placed.UNCHANGED)
        if not holds_work(stored):
            self._replace_layer(conn, layer)
            return Placement(layer.article_id, name, name, Placed.NEW)
        if on_existing is OnExisting.REPLACE:
            self._replace_layer(conn, layer)
            return Placement(layer.article_id, name, name, Placed.REPLACED, replaced_spans=len(stored.spans))
        for candidate in beside_names(name):
            there = self._annotations(layer.article_id, candidate)
            if holds_work(there) and same_layer(there, layer):
                return Placement(layer.article_id, name, candidate, Placed.UNCHANGED)
            if not holds_work(there):
                self._replace_layer(conn, replace(layer, annotator=candidate))
                return Placement(layer.article_id, name, candidate, Placed.BESIDE)
        raise ProjectWriteError(f"{layer.article_id}: too many imported copies of the {name!r} layer")

    @staticmethod
    def _has_layer(conn: sqlite3.Connection, article_id: str, annotator: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator)
        ).fetchone()
        return row is not None

    def article(self, article_id: str) -> Article:
        row = self.db.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)  # noqa: S608
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in this project")
        return article_from_row(row)

    def article_text(self, article_id: str) -> str:
        row = self.db.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in this project")
        return str(row[0])

    def article_count(self) -> int:
        return int(self.db.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.conn.execute("SELECT id FROM articles ORDER BY seq")]

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Articles in import order (or in the order of ``ids``), streamed."""
        if ids is None:
            cursor = self.db.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq")  # noqa: S608
            for row in cursor:
                yield article_from_row(row)
        else:
            for article_id in ids:
                yield self.article(article_id)

    def id_by_hash(self, content_hash: str) -> str | None:
        row = self.db.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    # -- the article list -------------------------------------------------------------------
    def _list_filter(self, annotator: str, statuses: Sequence[Status], query: str) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = [annotator]
        if statuses:
            where.append(f"COALESCE(l.status, 'todo') IN ({', '.join('?' * len(statuses))})")
            params.extend(s.value for s in statuses)
        query = _searchable(query)
        if query:
            self.update_search_index()
            where.append("a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(query)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return clause, params

    def count_articles(self, annotator: str, statuses: Sequence[Status] = (), query: str = "") -> int:
        clause, params = self._list_filter(annotator, statuses, query)
        sql = (
            "SELECT count(*) FROM articles a LEFT JOIN layers l ON l.article_id = a.id AND l.annotator = ? "  # noqa: S608
            + clause
        )
        return int(self.db.conn.execute(sql, params).fetchone()[0])

    def listed_article_ids(self, annotator: str, statuses: Sequence[Status] = (), query: str = "") -> list[str]:
        """Ids of the articles the list shows for ``annotator`` with this filter, in import order."""
        clause, params = self._list_filter(annotator, statuses, query)
        sql = (
            "SELECT a.id FROM articles a LEFT JOIN layers l ON l.article_id = a.id AND l.annotator = ? "  # noqa: S608
            + clause
            + " ORDER BY a.seq"
        )
        return [r[0] for r in self.db.conn.execute(sql, params)]

    def list_articles(
        self,
        annotator: str,
        *,
        offset: int = 0,
        limit: int = 200,
        statuses: Sequence[Status] = (),
        query: str = "",
        model_layer: str = "model",
    ) -> list[ArticleSummary]:
        """One page of the article list for ``annotator``: their queue first (assigned to them and not
        done or skipped), then the rest, each in import order (only import order without assignments)."""
        clause, params = self._list_filter(annotator, statuses, query)
        order = "a.seq"
        if self.db.conn.execute("SELECT 1 FROM assignments WHERE annotator = ? LIMIT 1", (annotator,)).fetchone():
            order = (
                "(CASE WHEN COALESCE(l.status, 'todo') NOT IN ('done', 'skipped') AND EXISTS (SELECT 1 FROM"
                " assignments q WHERE q.article_id = a.id AND q.annotator = ?1) THEN 0 ELSE 1 END), a.seq"
            )
        sql = (
            "SELECT a.id, a.title, a.outlet, a.published, COALESCE(l.status, 'todo'),"  # noqa: S608
            " (SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.annotator = ?1),"
            " (SELECT count(*) FROM spans s WHERE s.article_id = a.id AND s.annotator = ?1 AND s.label = 'QUOTE'),"
            f" ({pending_count_sql('a.id', '?1', '?2')})"
            " FROM articles a LEFT JOIN layers l ON l.article_id = a.id AND l.annotator = ?1 "
            + clause
            + f" ORDER BY {order} LIMIT ? OFFSET ?"
        )
        # Numbered parameters: ?1 annotator, ?2 model layer, then the filter's own values.
        numbered = _renumber(sql, first_free=3)
        values = [annotator, model_layer, *params[1:], limit, offset]
        rows = self.db.conn.execute(numbered, values).fetchall()
        return [summary_from_row(r) for r in rows]

    def update_search_index(self) -> int:
        """Index the articles imported since the last call (full-text search); returns how many."""
        if self.readonly:
            return 0
        if int(self.setting("fts_indexed_seq", "0") or 0) >= self._max_seq():
            return 0
        with self._write() as conn:
            # Read again under the write lock: another window may have indexed these meanwhile, and
            # indexing a row twice corrupts the FTS5 index (its integrity-check then fails).
            done = int(self.setting("fts_indexed_seq", "0") or 0)
            top = self._max_seq()
            if top <= done:
                return 0
            cursor = conn.execute(
                "INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?",
                (done,),
            )
            conn.execute(
                "INSERT INTO settings(key, value) VALUES ('fts_indexed_seq', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (str(top),),
            )
            return int(cursor.rowcount)

    def _max_seq(self) -> int:
        return int(self.db.conn.execute("SELECT COALESCE(max(seq), 0) FROM articles").fetchone()[0])

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Article ids whose title or text match ``query`` (full-text search, best first)."""
        query = _searchable(query)
        if not query:
            return []  # FTS5 calls an empty query a syntax error
        self.update_search_index()
        rows = self.db.conn.execute(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        return [r[0] for r in rows]

    # -- layers -----------------------------------------------------------------------------
    def annotations(self, article_id: str, annotator: str) -> Annotations:
        """One annotator's layer on one article (empty, status todo, if they have not started)."""
        with self._read():
            return self._annotations(article_id, annotator)

    def _annotations(self, article_id: str, annotator: str) -> Annotations:
        conn = self.db.conn
        status_row = conn.execute(
            "SELECT status FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator)
        ).fetchone()
        if status_row is None:
            if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
                raise NotFoundError(f"no article {article_id!r} in this project")
            return Annotations(article_id=article_id, annotator=annotator)
        key = (article_id, annotator)
        spans = tuple(
            span_from_row(r)
            for r in conn.execute(
                'SELECT id, start, "end", label, origin, attrs FROM spans WHERE article_id = ? AND annotator = ?',
                key,
            )
        )
        relations = tuple(
            relation_from_row(r)
            for r in conn.execute(
                "SELECT id, head, child, label FROM relations WHERE article_id = ? AND annotator = ?", key
            )
        )
        decisions = {
            k: Verdict(v)
            for k, v in conn.execute(
                "SELECT key, verdict FROM decisions WHERE article_id = ? AND annotator = ?", key
            )
        }
        return Annotations(
            article_id=article_id,
            annotator=annotator,
            spans=spans,
            relations=relations,
            status=Status(status_row[0]),
            decisions=decisions,
        )

    def annotators(self) -> list[str]:
        """Every layer name in the project, alphabetical."""
        return [r[0] for r in self.db.conn.execute("SELECT DISTINCT annotator FROM layers ORDER BY annotator")]

    def layers_of(self, article_id: str) -> list[str]:
        return [
            r[0]
            for r in self.db.conn.execute(
                "SELECT annotator FROM layers WHERE article_id = ? ORDER BY annotator", (article_id,)
            )
        ]

    def iter_layers(
        self, annotator: str, statuses: Sequence[Status] = (), *, include_empty: bool = False
    ) -> Iterator[tuple[Article, Annotations]]:
        """Every article with ``annotator``'s layer on it, in import order, streamed (for export)."""
        conn = self.db.conn
        sql = "SELECT a.id FROM articles a "
        sql += "LEFT JOIN" if include_empty else "JOIN"
        sql += " layers l ON l.article_id = a.id AND l.annotator = ?"
        params: list[Any] = [annotator]
        if statuses:
            sql += f" WHERE COALESCE(l.status, 'todo') IN ({', '.join('?' * len(statuses))})"
            params.extend(s.value for s in statuses)
        sql += " ORDER BY a.seq"
        ids = [r[0] for r in conn.execute(sql, params)]
        for article_id in ids:
            yield self.article(article_id), self.annotations(article_id, annotator)

    def layer_updated_at(self, article_id: str, annotator: str) -> str | None:
        row = self.db.conn.execute(
            "SELECT updated_at FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator)
        ).fetchone()
        return str(row[0]) if row else None

    def model_layer_provenance(self) -> dict[str, frozenset[tuple[str, str]]]:
        """For each article that has a ``model`` layer, the (model, version) pairs its suggestions record.

        An empty set is an empty model layer: the pipeline ran and suggested nothing. A resumed
        pre-annotation skips the articles whose layer holds exactly the model it is about to run.
        """
        sql = (
            "SELECT l.article_id, json_extract(s.attrs, '$.model'), json_extract(s.attrs, '$.model_version') "
            "FROM layers l LEFT JOIN spans s ON s.article_id = l.article_id AND s.annotator = l.annotator "
            "WHERE l.annotator = ? GROUP BY 1, 2, 3"
        )
        found: dict[str, set[tuple[str, str]]] = {}
        with self._read() as conn:
            for article_id, model, version in conn.execute(sql, (MODEL_LAYER,)):
                pairs = found.setdefault(article_id, set())
                if model is not None or version is not None:
                    pairs.add((str(model or ""), str(version or "")))
        return {article_id: frozenset(pairs) for article_id, pairs in found.items()}

    def iter_layer_sets(self, annotators: Sequence[str]) -> Iterator[tuple[str, int, dict[str, Annotations]]]:
        """For every article with a layer of any of ``annotators``: (id, text length, layers by annotator).

        Streams three ordered queries side by side instead of querying per article: agreement over
        10,000 articles reads the file once.
        """
        if not annotators:
            return
        conn = self.db.conn
        marks = ", ".join("?" * len(annotators))
        layer_rows = conn.execute(
            "SELECT l.article_id, l.annotator, l.status, length(a.text) FROM layers l "  # noqa: S608
            f"JOIN articles a ON a.id = l.article_id WHERE l.annotator IN ({marks}) "
            "ORDER BY l.article_id, l.annotator",
            list(annotators),
        )
        span_rows = _Cursor(
            conn.execute(
                'SELECT article_id, annotator, id, start, "end", label, origin, attrs FROM spans '  # noqa: S608
                f"WHERE annotator IN ({marks}) ORDER BY article_id, annotator",
                list(annotators),
            )
        )
        rel_rows = _Cursor(
            conn.execute(
                "SELECT article_id, annotator, id, head, child, label FROM relations "  # noqa: S608
                f"WHERE annotator IN ({marks}) ORDER BY article_id, annotator",
                list(annotators),
            )
        )
        current: str | None = None
        length = 0
        layers: dict[str, Annotations] = {}
        for article_id, annotator, status, text_length in layer_rows:
            if article_id != current:
                if current is not None:
                    yield current, length, layers
                current, length, layers = article_id, text_length, {}
            key = (article_id, annotator)
            spans = tuple(span_from_row(r[2:]) for r in span_rows.take(key))
            relations = tuple(relation_from_row(r[2:]) for r in rel_rows.take(key))
            layers[annotator] = Annotations(article_id, annotator, spans, relations, Status(status))
        if current is not None:
            yield current, length, layers

    def annotations_at(self, article_id: str, annotator: str) -> tuple[Annotations, int]:
        """A layer and its revision, read together (what an editor diffs against and checks on write)."""
        with self._read() as conn:
            return self._annotations(article_id, annotator), _revision(conn, article_id, annotator)

    def layer_revision(self, article_id: str, annotator: str) -> int:
        """How many writes the layer has had (0 for a layer nobody has written yet)."""
        return _revision(self.db.conn, article_id, annotator)

    def apply(self, change: Change, *, expected_revision: int | None = None) -> int:
        """Write one edit's difference in one transaction; raise and store nothing if any part fails.

        With ``expected_revision`` the write happens only if the layer is still at that revision (no
        other window or program wrote it since it was read); else :class:`LayerConflictError`.
        Returns the layer's new revision.
        """
        with self._write() as conn:
            return self._apply(conn, change, expected_revision)

    def apply_all(self, changes: Iterable[Change]) -> None:
        with self._write() as conn:
            for change in changes:
                self._apply(conn, change)

    def _apply(self, conn: sqlite3.Connection, change: Change, expected_revision: int | None = None) -> int:
        key = (change.article_id, change.annotator)
        _ensure_layer(conn, *key)
        revision = _bump_revision(conn, key, expected_revision)
        conn.executemany(
            "DELETE FROM relations WHERE article_id = ? AND annotator = ? AND id = ?",
            [(*key, r) for r in change.delete_relations],
        )
        conn.executemany(
            "DELETE FROM spans WHERE article_id = ? AND annotator = ? AND id = ?",
            [(*key, s) for s in change.delete_spans],
        )
        conn.executemany(
            'INSERT INTO spans (article_id, annotator, id, start, "end", label, origin, attrs) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, annotator, id) DO UPDATE SET "
            'start = excluded.start, "end" = excluded."end", label = excluded.label, '
            "origin = excluded.origin, attrs = excluded.attrs",
            [span_row(*key, s) for s in change.upsert_spans],
        )
        conn.executemany(
            "INSERT INTO relations (article_id, annotator, id, head, child, label) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (article_id, annotator, id) DO UPDATE SET "
            "head = excluded.head, child = excluded.child, label = excluded.label",
            [relation_row(*key, r) for r in change.upsert_relations],
        )
        conn.executemany(
            "DELETE FROM decisions WHERE article_id = ? AND annotator = ? AND key = ?",
            [(*key, d) for d in change.delete_decisions],
        )
        conn.executemany(
            "INSERT INTO decisions (article_id, annotator, key, verdict) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article_id, annotator, key) DO UPDATE SET verdict = excluded.verdict",
            [(*key, k, v.value) for k, v in change.upsert_decisions],
        )
        if change.status is not None:
            conn.execute(
                "UPDATE layers SET status = ?, updated_at = ? WHERE article_id = ? AND annotator = ?",
                (change.status.value, now(), *key),
            )
        else:
            conn.execute("UPDATE layers SET updated_at = ? WHERE article_id = ? AND annotator = ?", (now(), *key))
        return revision

    def replace_layer(self, layer: Annotations) -> None:
        """Put a whole layer in place of what the annotator had on that article (one transaction)."""
        with self._write() as conn:
            self._replace_layer(conn, layer)

    def replace_layers(self, layers: Iterable[Annotations]) -> int:
        """Replace many layers in one transaction (batch pre-annotation); returns how many."""
        n = 0
        with self._write() as conn:
            for layer in layers:
                self._replace_layer(conn, layer)
                n += 1
        return n

    def _replace_layer(self, conn: sqlite3.Connection, layer: Annotations) -> None:
        key = (layer.article_id, layer.annotator)
        _ensure_layer(conn, *key)
        conn.execute("DELETE FROM relations WHERE article_id = ? AND annotator = ?", key)
        conn.execute("DELETE FROM spans WHERE article_id = ? AND annotator = ?", key)
        conn.execute("DELETE FROM decisions WHERE article_id = ? AND annotator = ?", key)
        empty = Annotations(article_id=layer.article_id, annotator=layer.annotator)
        self._apply(conn, Change.between(empty, layer))
        conn.execute(
            "UPDATE layers SET status = ? WHERE article_id = ? AND annotator = ?", (layer.status.value, *key)
        )

    def delete_layer(self, article_id: str, annotator: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator))

    # -- comments ---------------------------------------------------------------------------
    def add_comment(self, article_id: str, annotator: str, body: str, span_id: str | None = None) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO comments (article_id, annotator, span_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
                (article_id, annotator, span_id, body, now()),
            )
            return int(cursor.lastrowid or 0)

    def delete_comment(self, comment_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM comments WHERE id = ?", (comment_id,))

    def comments(self, article_id: str) -> list[Comment]:
        rows = self.db.conn.execute(
            "SELECT id, article_id, annotator, span_id, body, created_at FROM comments WHERE article_id = ? "
            "ORDER BY id",
            (article_id,),
        )
        return [Comment(*r) for r in rows]

    # -- assignments ------------------------------------------------------------------------
    def assignments(self) -> list[tuple[str, str]]:
        rows = self.db.conn.execute(
            "SELECT s.article_id, s.annotator FROM assignments s JOIN articles a ON a.id = s.article_id "
            "ORDER BY a.seq, s.annotator"
        )
        return [(r[0], r[1]) for r in rows]

    def set_assignments(self, article_ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        ids = list(article_ids)
        wanted = sorted(set(pairs))
        with self._write() as conn:
            conn.executemany("DELETE FROM assignments WHERE article_id = ?", [(i,) for i in ids])
            stamp = now()
            try:
                conn.executemany(
                    "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (?, ?, ?)",
                    [(a, who, stamp) for a, who in wanted],
                )
            except sqlite3.IntegrityError as exc:
                missing = next((a for a, _ in wanted if not self._article_exists(conn, a)), None)
                what = f"no article {missing!r} in this project" if missing else str(exc)
                raise ProjectWriteError(f"{self.path}: cannot assign: {what}; nothing was changed") from exc

    @staticmethod
    def _article_exists(conn: sqlite3.Connection, article_id: str) -> bool:
        return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    # -- health -----------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """``PRAGMA integrity_check`` and foreign-key check; empty when the file is sound."""
        conn = self.db.conn
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems


class _Cursor:
    """Rows of a cursor ordered by (article_id, annotator), taken group by group."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor
        self._next: tuple[Any, ...] | None = cursor.fetchone()

    def take(self, key: tuple[str, str]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        while self._next is not None and (self._next[0], self._next[1]) < key:
            self._next = self._cursor.fetchone()  # rows of a layer nobody asked for (cannot happen; be safe)
        while self._next is not None and (self._next[0], self._next[1]) == key:
            rows.append(self._next)
            self._next = self._cursor.fetchone()
        return rows


def _searchable(query: str) -> str:
    """The FTS5 expression for a search box's text: prefixes and word forms (see search_query)."""
    return match_expression(query)


def _on_readonly_file_system(path: Path) -> bool:
    """Whether ``path`` lies on a file system mounted read-only (a share, a snapshot, a locked stick)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): SQLite finds out at the first write
        return False


def _ensure_layer(conn: sqlite3.Connection, article_id: str, annotator: str) -> None:
    conn.execute(
        "INSERT INTO layers (article_id, annotator, status, updated_at) VALUES (?, ?, 'todo', ?) "
        "ON CONFLICT (article_id, annotator) DO NOTHING",
        (article_id, annotator, now()),
    )


def _revision(conn: sqlite3.Connection, article_id: str, annotator: str) -> int:
    row = conn.execute(
        "SELECT revision FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator)
    ).fetchone()
    return int(row[0]) if row else 0


def _bump_revision(conn: sqlite3.Connection, key: tuple[str, str], expected: int | None) -> int:
    """Count one more write of the layer; with ``expected``, only if nobody wrote it since (else raise)."""
    cursor = conn.execute(
        "UPDATE layers SET revision = revision + 1 WHERE article_id = ? AND annotator = ? "
        "AND (? IS NULL OR revision = ?) RETURNING revision",
        (*key, expected, expected),
    )
    row = cursor.fetchone()
    cursor.fetchall()
    if row is None:
        raise LayerConflictError.stale(*key, expected, found=_revision(conn, *key))
    return int(row[0])


def _renumber(sql: str, first_free: int) -> str:
    """Turn the bare ``?`` placeholders of ``sql`` into ``?N`` numbered from ``first_free``."""
    out: list[str] = []
    n = first_free
    i = 0
    while i < len(sql):
        ch = sql[i]
        if ch == "?" and (i + 1 >= len(sql) or not sql[i + 1].isdigit()):
            out.append(f"?{n}")
            n += 1
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _translate(exc: BaseException, path: Path | None) -> Exception:
    """A plain-language error for the failures users meet: busy, full disk, read-only file, damage."""
    message = str(exc).lower()
    where = f"{path}: " if path else ""
    if "locked" in message or "busy" in message:
        return ProjectBusyError(
            f"{where}another program is writing to this project; try again when it has finished"
        )
    if "full" in message:
        return ProjectUnwritableError(f"{where}the disk is full; the last edit was not stored")
    if "readonly" in message or "read-only" in message:
        return ProjectUnwritableError(f"{where}the project file is read-only; the last edit was not stored")
    if "malformed" in message or "not a database" in message:
        return ProjectDamagedError(f"{where}the project file is damaged ({exc})")
    if isinstance(exc, sqlite3.IntegrityError):
        return ProjectWriteError(f"{where}the edit breaks a rule of the project ({exc}); nothing was stored")
    return ProjectWriteError(f"{where}{exc}")
