"""SearchIndex: full-text search over titles and texts, and the one place that builds its index.

Reads never write. The index (``articles_fts``, FTS5) is filled by
:meth:`SearchIndex.update_search_index`, which the write paths call after storing articles (the
import service, so the CLI's and the app's imports alike; a merge; a salvage), and which opening a
writable project runs once for what an older version left unindexed, if no other program is writing
then. A search never builds it: a project opened read-only, or while another program holds the
write lock, would otherwise fail (or wait) at the first key typed in the search box.

Articles stored after the index was last brought up to date (``fts_indexed_seq``) are matched by a
scan with the same meaning instead (:func:`~annotator.storage.search_query.scan_matches`), rather
than a search saying "the index is being built": a read-only project's index may never be built, and
a search must find every article whoever imported it. The scan costs time only for the articles the
index lacks (never indexed, about 0.7 s a query over 5,000 articles of 800 words, 0.2 s over 100,000
short ones, on a busy 2-core machine); the next import or writable open indexes them.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import ProjectBusyError, ProjectUnwritableError
from ..search_query import match_expression, scan_matches, scan_patterns
from .project_settings import ProjectSettings

#: The SQL function (registered on every connection, never stored in the file) that scans one article.
SCAN_FUNCTION = "annotator_scan_matches"

#: The setting that says up to which ``seq`` the articles are in the index.
INDEXED_UP_TO = "fts_indexed_seq"


class SearchIndex(ProjectSettings):
    """The full-text index: brought up to date by write paths, read (with a scan of its gap) by searches."""

    def _connected(self, conn: sqlite3.Connection) -> None:
        super()._connected(conn)
        conn.create_function(SCAN_FUNCTION, 3, _scan, deterministic=True)

    def _opened(self) -> None:
        super()._opened()
        self.catch_up_search_index()

    def update_search_index(self) -> int:
        """Index the articles imported since the last call (full-text search); returns how many.

        A write (it takes the write lock): called by the paths that store articles, never by a read.
        A read-only project is left as it is (its searches scan what the index lacks)."""
        if self.readonly or not self._has_index():
            return 0
        if self._indexed_seq() >= self._max_seq():
            return 0
        with self._write() as conn:
            # Read again under the write lock: another window may have indexed these meanwhile, and
            # indexing a row twice corrupts the FTS5 index (its integrity-check then fails).
            done = self._indexed_seq()
            top = self._max_seq()
            if top <= done:
                return 0
            cursor = conn.execute(
                "INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq > ?",
                (done,),
            )
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (INDEXED_UP_TO, str(top)),
            )
            return int(cursor.rowcount)

    def catch_up_search_index(self) -> int:
        """Index what the index lacks if the file is free now, never waiting for another writer;
        how many were indexed (0 when busy or read-only).

        Run when a writable project is opened: a project an older version made (whose app imports left
        indexing to the first search) is indexed once, like a migration, instead of being scanned at
        every search until its next import."""
        if self.readonly or not self._has_index() or self._indexed_seq() >= self._max_seq():
            return 0
        conn = self.db.conn
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            return self.update_search_index()
        except (ProjectBusyError, ProjectUnwritableError):
            return 0  # another program is writing, or the disk is full: searches scan meanwhile
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def search_index_gap(self) -> int:
        """How many articles the index lacks (found by a slower scan until the next import indexes them)."""
        done = self._indexed_seq() if self._has_index() else 0
        return int(self.db.conn.execute("SELECT count(*) FROM articles WHERE seq > ?", (done,)).fetchone()[0])

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Article ids whose title or text match ``query`` (full-text search, best first; then the
        articles the index lacks that match, in import order)."""
        expression = match_expression(query)
        if not expression:
            return []  # FTS5 calls an empty query a syntax error
        with self._read() as conn:  # the watermark and the index seen in one state of the file
            found: list[str] = []
            done = 0
            if self._has_index():
                done = self._indexed_seq()
                found = [
                    r[0]
                    for r in conn.execute(
                        "SELECT a.id FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
                        "WHERE articles_fts MATCH ? AND f.rowid <= ? ORDER BY rank LIMIT ?",
                        (expression, done, limit),
                    )
                ]
            if len(found) < limit:
                found += [
                    r[0]
                    for r in conn.execute(
                        f"SELECT id FROM articles WHERE seq > ? AND {SCAN_FUNCTION}(title, text, ?) "  # noqa: S608
                        "ORDER BY seq LIMIT ?",
                        (done, scan_patterns(query), limit - len(found)),
                    )
                ]
        return found

    def _search_condition(self, query: str) -> tuple[str, list[Any]]:
        """An SQL condition on the articles ``a`` for ``query`` and its values (``''`` for no query):
        the index up to its watermark, the scan after it."""
        expression = match_expression(query)
        if not expression:
            return "", []
        scan = f"{SCAN_FUNCTION}(a.title, a.text, ?)"
        if not self._has_index():
            return scan, [scan_patterns(query)]
        # The watermark only grows, so a commit by another program between this read and the query
        # moves articles from the scan's side to the index's, never out of both.
        done = self._indexed_seq()
        return (
            "((a.seq <= ? AND a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)) "  # noqa: S608
            f"OR (a.seq > ? AND {scan}))",
            [done, expression, done, scan_patterns(query)],
        )

    def _indexed_seq(self) -> int:
        return int(self.setting(INDEXED_UP_TO, "0") or 0)

    def _has_index(self) -> bool:
        row = self.db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
        return row is not None

    def _max_seq(self) -> int:
        return int(self.db.conn.execute("SELECT COALESCE(max(seq), 0) FROM articles").fetchone()[0])


def _scan(title: str | None, text: str | None, patterns: str) -> int:
    return 1 if scan_matches(title, text, patterns) else 0
