"""Full-text search on the team server, matching what the project file's search matches.

The search box's text is parsed as the file's engine parses it (:func:`storage.search_query.parse`)
and each part becomes a ``tsquery`` over the ``annotator_search`` configuration (schema version 3):
a word is a prefix (``'pension':*``) OR-ed with the prefixes of its Porter stem forms (the stemmer
the file uses, so that both engines find the same forms); a phrase, or a word with punctuation
inside (``U.S.``), is its pieces side by side (``<->``), the last a prefix; short words are whole;
the parts are AND-ed. The pieces are given to ``to_tsquery`` as quoted text, so the server's own
parser splits and folds them exactly as it split and folded the articles (``U.S.`` is one token
there, two in SQLite). Nothing typed in the box is tsquery syntax.

:class:`ArticleSearch` is the engine's article list (a page of it, its filter by status and by
search) and its search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...domain import ArticleSummary, Status
from ..rows import pending_count_sql, summary_from_row
from ..search_query import SearchTerm, is_prefix, parse
from .base import PostgresBase
from .schema import SEARCH_CONFIG

#: The SQL of a query given as ``%(query)s``; compare with the ``search`` column.
TSQUERY_SQL = f"to_tsquery('{SEARCH_CONFIG}', %(query)s)"


def tsquery(text: str) -> str:
    """The ``to_tsquery`` input for a search box's ``text`` ('' when there is nothing to search)."""
    return " & ".join(_term(term) for term in parse(text))


def _term(term: SearchTerm) -> str:
    if term.phrase:
        chunks = [_trimmed(chunk) for chunk in term.text.split()]
        pieces = [_lexeme(chunk) for chunk in chunks if chunk]
        if term.last_is_prefix:
            pieces[-1] += ":*"
        return pieces[0] if len(pieces) == 1 else f"({' <-> '.join(pieces)})"
    # The word in the case it was typed, so that the server folds it as it folded the articles (a
    # C-locale server folds ASCII letters only); the stem forms come lower-cased from the stemmer.
    word, *stems = term.forms
    forms = [_lexeme(_trimmed(term.text)) + (":*" if is_prefix(word) else "")]
    forms += [_lexeme(stem) + (":*" if is_prefix(stem) else "") for stem in stems]
    return forms[0] if len(forms) == 1 else f"({' | '.join(forms)})"


def _trimmed(chunk: str) -> str:
    """``chunk`` without the punctuation around its words: ``(U.S.)`` is ``U.S``, ``/pension`` is
    ``pension`` (the server's parser would read a leading ``/`` as a file name)."""
    wordy = [i for i, c in enumerate(chunk) if c.isalnum() or c == "_"]
    return chunk[wordy[0] : wordy[-1] + 1] if wordy else ""


def _lexeme(text: str) -> str:
    """``text`` as one quoted operand of ``to_tsquery`` (its quote and backslash escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


class ArticleSearch(PostgresBase):
    """The article list and full-text search of a team project."""

    def _list_filter(self, statuses: Sequence[Status], query: str) -> tuple[str, dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if statuses:
            where.append("COALESCE(l.status, 'todo') = ANY(%(statuses)s)")
            params["statuses"] = [s.value for s in statuses]
        query = tsquery(query)
        if query:
            where.append(f"a.search @@ {TSQUERY_SQL}")
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
        query = tsquery(query)
        if not query:
            return []
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT id FROM articles, {TSQUERY_SQL} q WHERE search @@ q "  # noqa: S608
                "ORDER BY ts_rank(search, q) DESC, seq LIMIT %(limit)s",
                {"query": query, "limit": limit},
            )
            return [r[0] for r in rows]
