"""Reads never write (issue 21): listing and searching a project whose full-text index lacks
articles neither builds the index nor writes anything, so a read-only project, or one another
program is writing, lists and searches at once and finds every article."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain import Article
from annotator.storage import Store

ARTICLES = (
    Article("pensions", "The government will cut pensions for retired teachers.", title="Cuts ahead"),
    Article("mayor", "Mayor Lakhonin said the bridge would reopen in May.", title="Mayor speaks"),
    Article("vote", "She was elected with a large majority on Sunday.", title="Council vote"),
)


def _project(path: Path, *, indexed: int = 0) -> Path:
    """A project whose index holds only the first ``indexed`` articles (as an older import left it)."""
    with Store.open(path) as store:
        store.add_articles((a, ()) for a in ARTICLES[:indexed])
        store.update_search_index()
        store.add_articles((a, ()) for a in ARTICLES[indexed:])
        assert _gap(store) == len(ARTICLES) - indexed
    return path


def _gap(store: Store) -> int:
    """How many articles the index lacks, read from the file itself."""
    sql = "SELECT count(*) FROM articles WHERE seq > COALESCE((SELECT value FROM settings WHERE key = 'fts_indexed_seq'), 0)"
    gap = int(store.db.conn.execute(sql).fetchone()[0])
    if hasattr(store, "search_index_gap"):
        assert store.search_index_gap() == gap
    return gap


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _reads(store: Store) -> dict[str, object]:
    """Everything the article list and the search box ask of the store."""
    return {
        "search": sorted(store.search("pension")) + sorted(store.search("Lakhon")) + sorted(store.search("elections")),
        "count": store.count_articles("alice", query="pension"),
        "listed": store.listed_article_ids("alice", query="Lakhon"),
        "page": [s.id for s in store.list_articles("alice", query="elections")],
        "all": store.count_articles("alice"),
    }


EXPECTED = {
    "search": ["pensions", "mayor", "vote"],
    "count": 1,
    "listed": ["mayor"],
    "page": ["vote"],
    "all": 3,
}


@pytest.fixture(params=["readonly-flag", "file-mode-0444"])
def read_only_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = _project(tmp_path / "old.annotator", indexed=1)
    if request.param == "file-mode-0444":
        path.chmod(0o444)
        store = Store.open(path)  # no write permission: opened read-only whoever runs it (even root)
    else:
        store = Store.open(path, readonly=True)
    try:
        yield store, path
    finally:
        store.close()
        path.chmod(0o644)


def test_a_read_only_project_whose_index_lacks_articles_lists_and_searches_them(read_only_store) -> None:  # noqa: ANN001
    store, path = read_only_store
    assert store.readonly
    before = _fingerprint(path)
    assert _reads(store) == EXPECTED
    assert store.db.conn.total_changes == 0
    assert _fingerprint(path) == before
    assert _gap(store) == 2  # still lacking: nothing was indexed on the way


def test_a_project_another_program_is_writing_lists_and_searches_without_waiting(tmp_path: Path) -> None:
    path = _project(tmp_path / "busy.annotator", indexed=0)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock, from before the open
    try:
        with Store.open(path, busy_timeout=0.2) as store:
            assert _gap(store) == 3  # opening did not wait to catch the index up
            assert _reads(store) == EXPECTED  # before: ProjectBusyError (the search tried to index)
            assert store.db.conn.total_changes == 0
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_the_index_is_built_by_write_paths_and_opening_never_by_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_articles((a, ()) for a in ARTICLES)  # a program that stores without indexing
        assert _reads(store) == EXPECTED
        assert _gap(store) == 3  # the reads left the index alone
        assert store.update_search_index() == 3  # what the import does after storing
        assert _gap(store) == 0
        assert store.update_search_index() == 0  # nothing twice (a row indexed twice corrupts FTS5)
        store.add_articles([(Article("late", "A late pension story."), ())])
        assert _gap(store) == 1
    with Store.open(path) as store:  # opening a writable project catches up once, like a migration
        assert _gap(store) == 0
        fts = store.db.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'pension*'").fetchall()
        assert len(fts) == 2
        assert sorted(store.search("pension")) == ["late", "pensions"]
        assert store.integrity_problems() == []


def test_a_project_without_its_index_table_still_searches(tmp_path: Path) -> None:
    """A file whose FTS table was dropped (a repair, a hand edit) is scanned; nothing is rebuilt."""
    path = _project(tmp_path / "nofts.annotator", indexed=3)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE articles_fts")
    conn.execute("DELETE FROM settings WHERE key = 'fts_indexed_seq'")
    conn.commit()
    conn.close()
    with Store.open(path, readonly=True) as store:
        assert _reads(store) == EXPECTED
        assert _gap(store) == 3
