"""The team server's layers: reading them, writing them (one edit one transaction, checked against
the layer's revision), and asking the server's rule before a write so that a refusal is named.

Before writing a layer the engine asks the server's own rule (``annotator_may_write``) so that a
refusal names who may not change what; the server's row-level security enforces the same rule for
any client, our code path or raw SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg

from ...domain import GOLD_LAYER, MODEL_LAYER, Annotations, Article, Change, NotFoundError, Status
from ..errors import LayerConflictError
from ..rows import ARTICLE_COLUMNS, article_from_row, relation_row, span_row
from ..team_errors import RightsError
from .base import PostgresBase
from .queries import ensure_layer, layers_for, now

#: Articles per round trip when streaming layers (export, agreement).
CHUNK = 200


class LayerStore(PostgresBase):
    """Layers on the team server: read in snapshots, written with the server's rights."""

    # -- rights -------------------------------------------------------------------------------
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
                self._check_may_write(conn, change.annotator)
                with conn.pipeline():
                    self._apply(conn, change)

    def _apply(self, conn: psycopg.Connection, change: Change, expected_revision: int | None = None) -> int:
        """Write one edit on ``conn``, which the caller has put in pipeline mode (after asking the
        server's rule): the statements of one edit go to the server together and come back together,
        one round trip instead of one per statement (what a commit's latency is made of). Opening the
        pipeline here, inside the caller's, would cost a Sync round trip of its own at its end."""
        key = (change.article_id, change.annotator)
        with conn.cursor() as cur:
            ensure_layer(cur, *key)
            for table, column, gone in (
                ("relations", "id", change.delete_relations),  # before their spans: they point at them
                ("spans", "id", change.delete_spans),
                ("decisions", "key", change.delete_decisions),
            ):
                if gone:
                    cur.executemany(
                        f"DELETE FROM {table} WHERE article_id = %s AND annotator = %s AND {column} = %s",  # noqa: S608
                        [(*key, value) for value in gone],
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
                (
                    change.status.value if change.status is not None else None,
                    now(),
                    *key,
                    expected_revision,
                    expected_revision,
                ),
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
        with conn.pipeline():
            self._apply(conn, Change.between(empty, layer))
        conn.execute(
            "UPDATE layers SET status = %s WHERE article_id = %s AND annotator = %s", (layer.status.value, *key)
        )

    def delete_layer(self, article_id: str, annotator: str) -> None:
        with self._tx(self._refusal(annotator)) as conn:
            self._check_may_write(conn, annotator)
            conn.execute("DELETE FROM layers WHERE article_id = %s AND annotator = %s", (article_id, annotator))
