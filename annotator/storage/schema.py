"""The project file's schema and its versioned migrations (``PRAGMA user_version``)."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

#: Written into every project file so that we recognise our own files (``PRAGMA application_id``).
APPLICATION_ID = 0x414E4E4F  # "ANNO"

_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    text TEXT NOT NULL CHECK (length(text) > 0),
    title TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    byline TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,
    raw TEXT,
    source TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL
);
CREATE TABLE layers (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL CHECK (length(annotator) > 0),
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX layers_by_annotator ON layers(annotator, status);
CREATE TABLE spans (
    article_id TEXT NOT NULL,
    annotator TEXT NOT NULL,
    id TEXT NOT NULL CHECK (length(id) > 0),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" > start),
    label TEXT NOT NULL CHECK (length(label) > 0),
    origin TEXT NOT NULL CHECK (origin IN ('model', 'human')),
    attrs TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (article_id, annotator, id),
    FOREIGN KEY (article_id, annotator) REFERENCES layers(article_id, annotator) ON DELETE CASCADE
);
CREATE TRIGGER spans_within_text BEFORE INSERT ON spans
WHEN NEW."end" > (SELECT length(text) FROM articles WHERE id = NEW.article_id)
BEGIN SELECT RAISE(ABORT, 'span end is past the end of the article text'); END;
CREATE TRIGGER spans_within_text_update BEFORE UPDATE ON spans
WHEN NEW."end" > (SELECT length(text) FROM articles WHERE id = NEW.article_id)
BEGIN SELECT RAISE(ABORT, 'span end is past the end of the article text'); END;
CREATE TABLE relations (
    article_id TEXT NOT NULL,
    annotator TEXT NOT NULL,
    id TEXT NOT NULL CHECK (length(id) > 0),
    head TEXT NOT NULL,
    child TEXT NOT NULL,
    label TEXT NOT NULL CHECK (length(label) > 0),
    PRIMARY KEY (article_id, annotator, id),
    FOREIGN KEY (article_id, annotator, head) REFERENCES spans(article_id, annotator, id) ON DELETE CASCADE,
    FOREIGN KEY (article_id, annotator, child) REFERENCES spans(article_id, annotator, id) ON DELETE CASCADE
);
CREATE INDEX relations_by_child ON relations(article_id, annotator, child);
CREATE TABLE decisions (
    article_id TEXT NOT NULL,
    annotator TEXT NOT NULL,
    key TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    PRIMARY KEY (article_id, annotator, key),
    FOREIGN KEY (article_id, annotator) REFERENCES layers(article_id, annotator) ON DELETE CASCADE
);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,
    span_id TEXT,
    body TEXT NOT NULL CHECK (length(body) > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX comments_by_article ON comments(article_id);
"""


def _v1(db: sqlite_utils.Database) -> None:
    # executescript() would commit half-way; run the statements inside the migration's transaction.
    for statement in _split(_V1):
        db.execute(statement)
    # The full-text index is filled by SearchIndex.update_search_index() (storage.sqlite) after imports rather than by
    # triggers: indexing costs eight times the insert itself, and article text never changes.
    db.table("articles").enable_fts(["title", "text"], fts_version="FTS5", create_triggers=False)


def _split(script: str) -> list[str]:
    """Statements of a script; triggers keep their inner semicolons."""
    out: list[str] = []
    buf: list[str] = []
    in_trigger = False
    for line in script.strip().splitlines():
        buf.append(line)
        if line.startswith("CREATE TRIGGER"):
            in_trigger = True
        if (in_trigger and line.rstrip().endswith("END;")) or (not in_trigger and line.rstrip().endswith(";")):
            out.append("\n".join(buf))
            buf = []
            in_trigger = False
    return out


_V2 = """
CREATE TABLE layers_v2 (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL CHECK (length(annotator) > 0),
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    PRIMARY KEY (article_id, annotator)
);
INSERT INTO layers_v2 (article_id, annotator, status, updated_at, revision)
    SELECT article_id, annotator, status, updated_at, 0 FROM layers;
DROP TABLE layers;
ALTER TABLE layers_v2 RENAME TO layers;
CREATE INDEX layers_by_annotator ON layers(annotator, status);
"""


def _v2(db: sqlite_utils.Database) -> None:
    """Every layer gets a revision, counted up by every write, so that two windows writing one layer
    cannot silently overwrite each other (a write names the revision it was based on).

    A rebuild of ``layers`` (SQLite's twelve-step table change), not ``ADD COLUMN``: the CHECK stays
    part of the table's own definition. It runs with foreign keys off (see ``Store._migrate``): the
    ``DROP TABLE layers`` would otherwise cascade into every span, relation and decision.
    """
    for statement in _split(_V2):
        db.execute(statement)


_V3 = """
CREATE TABLE assignments (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL CHECK (length(annotator) > 0),
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX assignments_by_annotator ON assignments(annotator);
"""


def _v3(db: sqlite_utils.Database) -> None:
    """Who is to annotate which article (the lead's assignments), stored in the project so that a
    file-based project can be split and handed out with them."""
    for statement in _split(_V3):
        db.execute(statement)


#: Migration n turns a project of version n-1 into version n. Append only; never edit a shipped one.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)
