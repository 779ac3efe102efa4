"""Upgrading a team project made by an older annotator, on the session's real PostgreSQL server.

The older project is made by ``team init`` as the older version ran it (its migrations only), and
filled with raw SQL as that version stored articles; the upgrade is the current ``team init``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg
import pytest

from annotator.cli import main
from annotator.storage import ProjectFileError, open_store
from annotator.storage.postgres import SCHEMA_VERSION, add_member, init_team
from annotator.storage.postgres import schema as team_schema
from annotator.storage.postgres import team as team_setup


def as_user(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


def make_project_of_version(url: str, version: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """``team init`` as annotator of schema ``version`` ran it."""
    with monkeypatch.context() as older:
        older.setattr(team_setup, "MIGRATIONS", team_schema.MIGRATIONS[:version])
        older.setattr(team_setup, "SCHEMA_VERSION", version)
        init_team(url)


ARTICLES = (
    ("pensions", "Cuts ahead", "The government will cut pensions for retired teachers."),
    ("erdogan", "Ankara", "President Erdoğan met the envoy in Ankara."),
)


def test_a_version_2_project_is_upgraded_and_searches_word_forms(pg_cluster, monkeypatch, capsys):
    url = pg_cluster.create_database("team_v2")
    make_project_of_version(url, 2, monkeypatch)
    add_member(url, "alice", "annotator", password=None)
    with psycopg.connect(url) as conn:
        for article_id, title, text in ARTICLES:
            conn.execute(
                "INSERT INTO articles (id, text, title, content_hash, imported_at) VALUES (%s, %s, %s, %s, %s)",
                (article_id, text, title, f"hash-{article_id}", "2026-01-01T00:00:00+00:00"),
            )
        conn.execute("INSERT INTO layers (article_id, annotator, updated_at) VALUES ('pensions', 'alice', 'then')")
        conn.execute("INSERT INTO spans VALUES ('pensions', 'alice', 's1', 4, 14, 'ORG', 'human', '{}')")
        # Version 2 searched words as written: the singular missed the plural.
        found = conn.execute("SELECT id FROM articles WHERE search @@ plainto_tsquery('simple', 'pension')")
        assert found.fetchall() == []

    with pytest.raises(ProjectFileError, match="older version"):
        open_store(url)
    assert main(["team", "init", url]) == 0
    assert f"upgraded from schema version 2 to {SCHEMA_VERSION}" in capsys.readouterr().out

    with open_store(as_user(url, "alice")) as store:  # a member searches the upgraded project
        assert store.article_ids() == ["pensions", "erdogan"]
        assert [s.id for s in store.annotations("pensions", "alice").spans] == ["s1"]
        assert store.search("pension") == ["pensions"]
        assert store.search("teacher retire") == ["pensions"]
        assert store.search("Erdogan") == ["erdogan"]
        assert store.count_articles("alice", query="government") == 1
    with psycopg.connect(url) as conn:
        version = conn.execute("SELECT value FROM schema_info WHERE key = 'version'").fetchone()
        assert version == (str(SCHEMA_VERSION),)
        # Articles stored after the upgrade are indexed the new way too (a generated column).
        conn.execute(
            "INSERT INTO articles (id, text, content_hash, imported_at) VALUES ('new', 'Élection day', 'h', 'now')"
        )
        assert conn.execute(
            "SELECT id FROM articles WHERE search @@ to_tsquery('annotator_search', 'election:*')"
        ).fetchall() == [("new",)]


def test_init_on_a_current_project_changes_nothing(new_team_project, capsys):
    url = new_team_project()
    assert main(["team", "init", url]) == 0
    assert f"already a team project (schema version {SCHEMA_VERSION})" in capsys.readouterr().out
