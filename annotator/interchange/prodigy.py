"""Prodigy tasks (``spans`` + ``relations`` with tokens) to and from domain objects.

Export keeps the exact character offsets of every span and gives the token range that covers
it (``token_end`` inclusive, as Prodigy counts); a relation names the last token of its head
and child spans, as Prodigy's relation interface does, and carries both spans. Keys Prodigy
does not use (span ``id``, ``origin``, ``attrs``; relation ``id``) keep what a round trip
would otherwise lose. On import, character offsets win over token indices when both exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from annotator.domain import Annotations, Article, Span, Status

from .layers import RelationDraft, SpanDraft, build_layer
from .options import ImportOptions
from .records import article_from_fields, article_meta, ordered_relations
from .results import RecordError
from .streams import Target, dumps_record, open_target
from .tokens import Token, TokenIndex, Tokenize
from .validation import PRODIGY_RECORD, check_schema

_SPAN_KEYS = ("id", "start", "end", "token_start", "token_end", "label")
_ANSWER_STATUS = {"accept": Status.DONE, "reject": Status.SKIPPED, "ignore": Status.SKIPPED}


def is_prodigy(record: Mapping[str, Any]) -> bool:
    """Prodigy tasks carry tokens, or spans counted in tokens; our own records never do."""
    if "tokens" in record or "_annotator_id" in record:
        return True
    spans = record.get("spans")
    return isinstance(spans, list) and any(isinstance(s, Mapping) and "token_start" in s for s in spans)


def parse_task(
    record: Mapping[str, Any], source: str, fallback_id: str, options: ImportOptions
) -> tuple[Article, Annotations]:
    """The article and layer of one Prodigy task; raises :class:`RecordError` when it is inconsistent."""
    check_schema(record, PRODIGY_RECORD)
    text = record["text"]
    if not text.strip():
        raise RecordError("the text is empty")
    meta = dict(record.get("meta") or {})
    if "id" in record and "id" not in meta:
        meta["id"] = record["id"]
    article = article_from_fields({"meta": meta}, text, fallback_id, source)
    tokens = record.get("tokens", [])
    spans: list[SpanDraft] = []
    by_position: dict[tuple[int, int, str], str] = {}
    by_last_token: dict[int, str] = {}
    for index, item in enumerate(record.get("spans", []), start=1):
        draft = _span_draft(item, tokens, f"s{index}")
        spans.append(draft)
        by_position.setdefault((draft.start, draft.end, draft.label), draft.id)
        if "token_end" in item:
            by_last_token.setdefault(item["token_end"], draft.id)
    relations = []
    known = {draft.id for draft in spans}
    for index, item in enumerate(record.get("relations", []), start=1):
        head = _endpoint(item, "head", tokens, known, by_position, by_last_token)
        child = _endpoint(item, "child", tokens, known, by_position, by_last_token)
        relations.append(RelationDraft(item.get("id", f"r{index}"), head, child, item["label"]))
    status = _ANSWER_STATUS.get(record.get("answer", ""), Status.TODO)
    owner = options.owner(record.get("_annotator_id"))
    return article, build_layer(article.id, text, owner, spans, relations, options, status)


def _span_draft(item: Mapping[str, Any], tokens: list[Mapping[str, Any]], default_id: str) -> SpanDraft:
    start, end = item.get("start"), item.get("end")
    if start is None or end is None:
        try:
            start = tokens[item["token_start"]]["start"]
            end = tokens[item["token_end"]]["end"]
        except (IndexError, KeyError):
            raise RecordError(f"span {default_id!r}: token indices fall outside the {len(tokens)} tokens") from None
    return SpanDraft(
        id=item.get("id", default_id),
        start=start,
        end=end,
        label=item["label"],
        text=item.get("text"),
        origin=item.get("origin", "human"),
        attrs=dict(item.get("attrs", {})),
    )


def _endpoint(
    item: Mapping[str, Any],
    end: str,
    tokens: list[Mapping[str, Any]],
    known: set[str],
    by_position: Mapping[tuple[int, int, str], str],
    by_last_token: Mapping[int, str],
) -> str:
    """The span id a relation end refers to: by the id in its ``*_span`` (our own export), else by that
    span's offsets and label, else by its token index."""
    described = item.get(f"{end}_span")
    if isinstance(described, Mapping) and described.get("id") in known:
        return str(described["id"])
    if isinstance(described, Mapping):
        draft = _span_draft(described, tokens, "?")
        found = by_position.get((draft.start, draft.end, draft.label))
        if found:
            return found
        return f"[{draft.start}, {draft.end}) {draft.label}"  # reported as a missing span
    token = item.get(end)
    return by_last_token.get(token, f"token {token}") if isinstance(token, int) else "?"


def _span_json(span: Span, text: str, index: TokenIndex) -> dict[str, Any]:
    record: dict[str, Any] = {"id": span.id, "start": span.start, "end": span.end}
    covered = index.token_range(span.start, span.end)
    if covered is not None:
        record["token_start"], record["token_end"] = covered
    record.update(label=span.label, text=text[span.start : span.end], origin=span.origin.value)
    if span.attrs:
        record["attrs"] = {k: span.attrs[k] for k in sorted(span.attrs)}
    return record


def task_record(article: Article, ann: Annotations, tokenize: Tokenize) -> dict[str, Any]:
    """The Prodigy task of one article and layer."""
    tokens: list[Token] = tokenize(article.text)
    index = TokenIndex(tokens)
    spans = {s.id: _span_json(s, article.text, index) for s in ann.sorted_spans()}
    relations = []
    for rel in ordered_relations(ann):
        head, child = spans[rel["head"]], spans[rel["child"]]
        relation: dict[str, Any] = {"id": rel["id"]}
        if "token_end" in head and "token_end" in child:
            relation.update(head=head["token_end"], child=child["token_end"])
        relation["head_span"] = {k: head[k] for k in _SPAN_KEYS if k in head}
        relation["child_span"] = {k: child[k] for k in _SPAN_KEYS if k in child}
        relation["label"] = rel["label"]
        relations.append(relation)
    return {
        "text": article.text,
        "tokens": [{"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.ws} for i, t in enumerate(tokens)],
        "spans": list(spans.values()),
        "relations": relations,
        "answer": "accept",
        "_annotator_id": ann.annotator,
        "meta": {"id": article.id, **article_meta(article)},
    }


def write_prodigy(pairs: Iterable[tuple[Article, Annotations]], target: Target, tokenize: Tokenize) -> int:
    """Write one Prodigy task per (article, layer) as JSONL; returns the number of tasks."""
    count = 0
    with open_target(target) as out:
        for article, ann in pairs:
            out.write(dumps_record(task_record(article, ann, tokenize)))
            out.write("\n")
            count += 1
    return count
