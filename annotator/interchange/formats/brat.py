"""brat standoff in and out: ``<stem>.txt`` with one ``.ann`` per annotator, one layer each.

Reading (see :mod:`.brat_ann` for the syntax) keeps everything brat can say, or refuses loudly:

- ``T`` spans; a discontinuous span (``0 5;9 20``, fragments in any order) becomes one span per
  fragment, the first keeping the brat id and the others ``T3-2``, ``T3-3``; each fragment carries
  ``fragment_of`` (the brat id) and ``fragment`` (``"2/3"``, file order), and a relation from the
  span leaves every fragment (into the span, it reaches the first fragment).
- ``R`` relations; ``E`` events as relations from the trigger span (which carries ``event``),
  labelled with the role (digits dropped: ``Theme2`` -> ``Theme``).
- ``A``/``M`` attributes, ``#`` notes (``@name=json`` notes are attributes we wrote ourselves),
  ``N`` normalisations (``norm:N1``) and ``*`` equivalences (``equiv``) as span ``attrs``;
  an attribute or note on a relation or event, which our relations cannot hold, is refused.
- With the ``attribution`` label map (PARC/PolNeAR), events with ``Content``/``Source``/``Cue``
  roles become QUOTE spans linked by ``SPEAKER`` and ``CUE`` to their speaker and cue; the
  trigger (the same words as the cue) is not stored, with a note when it differs from the cue.

Files: ``<stem>.ann`` beside ``<stem>.txt`` belongs to the import's annotator; ``<stem>_<id>.ann``
(in any folder of the import, as PolNeAR keeps ``text/`` and ``attributions/``) to annotator
``<id>``. The text is taken exactly as in the ``.txt`` file: brat's offsets count its characters.

Writing gives one ``<id>.txt`` and ``<id>.ann`` per article in a folder; reading them back gives
the same spans, relations and attributes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from annotator.domain import Annotations, Article, AttrValue, Origin, Relation, Span

from ..decoding import read_text_file
from ..layers import RelationDraft, SpanDraft, build_layer
from ..options import ImportOptions
from ..results import ImportNote, ImportProblem, ImportResult, ParsedArticle, RecordError
from . import brat_ann
from .brat_ann import AnnFile, AnnLineError

_ROLE_DIGITS = re.compile(r"\d+$")
_FRAGMENT_COPY = re.compile(r"\.\d+$")  # R1.2: R1 leaving the second fragment of its head
_BRAT_ID = re.compile(r"^[TREAMN#]\d+$")
STRUCTURAL_ATTRS = ("fragment_of", "fragment", "event", "equiv", "note")
"""Span attributes that stand for brat structure rather than brat attributes."""


# -- files -----------------------------------------------------------------------------------------


def pair_files(files: Iterable[Path]) -> tuple[dict[Path, list[tuple[Path, str | None]]], list[Path]]:
    """Texts with their ``.ann`` files and each file's annotator (``None``: the import's), and orphans.

    ``<stem>.ann`` pairs with ``<stem>.txt`` in the same folder; ``<stem>_<annotator>.ann`` with
    the ``<stem>.txt`` of the longest stem that matches, in any folder of the batch.
    """
    files = list(files)
    texts = [f for f in files if f.suffix.lower() == ".txt"]
    by_stem: dict[str, list[Path]] = {}
    for text in texts:
        by_stem.setdefault(text.stem, []).append(text)
    pairs: dict[Path, list[tuple[Path, str | None]]] = {}
    orphans: list[Path] = []
    for ann in (f for f in files if f.suffix.lower() == ".ann"):
        same = ann.with_suffix(".txt")
        if same in texts or same.is_file():
            pairs.setdefault(same, []).append((ann, None))
            continue
        match = _annotated_text(ann, by_stem) or text_for_ann(ann)
        if match is None:
            orphans.append(ann)
        else:
            text, annotator = match
            pairs.setdefault(text, []).append((ann, annotator))
    for text in texts:
        pairs.setdefault(text, [])
    return pairs, orphans


def _annotated_text(ann: Path, by_stem: Mapping[str, list[Path]]) -> tuple[Path, str] | None:
    """The text whose stem is the longest ``<stem>_`` prefix of the ``.ann``'s stem, nearest folder first."""
    stem = ann.stem
    cut = len(stem)
    while (cut := stem.rfind("_", 0, cut)) > 0:
        candidates = by_stem.get(stem[:cut])
        if candidates and stem[cut + 1 :]:
            near = sorted(candidates, key=lambda p: (p.parent != ann.parent, p.parent.parent != ann.parent.parent))
            return near[0], stem[cut + 1 :]
    return None


def text_for_ann(ann: Path) -> tuple[Path, str | None] | None:
    """The text an ``.ann`` named on its own belongs to, and its annotator, or ``None``.

    Looked for beside it and in a sibling ``text/`` folder (PolNeAR's layout).
    """
    same = ann.with_suffix(".txt")
    if same.is_file():
        return same, None
    candidates = list(ann.parent.glob("*.txt"))
    if (ann.parent.parent / "text").is_dir():
        candidates += list((ann.parent.parent / "text").glob("*.txt"))
    by_stem: dict[str, list[Path]] = {}
    for c in candidates:
        by_stem.setdefault(c.stem, []).append(c)
    return _annotated_text(ann, by_stem)


def read_brat(txt_path: Path, anns: list[tuple[Path, str | None]], options: ImportOptions) -> Iterator[ImportResult]:
    """The article of ``txt_path`` with one layer per ``.ann``.

    A bad ``.ann`` is a problem naming its file and line, and the article is then not imported at
    all (a half-imported article would hide the missing layer behind a "duplicate" on re-import).
    """
    try:
        text = read_text_file(txt_path, options.max_record_bytes)
    except RecordError as exc:
        yield ImportProblem(str(txt_path), None, str(exc))
        return
    if not text.strip():
        yield ImportProblem(str(txt_path), None, "the text is empty")
        return
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    article = Article(id=txt_path.stem, text=text, title=title, source=str(txt_path), raw=None)
    layers: list[Annotations] = []
    notes: list[str] = []
    owners: dict[str, Path] = {}
    failed = False
    for ann_path, annotator in sorted(anns, key=lambda a: a[0].name):
        owner = options.owner(annotator)
        if owner in owners:
            yield ImportProblem(str(ann_path), None, f"a second layer of annotator {owner!r} (first: {owners[owner]})")
            failed = True
            continue
        try:
            content = ann_path.read_bytes().decode("utf-8-sig")
            layer, layer_notes = layer_from_ann(article, owner, brat_ann.parse(content), options)
        except UnicodeDecodeError as exc:
            yield ImportProblem(str(ann_path), None, f"not valid UTF-8 ({exc.reason} at byte {exc.start + 1})")
            failed = True
            continue
        except AnnLineError as exc:
            yield ImportProblem(str(ann_path), exc.line, str(exc))
            failed = True
            continue
        except RecordError as exc:
            yield ImportProblem(str(ann_path), None, str(exc))
            failed = True
            continue
        owners[owner] = ann_path
        layers.append(layer)
        notes.extend(f"{ann_path.name}: {note}" for note in layer_notes)
    if not failed:
        yield ParsedArticle(article, tuple(layers), str(txt_path), None, tuple(notes))


# -- .ann -> layer ---------------------------------------------------------------------------------


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


def safe_stem(article_id: str) -> str:
    """A file name for an article id (path separators and other awkward characters replaced)."""
    stem = re.sub(r"[^\w.\-]", "_", article_id).strip(".")
    return stem or "article"


def write_brat(pairs: Iterable[tuple[Article, Annotations]], folder: Path) -> int:
    """``<id>.txt`` and ``<id>.ann`` per article into ``folder`` (which exists); returns the number written."""
    count = 0
    used: set[str] = set()
    for article, layer in pairs:
        stem = safe_stem(article.id)
        base, n = stem, 1
        while stem in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        (folder / f"{stem}.txt").write_bytes(article.text.encode("utf-8"))
        (folder / f"{stem}.ann").write_bytes(brat_ann.write(ann_from_layer(article, layer)).encode("utf-8"))
        count += 1
    return count


__all__ = ["ImportNote", "pair_files", "read_brat", "text_for_ann", "write_brat"]


def read_brat_file(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """A brat file named on its own: a ``.txt`` with every ``.ann`` that belongs to it, or an ``.ann``."""
    if path.suffix.lower() == ".ann":
        found = text_for_ann(path)
        if found is None:
            yield ImportProblem(
                str(path), None, f"brat annotations without their text: {path.with_suffix('.txt').name} is missing"
            )
            return
        yield from read_brat(found[0], [(path, found[1])], options)
        return
    folders = {path.parent, path.parent.parent / "attributions", path.parent.parent / "ann"}
    anns = sorted({a for folder in folders if folder.is_dir() for a in folder.glob(f"{path.stem}*.ann")})
    pairs, _ = pair_files([path, *anns])
    yield from read_brat(path, pairs.get(path, []), options)


def read_brat_files(files: Iterable[Path], options: ImportOptions, *, all_texts: bool = True) -> Iterator[ImportResult]:
    """A batch of ``.txt`` and ``.ann`` files (a walked folder): each text with all its layers.

    With ``all_texts`` false (no ``--format brat``), a text without any ``.ann`` is a plain text
    and read as one (clean-up and all), not as a brat document.
    """
    from .plain import read_txt

    pairs, orphans = pair_files(files)
    for text in sorted(pairs):
        if pairs[text] or all_texts:
            yield from read_brat(text, pairs[text], options)
        else:
            yield from read_txt(text, options)
    for ann in orphans:
        yield ImportProblem(
            str(ann),
            None,
            f"brat annotations without their text: {ann.stem}.txt is missing (nor is it <stem>_<annotator>.ann of a text)",
        )


def write_brat_folder(pairs: Iterable[tuple[Article, Annotations]], folder: Path, context: object) -> int:
    return write_brat(pairs, folder)
