"""Errors raised by the domain when an invariant would break."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error the tool raises on purpose (shown to the user as is)."""


class InvariantError(AnnotatorError, ValueError):
    """A span, relation or label would break a rule of the domain."""


class UnknownLabelError(InvariantError):
    """A label that the project's label scheme does not define."""


class NotFoundError(AnnotatorError, KeyError):
    """An id that names nothing in the project."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0]) if self.args else "not found"


class JobCancelled(AnnotatorError):
    """The user stopped a long job (training, pre-annotation, import, export); what was stored before stays."""
