"""The team server engine's shared queries and small helpers (kept apart so that ``store.py`` reads as
the contract it implements)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import psycopg

from ...domain import Annotations, Status, Verdict
from ..rows import relation_from_row, span_from_row

_LAYER_KEY = "article_id = ANY(%(ids)s) AND annotator = ANY(%(names)s)"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def layers_for(
    conn: psycopg.Connection, ids: Sequence[str], names: Sequence[str]
) -> dict[tuple[str, str], Annotations]:
    """The stored layers of ``names`` on the articles ``ids``, by (article id, annotator): four queries
    for any number of articles."""
    params = {"ids": list(ids), "names": list(names)}
    spans: dict[tuple[str, str], list[Any]] = defaultdict(list)
    relations: dict[tuple[str, str], list[Any]] = defaultdict(list)
    decisions: dict[tuple[str, str], dict[str, Verdict]] = defaultdict(dict)
    for r in conn.execute(
        f'SELECT article_id, annotator, id, start, "end", label, origin, attrs FROM spans WHERE {_LAYER_KEY}',  # noqa: S608
        params,
    ):
        spans[(r[0], r[1])].append(span_from_row(r[2:]))
    for r in conn.execute(
        f"SELECT article_id, annotator, id, head, child, label FROM relations WHERE {_LAYER_KEY}",  # noqa: S608
        params,
    ):
        relations[(r[0], r[1])].append(relation_from_row(r[2:]))
    for r in conn.execute(f"SELECT article_id, annotator, key, verdict FROM decisions WHERE {_LAYER_KEY}", params):  # noqa: S608
        decisions[(r[0], r[1])][r[2]] = Verdict(r[3])
    out: dict[tuple[str, str], Annotations] = {}
    for article_id, annotator, status in conn.execute(
        f"SELECT article_id, annotator, status FROM layers WHERE {_LAYER_KEY}",  # noqa: S608
        params,
    ):
        key = (article_id, annotator)
        out[key] = Annotations(
            article_id=article_id,
            annotator=annotator,
            spans=tuple(spans.get(key, ())),
            relations=tuple(relations.get(key, ())),
            status=Status(status),
            decisions=decisions.get(key, {}),
        )
    return out


def ensure_layer(cur: psycopg.Cursor[Any], article_id: str, annotator: str) -> None:
    cur.execute(
        "INSERT INTO layers (article_id, annotator, status, updated_at) VALUES (%s, %s, 'todo', %s) "
        "ON CONFLICT (article_id, annotator) DO NOTHING",
        (article_id, annotator, now()),
    )


def first_line(exc: BaseException) -> str:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
