"""The team server's schema, its versions, and the rights the server enforces.

A team project is one PostgreSQL database. Its tables mirror the project file's (see
``storage/schema.py``), with the server's own full-text search (a generated ``tsvector`` column over
a configuration of ours, ``annotator_search``, and a GIN index) and a per-layer ``revision`` counter. The version lives in ``schema_info``; migration n
turns version n-1 into n, append only, as for the file.

Rights are the database's own, not the program's: three group roles per project database,
``<db>_annotator`` ⊂ ``<db>_curator`` ⊂ ``<db>_manager`` (each higher one is a member of the lower),
grants on the tables, and row-level security on every table that holds a layer. One SQL function,
``annotator_may_write(layer)``, states the rule the policies use and the program asks before a write
(to name the refusal): a person writes their own layer; a curator also ``gold``; a manager also
``model`` (pre-annotation), the articles and the settings (codebook, guidelines).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

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

#: Columns a team member may UPDATE: never the key columns, so that a row cannot be moved into
#: somebody else's layer (and the policies' check on the new row is a check on the old one's owner).
_UPDATABLE = {
    "layers": ("status", "updated_at", "revision"),
    "spans": ("start", "end", "label", "origin", "attrs"),
    "relations": ("head", "child", "label"),
    "decisions": ("verdict",),
    "comments": ("body",),
}


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
        conn.execute(statement)  # type: ignore[call-overload]


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
        conn.execute(statement)  # type: ignore[call-overload]


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


def install_rights(conn: psycopg.Connection, roles: TeamRoles, owner: str) -> None:
    """Create the group roles (when missing), the rule function, grants and row-level security.

    Idempotent: ``team init`` runs it after every migration, so a new table of a later version gets
    its grants and policies the same way.
    """
    annotator, curator, manager = (roles.group(r) for r in ROLES)
    for name, member_of in ((annotator, None), (curator, annotator), (manager, curator)):
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        if member_of:
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(member_of), sql.Identifier(name)))
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION annotator_may_write(layer text) RETURNS boolean "
            "LANGUAGE sql STABLE AS $$ SELECT layer = current_user "
            "OR (layer = 'gold' AND pg_has_role(current_user, {curator}, 'MEMBER')) "
            "OR (layer = 'model' AND pg_has_role(current_user, {manager}, 'MEMBER')) "
            "OR pg_has_role(current_user, {owner}, 'MEMBER') "
            "OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) $$"
        ).format(curator=sql.Literal(curator), manager=sql.Literal(manager), owner=sql.Literal(owner))
    )
    conn.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION annotator_team_role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT CASE "
            "WHEN pg_has_role(current_user, {owner}, 'MEMBER') THEN 'owner' "
            "WHEN pg_has_role(current_user, {manager}, 'MEMBER') THEN 'manager' "
            "WHEN pg_has_role(current_user, {curator}, 'MEMBER') THEN 'curator' "
            "WHEN pg_has_role(current_user, {annotator}, 'MEMBER') THEN 'annotator' END $$"
        ).format(
            owner=sql.Literal(owner),
            manager=sql.Literal(manager),
            curator=sql.Literal(curator),
            annotator=sql.Literal(annotator),
        )
    )
    ident = sql.Identifier
    db = ident(roles.database)
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
    conn.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(db, ident(annotator)))
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident(annotator)))
    conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(ident(annotator)))
    conn.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident(annotator)))
    conn.execute(
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON articles, settings, assignments TO {}").format(ident(manager))
    )
    for table, columns in _UPDATABLE.items():
        conn.execute(
            sql.SQL("GRANT INSERT, DELETE, UPDATE ({}) ON {} TO {}").format(
                sql.SQL(", ").join(map(ident, columns)), ident(table), ident(annotator)
            )
        )
    for table in LAYER_TABLES:
        _policies(conn, table, "annotator_may_write(annotator)")
    # A comment is its author's: written and removed by them only.
    _policies(conn, "comments", "annotator = current_user OR annotator_may_write(NULL)")


def _policies(conn: psycopg.Connection, table: str, rule: str) -> None:
    """Everyone on the team reads every row; writes must satisfy ``rule``.

    UPDATE sees every row (``USING (true)``) and checks the rule on the new row, which has the old
    row's owner (key columns are not updatable): a raw ``UPDATE`` of somebody else's layer fails with
    an error instead of silently touching no row. DELETE can only filter, so it filters.
    """
    t = sql.Identifier(table)
    conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(t))
    for name in ("team_reads", "own_inserts", "own_updates", "own_deletes"):
        conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(name), t))
    rule_sql = sql.SQL(rule)  # a constant of this module, never user input
    conn.execute(sql.SQL("CREATE POLICY team_reads ON {} FOR SELECT USING (true)").format(t))
    conn.execute(sql.SQL("CREATE POLICY own_inserts ON {} FOR INSERT WITH CHECK ({})").format(t, rule_sql))
    conn.execute(sql.SQL("CREATE POLICY own_updates ON {} FOR UPDATE USING (true) WITH CHECK ({})").format(t, rule_sql))
    conn.execute(sql.SQL("CREATE POLICY own_deletes ON {} FOR DELETE USING ({})").format(t, rule_sql))
