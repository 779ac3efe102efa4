"""The team server's articles: adding a batch (with any layers it carries, placed as the file places
them) and reading articles back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import psycopg

from ...domain import Annotations, Article, NotFoundError
from ..placing import OnExisting, Placement, place_layers
from ..records import AddOutcome
from ..rows import ARTICLE_COLUMNS, article_from_row, article_row
from .layers import LayerStore
from .queries import layers_for, now


class ArticleStore(LayerStore):
    """Articles on the team server (a layer store, as an import places the layers it carries)."""

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
        """Store imported layers by the one placing rule (:func:`annotator.storage.placing.place_layers`)."""

        def stored_as(article: str, annotator: str) -> tuple[Annotations, bool]:
            found = layers_for(conn, [article], [annotator]).get((article, annotator))
            return (found or Annotations(article_id=article, annotator=annotator)), found is not None

        return place_layers(
            article_id, layers, length, on_existing, stored_as, lambda layer: self._replace_layer(conn, layer)
        )

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
