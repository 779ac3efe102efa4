"""brat standoff: ``name.txt`` with ``name.ann`` beside it is one article with one layer.

``T`` lines become spans, ``R`` lines relations, each argument of an ``E`` event a relation from
the event's trigger (labelled with the argument's role, digits dropped: ``Theme2`` -> ``Theme``),
``A``/``M`` attributes span ``attrs`` (``True`` when the attribute has no value) and ``#`` notes
a ``note`` attribute. A discontinuous span (``0 5;9 20``) becomes the range from its first to its
last fragment, with the fragments kept in the ``fragments`` attribute. Labels pass through the
options' ``label_map`` and are checked against the label scheme like any other import.

The text is taken exactly as in the ``.txt`` file (no clean-up, no newline conversion): brat's
offsets count its characters.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.domain import Article, AttrValue

from .decoding import read_text_file
from .layers import RelationDraft, SpanDraft, build_layer
from .options import ImportOptions
from .results import ImportProblem, ImportResult, ParsedArticle, RecordError

_FRAGMENT = re.compile(r"^(\d+) (\d+)$")
_ROLE_DIGITS = re.compile(r"\d+$")


def read_brat(txt_path: Path, ann_path: Path, options: ImportOptions) -> ImportResult:
    """The article of ``txt_path`` with the layer of ``ann_path``, or the problem that stops it."""
    try:
        text = read_text_file(txt_path, options.max_record_bytes)
    except RecordError as exc:
        return ImportProblem(str(txt_path), None, str(exc))
    try:
        ann_text = ann_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ImportProblem(str(ann_path), None, f"not valid UTF-8 ({exc.reason} at byte {exc.start + 1})")
    try:
        spans, relations = parse_ann(ann_text)
    except _AnnLineError as exc:
        return ImportProblem(str(ann_path), exc.line, str(exc))
    if not text.strip():
        return ImportProblem(str(txt_path), None, "the text is empty")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    article = Article(id=txt_path.stem, text=text, title=title, source=str(txt_path), raw=None)
    try:
        layer = build_layer(article.id, text, options.owner(None), spans, relations, options)
    except RecordError as exc:
        return ImportProblem(str(ann_path), None, str(exc))
    return ParsedArticle(article, (layer,), str(txt_path), None)


class _BadLine(ValueError):
    """A fault of one ``.ann`` line that we can name precisely."""


class _AnnLineError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_ann(content: str) -> tuple[list[SpanDraft], list[RelationDraft]]:
    """Span and relation drafts of an ``.ann`` file; raises on the first line that is not brat standoff."""
    spans: list[SpanDraft] = []
    attrs: dict[str, dict[str, AttrValue]] = {}
    relations: list[RelationDraft] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        ann_id, _, rest = line.partition("\t")
        kind = ann_id[:1]
        try:
            if kind == "T":
                spans.append(_text_bound(ann_id, rest))
            elif kind == "R":
                label, arg1, arg2 = rest.split()[:3]
                relations.append(RelationDraft(ann_id, _arg(arg1), _arg(arg2), label))
            elif kind == "E":
                trigger, *arguments = rest.split()
                head = _arg(trigger)
                for index, argument in enumerate(arguments, start=1):
                    role, _, target = argument.partition(":")
                    relations.append(RelationDraft(f"{ann_id}-{index}", head, target, _ROLE_DIGITS.sub("", role)))
            elif kind in "AM":
                name, target, *value = rest.split()
                attrs.setdefault(target, {})[name] = value[0] if value else True
            elif kind == "#":
                fields = rest.split("\t", 1)
                target = fields[0].split()[1]
                attrs.setdefault(target, {})["note"] = fields[1] if len(fields) > 1 else ""
            elif kind not in "N*":
                raise _BadLine(f"unknown annotation type {ann_id!r}")
        except _BadLine as exc:
            raise _AnnLineError(number, f"{exc}: {line[:80]!r}") from None
        except (ValueError, IndexError):
            raise _AnnLineError(number, f"malformed {kind or 'empty'} annotation: {line[:80]!r}") from None
    drafts = []
    for draft in spans:
        extra = attrs.get(draft.id)
        drafts.append(draft if not extra else SpanDraft(**{**draft.__dict__, "attrs": {**draft.attrs, **extra}}))
    return drafts, relations


def _arg(argument: str) -> str:
    """``Arg1:T3`` -> ``T3``."""
    _, sep, target = argument.partition(":")
    if not sep or not target:
        raise _BadLine(f"malformed argument {argument!r}")
    return target


def _text_bound(ann_id: str, rest: str) -> SpanDraft:
    type_and_offsets, _, covered = rest.partition("\t")
    label, _, offsets = type_and_offsets.partition(" ")
    fragments = []
    for fragment in offsets.split(";"):
        match = _FRAGMENT.match(fragment.strip())
        if not match:
            raise _BadLine(f"bad fragment offsets {fragment!r}")
        fragments.append((int(match.group(1)), int(match.group(2))))
    start, end = fragments[0][0], fragments[-1][1]
    if len(fragments) == 1:
        return SpanDraft(ann_id, start, end, label, text=covered)
    described = ";".join(f"{s} {e}" for s, e in fragments)
    return SpanDraft(ann_id, start, end, label, attrs={"fragments": described})
