"""The team server engine: a project in a PostgreSQL database (psycopg 3 and its pool), rights by the server."""

from .connecting import is_server_url, redacted
from .schema import ROLES, SCHEMA_VERSION
from .store import PostgresStore
from .team import add_member, init_team

__all__ = ["ROLES", "SCHEMA_VERSION", "PostgresStore", "add_member", "init_team", "is_server_url", "redacted"]
