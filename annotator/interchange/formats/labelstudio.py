"""Label Studio: its JSON export in, and tasks out that Label Studio imports.

An export is a JSON list of tasks ``{"id", "data": {"text", ...}, "annotations": [...],
"predictions": [...]}``. Each annotation (``completed_by`` a user id or ``{"email"}``) becomes
that annotator's layer (``ls-<id>`` or the e-mail), each prediction the ``model`` layer (spans
``origin="model"`` with ``model_version`` and ``score``); an annotation with ``was_cancelled`` is
skipped with a note. Results: ``labels`` regions are spans (``value.start``/``end``/``labels``),
``relation`` results relations (the first of ``labels``, else ``direction``-less ``related``),
per-region ``choices`` and ``textarea`` results (same ``id`` as a region) the span's attributes
named by their ``from_name`` (our ``kind``, ``stance``, ``speaker_name``; others as they are,
several choices joined by ``|``). Task-level choices and text areas go to the article's metadata
as ``ls:<from_name>``.

Tasks out carry ``data.text``, ``data.meta`` and ``data.annotator`` (Label Studio refuses a
``completed_by`` naming someone who is not one of its users; an annotation without it is the
importing user's) and our spans as ``annotations`` (default) or
``predictions`` (``label_studio_as``), in the result shape above, with the ``from_name``/``to_name``
of :func:`label_config`, the labelling configuration to create the project with.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from annotator.domain import MODEL_LAYER, Annotations, Article, AttrValue, LabelKind, LabelScheme, Origin, Status

from ..decoding import read_text_file
from ..layers import RelationDraft, SpanDraft, build_layer
from ..options import ImportOptions
from ..records import article_from_fields, article_meta
from ..results import RECORD_ERRORS, ImportNote, ImportProblem, ImportResult, ParsedArticle, RecordError
from ..validation import LABEL_STUDIO_TASK, check_schema, parse_json
from . import ExportContext, Format, Pairs, register

SPAN_CONTROL = "label"
TEXT_OBJECT = "text"
_ATTR_CONTROLS = {"kind": "choices", "stance": "choices", "speaker_name": "textarea"}


def is_label_studio(data: Any) -> bool:
    """A Label Studio export: a list of tasks (or one task) with ``data`` and annotations or predictions."""
    tasks = data if isinstance(data, list) else [data]
    return bool(tasks) and all(isinstance(t, Mapping) and isinstance(t.get("data"), Mapping) for t in tasks[:5])


def read_label_studio(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    source = str(path)
    try:
        data = parse_json(read_text_file(path, options.max_record_bytes))
    except RECORD_ERRORS as exc:
        yield ImportProblem(source, None, str(exc))
        return
    yield from read_tasks(data, source, path.stem, options)


def read_tasks(data: Any, source: str, stem: str, options: ImportOptions) -> Iterator[ImportResult]:
    tasks = data if isinstance(data, list) else [data]
    for number, task in enumerate(tasks, start=1):
        where = f"task {number}" + (f" (id {task.get('id')})" if isinstance(task, Mapping) and "id" in task else "")
        try:
            result = parse_task(
                task, source, f"{stem}-{task.get('id', number) if isinstance(task, Mapping) else number}", options
            )
        except RECORD_ERRORS as exc:
            yield ImportProblem(source, None, f"{where}: {exc}")
            continue
        parsed, notes = result
        for note in notes:
            yield ImportNote(source, None, f"{where}: {note}")
        yield parsed


def parse_task(task: Any, source: str, fallback_id: str, options: ImportOptions) -> tuple[ParsedArticle, list[str]]:
    if not isinstance(task, Mapping) or not isinstance(task.get("data"), Mapping):
        raise RecordError("a Label Studio task needs a 'data' object")
    data = task["data"]
    if "text" in data:  # a task whose text sits under another key (--text-field) is checked below
        check_schema(task, LABEL_STUDIO_TASK)
    text = data.get(options.text_field if options.text_field in data else "text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError(f"'data.{options.text_field}' is missing or empty (the task's text)")
    fields: dict[str, Any] = {
        k: v for k, v in data.items() if k not in ("text", options.text_field, "meta", "annotator")
    }
    if isinstance(data.get("meta"), Mapping):
        fields.update(data["meta"])
    if "id" not in fields and "id" in task:
        fields["id"] = f"ls-{task['id']}"
    notes: list[str] = []
    layers = []
    for kind, items in (("annotations", task.get("annotations") or []), ("predictions", task.get("predictions") or [])):
        if not isinstance(items, list):
            raise RecordError(f"'{kind}' must be a list")
        if kind == "predictions" and items and all(isinstance(i, int) for i in items):
            notes.append(
                f"{len(items)} prediction(s) exported as ids only (Label Studio's default JSON export); "
                "export with predictions included to import them as the model layer"
            )
            continue
        for index, item in enumerate(items, start=1):
            if not isinstance(item, Mapping):
                raise RecordError(f"{kind} {index}: expected an object")
            if item.get("was_cancelled"):
                notes.append(f"annotation {item.get('id', index)} by {_owner(item)} was cancelled; skipped")
                continue
            layers.append((kind, item))
    task_level: dict[str, Any] = {}
    drafts = []
    seen: set[str] = set()
    for kind, item in layers:
        owner = MODEL_LAYER if kind == "predictions" else options.owner(_owner(item) or data.get("annotator"))
        if owner in seen:
            notes.append(f"a second {kind[:-1]} of {owner!r} (id {item.get('id')}) is skipped: one layer per annotator")
            continue
        seen.add(owner)
        spans, relations, level = _results(item, kind == "predictions")
        task_level.update(level)
        drafts.append((owner, spans, relations, Status.DONE if kind == "annotations" else Status.TODO))
    article = article_from_fields({**fields, **task_level}, text, fallback_id, source)
    parsed_layers = tuple(
        build_layer(article.id, text, owner, spans, relations, options, status)
        for owner, spans, relations, status in drafts
    )
    return ParsedArticle(article, parsed_layers, source, None), notes


def _owner(item: Mapping[str, Any]) -> str:
    who = item.get("completed_by")
    if isinstance(who, Mapping):
        return str(who.get("email") or who.get("username") or f"ls-{who.get('id')}")
    return f"ls-{who}" if who is not None else ""


def _results(
    item: Mapping[str, Any], predicted: bool
) -> tuple[list[SpanDraft], list[RelationDraft], dict[str, AttrValue]]:
    results = item.get("result") or []
    if not isinstance(results, list):
        raise RecordError("'result' must be a list")
    regions: dict[str, dict[str, Any]] = {}
    attrs: dict[str, dict[str, AttrValue]] = {}
    relations: list[RelationDraft] = []
    task_level: dict[str, AttrValue] = {}
    for n, result in enumerate(results, start=1):
        if not isinstance(result, Mapping):
            raise RecordError(f"result {n}: expected an object")
        kind = result.get("type")
        value = result.get("value") or {}
        rid = str(result.get("id", f"x{n}"))
        if kind == "relation":
            labels = result.get("labels") or ["related"]
            relations.append(
                RelationDraft(
                    f"r{len(relations) + 1}", str(result.get("from_id")), str(result.get("to_id")), str(labels[0])
                )
            )
        elif kind in ("labels", "hypertextlabels") or (isinstance(value, Mapping) and "labels" in value):
            labels = value.get("labels") or []
            if len(labels) != 1:
                raise RecordError(f"result {rid}: a region needs exactly one label, found {labels!r}")
            regions[rid] = {
                "start": value.get("start"),
                "end": value.get("end"),
                "label": str(labels[0]),
                "text": value.get("text"),
                "score": result.get("score"),
            }
            meta = result.get("meta") or {}
            if isinstance(meta, Mapping) and isinstance(meta.get("annotator"), Mapping):
                attrs.setdefault(rid, {}).update(meta["annotator"])
        elif kind in ("choices", "textarea", "taxonomy", "rating", "number"):
            raw = value.get({"choices": "choices", "textarea": "text", "taxonomy": "taxonomy"}.get(kind, kind))
            if isinstance(raw, list):
                raw = "|".join(str(x) for x in raw)
            name = str(result.get("from_name", kind))
            if (
                "start" in value
                or rid in regions
                or any(rid == r.get("id") for r in results if r.get("type") == "labels")
            ):
                attrs.setdefault(rid, {})[name] = raw
            else:
                task_level[f"ls:{name}"] = raw
        else:
            raise RecordError(
                f"result {rid}: result type {kind!r} is not one we can keep (labels, relation, choices, textarea)"
            )
    spans = []
    ids = {}
    for rid, region in regions.items():
        extra = dict(attrs.get(rid, {}))
        span_id = str(extra.pop("id", None) or rid)
        ids[rid] = span_id
        origin = str(extra.pop("origin", Origin.MODEL.value if predicted else Origin.HUMAN.value))
        if predicted:
            origin = Origin.MODEL.value
            if item.get("model_version"):
                extra.setdefault("model", str(item["model_version"]))
            if region["score"] is not None:
                extra.setdefault("score", region["score"])
        try:
            start, end = int(region["start"]), int(region["end"])
        except (TypeError, ValueError):
            raise RecordError(f"result {rid}: a text region needs integer 'start' and 'end'") from None
        spans.append(SpanDraft(span_id, start, end, region["label"], region["text"], origin, extra))
    relations = [RelationDraft(r.id, ids.get(r.head, r.head), ids.get(r.child, r.child), r.label) for r in relations]
    return spans, relations, task_level


# -- out -------------------------------------------------------------------------------------------


def task_json(article: Article, layer: Annotations, as_predictions: bool = False) -> dict[str, Any]:
    """One Label Studio task with this layer's spans as an annotation (or a prediction)."""
    result: list[dict[str, Any]] = []
    for span in layer.sorted_spans():
        value = {
            "start": span.start,
            "end": span.end,
            "text": article.text[span.start : span.end],
            "labels": [span.label],
        }
        region = {"id": span.id, "from_name": SPAN_CONTROL, "to_name": TEXT_OBJECT, "type": "labels", "value": value}
        others = {k: v for k, v in span.attrs.items() if k not in _ATTR_CONTROLS}
        if others or span.origin is Origin.MODEL:
            region["meta"] = {"annotator": {**others, "id": span.id, "origin": span.origin.value}}
        result.append(region)
        for name, control in _ATTR_CONTROLS.items():
            if name in span.attrs and span.attrs[name] is not None:
                chosen = (
                    {"choices": [str(span.attrs[name])]} if control == "choices" else {"text": [str(span.attrs[name])]}
                )
                result.append(
                    {
                        "id": span.id,
                        "from_name": name,
                        "to_name": TEXT_OBJECT,
                        "type": control,
                        "value": {"start": span.start, "end": span.end, **chosen},
                    }
                )
    for rel in layer.relations:
        result.append(
            {"from_id": rel.head, "to_id": rel.child, "type": "relation", "direction": "right", "labels": [rel.label]}
        )
    meta = {k: v for k, v in article_meta(article).items()}
    body: dict[str, Any] = {"result": result}
    # Label Studio refuses a ``completed_by`` that is not one of its users: the layer's name travels in data.
    task: dict[str, Any] = {
        "data": {"text": article.text, "id": article.id, "annotator": layer.annotator, "meta": meta}
    }
    if as_predictions:
        task["predictions"] = [{**body, "model_version": layer.annotator}]
    else:
        task["annotations"] = [{**body, "was_cancelled": False}]
    return task


def label_config(scheme: LabelScheme) -> str:
    """The labelling configuration (XML) for a project that shows our labels, relations and attributes."""
    span_labels = "".join(
        f"<Label value={quoteattr(d.name)} background={quoteattr(d.color)}/>"
        for d in scheme.labels
        if d.kind in (LabelKind.ENTITY, LabelKind.QUOTE)
    )
    relations = "".join(f"<Relation value={quoteattr(name)}/>" for name in scheme.relation_labels)
    kinds = "".join(f"<Choice value={quoteattr(k)}/>" for k in scheme.quote_kinds)
    stances = "".join(f"<Choice value={quoteattr(s)}/>" for s in scheme.stance_labels)
    return (
        f"<View><Relations>{relations}</Relations>"
        f'<Labels name="{SPAN_CONTROL}" toName="{TEXT_OBJECT}">{span_labels}</Labels>'
        f'<Text name="{TEXT_OBJECT}" value="$text"/>'
        f'<Choices name="kind" toName="{TEXT_OBJECT}" perRegion="true">{kinds}</Choices>'
        f'<Choices name="stance" toName="{TEXT_OBJECT}" perRegion="true">{stances}</Choices>'
        f'<TextArea name="speaker_name" toName="{TEXT_OBJECT}" perRegion="true"/></View>'
    )


def write_label_studio(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    """A JSON list of tasks (Label Studio imports a list); ``label_studio_as`` = ``predictions`` or ``annotations``."""
    as_predictions = context.options.get("label_studio_as") == "predictions"
    count = 0
    out.write("[")
    for article, layer in pairs:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(task_json(article, layer, as_predictions), ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


register(
    Format(
        "label-studio",
        "Label Studio JSON export in; tasks out (spans as annotations or predictions)",
        (),
        read_label_studio,
        write_label_studio,
        options=("label_studio_as",),
        export_suffix=".label-studio.json",
    )
)
