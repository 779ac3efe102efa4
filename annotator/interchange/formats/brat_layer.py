"""brat records (:mod:`.brat_ann`) to one layer and back; see :mod:`.brat` for what is kept and how.

Reading maps ``T`` fragments to one span each, events to relations from their trigger (or, with
the ``attribution`` label map, QUOTE -> SPEAKER/CUE links), attributes, notes, normalisations and
equivalences to span ``attrs``; writing regroups fragments, restores events and brat attributes.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from annotator.domain import Annotations, Article, AttrValue, Origin, Relation, Span

from ..layers import RelationDraft, SpanDraft, build_layer
from ..options import ImportOptions
from ..results import RecordError
from . import brat_ann
from .brat_ann import AnnFile

_ROLE_DIGITS = re.compile(r"\d+$")
_FRAGMENT_COPY = re.compile(r"\.\d+$")  # R1.2: R1 leaving the second fragment of its head
STRUCTURAL_ATTRS = ("fragment_of", "fragment", "event", "equiv", "note")
"""Span attributes that stand for brat structure rather than brat attributes."""


def layer_from_ann(article: Article, owner: str, ann: AnnFile, options: ImportOptions) -> tuple[Annotations, list[str]]:
    """The layer an ``.ann`` file describes and notes on what a mapping left out on purpose."""
    mapping = options.mapping
    faults: list[str] = []
    notes: list[str] = []
    by_id = {t.id: t for t in ann.texts}
    triggers: set[str] = set()
    relations: list[RelationDraft] = []
    attrs: dict[str, dict[str, AttrValue]] = {t.id: {} for t in ann.texts}
    origins: dict[str, str] = {}

    def fragments_of(span_id: str) -> list[str]:
        t = by_id.get(span_id)
        n = len(t.fragments) if t else 1
        return [span_id] + [f"{span_id}-{k}" for k in range(2, n + 1)]

    def relate(rel_id: str, head: str, child: str, label: str) -> None:
        heads = fragments_of(head)
        for k, h in enumerate(heads, start=1):
            relations.append(RelationDraft(rel_id if k == 1 else f"{rel_id}.{k}", h, child, label))

    skipped = Counter(t.label for t in ann.texts if t.label in mapping.skip)
    skipped_ids = {t.id for t in ann.texts if t.label in mapping.skip}
    dropped_links = 0

    for event in ann.events:
        roles = [(_ROLE_DIGITS.sub("", role), target) for role, target in event.arguments]
        if any(target in skipped_ids for _, target in roles) or event.trigger in skipped_ids:
            dropped_links += 1
            continue
        contents = [target for role, target in roles if role == "Content"]
        if mapping.attribution and contents:
            triggers.add(event.trigger)
            others = [(role, target) for role, target in roles if role != "Content"]
            cue = next((target for role, target in others if role == "Cue"), None)
            trigger = by_id.get(event.trigger)
            if trigger is None:
                faults.append(f"event {event.id}: its trigger {event.trigger!r} is not a text span")
            elif cue is not None and cue in by_id and sorted(by_id[cue].fragments) != sorted(trigger.fragments):
                notes.append(
                    f"event {event.id}: trigger {event.trigger} {trigger.fragments} differs from its cue {cue} "
                    f"{by_id[cue].fragments}; the cue is kept"
                )
            n = 0
            for content in contents:
                for role, target in others:
                    n += 1
                    relate(f"{event.id}-{n}", content, target, options.role(role))
            continue
        trigger_attrs = attrs.setdefault(event.trigger, {})
        if "event" in trigger_attrs:
            faults.append(f"event {event.id}: trigger {event.trigger} already anchors event {trigger_attrs['event']}")
            continue
        trigger_attrs["event"] = event.id
        for index, (role, target) in enumerate(roles, start=1):
            relate(f"{event.id}-{index}", event.trigger, target, options.role(role))
        trigger_label = by_id[event.trigger].label if event.trigger in by_id else None
        if trigger_label is not None and trigger_label != event.label:
            faults.append(f"event {event.id}: its type {event.label!r} differs from its trigger's {trigger_label!r}")

    for rel in ann.relations:
        if rel.arg1 in skipped_ids or rel.arg2 in skipped_ids:
            dropped_links += 1
            continue
        relate(rel.id, rel.arg1, rel.arg2, options.relation_label(rel.label))

    for attribute in ann.attributes:
        if attribute.target in skipped_ids:
            continue
        if attribute.target not in by_id:
            faults.append(
                f"line {attribute.line}: attribute {attribute.id} is on {attribute.target}, not on a text span; "
                "attributes of relations and events cannot be kept"
            )
            continue
        if attribute.name in STRUCTURAL_ATTRS:
            faults.append(f"line {attribute.line}: attribute name {attribute.name!r} is reserved")
            continue
        if attribute.name == "origin" and attribute.value in ("human", "model"):
            origins[attribute.target] = attribute.value
            continue
        attrs[attribute.target][attribute.name] = attribute.value if attribute.value is not None else True
    for note in ann.notes:
        if note.target in skipped_ids:
            continue
        if note.target not in by_id:
            faults.append(
                f"line {note.line}: note {note.id} is on {note.target}, not on a text span; it cannot be kept"
            )
            continue
        target_attrs = attrs[note.target]
        if note.text.startswith("@") and "=" in note.text:
            name, _, value = note.text[1:].partition("=")
            try:
                target_attrs[name] = json.loads(value)
                continue
            except json.JSONDecodeError:
                pass
        target_attrs["note"] = note.text if "note" not in target_attrs else f"{target_attrs['note']}\n{note.text}"
    for norm in ann.normalizations:
        if norm.target not in by_id:
            faults.append(f"line {norm.line}: normalisation {norm.id} is on {norm.target}, not on a text span")
            continue
        attrs[norm.target][f"norm:{norm.id}"] = f"{norm.kind} {norm.reference}\t{norm.text}"
    for index, equiv in enumerate(ann.equivalences, start=1):
        for member in equiv.members:
            if member not in by_id:
                faults.append(f"line {equiv.line}: equivalence member {member!r} is not a text span")
            elif "equiv" in attrs[member]:
                faults.append(f"line {equiv.line}: {member} is in two equivalence groups")
            else:
                attrs[member]["equiv"] = f"{equiv.kind} {index}"

    spans: list[SpanDraft] = []
    for t in ann.texts:
        if t.id in skipped_ids or t.id in triggers:
            continue
        extra = attrs.get(t.id, {})
        origin = origins.get(t.id, Origin.HUMAN.value)
        if len(t.fragments) == 1:
            (start, end), covered = t.fragments[0], t.text
            spans.append(SpanDraft(t.id, start, end, t.label, covered, origin, dict(extra)))
            continue
        n = len(t.fragments)
        for k, (start, end) in enumerate(t.fragments, start=1):
            span_id = t.id if k == 1 else f"{t.id}-{k}"
            fragment = {**extra, "fragment_of": t.id, "fragment": f"{k}/{n}"}
            spans.append(SpanDraft(span_id, start, end, t.label, None, origin, fragment))
        if t.text and t.text != " ".join(article.text[s:e] for s, e in t.fragments if 0 <= s < e <= len(article.text)):
            faults.append(f"span {t.id!r}: its text {t.text[:60]!r} does not match the article text at its fragments")
    if skipped:
        listed = ", ".join(f"{count} {label}" for label, count in sorted(skipped.items()))
        notes.append(
            f"skipped by the label map: {listed} span(s)"
            + (f" and {dropped_links} link(s) to them" if dropped_links else "")
        )
    if faults:
        raise RecordError(*faults[:20])
    return build_layer(article.id, article.text, owner, spans, relations, options), notes


# -- layer -> .ann ---------------------------------------------------------------------------------


def ann_from_layer(article: Article, layer: Annotations) -> AnnFile:
    """The ``.ann`` records of one layer: fragments regrouped, events and brat attributes restored."""
    text = article.text
    groups: dict[str, list[Span]] = {}
    for span in layer.sorted_spans():
        key = str(span.attrs.get("fragment_of") or span.id)
        groups.setdefault(key, []).append(span)
    brat_ids = _ids(list(groups), "T")
    group_of = {s.id: brat_ids[key] for key, members in groups.items() for s in members}
    ann = AnnFile()
    attr_n = note_n = norm_n = 0
    equivalences: dict[str, list[str]] = {}
    for key, members in groups.items():
        members.sort(key=lambda s: _fragment_index(s.attrs.get("fragment")))
        tid = brat_ids[key]
        lead = members[0]
        fragments = [(s.start, s.end) for s in members]
        covered = " ".join(text[s:e] for s, e in fragments)
        ann.texts.append(brat_ann.TextBound(tid, lead.label, fragments, covered, 0))
        if lead.origin is Origin.MODEL:
            attr_n += 1
            ann.attributes.append(brat_ann.Attribute(f"A{attr_n}", "origin", tid, "model", 0))
        for name in sorted(lead.attrs):
            value = lead.attrs[name]
            if name in ("fragment_of", "fragment", "event") or value is None:
                continue
            if name == "equiv":
                equivalences.setdefault(str(value), []).append(tid)
            elif name.startswith("norm:"):
                norm_n += 1
                head, _, norm_text = str(value).partition("\t")
                kind, _, reference = head.partition(" ")
                ann.normalizations.append(brat_ann.Normalization(f"N{norm_n}", kind, tid, reference, norm_text, 0))
            elif name == "note" and isinstance(value, str) and "\n" not in value:
                note_n += 1
                ann.notes.append(brat_ann.Note(f"#{note_n}", "AnnotatorNotes", tid, value, 0))
            elif value is True or (isinstance(value, str) and value and not any(c.isspace() for c in value)):
                attr_n += 1
                ann.attributes.append(brat_ann.Attribute(f"A{attr_n}", name, tid, None if value is True else value, 0))
            else:
                note_n += 1
                payload = json.dumps(value, ensure_ascii=False)
                ann.notes.append(brat_ann.Note(f"#{note_n}", "AnnotatorNotes", tid, f"@{name}={payload}", 0))
    for kind_index, tids in equivalences.items():
        tids.sort(key=lambda tid: int(tid[1:]))
        ann.equivalences.append(brat_ann.Equivalence(kind_index.split(" ")[0], tids, 0))
    events = {str(s.attrs["event"]): s for s in layer.spans if s.attrs.get("event")}
    event_rels: dict[str, list[tuple[Relation, str]]] = {e: [] for e in events}
    plain = []
    seen: set[tuple[str, str, str, str]] = set()
    for rel in layer.relations:
        head, child = group_of[rel.head], group_of[rel.child]
        base = _FRAGMENT_COPY.sub("", rel.id)
        if (head, child, rel.label, base) in seen:
            continue  # the same link from another fragment of the span
        seen.add((head, child, rel.label, base))
        event = next((e for e, s in events.items() if group_of[s.id] == head and rel.id.startswith(f"{e}-")), None)
        if event is not None:
            event_rels[event].append((rel, child))
        else:
            plain.append((rel, head, child))
    rel_ids = _ids([r.id for r, _, _ in plain], "R")
    for rel, head, child in plain:
        ann.relations.append(brat_ann.BinaryRelation(rel_ids[rel.id], rel.label, head, child, 0))
    event_ids = _ids(list(events), "E")
    for event, trigger in events.items():
        counts: Counter[str] = Counter()
        arguments = []
        for rel, child in sorted(event_rels[event], key=lambda rc: _event_order(rc[0].id)):
            counts[rel.label] += 1
            role = rel.label if counts[rel.label] == 1 else f"{rel.label}{counts[rel.label]}"
            arguments.append((role, child))
        ann.events.append(brat_ann.Event(event_ids[event], trigger.label, group_of[trigger.id], arguments, 0))
    return ann


def _fragment_index(value: AttrValue) -> int:
    try:
        return int(str(value).split("/")[0])
    except ValueError:
        return 0


def _event_order(rel_id: str) -> tuple[int, str]:
    tail = rel_id.rsplit("-", 1)[-1]
    return (int(tail), rel_id) if tail.isdigit() else (0, rel_id)


def _ids(keys: list[str], prefix: str) -> dict[str, str]:
    """brat ids for our ids: kept when already ``<prefix><n>`` and unique, else the next free numbers."""
    pattern = re.compile(rf"^{prefix}(\d+)$")
    kept = {k for k in keys if pattern.match(k)}
    taken = {int(pattern.match(k).group(1)) for k in kept}  # type: ignore[union-attr]
    result: dict[str, str] = {}
    n = 0
    for key in keys:
        if key in kept:
            result[key] = key
            continue
        n += 1
        while n in taken:
            n += 1
        taken.add(n)
        result[key] = f"{prefix}{n}"
    return result
