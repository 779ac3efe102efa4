"""Editing: every change an annotator makes, as a pure command. No Qt, no storage."""

from ..domain import TARGET
from .command import Command, EditContext, Macro
from .quotes import LinkSpan, SetStance, SetTarget, Unlink
from .spans import AddSpan, RelabelSpan, RemoveSpan, ResizeSpan, SetSpanAttrs, SetStatus
from .suggestions import AcceptAll, AcceptSuggestion, RejectSuggestion, accept

__all__ = [
    "TARGET",
    "AcceptAll",
    "AcceptSuggestion",
    "AddSpan",
    "Command",
    "EditContext",
    "LinkSpan",
    "Macro",
    "RejectSuggestion",
    "RelabelSpan",
    "RemoveSpan",
    "ResizeSpan",
    "SetSpanAttrs",
    "SetStance",
    "SetStatus",
    "SetTarget",
    "Unlink",
    "accept",
]
