"""Small builders for review tests: layers written by hand, the way displaCy's tests build Docs."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from annotator.domain import Annotations, AttrValue, Origin, Relation, Span
from annotator.review import Figure

ARTICLE = "a1"


def span(span_id: str, start: int, end: int, label: str, **attrs: AttrValue) -> Span:
    return Span(span_id, start, end, label, attrs=dict(attrs))


def suggestion(span_id: str, start: int, end: int, label: str) -> Span:
    return Span(span_id, start, end, label, origin=Origin.MODEL)


def layer(
    annotator: str,
    spans: Iterable[Span],
    links: Iterable[tuple[str, str, str]] = (),
    article_id: str = ARTICLE,
) -> Annotations:
    """A layer; ``links`` are ``(head, child, label)`` relations, numbered in order."""
    relations = tuple(Relation(f"r{n}", head, child, label) for n, (head, child, label) in enumerate(links, 1))
    return Annotations(article_id, annotator, tuple(spans), relations)


def renamed(ann: Annotations, annotator: str) -> Annotations:
    """The same layer under another annotator's name."""
    return Annotations(ann.article_id, annotator, ann.spans, ann.relations, ann.status)


def about(value: float, support: int) -> Figure:
    """A figure to compare with, its value up to rounding."""
    return Figure(pytest.approx(value), support)  # type: ignore[arg-type]
