"""The rights a team server enforces: group roles, grants and row-level security.

Rights are the database's own, not the program's: three group roles per project database,
``<db>_annotator`` ⊂ ``<db>_curator`` ⊂ ``<db>_manager`` (each higher one is a member of the lower),
grants on the tables, and row-level security on every table that holds a layer. One SQL function,
``annotator_may_write(layer)``, states the rule the policies use and the program asks before a write
(to name the refusal): a person writes their own layer; a curator also ``gold``; a manager also
``model`` (pre-annotation), the articles and the settings (codebook, guidelines).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from .schema import LAYER_TABLES, ROLES, TeamRoles

#: Columns a team member may UPDATE: never the key columns, so that a row cannot be moved into
#: somebody else's layer (and the policies' check on the new row is a check on the old one's owner).
_UPDATABLE = {
    "layers": ("status", "updated_at", "revision"),
    "spans": ("start", "end", "label", "origin", "attrs"),
    "relations": ("head", "child", "label"),
    "decisions": ("verdict",),
    "comments": ("body",),
}


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
