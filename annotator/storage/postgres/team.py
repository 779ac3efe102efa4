"""Setting up a team project on a server: ``team init`` (schema, upgrades, rights) and ``team add-user``."""

from __future__ import annotations

import re

import psycopg
from psycopg import sql

from ...domain import GOLD_LAYER, MODEL_LAYER
from ..errors import ProjectFileError, ProjectWriteError
from .connecting import connect, redacted
from .rights import install_rights
from .schema import APPLICATION, MIGRATIONS, ROLES, SCHEMA_VERSION, TeamRoles

#: A person's name is their database role and their layer's name: plain, so that it reads in a list.
USER_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")


def schema_version(conn: psycopg.Connection) -> int | None:
    """The team schema's version in this database; ``None`` when it holds no annotator schema.

    Raises :class:`ProjectFileError` for a database that holds other tables (not ours).
    """
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    ]
    if "schema_info" in tables:
        info: dict[str, str] = dict(conn.execute("SELECT key, value FROM schema_info").fetchall())
        if info.get("application") == APPLICATION:
            return int(info.get("version", "0"))
    if tables:
        shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise ProjectFileError(
            f"{redacted(conn)}: the database holds other tables ({shown}), not an annotator project; "
            "use a database of its own (createdb NAME)"
        )
    return None


def init_team(url: str) -> str:
    """Create the schema in an empty database, or upgrade an older one; (re)install the rights.

    Returns what was done, for the command line. Run as the database's owner (or a superuser):
    the tables belong to whoever creates them.
    """
    with connect(url) as conn:
        version = schema_version(conn)
        if version is not None and version > SCHEMA_VERSION:
            raise ProjectFileError(
                f"{redacted(conn)}: made by a newer version of annotator (project format {version}, "
                f"this version knows up to {SCHEMA_VERSION}); update annotator"
            )
        roles = TeamRoles(conn.info.dbname)
        owner = str(conn.execute("SELECT current_user").fetchone()[0])  # type: ignore[index]
        try:
            with conn.transaction():
                for migration in MIGRATIONS[version or 0 :]:
                    migration(conn, roles)
                conn.execute(
                    "INSERT INTO schema_info (key, value) VALUES ('application', %s), ('version', %s), ('owner', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (APPLICATION, str(SCHEMA_VERSION), owner),
                )
                install_rights(conn, roles, owner)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ProjectWriteError(
                f"{redacted(conn)}: {owner} may not set up this database ({exc.diag.message_primary}); "
                "run team init as the database's owner"
            ) from exc
    where = redacted(url)
    if version is None:
        return f"{where}: team project created (schema version {SCHEMA_VERSION}); add people with team add-user"
    if version < SCHEMA_VERSION:
        return f"{where}: upgraded from schema version {version} to {SCHEMA_VERSION}"
    return f"{where}: already a team project (schema version {SCHEMA_VERSION}); rights re-applied"


def add_member(url: str, name: str, role: str, password: str | None) -> str:
    """Create (or update) the login role ``name`` and make it an ``annotator``, ``curator`` or ``manager``.

    A person already on the cluster (another project) keeps their password unless one is given.
    Their other roles in this project are taken away: the role given is the one they have.
    """
    if role not in ROLES:
        raise ProjectWriteError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if not USER_NAME.match(name) or name in (GOLD_LAYER, MODEL_LAYER):
        raise ProjectWriteError(
            f"{name!r} cannot be a team member's name: use lower-case letters, digits, '_', '.', '-' "
            f"(and not {GOLD_LAYER!r} or {MODEL_LAYER!r}, which name shared layers)"
        )
    with connect(url) as conn:
        if schema_version(conn) is None:
            raise ProjectFileError(f"{redacted(conn)}: not a team project yet; run annotator team init first")
        roles = TeamRoles(conn.info.dbname)
        who = sql.Identifier(name)
        try:
            with conn.transaction():
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(who))
                if password:
                    conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(who, sql.Literal(password)))
                for other in ROLES:
                    if other != role:
                        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(roles.group(other)), who))
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.group(role)), who))
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ProjectWriteError(
                f"{redacted(conn)}: may not create or change login roles ({exc.diag.message_primary}); "
                "run team add-user as a role with CREATEROLE (the server's administrator)"
            ) from exc
    state = "added" if not exists else "updated"
    return f"{name} {state} as {role} of {redacted(url)}"
