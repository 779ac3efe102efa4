"""Errors about the project file itself."""

from __future__ import annotations

from ..domain import AnnotatorError


class ProjectFileError(AnnotatorError):
    """The file is not a project we can open: not SQLite, damaged, or from a newer version."""


class ProjectBusyError(AnnotatorError):
    """Another program held the project's write lock for longer than we were willing to wait."""


class ProjectWriteError(AnnotatorError):
    """A write failed (disk full, read-only file); nothing of that edit was stored."""


class ProjectUnwritableError(ProjectWriteError):
    """The file cannot take writes at all (disk full, read-only): every further write would fail too."""
