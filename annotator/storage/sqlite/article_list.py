"""ArticleList: the article list's pages, counts and ids for one annotator, and the lead's assignments."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from ...domain import ArticleSummary, Status
from ..errors import ProjectWriteError
from ..rows import pending_count_sql, summary_from_row
from .connection import now
from .search_index import SearchIndex


class ArticleList(SearchIndex):
    """What the article list shows: filtered by status and search, the annotator's queue first."""

    def _list_filter(self, annotator: str, statuses: Sequence[Status], query: str) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = [annotator]
        if statuses:
            where.append(f"COALESCE(l.status, 'todo') IN ({', '.join('?' * len(statuses))})")
            params.extend(s.value for s in statuses)
        condition, values = self._search_condition(query)  # never builds the index: reads never write
        if condition:
            where.append(condition)
            params.extend(values)
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
        queue = "0"
        if self.db.conn.execute("SELECT 1 FROM assignments WHERE annotator = ? LIMIT 1", (annotator,)).fetchone():
            queue = (
                "(CASE WHEN COALESCE(l.status, 'todo') NOT IN ('done', 'skipped') AND EXISTS (SELECT 1 FROM"
                " assignments q WHERE q.article_id = a.id AND q.annotator = ?1) THEN 0 ELSE 1 END)"
            )
        # The page is cut first, then counted (as on the team server): sorted by the queue, SQLite
        # would otherwise work out the counts of every row before it keeps one page of them.
        sql = (
            "SELECT p.id, p.title, p.outlet, p.published, p.status,"  # noqa: S608
            " (SELECT count(*) FROM spans s WHERE s.article_id = p.id AND s.annotator = ?1),"
            " (SELECT count(*) FROM spans s WHERE s.article_id = p.id AND s.annotator = ?1 AND s.label = 'QUOTE'),"
            f" ({pending_count_sql('p.id', '?1', '?2')})"
            f" FROM (SELECT a.seq, {queue} AS queue, a.id, a.title, a.outlet, a.published,"
            " COALESCE(l.status, 'todo') AS status"
            " FROM articles a LEFT JOIN layers l ON l.article_id = a.id AND l.annotator = ?1 "
            + clause
            + (" ORDER BY queue, a.seq" if queue != "0" else " ORDER BY a.seq")
            + " LIMIT ? OFFSET ?) p ORDER BY p.queue, p.seq"
        )
        # Numbered parameters: ?1 annotator, ?2 model layer, then the filter's own values.
        numbered = _renumber(sql, first_free=3)
        values = [annotator, model_layer, *params[1:], limit, offset]
        rows = self.db.conn.execute(numbered, values).fetchall()
        return [summary_from_row(r) for r in rows]

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
