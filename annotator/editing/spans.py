"""Commands on spans: add, remove, relabel, resize, set attributes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..domain import Annotations, AttrValue, InvariantError, Span, Status
from .command import EditContext


def _check(span: Span, ctx: EditContext) -> None:
    span.check_within(len(ctx.text))
    ctx.scheme.check_span_label(span.label)


def _started(ann: Annotations) -> Annotations:
    return ann.with_status(Status.IN_PROGRESS) if ann.status is Status.TODO else ann


def own_span_id(ann: Annotations, span: Span) -> str | None:
    """The id of the annotator's span equal to ``span`` (label and bounds), if there is one: a span
    is marked once, and a suggestion equal to an own span is that span."""
    for other in ann.spans:
        if other.start == span.start and other.end == span.end and other.label == span.label:
            return other.id
    return None


@dataclass(frozen=True)
class AddSpan:
    span: Span

    @property
    def name(self) -> str:
        return f"Add {self.span.label}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        _check(self.span, ctx)
        if ann.get_span(self.span.id) is not None:
            raise InvariantError(f"span id {self.span.id!r} is taken")
        if own_span_id(ann, self.span) is not None:
            raise InvariantError(f"{self.span.label} [{self.span.start}, {self.span.end}) is already marked")
        return _started(ann.with_span(self.span))


@dataclass(frozen=True)
class RemoveSpan:
    span_id: str

    @property
    def name(self) -> str:
        return "Delete span"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        return _started(ann.without_span(self.span_id))


@dataclass(frozen=True)
class RelabelSpan:
    span_id: str
    label: str

    @property
    def name(self) -> str:
        return f"Relabel as {self.label}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        span = ann.span(self.span_id).with_label(self.label)
        _check(span, ctx)
        if self.label != "QUOTE":
            span = span.with_attrs(kind=None, speaker_name=None, stance=None)
            ann = ann.without_relations(self.span_id, ctx.scheme.relation_labels + ("TARGET",))
        return _started(ann.with_span(span))


@dataclass(frozen=True)
class ResizeSpan:
    """Move a span's bounds; repeated nudges of one span merge into one undo step."""

    span_id: str
    start: int
    end: int

    @property
    def name(self) -> str:
        return "Resize span"

    @property
    def merge_key(self) -> str:
        return f"resize:{self.span_id}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        span = ann.span(self.span_id).with_bounds(self.start, self.end)
        _check(span, ctx)
        return _started(ann.with_span(span))


@dataclass(frozen=True)
class SetSpanAttrs:
    """Set attributes of a span (``None`` removes one): a quote's kind or resolved speaker name."""

    span_id: str
    attrs: Mapping[str, AttrValue] = field(default_factory=dict)
    label: str = "Set attribute"

    @property
    def name(self) -> str:
        return self.label

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        span = ann.span(self.span_id).with_attrs(**dict(self.attrs))
        kind = span.attrs.get("kind")
        if kind is not None and kind not in ctx.scheme.quote_kinds:
            raise InvariantError(f"quote kind {kind!r} is not one of {', '.join(ctx.scheme.quote_kinds)}")
        return _started(ann.with_span(span))


@dataclass(frozen=True)
class SetStatus:
    status: Status

    @property
    def name(self) -> str:
        return f"Mark {self.status.value.replace('_', ' ')}"

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        return ann.with_status(self.status)
