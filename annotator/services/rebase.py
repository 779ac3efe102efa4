"""Rebasing one edit onto a layer that another window or program changed meanwhile.

An edit is known by its two states (before, after). When the stored layer has moved on (``fresh``),
the edit's own difference is replayed on it: spans and relations it added (renamed if another writer
took their ids meanwhile), changed or deleted, its decisions and its status. It cannot be replayed
when it changes or links something the other writer deleted: then :class:`RebaseError`, and the
edit is undone visibly rather than guessed at.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from ..domain import Annotations, AnnotatorError, Change


class RebaseError(AnnotatorError):
    """The edit touches what another writer removed; it cannot be replayed."""


def rebase(before: Annotations, after: Annotations, fresh: Annotations, text_length: int) -> Annotations:
    """``fresh`` with the difference ``before`` → ``after`` replayed on it."""
    change = Change.between(before, after)
    old_spans = {s.id for s in before.spans}
    old_relations = {r.id for r in before.relations}
    result = fresh
    renamed: dict[str, str] = {}
    taken = {s.id for s in fresh.spans} | {s.id for s in after.spans}
    for span_id in change.delete_spans:
        if result.get_span(span_id) is not None:
            result = result.without_span(span_id)
    for relation_id in change.delete_relations:
        if any(r.id == relation_id for r in result.relations):
            result = result.without_relation(relation_id)
    for span in change.upsert_spans:
        if span.id in old_spans:
            if result.get_span(span.id) is None:
                raise RebaseError(f"the span it changes ({span.id}) was deleted in the other window")
        elif result.get_span(span.id) is not None:  # a new span whose id the other writer took meanwhile
            new_id = _free_id(span.id.rstrip("0123456789") or "s", taken)
            renamed[span.id] = new_id
            span = replace(span, id=new_id)
        result = result.with_span(span)
    relation_ids = {r.id for r in result.relations} | {r.id for r in after.relations}
    for relation in change.upsert_relations:
        relation = replace(
            relation, head=renamed.get(relation.head, relation.head), child=renamed.get(relation.child, relation.child)
        )
        if result.get_span(relation.head) is None or result.get_span(relation.child) is None:
            raise RebaseError("it links a span that was deleted in the other window")
        if relation.id not in old_relations and any(r.id == relation.id for r in result.relations):
            new_id = _free_id(relation.id.rstrip("0123456789") or "r", relation_ids)
            relation = replace(relation, id=new_id)
        elif relation.id in old_relations and not any(r.id == relation.id for r in result.relations):
            raise RebaseError(f"the link it changes ({relation.id}) was deleted in the other window")
        result = result.with_relation(relation)
    for key in change.delete_decisions:
        result = result.with_decision(key, None)
    for key, verdict in change.upsert_decisions:
        result = result.with_decision(key, verdict)
    if change.status is not None:
        result = result.with_status(change.status)
    try:
        result.validate(text_length)
    except (AnnotatorError, ValueError) as exc:
        raise RebaseError(str(exc)) from exc
    return result


def _free_id(prefix: str, taken: set[str]) -> str:
    """``prefix`` + the first number not in ``taken`` (which it joins)."""
    for n in itertools.count(1):
        candidate = f"{prefix}{n}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover
