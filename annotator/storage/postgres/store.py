"""PostgresStore: a team project on a PostgreSQL server, behind the same contract as the project file.

A small pool of connections (psycopg_pool) serves the program's threads and replaces a connection
the server dropped: after a restart the next use gets a fresh one. Every write is one transaction.
Before writing a layer the engine asks the server's own rule (``annotator_may_write``) so that a
refusal names who may not change what; the server's row-level security enforces the same rule for
any client, our code path or raw SQL.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import psycopg
import psycopg_pool

from ...domain import (
    GOLD_LAYER,
    MODEL_LAYER,
    Annotations,
    Article,
    ArticleSummary,
    Change,
    LabelScheme,
    NotFoundError,
    Status,
)
from ...domain.codebook import CodebookPlan, LabelUse
from ..contract import ProjectStore
from ..errors import LayerConflictError, ProjectFileError, ProjectWriteError
from ..placing import OnExisting, Placed, Placement, beside_names, holds_work, same_layer
from ..records import AddOutcome, Comment, LayerSaved
from ..rows import (
    ARTICLE_COLUMNS,
    article_from_row,
    article_row,
    pending_count_sql,
    relation_row,
    span_row,
    summary_from_row,
)
from ..team_errors import RightsError, ServerUnavailableError
from . import codebook
from .connecting import CONNECT_TIMEOUT_S, connect, redacted, short_name
from .listening import LayerListener
from .queries import ensure_layer, first_line, layers_for, now, searchable
from .schema import SCHEMA_VERSION
from .team import schema_version

#: How long a call waits for a pooled connection (the server gone: the user hears so after this long).
POOL_TIMEOUT_S = 3.0
RECONNECT_TIMEOUT_S = 20.0
#: Articles per round trip when streaming layers (export, agreement).
CHUNK = 200


class PostgresStore(ProjectStore):
    """A team project: one PostgreSQL database shared by everyone on the team."""

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
        cls, url: str, *, readonly: bool = False, min_connections: int = 1, max_connections: int = 4
    ) -> PostgresStore:
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

    def _refusal(self, layer: str) -> str:
        if layer == GOLD_LAYER:
            return f"{self.user} may not change the gold layer (curators and managers only)"
        if layer == MODEL_LAYER:
            return f"{self.user} may not change the model's suggestions (managers only)"
        return f"{self.user} may not change {layer}'s layer"

    def _check_may_write(self, conn: psycopg.Connection, layer: str) -> None:
        """Ask the server's rule before writing, so a refusal is named and a delete is not silently
        filtered away. Only a yes is remembered: the server checks every write anyway."""
        if layer in self._writable:
            return
        allowed = conn.execute("SELECT annotator_may_write(%s)", (layer,)).fetchone()
        if not (allowed and allowed[0]):
            raise RightsError(self._refusal(layer))
        self._writable.add(layer)

    # -- settings ---------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._tx() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = %s", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._tx(f"{self.user} may not change the project's settings (managers only)") as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def label_scheme(self) -> LabelScheme | None:
        raw = self.setting("label_scheme")
        return LabelScheme.from_dict(json.loads(raw)) if raw else None

    def set_label_scheme(self, scheme: LabelScheme) -> None:
        self.set_setting("label_scheme", json.dumps(scheme.to_dict(), ensure_ascii=False))

    def label_use(self) -> LabelUse:
        """How often each span label, relation label, stance and quote kind is used, over every layer."""
        with self._tx(snapshot=True) as conn:
            return codebook.label_use(conn)

    def apply_codebook(self, plan_for: Callable[[LabelUse], CodebookPlan]) -> CodebookPlan:
        """Replace the codebook and rename or drop labels in every layer, in one transaction; refused
        whole when the server's rights keep some uses out of reach (colleagues' layers)."""
        with self._tx(f"{self.user} may not change the codebook (managers only)") as conn:
            conn.execute("LOCK TABLE spans, relations IN SHARE ROW EXCLUSIVE MODE")  # no new use slips in
            plan = plan_for(codebook.label_use(conn))
            missed = codebook.apply_plan(conn, plan)
            if missed:
                raise RightsError(
                    f"{self.user} may not change every layer that uses {', '.join(missed)}; "
                    "nothing was changed (ask the team server's owner to apply this codebook)"
                )
        return plan

    # -- articles ---------------------------------------------------------------------------
    def add_articles(
        self,
        items: Iterable[tuple[Article, Sequence[Annotations]]],
        *,
        on_existing: OnExisting = OnExisting.BESIDE,
    ) -> list[AddOutcome]:
        """As the file does, but in three round trips for a whole batch of new articles: one to look up
        their hashes and ids, one (pipelined) to insert them, then any layers they carry. A layer that
        already holds work is kept; see :mod:`annotator.storage.placing` for where the incoming one goes."""
        batch = list(items)
        outcomes: list[AddOutcome] = []
        with self._tx(f"{self.user} may not add articles to this project (managers only)") as conn:
            for _article, layers in batch:  # refuse the whole batch before anything of it is written
                for layer in layers:
                    self._check_may_write(conn, layer.annotator)
            by_hash = {
                h: (i, t)
                for h, i, t in conn.execute(
                    "SELECT content_hash, id, text FROM articles WHERE content_hash = ANY(%s)",
                    ([a.content_hash for a, _ in batch],),
                )
            }
            taken = {
                r[0]
                for r in conn.execute(
                    "SELECT id FROM articles WHERE id = ANY(%s)",
                    ([a.id for a, _ in batch],),
                )
            }
            rows: list[tuple[Any, ...]] = []
            carried: list[tuple[str, Sequence[Annotations], int, int]] = []  # (id, layers, length, outcome index)
            columns = [c.strip() for c in ARTICLE_COLUMNS.split(",")]
            for article, layers in batch:
                existing = by_hash.get(article.content_hash)
                if existing is not None:
                    outcomes.append(self._duplicate(existing, article, layers, carried, len(outcomes)))
                    continue
                article_id = article.id if article.id not in taken else f"{article.id}-{article.content_hash[:8]}"
                taken.add(article_id)
                by_hash[article.content_hash] = (article_id, article.text)
                row = article_row(article)
                row["id"] = article_id
                row["imported_at"] = article.imported_at or now()
                rows.append(tuple(row[c] for c in columns))
                if layers:
                    carried.append((article_id, layers, len(article.text), len(outcomes)))
                outcomes.append(AddOutcome(article_id=article_id, layers_added=tuple(x.annotator for x in layers)))
            if rows:
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join(['%s'] * len(columns))})",  # noqa: S608
                        rows,
                    )
            for article_id, layers, length, index in carried:
                placed = self._put_layers(conn, article_id, layers, length, on_existing)
                outcomes[index] = replace(
                    outcomes[index], layers_added=tuple(p.stored for p in placed), placements=placed
                )
        return outcomes

    @staticmethod
    def _duplicate(
        existing: tuple[str, str],
        article: Article,
        layers: Sequence[Annotations],
        carried: list[tuple[str, Sequence[Annotations], int, int]],
        index: int,
    ) -> AddOutcome:
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
        carried.append((existing_id, layers, len(existing_text), index))
        return AddOutcome(
            article_id=existing_id, duplicate_of=existing_id, layers_added=tuple(x.annotator for x in layers)
        )

    def _put_layers(
        self,
        conn: psycopg.Connection,
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

    def _place_layer(self, conn: psycopg.Connection, layer: Annotations, on_existing: OnExisting) -> Placement:
        """Store one incoming layer without losing a stored one (the same rule as the file's engine)."""
        name = layer.annotator

        def stored_as(annotator: str) -> tuple[Annotations, bool]:
            found = layers_for(conn, [layer.article_id], [annotator]).get((layer.article_id, annotator))
            return (found or Annotations(article_id=layer.article_id, annotator=annotator)), found is not None

        stored, exists = stored_as(name)
        if same_layer(stored, layer) and (holds_work(stored) or exists):
            return Placement(layer.article_id, name, name, Placed.UNCHANGED)
        if not holds_work(stored):
            self._replace_layer(conn, layer)
            return Placement(layer.article_id, name, name, Placed.NEW)
        if on_existing is OnExisting.REPLACE:
            self._replace_layer(conn, layer)
            return Placement(layer.article_id, name, name, Placed.REPLACED, replaced_spans=len(stored.spans))
        for candidate in beside_names(name):
            there, _ = stored_as(candidate)
            if holds_work(there) and same_layer(there, layer):
                return Placement(layer.article_id, name, candidate, Placed.UNCHANGED)
            if not holds_work(there):
                self._replace_layer(conn, replace(layer, annotator=candidate))
                return Placement(layer.article_id, name, candidate, Placed.BESIDE)
        raise ProjectWriteError(f"{layer.article_id}: too many imported copies of the {name!r} layer")

    def article(self, article_id: str) -> Article:
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s",  # noqa: S608
                (article_id,),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in this project")
        return article_from_row(row)

    def article_text(self, article_id: str) -> str:
        with self._tx() as conn:
            row = conn.execute("SELECT text FROM articles WHERE id = %s", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in this project")
        return str(row[0])

    def article_count(self) -> int:
        with self._tx() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]

    def article_ids(self) -> list[str]:
        with self._tx() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY seq")]

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is not None:
            for article_id in ids:
                yield self.article(article_id)
            return
        with self._tx() as conn, conn.cursor(name="iter_articles") as cursor:
            cursor.itersize = 500  # a server-side cursor: 100,000 articles never sit in memory at once
            cursor.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq")  # noqa: S608
            for row in cursor:
                yield article_from_row(row)

    def id_by_hash(self, content_hash: str) -> str | None:
        with self._tx() as conn:
            row = conn.execute("SELECT id FROM articles WHERE content_hash = %s", (content_hash,)).fetchone()
        return str(row[0]) if row else None

    # -- the article list and search --------------------------------------------------------
    def _list_filter(self, statuses: Sequence[Status], query: str) -> tuple[str, dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if statuses:
            where.append("COALESCE(l.status, 'todo') = ANY(%(statuses)s)")
            params["statuses"] = [s.value for s in statuses]
        query = searchable(query)
        if query:
            where.append("a.search @@ plainto_tsquery('simple', %(query)s)")
            params["query"] = query
        return (f"WHERE {' AND '.join(where)}" if where else ""), params

    def count_articles(self, annotator: str, statuses: Sequence[Status] = (), query: str = "") -> int:
        clause, params = self._list_filter(statuses, query)
        sql = (
            "SELECT count(*) FROM articles a "  # noqa: S608
            "LEFT JOIN layers l ON l.article_id = a.id AND l.annotator = %(annotator)s " + clause
        )
        with self._tx() as conn:
            return int(conn.execute(sql, {**params, "annotator": annotator}).fetchone()[0])  # type: ignore[index]

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
        clause, params = self._list_filter(statuses, query)
        # The queue first (assigned to the annotator and not done), only when they have assignments:
        # otherwise the plain import order, which the server reads straight from its index.
        queue = (
            "(CASE WHEN COALESCE(l.status, 'todo') NOT IN ('done', 'skipped') AND EXISTS (SELECT 1 FROM"
            " assignments q WHERE q.article_id = a.id AND q.annotator = %(annotator)s) THEN 0 ELSE 1 END)"
        )
        # The page is cut first, then counted: with OFFSET the server would otherwise work out the
        # counts of every row it skips (the end of a 100,000-article list: 300,000 look-ups).
        values = {**params, "annotator": annotator, "model": model_layer, "limit": limit, "offset": offset}
        with self._tx() as conn:
            assigned = conn.execute("SELECT 1 FROM assignments WHERE annotator = %s LIMIT 1", (annotator,)).fetchone()
            key = queue if assigned else "0"
            sql = (
                "SELECT p.id, p.title, p.outlet, p.published, p.status,"  # noqa: S608
                " (SELECT count(*) FROM spans s WHERE s.article_id = p.id AND s.annotator = %(annotator)s),"
                " (SELECT count(*) FROM spans s WHERE s.article_id = p.id AND s.annotator = %(annotator)s"
                "  AND s.label = 'QUOTE'),"
                f" ({pending_count_sql('p.id', '%(annotator)s', '%(model)s')})"
                f" FROM (SELECT a.seq, {key} AS queue, a.id, a.title, a.outlet, a.published,"
                " COALESCE(l.status, 'todo') AS status"
                " FROM articles a LEFT JOIN layers l ON l.article_id = a.id AND l.annotator = %(annotator)s "
                + clause
                + (" ORDER BY queue, a.seq" if assigned else " ORDER BY a.seq")
                + " LIMIT %(limit)s OFFSET %(offset)s) p ORDER BY p.queue, p.seq"
            )
            rows = conn.execute(sql, values).fetchall()
        return [summary_from_row(r) for r in rows]

    def update_search_index(self) -> int:
        """Nothing to do: the server indexes each article as it is stored (a generated column)."""
        return 0

    def search(self, query: str, limit: int = 100) -> list[str]:
        query = searchable(query)
        if not query:
            return []
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT id FROM articles, plainto_tsquery('simple', %s) q WHERE search @@ q "
                "ORDER BY ts_rank(search, q) DESC, seq LIMIT %s",
                (query, limit),
            )
            return [r[0] for r in rows]

    # -- layers -----------------------------------------------------------------------------
    def annotations(self, article_id: str, annotator: str) -> Annotations:
        with self._tx(snapshot=True) as conn:
            layers = layers_for(conn, [article_id], [annotator])
            if (article_id, annotator) in layers:
                return layers[(article_id, annotator)]
            if not conn.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,)).fetchone():
                raise NotFoundError(f"no article {article_id!r} in this project")
        return Annotations(article_id=article_id, annotator=annotator)

    def annotators(self) -> list[str]:
        with self._tx() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT annotator FROM layers ORDER BY annotator")]

    def layers_of(self, article_id: str) -> list[str]:
        with self._tx() as conn:
            rows = conn.execute("SELECT annotator FROM layers WHERE article_id = %s ORDER BY annotator", (article_id,))
            return [r[0] for r in rows]

    def iter_layers(
        self, annotator: str, statuses: Sequence[Status] = (), *, include_empty: bool = False
    ) -> Iterator[tuple[Article, Annotations]]:
        sql = "SELECT a.id FROM articles a "
        sql += "LEFT JOIN" if include_empty else "JOIN"
        sql += " layers l ON l.article_id = a.id AND l.annotator = %(annotator)s"
        params: dict[str, Any] = {"annotator": annotator}
        if statuses:
            sql += " WHERE COALESCE(l.status, 'todo') = ANY(%(statuses)s)"
            params["statuses"] = [s.value for s in statuses]
        with self._tx() as conn:
            ids = [r[0] for r in conn.execute(sql + " ORDER BY a.seq", params)]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            with self._tx(snapshot=True) as conn:
                rows = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)", (chunk,))  # noqa: S608
                articles = {a.id: a for a in map(article_from_row, rows)}
                layers = layers_for(conn, chunk, [annotator])
            for article_id in chunk:
                layer = layers.get((article_id, annotator)) or Annotations(article_id, annotator)
                yield articles[article_id], layer

    def layer_updated_at(self, article_id: str, annotator: str) -> str | None:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT updated_at FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator)
            ).fetchone()
        return str(row[0]) if row else None

    def model_layer_provenance(self) -> dict[str, frozenset[tuple[str, str]]]:
        """For each article with a ``model`` layer, the (model, version) pairs its suggestions record."""
        sql = (
            "SELECT l.article_id, s.attrs::jsonb ->> 'model', s.attrs::jsonb ->> 'model_version' "
            "FROM layers l LEFT JOIN spans s ON s.article_id = l.article_id AND s.annotator = l.annotator "
            "WHERE l.annotator = %s GROUP BY 1, 2, 3"
        )
        found: dict[str, set[tuple[str, str]]] = {}
        with self._tx(snapshot=True) as conn:
            for article_id, model, version in conn.execute(sql, (MODEL_LAYER,)):
                pairs = found.setdefault(article_id, set())
                if model is not None or version is not None:
                    pairs.add((str(model or ""), str(version or "")))
        return {article_id: frozenset(pairs) for article_id, pairs in found.items()}

    def iter_layer_sets(self, annotators: Sequence[str]) -> Iterator[tuple[str, int, dict[str, Annotations]]]:
        if not annotators:
            return
        with self._tx() as conn:
            heads = conn.execute(
                "SELECT a.id, length(a.text) FROM articles a WHERE EXISTS "
                "(SELECT 1 FROM layers l WHERE l.article_id = a.id AND l.annotator = ANY(%s)) ORDER BY a.id",
                (list(annotators),),
            ).fetchall()
        for start in range(0, len(heads), CHUNK):
            chunk = heads[start : start + CHUNK]
            with self._tx(snapshot=True) as conn:
                layers = layers_for(conn, [h[0] for h in chunk], list(annotators))
            for article_id, length in chunk:
                found = {name: layer for (aid, name), layer in sorted(layers.items()) if aid == article_id}
                yield article_id, int(length), found

    def annotations_at(self, article_id: str, annotator: str) -> tuple[Annotations, int]:
        """A layer and its revision, read in one snapshot (what an editor diffs against and checks on write)."""
        with self._tx(snapshot=True) as conn:
            layers = layers_for(conn, [article_id], [annotator])
            row = conn.execute(
                "SELECT revision FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator)
            ).fetchone()
            layer = layers.get((article_id, annotator))
            if layer is None:
                if not conn.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,)).fetchone():
                    raise NotFoundError(f"no article {article_id!r} in this project")
                layer = Annotations(article_id=article_id, annotator=annotator)
        return layer, int(row[0]) if row else 0

    def layer_revision(self, article_id: str, annotator: str) -> int:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT revision FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator)
            ).fetchone()
        return int(row[0]) if row else 0

    def apply(self, change: Change, *, expected_revision: int | None = None) -> int:
        """One edit in one transaction; with ``expected_revision`` only if nobody wrote the layer since
        (else :class:`LayerConflictError` and nothing stored). Returns the layer's new revision."""
        with self._tx(self._refusal(change.annotator)) as conn:
            self._check_may_write(conn, change.annotator)
            with conn.pipeline():  # the edit's statements leave together; the revision check reads one row back
                revision = self._apply(conn, change, expected_revision)
                conn.commit()
        return revision

    def apply_all(self, changes: Iterable[Change]) -> None:
        with self._tx() as conn:
            for change in changes:
                self._apply(conn, change)

    def _apply(self, conn: psycopg.Connection, change: Change, expected_revision: int | None = None) -> int:
        key = (change.article_id, change.annotator)
        self._check_may_write(conn, change.annotator)
        # Pipeline mode: the statements of one edit go to the server together and come back
        # together, one round trip instead of one per statement (what a commit's latency is made of).
        with conn.pipeline(), conn.cursor() as cur:
            ensure_layer(cur, *key)
            if change.delete_relations:
                cur.executemany(
                    "DELETE FROM relations WHERE article_id = %s AND annotator = %s AND id = %s",
                    [(*key, r) for r in change.delete_relations],
                )
            if change.delete_spans:
                cur.executemany(
                    "DELETE FROM spans WHERE article_id = %s AND annotator = %s AND id = %s",
                    [(*key, s) for s in change.delete_spans],
                )
            if change.upsert_spans:
                cur.executemany(
                    'INSERT INTO spans (article_id, annotator, id, start, "end", label, origin, attrs) '
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (article_id, annotator, id) DO UPDATE SET "
                    'start = excluded.start, "end" = excluded."end", label = excluded.label, '
                    "origin = excluded.origin, attrs = excluded.attrs",
                    [span_row(*key, s) for s in change.upsert_spans],
                )
            if change.upsert_relations:
                cur.executemany(
                    "INSERT INTO relations (article_id, annotator, id, head, child, label) "
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (article_id, annotator, id) DO UPDATE SET "
                    "head = excluded.head, child = excluded.child, label = excluded.label",
                    [relation_row(*key, r) for r in change.upsert_relations],
                )
            if change.delete_decisions:
                cur.executemany(
                    "DELETE FROM decisions WHERE article_id = %s AND annotator = %s AND key = %s",
                    [(*key, d) for d in change.delete_decisions],
                )
            if change.upsert_decisions:
                cur.executemany(
                    "INSERT INTO decisions (article_id, annotator, key, verdict) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (article_id, annotator, key) DO UPDATE SET verdict = excluded.verdict",
                    [(*key, k, v.value) for k, v in change.upsert_decisions],
                )
            cur.execute(
                "UPDATE layers SET status = COALESCE(%s, status), updated_at = %s, revision = revision + 1 "
                "WHERE article_id = %s AND annotator = %s AND (%s::integer IS NULL OR revision = %s) "
                "RETURNING revision",
                (change.status.value if change.status is not None else None, now(), *key,
                 expected_revision, expected_revision),
            )
            row = cur.fetchone()
        if row is None:
            raise LayerConflictError.stale(*key, expected_revision)
        return int(row[0])

    def replace_layer(self, layer: Annotations) -> None:
        with self._tx(self._refusal(layer.annotator)) as conn:
            self._replace_layer(conn, layer)

    def replace_layers(self, layers: Iterable[Annotations]) -> int:
        n = 0
        with self._tx() as conn:
            for layer in layers:
                self._replace_layer(conn, layer)
                n += 1
        return n

    def _replace_layer(self, conn: psycopg.Connection, layer: Annotations) -> None:
        key = (layer.article_id, layer.annotator)
        self._check_may_write(conn, layer.annotator)
        with conn.cursor() as cur:
            ensure_layer(cur, *key)
            for table in ("relations", "spans", "decisions"):
                cur.execute(f"DELETE FROM {table} WHERE article_id = %s AND annotator = %s", key)  # noqa: S608
        empty = Annotations(article_id=layer.article_id, annotator=layer.annotator)
        self._apply(conn, Change.between(empty, layer))
        conn.execute(
            "UPDATE layers SET status = %s WHERE article_id = %s AND annotator = %s", (layer.status.value, *key)
        )

    def delete_layer(self, article_id: str, annotator: str) -> None:
        with self._tx(self._refusal(annotator)) as conn:
            self._check_may_write(conn, annotator)
            conn.execute("DELETE FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator))

    # -- comments ---------------------------------------------------------------------------
    def add_comment(self, article_id: str, annotator: str, body: str, span_id: str | None = None) -> int:
        with self._tx(f"{self.user} may not write a comment in {annotator}'s name") as conn:
            row = conn.execute(
                "INSERT INTO comments (article_id, annotator, span_id, body, created_at) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (article_id, annotator, span_id, body, now()),
            ).fetchone()
        return int(row[0]) if row else 0

    def delete_comment(self, comment_id: int) -> None:
        with self._tx() as conn:
            deleted = conn.execute("DELETE FROM comments WHERE id = %s", (comment_id,)).rowcount
            if not deleted:
                row = conn.execute("SELECT annotator FROM comments WHERE id = %s", (comment_id,)).fetchone()
                if row is not None:  # there, but the server's rule filtered it out of our DELETE
                    raise RightsError(f"{self.user} may not delete {row[0]}'s comment")

    def comments(self, article_id: str) -> list[Comment]:
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT id, article_id, annotator, span_id, body, created_at FROM comments WHERE article_id = %s "
                "ORDER BY id",
                (article_id,),
            ).fetchall()
        return [Comment(*r) for r in rows]

    # -- colleagues' saves ---------------------------------------------------------------------
    def layer_writer(self, article_id: str, annotator: str) -> str | None:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT updated_by FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator)
            ).fetchone()
        return str(row[0]) if row and row[0] else None

    def watch_layers(self, on_saved: Callable[[LayerSaved], None]) -> Callable[[], None]:
        listener = LayerListener(self.url, on_saved)
        self._listeners.append(listener)
        return listener.stop

    # -- assignments ------------------------------------------------------------------------
    def assignments(self) -> list[tuple[str, str]]:
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT s.article_id, s.annotator FROM assignments s JOIN articles a ON a.id = s.article_id "
                "ORDER BY a.seq, s.annotator"
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def set_assignments(self, article_ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        ids = list(article_ids)
        wanted = sorted(set(pairs))
        with self._tx(f"{self.user} may not assign articles (managers only)") as conn:
            conn.execute("DELETE FROM assignments WHERE article_id = ANY(%s)", (ids,))
            stamp = now()
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (%s, %s, %s)",
                    [(a, who, stamp) for a, who in wanted],
                )

    # -- health -----------------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """The server keeps its own pages sound; what we check is that the rules still hold in the data
        (a span past its text, a relation to a span of another layer cannot be stored; report any)."""
        with self._tx() as conn:
            past_end = conn.execute(
                'SELECT count(*) FROM spans s JOIN articles a ON a.id = s.article_id WHERE s."end" > length(a.text)'
            ).fetchone()
        problems = []
        if past_end and past_end[0]:
            problems.append(f"{past_end[0]} span(s) end past their article's text")
        return problems
