"""Conversions between table rows and domain objects."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..domain import Article, ArticleSummary, Origin, Relation, Span, Status
from .errors import ProjectFileError


def dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "text": article.text,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "byline": article.byline,
        "content_hash": article.content_hash,
        "raw": article.raw,
        "source": article.source,
        "meta": dumps(article.meta),
        "imported_at": article.imported_at,
    }


ARTICLE_COLUMNS = "id, text, title, outlet, url, published, byline, content_hash, raw, source, meta, imported_at"


def article_from_row(row: tuple[Any, ...]) -> Article:
    (id_, text, title, outlet, url, published, byline, chash, raw, source, meta, imported_at) = row
    return Article(
        id=id_,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        byline=byline,
        content_hash=chash,
        raw=raw,
        source=source,
        meta=json.loads(meta),
        imported_at=imported_at,
    )


def span_row(article_id: str, annotator: str, span: Span) -> tuple[Any, ...]:
    return (article_id, annotator, span.id, span.start, span.end, span.label, span.origin.value, dumps(span.attrs))


def span_from_row(row: tuple[Any, ...]) -> Span:
    id_, start, end, label, origin, attrs = row
    try:
        values = json.loads(attrs)
    except (TypeError, ValueError):
        values = None
    if not isinstance(values, dict):
        # Only another program (or a damaged disk) writes such a row; say so rather than fail in json.
        raise ProjectFileError(f"the project file is damaged: span {id_!r} has attributes that are not a JSON object")
    return Span(id=id_, start=start, end=end, label=label, origin=Origin(origin), attrs=values)


def relation_row(article_id: str, annotator: str, rel: Relation) -> tuple[Any, ...]:
    return (article_id, annotator, rel.id, rel.head, rel.child, rel.label)


def relation_from_row(row: tuple[Any, ...]) -> Relation:
    id_, head, child, label = row
    return Relation(id=id_, head=head, child=child, label=label)


def pending_count_sql(article: str, annotator: str, model: str) -> str:
    """SQL for the number of suggestions of one article pending for one annotator, given the SQL of
    the article id, the annotator and the model layer (each engine's placeholders).

    Pending as the workspace counts it (``EditingSession.pending_suggestions``, the status bar):
    model spans whose key (label:start:end) the annotator has neither decided on (accepted or
    rejected) nor marked the same way. Set difference of the keys: each side is read once.
    The arguments are the engines' own placeholders and column names, never user input.
    """
    key = "{t}.label || ':' || {t}.start || ':' || {t}.\"end\""
    return (
        f"SELECT count(*) FROM (SELECT {key.format(t='m')} FROM spans m"  # noqa: S608 - placeholders only
        f" WHERE m.article_id = {article} AND m.annotator = {model}"
        f" EXCEPT SELECT {key.format(t='o')} FROM spans o WHERE o.article_id = {article} AND o.annotator = {annotator}"
        f" EXCEPT SELECT k.key FROM decisions k WHERE k.article_id = {article} AND k.annotator = {annotator}) pending"
    )


def summary_from_row(row: tuple[Any, ...]) -> ArticleSummary:
    """One row of the article list (id, title, outlet, published, status, spans, quotes, pending suggestions)."""
    return ArticleSummary(
        id=row[0],
        title=row[1],
        outlet=row[2],
        published=row[3],
        status=Status(row[4]),
        span_count=row[5],
        quote_count=row[6],
        suggestion_count=row[7],
    )
