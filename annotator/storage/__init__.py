"""Storage: the project file (SQLite). The only package that uses sqlite-utils."""

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
from .schema import SCHEMA_VERSION
from .store import AddOutcome, Comment, Store

__all__ = [
    "SCHEMA_VERSION",
    "AddOutcome",
    "Comment",
    "LayerConflictError",
    "OnExisting",
    "Placed",
    "Placement",
    "ProjectBusyError",
    "ProjectDamagedError",
    "ProjectFileError",
    "ProjectReplacedError",
    "ProjectUnwritableError",
    "ProjectWriteError",
    "Store",
]
