"""Span and Relation: the two kinds of mark an annotator puts on an article."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Union

from .errors import InvariantError

AttrValue = Union[str, int, float, bool, None]


#: Attributes that describe a suggestion, not the annotation: dropped when it is accepted.
MODEL_ATTRS = ("model", "model_version", "model_trained_on", "score", "stance_confidence")


class Origin(str, enum.Enum):
    """Who made a span: a model (a suggestion until accepted) or a person."""

    MODEL = "model"
    HUMAN = "human"


@dataclass(frozen=True)
class Span:
    """A labelled, half-open range ``[start, end)`` of code points of an article's text.

    ``attrs`` carries label-specific facts: a quote's ``kind``, ``speaker_name`` and
    ``stance``; a suggestion's ``model`` and ``model_version``. Treat it as read-only.
    """

    id: str
    start: int
    end: int
    label: str
    origin: Origin = Origin.HUMAN
    attrs: Mapping[str, AttrValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            raise InvariantError("a span needs an id")
        if not (0 <= self.start < self.end):
            raise InvariantError(f"span {self.id}: need 0 <= start < end, got [{self.start}, {self.end})")

    def check_within(self, text_length: int) -> None:
        """Raise unless the span lies inside a text of ``text_length`` code points."""
        if self.end > text_length:
            raise InvariantError(
                f"span {self.id}: end {self.end} is past the end of the text ({text_length} characters)"
            )

    def __hash__(self) -> int:
        return hash((self.id, self.start, self.end, self.label, self.origin, tuple(sorted(self.attrs.items()))))

    @property
    def is_suggestion(self) -> bool:
        return self.origin is Origin.MODEL

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def with_bounds(self, start: int, end: int) -> Span:
        return replace(self, start=start, end=end)

    def with_label(self, label: str) -> Span:
        return replace(self, label=label)

    def with_attrs(self, **changes: AttrValue) -> Span:
        """A copy with attributes set; a value of ``None`` removes the attribute."""
        merged = {k: v for k, v in self.attrs.items() if k not in changes}
        merged.update({k: v for k, v in changes.items() if v is not None})
        return replace(self, attrs=merged)

    def accepted(self) -> Span:
        """The human version of a suggestion (model provenance dropped)."""
        attrs = {k: v for k, v in self.attrs.items() if k not in MODEL_ATTRS}
        return replace(self, origin=Origin.HUMAN, attrs=attrs)


@dataclass(frozen=True)
class Relation:
    """A directed, labelled link between two spans: quote -> speaker, quote -> cue, quote -> target."""

    id: str
    head: str
    child: str
    label: str

    def __post_init__(self) -> None:
        if not self.id:
            raise InvariantError("a relation needs an id")
        if not self.head or not self.child:
            raise InvariantError(f"relation {self.id}: head and child are required")

    def touches(self, span_id: str) -> bool:
        return self.head == span_id or self.child == span_id
