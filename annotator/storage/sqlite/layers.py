"""Layers: reading annotators' layers, one at a time or streamed for export and agreement."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from ...domain import MODEL_LAYER, Annotations, NotFoundError, Status, Verdict
from ..rows import relation_from_row, span_from_row
from .connection import Connection


class Layers(Connection):
    """Reads of layers (spans, relations, decisions, status) and of their revisions."""

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
            for k, v in conn.execute("SELECT key, verdict FROM decisions WHERE article_id = ? AND annotator = ?", key)
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
            return self._annotations(article_id, annotator), revision_of(conn, article_id, annotator)

    def layer_revision(self, article_id: str, annotator: str) -> int:
        """How many writes the layer has had (0 for a layer nobody has written yet)."""
        return revision_of(self.db.conn, article_id, annotator)


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


def revision_of(conn: sqlite3.Connection, article_id: str, annotator: str) -> int:
    """How many writes the layer has had (0 when it has none)."""
    row = conn.execute(
        "SELECT revision FROM layers WHERE article_id = ? AND annotator = ?", (article_id, annotator)
    ).fetchone()
    return int(row[0]) if row else 0
