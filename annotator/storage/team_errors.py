"""Errors of a team project on a server: a write the server's rights refuse, a server out of reach."""

from __future__ import annotations

from .errors import ProjectWriteError


class RightsError(ProjectWriteError):
    """The server refused a write by its own rules ("bob may not change alice's layer"); nothing of the
    edit was stored. Trying again will not help; asking a manager might."""


class ServerUnavailableError(ProjectWriteError):
    """The team server cannot be reached (restarted, network gone); the edit was not stored. The
    connection comes back by itself when the server does."""
