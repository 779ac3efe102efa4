"""Storage: one contract (``ProjectStore``), two engines: the project file (SQLite, sqlite-utils) and
the team server (PostgreSQL, ``storage.postgres``). ``open_store`` opens either from a path or a URL."""

from .contract import ProjectStore
from .errors import ProjectBusyError, ProjectFileError, ProjectUnwritableError, ProjectWriteError
from .records import AddOutcome, Comment
from .schema import SCHEMA_VERSION
from .store import Store
from .targets import is_server_url, open_store
from .team_errors import RightsError, ServerUnavailableError

__all__ = [
    "SCHEMA_VERSION",
    "AddOutcome",
    "Comment",
    "ProjectBusyError",
    "ProjectFileError",
    "ProjectStore",
    "ProjectUnwritableError",
    "ProjectWriteError",
    "RightsError",
    "ServerUnavailableError",
    "Store",
    "is_server_url",
    "open_store",
]
