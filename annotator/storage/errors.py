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


class ProjectReplacedError(ProjectUnwritableError):
    """The project file or its write-ahead log is no longer the file this connection opened (deleted or
    replaced under it): writes would go to a file nobody reads, so none is accepted any more."""


class LayerConflictError(ProjectWriteError):
    """Another window or program wrote the layer since this one read it (its revision moved on);
    nothing of this write was stored. Every storage engine raises it for a stale ``expected_revision``."""

    @classmethod
    def stale(
        cls, article_id: str, annotator: str, expected: int | None, found: int | None = None
    ) -> LayerConflictError:
        """The one message of a stale write, whichever engine found it."""
        now = f"revision {found}, " if found is not None else ""
        return cls(
            f"{annotator}'s layer on article {article_id} was changed by another window or program "
            f"({now}this window had {expected}); nothing was stored"
        )


class ProjectDamagedError(ProjectFileError):
    """The file is one of our projects but damaged or cut short: offer its backup or a salvage copy."""
