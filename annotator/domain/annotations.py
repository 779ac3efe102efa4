"""Annotations: one annotator's layer on one article, an immutable value with pure operations."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from .article import Status
from .errors import InvariantError, NotFoundError
from .label_scheme import LabelScheme
from .span import Origin, Relation, Span

MODEL_LAYER = "model"
GOLD_LAYER = "gold"


class Verdict(str, enum.Enum):
    """An annotator's decision about one model suggestion."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


def suggestion_key(span: Span) -> str:
    """Identity of a suggestion that survives a rerun of the model: label and bounds."""
    return f"{span.label}:{span.start}:{span.end}"


@dataclass(frozen=True)
class Annotations:
    """Spans and relations of one layer (annotator) on one article.

    Every operation returns a new value; nothing mutates. Relations always point at spans
    of the same layer: removing a span removes the relations that touch it.

    Each value indexes itself once, when made (spans and relations by id, relations by head and by
    child), so that look-ups by id and "relations of this span" take constant time: views ask them
    for every quote after every edit.
    """

    article_id: str
    annotator: str
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    status: Status = Status.TODO
    decisions: Mapping[str, Verdict] = field(default_factory=dict)
    """What this annotator decided about model suggestions, by :func:`suggestion_key`."""
    _spans_by_id: dict[str, Span] = field(init=False, repr=False, compare=False)
    _relations_by_id: dict[str, Relation] = field(init=False, repr=False, compare=False)
    _by_head: dict[str, tuple[Relation, ...]] = field(init=False, repr=False, compare=False)
    _by_child: dict[str, tuple[Relation, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = self._index_spans(self.spans)
        self._set_indexes(by_id, *self._index_relations(self.relations, by_id))

    def _index_spans(self, spans: tuple[Span, ...]) -> dict[str, Span]:
        by_id = {s.id: s for s in spans}
        if len(by_id) != len(spans):
            ids = [s.id for s in spans]
            dup = next(i for i in ids if ids.count(i) > 1)
            raise InvariantError(f"span id {dup!r} appears twice in {self.article_id}/{self.annotator}")
        return by_id

    def _index_relations(
        self, relations: tuple[Relation, ...], by_id: Mapping[str, Span]
    ) -> tuple[dict[str, Relation], dict[str, tuple[Relation, ...]], dict[str, tuple[Relation, ...]]]:
        rel_by_id = {r.id: r for r in relations}
        if len(rel_by_id) != len(relations):
            rel_ids = [r.id for r in relations]
            dup = next(i for i in rel_ids if rel_ids.count(i) > 1)
            raise InvariantError(f"relation id {dup!r} appears twice in {self.article_id}/{self.annotator}")
        by_head: dict[str, list[Relation]] = {}
        by_child: dict[str, list[Relation]] = {}
        for rel in relations:
            if rel.head not in by_id or rel.child not in by_id:
                missing = rel.head if rel.head not in by_id else rel.child
                raise InvariantError(f"relation {rel.id}: span {missing!r} does not exist")
            by_head.setdefault(rel.head, []).append(rel)
            by_child.setdefault(rel.child, []).append(rel)
        return rel_by_id, {k: tuple(v) for k, v in by_head.items()}, {k: tuple(v) for k, v in by_child.items()}

    def _set_indexes(
        self,
        by_id: dict[str, Span],
        rel_by_id: dict[str, Relation],
        by_head: dict[str, tuple[Relation, ...]],
        by_child: dict[str, tuple[Relation, ...]],
    ) -> None:
        # Frozen: the indexes are set once, derived from the fields, never changed afterwards (so
        # values derived from this one may share them).
        object.__setattr__(self, "_spans_by_id", by_id)
        object.__setattr__(self, "_relations_by_id", rel_by_id)
        object.__setattr__(self, "_by_head", by_head)
        object.__setattr__(self, "_by_child", by_child)

    def _derive(
        self,
        *,
        spans: tuple[Span, ...] | None = None,
        by_id: dict[str, Span] | None = None,
        relations: tuple[Relation, ...] | None = None,
        status: Status | None = None,
        decisions: Mapping[str, Verdict] | None = None,
    ) -> Annotations:
        """This value with some fields replaced, re-indexing only what they change (an edit on a long
        article touches one span or relation; rebuilding every index each time cost more than the edit).

        ``by_id`` goes with ``spans``: their index, holding every span id this value has (a span added
        or replaced, none removed), so that the relation indexes still hold and are shared.
        """
        new = object.__new__(Annotations)
        for name, value in (
            ("article_id", self.article_id),
            ("annotator", self.annotator),
            ("spans", self.spans if spans is None else spans),
            ("relations", self.relations if relations is None else relations),
            ("status", self.status if status is None else status),
            ("decisions", self.decisions if decisions is None else decisions),
        ):
            object.__setattr__(new, name, value)
        if spans is not None:
            assert by_id is not None and len(by_id) == len(spans) and by_id.keys() >= self._spans_by_id.keys()
        span_index = self._spans_by_id if by_id is None else by_id
        if relations is None:
            new._set_indexes(span_index, self._relations_by_id, self._by_head, self._by_child)
        else:
            new._set_indexes(span_index, *new._reindex_relations(self, relations, span_index))
        return new

    def _reindex_relations(
        self, old: Annotations, relations: tuple[Relation, ...], by_id: Mapping[str, Span]
    ) -> tuple[dict[str, Relation], dict[str, tuple[Relation, ...]], dict[str, tuple[Relation, ...]]]:
        """:meth:`_index_relations` of ``relations`` from ``old``'s indexes: only the heads and children of
        the relations that differ are indexed again (a link or a stance changes one or two of 465)."""
        rel_by_id = {r.id: r for r in relations}
        if len(rel_by_id) != len(relations):
            return self._index_relations(relations, by_id)  # names the duplicate
        before = old._relations_by_id
        added = [r for i, r in rel_by_id.items() if before.get(i) is not r]
        removed = [r for i, r in before.items() if rel_by_id.get(i) is not r]
        if len(added) + len(removed) > 8:
            return self._index_relations(relations, by_id)
        for rel in added:
            if rel.head not in by_id or rel.child not in by_id:
                missing = rel.head if rel.head not in by_id else rel.child
                raise InvariantError(f"relation {rel.id}: span {missing!r} does not exist")
        by_head, by_child = dict(old._by_head), dict(old._by_child)
        # In layer order, as a full index has them (the first target relation is a span's target).
        for index, key, ids in (
            (by_head, "head", {r.head for r in (*added, *removed)}),
            (by_child, "child", {r.child for r in (*added, *removed)}),
        ):
            for span_id in ids:
                found = tuple(r for r in relations if getattr(r, key) == span_id)
                if found:
                    index[span_id] = found
                else:
                    index.pop(span_id, None)
        return rel_by_id, by_head, by_child

    # -- look-ups -------------------------------------------------------------------------
    @property
    def span_index(self) -> Mapping[str, Span]:
        """The spans by id (read-only; constant-time look-up)."""
        return MappingProxyType(self._spans_by_id)

    def span(self, span_id: str) -> Span:
        found = self._spans_by_id.get(span_id)
        if found is None:
            raise NotFoundError(f"no span {span_id!r} in {self.article_id}/{self.annotator}")
        return found

    def get_span(self, span_id: str) -> Span | None:
        return self._spans_by_id.get(span_id)

    def has_span(self, span_id: str) -> bool:
        return span_id in self._spans_by_id

    def relation(self, relation_id: str) -> Relation:
        found = self._relations_by_id.get(relation_id)
        if found is None:
            raise NotFoundError(f"no relation {relation_id!r} in {self.article_id}/{self.annotator}")
        return found

    def sorted_spans(self) -> list[Span]:
        return sorted(self.spans, key=lambda s: (s.start, -s.end, s.label, s.id))

    def spans_labelled(self, *labels: str) -> list[Span]:
        """The spans with one of ``labels``, in the order of :meth:`sorted_spans` (only they are sorted)."""
        return sorted((s for s in self.spans if s.label in labels), key=lambda s: (s.start, -s.end, s.label, s.id))

    def heads(self) -> Set[str]:
        """Ids of the spans some relation starts from."""
        return self._by_head.keys()

    def relations_from(self, head: str, label: str | None = None) -> list[Relation]:
        """Relations whose head is ``head`` (of ``label``, if given), in layer order."""
        found = self._by_head.get(head, ())
        return list(found) if label is None else [r for r in found if r.label == label]

    def relations_to(self, child: str, label: str | None = None) -> list[Relation]:
        """Relations whose child is ``child`` (of ``label``, if given), in layer order."""
        found = self._by_child.get(child, ())
        return list(found) if label is None else [r for r in found if r.label == label]

    def linked(self, head: str, label: str) -> Span | None:
        """The first span linked from ``head`` by a relation labelled ``label``."""
        for r in self._by_head.get(head, ()):
            if r.label == label:
                return self._spans_by_id.get(r.child)
        return None

    def spans_at(self, position: int) -> list[Span]:
        return [s for s in self.spans if s.start <= position < s.end]

    def suggestions(self) -> list[Span]:
        return [s for s in self.spans if s.origin is Origin.MODEL]

    def new_span_id(self, prefix: str = "s") -> str:
        return fresh_id(prefix, self._spans_by_id.keys())

    def new_relation_id(self, prefix: str = "r") -> str:
        return fresh_id(prefix, self._relations_by_id.keys())

    # -- pure operations ------------------------------------------------------------------
    def with_span(self, span: Span) -> Annotations:
        """Add ``span``, or replace the span with its id (in its place)."""
        old = self._spans_by_id.get(span.id)
        by_id = dict(self._spans_by_id)
        by_id[span.id] = span
        if old is None:
            return self._derive(spans=self.spans + (span,), by_id=by_id)
        return self._derive(spans=tuple(span if s is old else s for s in self.spans), by_id=by_id)

    def with_added(
        self, spans: Iterable[Span], relations: Iterable[Relation] = (), decisions: Mapping[str, Verdict] | None = None
    ) -> Annotations:
        """New ``spans`` (ids not in this layer) and ``relations`` appended, and ``decisions`` if given:
        accepting suggestions. Only the new spans and relations are indexed on top of what this layer has."""
        added = tuple(spans)
        by_id = dict(self._spans_by_id)
        for span in added:
            if by_id.setdefault(span.id, span) is not span:
                raise InvariantError(f"span id {span.id!r} appears twice in {self.article_id}/{self.annotator}")
        new_relations = tuple(relations)
        return self._derive(
            spans=self.spans + added if added else None,
            by_id=by_id if added else None,
            relations=self.relations + new_relations if new_relations else None,
            decisions=decisions,
        )

    def without_span(self, span_id: str) -> Annotations:
        """Remove a span and every relation that touches it."""
        self.span(span_id)
        touching = span_id in self._by_head or span_id in self._by_child
        return replace(
            self,
            spans=tuple(s for s in self.spans if s.id != span_id),
            relations=tuple(r for r in self.relations if not r.touches(span_id)) if touching else self.relations,
        )

    def with_relation(self, relation: Relation) -> Annotations:
        rels = tuple(r for r in self.relations if r.id != relation.id) + (relation,)
        return self._derive(relations=rels)

    def with_relations(self, relations: tuple[Relation, ...]) -> Annotations:
        """The same spans with ``relations`` instead (each must point at spans of this layer)."""
        return self._derive(relations=tuple(relations))

    def without_relation(self, relation_id: str) -> Annotations:
        self.relation(relation_id)
        return self._derive(relations=tuple(r for r in self.relations if r.id != relation_id))

    def without_relations(self, head: str, labels: Iterable[str]) -> Annotations:
        drop = set(labels)
        return self._derive(relations=tuple(r for r in self.relations if not (r.head == head and r.label in drop)))

    def with_status(self, status: Status) -> Annotations:
        return self._derive(status=status)

    def with_decisions(self, decisions: Mapping[str, Verdict]) -> Annotations:
        """The same spans and relations with ``decisions`` instead."""
        return self._derive(decisions=decisions)

    def with_decision(self, key: str, verdict: Verdict | None) -> Annotations:
        """Record (or with ``None`` forget) a decision about the suggestion with ``key``."""
        decisions = {k: v for k, v in self.decisions.items() if k != key}
        if verdict is not None:
            decisions[key] = verdict
        return self._derive(decisions=decisions)

    def pending(self, suggestions: Iterable[Span]) -> list[Span]:
        """The suggestions this annotator has neither decided on nor already marked the same way."""
        own = {suggestion_key(s) for s in self.spans}
        return [s for s in suggestions if (key := suggestion_key(s)) not in self.decisions and key not in own]

    def validate(self, text_length: int, scheme: LabelScheme | None = None) -> None:
        """Raise :class:`InvariantError` unless every span fits the text and every label is in the scheme."""
        for s in self.spans:
            s.check_within(text_length)
            if scheme is not None:
                scheme.check_span_label(s.label)
                kind = s.attrs.get("kind")
                if kind is not None and kind not in scheme.quote_kinds:
                    raise InvariantError(f"span {s.id}: quote kind {kind!r} is not one of {scheme.quote_kinds}")
                stance = s.attrs.get("stance")
                if stance is not None:
                    scheme.check_stance(str(stance))
        if scheme is not None:
            for r in self.relations:
                scheme.check_relation_label(r.label)


def fresh_id(prefix: str, taken: Set[str]) -> str:
    """The first ``<prefix><n>`` not in ``taken``, counting from ``len(taken) + 1`` (as new ids are made)."""
    for n in itertools.count(len(taken) + 1):
        candidate = f"{prefix}{n}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Change:
    """What differs between two states of a layer: the record storage writes in one transaction."""

    article_id: str
    annotator: str
    upsert_spans: tuple[Span, ...] = ()
    delete_spans: tuple[str, ...] = ()
    upsert_relations: tuple[Relation, ...] = ()
    delete_relations: tuple[str, ...] = ()
    status: Status | None = None
    upsert_decisions: tuple[tuple[str, Verdict], ...] = ()
    delete_decisions: tuple[str, ...] = ()
    touched: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (
            self.upsert_spans
            or self.delete_spans
            or self.upsert_relations
            or self.delete_relations
            or self.status
            or self.upsert_decisions
            or self.delete_decisions
        )

    @classmethod
    def between(cls, before: Annotations, after: Annotations) -> Change:
        """The change that turns ``before`` into ``after``."""
        # Both states are indexed already (by id, in layer order).
        old_spans, new_spans = before._spans_by_id, after._spans_by_id
        old_rels, new_rels = before._relations_by_id, after._relations_by_id
        # An edit keeps the untouched span objects, so identity settles almost every comparison.
        upsert_spans = tuple(s for i, s in new_spans.items() if (o := old_spans.get(i)) is not s and o != s)
        delete_spans = tuple(i for i in old_spans if i not in new_spans)
        upsert_rels = tuple(r for i, r in new_rels.items() if _differs(old_rels.get(i), r))
        delete_rels = tuple(i for i in old_rels if i not in new_rels)
        touched = frozenset(itertools.chain((s.id for s in upsert_spans), delete_spans))
        return cls(
            article_id=after.article_id,
            annotator=after.annotator,
            upsert_spans=upsert_spans,
            delete_spans=delete_spans,
            upsert_relations=upsert_rels,
            delete_relations=delete_rels,
            status=after.status if after.status != before.status else None,
            upsert_decisions=tuple((k, v) for k, v in after.decisions.items() if before.decisions.get(k) is not v),
            delete_decisions=tuple(k for k in before.decisions if k not in after.decisions),
            touched=touched,
        )


def affected_spans(change: Change, before: Annotations, after: Annotations) -> set[str]:
    """Ids of the spans whose own view may differ after ``change``: the spans it touched, the heads of
    the relations it added, changed or removed, and the heads linked to a touched span (a quote whose
    speaker was resized shows another text)."""
    affected = set(change.touched)
    affected.update(r.head for r in change.upsert_relations)
    for relation_id in change.delete_relations:
        gone = before._relations_by_id.get(relation_id)
        if gone is not None:
            affected.add(gone.head)
    for span_id in change.touched:
        for layer in (before, after):
            affected.update(r.head for r in layer._by_child.get(span_id, ()))
    return affected


def _differs(old: object, new: object) -> bool:
    return old is not new and old != new


def iter_quotes(ann: Annotations) -> Iterator[Span]:
    """Quotes of a layer in reading order."""
    return iter(ann.spans_labelled("QUOTE"))
