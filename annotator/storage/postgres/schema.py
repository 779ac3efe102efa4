"""The team server's schema and its versions.

A team project is one PostgreSQL database. Its tables mirror the project file's (see
``storage/schema.py``), with the server's own full-text search (a generated ``tsvector`` column over
a text search configuration of ours, ``annotator_search``, and a GIN index) and a per-layer
``revision`` counter. The version lives in ``schema_info``; migration n turns version n-1 into n,
append only, as for the file. The rights the server enforces (roles, grants, row-level security)
are installed after the migrations by ``rights.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

#: ``schema_info.application``: how we recognise our own databases.
APPLICATION = "annotator"
ROLES = ("annotator", "curator", "manager")
#: Our tables, in creation order (a database holding anything else is refused by ``team init``).
OUR_TABLES = (
    "schema_info",
    "settings",
    "articles",
    "layers",
    "spans",
    "relations",
    "decisions",
    "comments",
    "assignments",
)
LAYER_TABLES = ("layers", "spans", "relations", "decisions")


@dataclass(frozen=True)
class TeamRoles:
    """The group roles of one project database (role names are cluster-wide, so they carry its name)."""

    database: str

    def group(self, role: str) -> str:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        name = f"{self.database}_{role}"
        if len(name) > 63:  # PostgreSQL cuts names at 63 bytes: keep them distinct by a hash
            digest = hashlib.sha1(self.database.encode()).hexdigest()[:8]
            name = f"{self.database[:40]}_{digest}_{role}"
        return name


_V1 = """
CREATE TABLE schema_info (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE articles (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text PRIMARY KEY CHECK (length(id) > 0),
    text text NOT NULL CHECK (length(text) > 0),
    title text NOT NULL DEFAULT '',
    outlet text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    published text NOT NULL DEFAULT '',
    byline text NOT NULL DEFAULT '',
    content_hash text NOT NULL UNIQUE,
    raw text,
    source text NOT NULL DEFAULT '',
    meta text NOT NULL DEFAULT '{}',
    imported_at text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || text)) STORED
);
CREATE INDEX articles_search ON articles USING gin (search);
CREATE TABLE layers (
    article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text NOT NULL CHECK (length(annotator) > 0),
    status text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    updated_at text NOT NULL,
    revision bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX layers_by_annotator ON layers(annotator, status);
CREATE TABLE spans (
    article_id text NOT NULL,
    annotator text NOT NULL,
    id text NOT NULL CHECK (length(id) > 0),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label text NOT NULL CHECK (length(label) > 0),
    origin text NOT NULL CHECK (origin IN ('model', 'human')),
    attrs text NOT NULL DEFAULT '{}',
    PRIMARY KEY (article_id, annotator, id),
    FOREIGN KEY (article_id, annotator) REFERENCES layers(article_id, annotator) ON DELETE CASCADE
);
CREATE FUNCTION annotator_span_within_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."end" > (SELECT length(text) FROM articles WHERE id = NEW.article_id) THEN
        RAISE EXCEPTION 'span end is past the end of the article text' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER spans_within_text BEFORE INSERT OR UPDATE ON spans
    FOR EACH ROW EXECUTE FUNCTION annotator_span_within_text();
CREATE TABLE relations (
    article_id text NOT NULL,
    annotator text NOT NULL,
    id text NOT NULL CHECK (length(id) > 0),
    head text NOT NULL,
    child text NOT NULL,
    label text NOT NULL CHECK (length(label) > 0),
    PRIMARY KEY (article_id, annotator, id),
    FOREIGN KEY (article_id, annotator, head) REFERENCES spans(article_id, annotator, id) ON DELETE CASCADE,
    FOREIGN KEY (article_id, annotator, child) REFERENCES spans(article_id, annotator, id) ON DELETE CASCADE
);
CREATE INDEX relations_by_child ON relations(article_id, annotator, child);
CREATE TABLE decisions (
    article_id text NOT NULL,
    annotator text NOT NULL,
    key text NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    PRIMARY KEY (article_id, annotator, key),
    FOREIGN KEY (article_id, annotator) REFERENCES layers(article_id, annotator) ON DELETE CASCADE
);
CREATE TABLE comments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text NOT NULL,
    span_id text,
    body text NOT NULL CHECK (length(body) > 0),
    created_at text NOT NULL
);
CREATE INDEX comments_by_article ON comments(article_id);
"""


def _statements(script: str) -> list[str]:
    """Statements of a script; a ``$$`` function body keeps its inner semicolons."""
    out: list[str] = []
    buf: list[str] = []
    in_body = False
    for line in script.strip().splitlines():
        buf.append(line)
        if line.count("$$") % 2:
            in_body = not in_body
        if not in_body and line.rstrip().endswith(";"):
            out.append("\n".join(buf))
            buf = []
    return out


def _v1(conn: psycopg.Connection, roles: TeamRoles) -> None:
    for statement in _statements(_V1):
        conn.execute(statement)


_V2 = """
CREATE TABLE assignments (
    article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text NOT NULL CHECK (length(annotator) > 0),
    assigned_at text NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX assignments_by_annotator ON assignments(annotator);
ALTER TABLE layers ADD COLUMN updated_by text;
CREATE FUNCTION annotator_layer_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_by := current_user;
    RETURN NEW;
END $$;
CREATE TRIGGER layers_written BEFORE INSERT OR UPDATE ON layers
    FOR EACH ROW EXECUTE FUNCTION annotator_layer_written();
CREATE FUNCTION annotator_layer_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_ layers;
BEGIN
    IF TG_OP = 'DELETE' THEN row_ := OLD; ELSE row_ := NEW; END IF;
    PERFORM pg_notify('annotator_layers', json_build_object(
        'article', row_.article_id, 'layer', row_.annotator, 'by', current_user)::text);
    RETURN NULL;
END $$;
CREATE TRIGGER layers_notify AFTER INSERT OR UPDATE OR DELETE ON layers
    FOR EACH ROW EXECUTE FUNCTION annotator_layer_notify();
"""


def _v2(conn: psycopg.Connection, roles: TeamRoles) -> None:
    """The lead's assignments: who is to annotate which article (written by managers only); who
    last wrote each layer (set by the server, so it cannot be forged); and a notification on the
    ``annotator_layers`` channel after every layer write, so that every window sees colleagues'
    saves at once (``LISTEN``; delivered when the writing transaction commits)."""
    for statement in _statements(_V2):
        conn.execute(statement)


#: The text search configuration of the ``search`` column and of every query (``postgres/search.py``).
SEARCH_CONFIG = "annotator_search"
_WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart"


def _v3(conn: psycopg.Connection, roles: TeamRoles) -> None:
    """Search as the project file searches: words as written, accents and case folded (``Erdogan``
    finds ``Erdoğan`` as SQLite's ``unicode61`` does), so that the queries' prefixes and Porter stems
    (``storage/search_query.py``) find the same articles. A configuration of our own (``simple``
    behind the ``unaccent`` filter where the server has that standard extension) indexes title and
    text; the generated column is rebuilt with it, which rewrites the articles table once."""
    conn.execute(f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple)")
    if _unaccent_available(conn):
        conn.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR {_WORD_TOKENS} WITH unaccent, simple"
        )
    conn.execute("ALTER TABLE articles DROP COLUMN search")  # its GIN index goes with it
    conn.execute(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{SEARCH_CONFIG}'::regconfig, title || ' ' || text)) STORED"
    )
    conn.execute("CREATE INDEX articles_search ON articles USING gin (search)")


def _unaccent_available(conn: psycopg.Connection) -> bool:
    """Install ``unaccent`` (a trusted contrib extension: the database's owner may) when the server
    ships it; a server without it keeps accents apart, and searching works otherwise the same."""
    if not conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").fetchone():
        return False
    try:
        with conn.transaction():  # a savepoint: a refusal leaves the migration's transaction usable
            conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except psycopg.Error:
        return False
    return True


#: Migration n turns a team project of version n-1 into version n. Append only.
MIGRATIONS: tuple[Callable[[psycopg.Connection, TeamRoles], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)
