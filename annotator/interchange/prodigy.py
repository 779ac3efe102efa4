"""Prodigy tasks (``spans`` + ``relations`` with tokens) to and from domain objects.

Export keeps the exact character offsets of every span and gives the token range that covers
it (``token_end`` inclusive, as Prodigy counts); a relation names the last token of its head
and child spans, as Prodigy's relation interface does, and carries both spans. Keys Prodigy
does not use (span ``id``, ``origin``, ``attrs``; relation ``id``) keep what a round trip
would otherwise lose. On import, character offsets win over token indices when both exist.

Prodigy's own keys are kept: ``answer`` (an ``accept`` task is the annotator's work; the spans of a
``reject`` or ``ignore`` task come in as suggestions, ``origin="model"`` with ``attrs.answer``,
never as human spans, and the layer is ``skipped``); ``_input_hash``, ``_task_hash`` and
``_view_id`` in the article's metadata, written back out (computed as Prodigy does, see
:func:`prodigy_hashes`, for articles that came from elsewhere); ``_annotator_id`` or else
``_session_id`` names the layer. Tasks without ``tokens`` (character spans only) are recognised
by these keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from annotator.domain import Annotations, Article, Origin, Span, Status

from .layers import RelationDraft, SpanDraft, build_layer
from .options import ImportOptions
from .records import article_from_fields, article_meta, ordered_relations
from .results import RecordError
from .streams import Target, dumps_record, open_target
from .tokens import Token, TokenIndex, Tokenize
from .validation import PRODIGY_RECORD, check_schema

_SPAN_KEYS = ("id", "start", "end", "token_start", "token_end", "label")
_ANSWER_STATUS = {"accept": Status.DONE, "reject": Status.SKIPPED, "ignore": Status.SKIPPED}
_PRODIGY_KEYS = ("tokens", "_annotator_id", "_session_id", "_input_hash", "_task_hash", "_view_id", "answer")
KEPT_KEYS = ("_input_hash", "_task_hash", "_view_id")
"""Prodigy's task keys kept in the article's metadata and written back."""
INPUT_HASH_KEYS = ("text", "image", "html", "input")
TASK_HASH_KEYS = ("spans", "label", "options", "arcs")


def prodigy_hashes(task: Mapping[str, Any]) -> tuple[int, int]:
    """``(_input_hash, _task_hash)`` of a task, after Prodigy's ``set_hashes`` defaults.

    Prodigy (closed source) documents: the input hash is a 32-bit MurmurHash of the values of the
    input keys (``text``, ``image``, ``html``, ``input``); the task hash one of the input hash and the
    values of ``spans``, ``label``, ``options``, ``arcs``. Values are serialised as sorted-key compact
    JSON. We cannot check bit-identity with Prodigy without a licence; the hashes are stable and
    have Prodigy's meaning (same text, same input hash; same text and spans, same task hash).
    """
    from murmurhash.mrmr import hash as murmur

    def dump(keys: tuple[str, ...]) -> str:
        return "".join(json.dumps(task[k], sort_keys=True, separators=(",", ":")) for k in keys if k in task)

    input_hash = murmur(dump(INPUT_HASH_KEYS))
    task_hash = murmur(str(input_hash) + dump(TASK_HASH_KEYS))
    return int(input_hash), int(task_hash)


def is_prodigy(record: Mapping[str, Any]) -> bool:
    """Prodigy tasks carry tokens, hashes, an answer or spans counted in tokens; our own records never do."""
    if any(key in record for key in _PRODIGY_KEYS):
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
    for key in KEPT_KEYS:
        if key in record:
            meta[key] = record[key]
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
    answer = record.get("answer", "")
    status = _ANSWER_STATUS.get(answer, Status.TODO)
    if answer in ("reject", "ignore"):  # not the annotator's work: kept as suggestions they turned down
        spans = [replace(d, origin=Origin.MODEL.value, attrs={**d.attrs, "answer": answer}) for d in spans]
    owner = options.owner(record.get("_annotator_id") or record.get("_session_id"))
    layer = build_layer(article.id, text, owner, spans, relations, options, status)
    if "_task_hash" in record:  # the task hash stands for these spans only: remember which they were
        article = replace(article, meta={**article.meta, TASK_SPANS: spans_fingerprint(owner, layer.spans)})
    return article, layer


TASK_SPANS = "_task_spans"
"""Metadata key: fingerprint of the spans an imported ``_task_hash`` belongs to (see :func:`task_record`)."""


def spans_fingerprint(annotator: str, spans: Iterable[Span]) -> str:
    """A short, stable digest of a layer's span bounds and labels."""
    import hashlib

    key = json.dumps([annotator, sorted((s.start, s.end, s.label) for s in spans)], separators=(",", ":"))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


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


def task_record(
    article: Article, ann: Annotations, tokenize: Tokenize, family: str | None = None, notes: list[str] | None = None
) -> dict[str, Any]:
    """The Prodigy task of one article and layer (only one span family's spans when ``family`` is given).

    Spans whose ends fall inside a token are reported in ``notes`` (Prodigy's token ranges widen
    them; the exact offsets stay in ``start``/``end``), and so are overlapping spans, which
    Prodigy's span interfaces cannot show: export one family at a time for those.
    """
    tokens: list[Token] = tokenize(article.text)
    index = TokenIndex(tokens)
    chosen = [s for s in ann.sorted_spans() if family is None or span_family(s.label) == family]
    spans = {s.id: _span_json(s, article.text, index) for s in chosen}
    if notes is not None:
        _report(article, ann, chosen, index, notes, family)
    relations = []
    for rel in ordered_relations(ann):
        if rel["head"] not in spans or rel["child"] not in spans:
            continue
        head, child = spans[rel["head"]], spans[rel["child"]]
        relation: dict[str, Any] = {"id": rel["id"]}
        if "token_end" in head and "token_end" in child:
            relation.update(head=head["token_end"], child=child["token_end"])
        relation["head_span"] = {k: head[k] for k in _SPAN_KEYS if k in head}
        relation["child_span"] = {k: child[k] for k in _SPAN_KEYS if k in child}
        relation["label"] = rel["label"]
        relations.append(relation)
    meta = {k: v for k, v in article_meta(article).items() if k not in (*KEPT_KEYS, TASK_SPANS)}
    if family is not None:
        meta["family"] = family
    task: dict[str, Any] = {
        "text": article.text,
        "tokens": [{"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.ws} for i, t in enumerate(tokens)],
        "spans": list(spans.values()),
        "relations": relations,
        "answer": _answer(ann, chosen),
        "_annotator_id": ann.annotator,
        "meta": {"id": article.id, **meta},
    }
    input_hash, task_hash = prodigy_hashes(task)
    kept = article.meta
    task["_input_hash"] = kept.get("_input_hash", input_hash)
    # The imported task hash is written back only for the very spans it was given with; after an edit
    # (or for another annotator's layer) the task is a different question and gets a new hash.
    same = "_task_hash" in kept and kept.get(TASK_SPANS) == spans_fingerprint(ann.annotator, chosen)
    task["_task_hash"] = kept["_task_hash"] if same and family is None else task_hash
    task["_view_id"] = kept.get("_view_id") or ("relations" if relations else "spans_manual")
    return task


def span_family(label: str) -> str:
    """``quotes`` for the quote layer's labels (QUOTE, CUE, SPEAKER), ``entities`` for the rest."""
    return "quotes" if label in ("QUOTE", "CUE", "SPEAKER") else "entities"


def _answer(ann: Annotations, spans: list[Span]) -> str:
    """``reject``/``ignore`` when the layer holds only suggestions turned down that way, else ``accept``."""
    answers = {s.attrs.get("answer") for s in spans}
    if spans and len(answers) == 1 and answers <= {"reject", "ignore"} and ann.status is Status.SKIPPED:
        return str(answers.pop())
    return "ignore" if not spans and ann.status is Status.SKIPPED else "accept"


def _report(
    article: Article, ann: Annotations, spans: list[Span], index: TokenIndex, notes: list[str], family: str | None
) -> None:
    starts = {t.start for t in index.tokens}
    ends = {t.end for t in index.tokens}
    cut = [s.id for s in spans if s.start not in starts or s.end not in ends]
    if cut:
        notes.append(
            f"{article.id}/{ann.annotator}: {len(cut)} span(s) cut a token and are widened to whole tokens in "
            f"token_start/token_end (exact offsets kept in start/end): {', '.join(cut[:20])}"
        )
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    overlapping = sorted({o.id for a, b in zip(ordered, ordered[1:], strict=False) if b.start < a.end for o in (a, b)})
    if overlapping:
        hint = "" if family else " (export each family apart with --family entities and --family quotes)"
        notes.append(
            f"{article.id}/{ann.annotator}: {len(overlapping)} overlapping span(s), which Prodigy's span "
            f"interfaces cannot show{hint}: {', '.join(overlapping[:20])}"
        )


def write_prodigy(
    pairs: Iterable[tuple[Article, Annotations]],
    target: Target,
    tokenize: Tokenize,
    family: str | None = None,
    notes: list[str] | None = None,
) -> int:
    """Write one Prodigy task per (article, layer) as JSONL; returns the number of tasks."""
    count = 0
    with open_target(target) as out:
        for article, ann in pairs:
            out.write(dumps_record(task_record(article, ann, tokenize, family, notes)))
            out.write("\n")
            count += 1
    return count
