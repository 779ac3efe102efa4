"""Storage: one contract (``ProjectStore``), two engines: the project file (SQLite, sqlite-utils) and
the team server (PostgreSQL, ``storage.postgres``). ``open_store`` opens either from a path or a URL."""

from .contract import ProjectStore
from .errors import (
    LayerConflictError,
    ProjectBusyError,
    ProjectDamagedError,
    ProjectFileError,
    ProjectReplacedError,
    ProjectUnwritableError,
    ProjectWriteError,
)
from .placing import OnExisting, Placed, Placement
from .records import AddOutcome, Comment, LayerSaved
from .schema import SCHEMA_VERSION
from .sqlite import Store
from .targets import is_server_url, open_store
from .team_errors import RightsError, ServerUnavailableError

__all__ = [
    "SCHEMA_VERSION",
    "AddOutcome",
    "Comment",
    "LayerSaved",
    "LayerConflictError",
    "OnExisting",
    "Placed",
    "Placement",
    "ProjectBusyError",
    "ProjectDamagedError",
    "ProjectFileError",
    "ProjectReplacedError",
    "ProjectStore",
    "ProjectUnwritableError",
    "ProjectWriteError",
    "RightsError",
    "ServerUnavailableError",
    "Store",
    "is_server_url",
    "open_store",
]
