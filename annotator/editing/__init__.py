"""Editing: every change an annotator makes, as a pure command. No Qt, no storage."""

from ..domain import TARGET
from .command import Command, EditContext, Macro
from .quotes import LinkSpan, SetStance, SetTarget, Unlink
from .spans import AddSpan, RelabelSpan, RemoveSpan, ResizeSpan, SetSpanAttrs, SetStatus
from .stance_suggestions import AcceptStance, AcceptTarget, hide_weak_stances, model_counterpart
from .suggestions import AcceptAll, AcceptSuggestion, RejectAll, RejectSuggestion, accept

__all__ = [
    "TARGET",
    "AcceptAll",
    "AcceptStance",
    "AcceptSuggestion",
    "AcceptTarget",
    "AddSpan",
    "Command",
    "EditContext",
    "LinkSpan",
    "Macro",
    "RejectAll",
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
    "hide_weak_stances",
    "model_counterpart",
]
