"""LayerWrites: writing layers, each write one transaction that counts the layer's revision.

Also where an imported layer is placed without losing a stored one (the rules are in
:mod:`annotator.storage.placing`; the SQL that applies them is here).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ...domain import Annotations, Change
from ..errors import LayerConflictError
from ..placing import OnExisting, Placement, place_layers
from ..rows import relation_row, span_row
from .connection import now
from .layers import Layers, revision_of


class LayerWrites(Layers):
    """Edits (``apply``), whole-layer replacement (import, pre-annotation), removal, and placing."""

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
        status = change.status.value if change.status is not None else None
        revision = _bump_revision(conn, key, expected_revision, status)
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
        conn.execute("UPDATE layers SET status = ? WHERE article_id = ? AND annotator = ?", (layer.status.value, *key))

    def delete_layer(self, article_id: str, annotator: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator))

    # -- placing an imported layer ------------------------------------------------------------
    def _put_layers(
        self,
        conn: sqlite3.Connection,
        article_id: str,
        layers: Sequence[Annotations],
        length: int,
        on_existing: OnExisting,
    ) -> tuple[Placement, ...]:
        """Store imported layers by the one placing rule (:func:`annotator.storage.placing.place_layers`)."""

        def stored_as(article: str, annotator: str) -> tuple[Annotations, bool]:
            return self._annotations(article, annotator), self._has_layer(conn, article, annotator)

        return place_layers(
            article_id, layers, length, on_existing, stored_as, lambda layer: self._replace_layer(conn, layer)
        )

    @staticmethod
    def _has_layer(conn: sqlite3.Connection, article_id: str, annotator: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator)
        ).fetchone()
        return row is not None


def _ensure_layer(conn: sqlite3.Connection, article_id: str, annotator: str) -> None:
    conn.execute(
        "INSERT INTO layers (article_id, annotator, status, updated_at) VALUES (?, ?, 'todo', ?) "
        "ON CONFLICT (article_id, annotator) DO NOTHING",
        (article_id, annotator, now()),
    )


def _bump_revision(conn: sqlite3.Connection, key: tuple[str, str], expected: int | None, status: str | None) -> int:
    """Count one more write of the layer, stamp it and set its ``status`` (unless None), in one
    statement (it runs on every key press); with ``expected``, only if nobody wrote it since (else raise)."""
    cursor = conn.execute(
        "UPDATE layers SET revision = revision + 1, status = COALESCE(?, status), updated_at = ? "
        "WHERE article_id = ? AND annotator = ? AND (? IS NULL OR revision = ?) RETURNING revision",
        (status, now(), *key, expected, expected),
    )
    row = cursor.fetchone()
    cursor.fetchall()
    if row is None:
        raise LayerConflictError.stale(*key, expected, found=revision_of(conn, *key))
    return int(row[0])
