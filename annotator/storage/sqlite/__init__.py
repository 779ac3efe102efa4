"""The project file engine of :class:`~annotator.storage.contract.ProjectStore`: SQLite through sqlite-utils."""

from .connection import BUSY_TIMEOUT_S
from .store import Store

__all__ = ["BUSY_TIMEOUT_S", "Store"]
