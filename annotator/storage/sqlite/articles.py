"""Articles: storing articles (with the layers they carry) and reading them back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ...domain import Annotations, Article, NotFoundError, Status
from ..placing import OnExisting
from ..records import AddOutcome
from ..rows import ARTICLE_COLUMNS, article_from_row, article_row
from .connection import now
from .layer_writes import LayerWrites


class Articles(LayerWrites):
    """Articles in import order (``seq``), each text stored once (by content hash)."""

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

    def article(self, article_id: str) -> Article:
        row = self.db.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?",  # noqa: S608
            (article_id,),
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
