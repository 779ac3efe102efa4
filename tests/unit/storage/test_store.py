"""The project file engine's own rules: SQL constraints in the file, and what it refuses to open.

What both engines share (round trips, one transaction per edit, duplicates, search) is the contract
suite, ``test_contract.py``, run against the file and the team server alike."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from annotator.domain import Article
from annotator.storage import ProjectFileError, Store


@pytest.fixture()
def project(tmp_path):
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_articles(
            [
                (Article("a1", 'Ms. Vale said "no deal" on Monday.', title="Vale rejects deal", outlet="Wire"), []),
                (Article("a2", "The ministry denied the report.", title="Ministry denies"), []),
            ]
        )
    return path


def test_sql_constraints_hold_even_without_the_domain(project):
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO spans VALUES ('a1', 'nobody', 's', 0, 2, 'ORG', 'human', '{}')"
        )  # no layer row: foreign key
    conn.execute("INSERT INTO layers (article_id, annotator, status, updated_at) VALUES ('a1', 'bob', 'todo', 'now')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO spans VALUES ('a1', 'bob', 's', 5, 2, 'ORG', 'human', '{}')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO layers (article_id, annotator, status, updated_at) VALUES ('a2', 'bob', 'finished', 'now')")
    conn.close()


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a database\n", bytes(range(256)) * 40, b"SQLite format 3\x00" + b"\x00" * 50],
)
def test_a_file_that_is_not_a_project_is_refused_and_left_alone(tmp_path, content):
    path = tmp_path / "not-a-project.annotator"
    path.write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    with pytest.raises(ProjectFileError, match="not-a-project"):
        Store.open(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "not-a-project.annotator-wal").exists()


def test_another_applications_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="not an annotator project"):
        Store.open(path)


def test_a_project_from_a_newer_version_is_refused(project):
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ProjectFileError, match="newer version"):
        Store.open(project)
