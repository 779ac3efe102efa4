"""WebAnno TSV 3.3 (INCEpTION's tab-separated format) in and out, with the layers of :mod:`.uima`.

TSV is token based: each line is a token (``<sentence>-<token>``, UTF-16 character offsets, text)
followed by one column per feature of each span layer (``#T_SP=``) and per feature of each
relation layer plus its ``BT_`` column (``#T_RL=``, on the dependent's first token, pointing at
the governor's token). A span over several tokens, or stacked with another, carries a
disambiguation number (``QUOTE[3]``); a relation names both (``1-4[3_5]``, 0 for none).

Writing needs tokens and sentences: tokens come from the export's tokenizer, sentences are the
text's lines. A span whose ends fall inside a token must be widened to whole tokens: such spans
are counted and named in the export's notes, never changed silently; a span that covers no
token at all (white space only) cannot be written and is named too. A file goes to
``annotation/<article>/<annotator>.tsv`` (INCEpTION's export layout), which names the layer when
it is read back. Chains (``#T_CH=``) are refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, Article
from annotator.domain.offsets import OffsetMap

from ..decoding import read_text_file
from ..layers import RelationDraft, SpanDraft, build_layer
from ..options import ImportOptions
from ..results import RECORD_ERRORS, ImportProblem, ImportResult, ParsedArticle, RecordError
from . import ExportContext, Format, Pairs, register
from .uima import LINK_TYPE, QUOTE_ATTRS, SPAN_TYPE

HEADER = "#FORMAT=WebAnno TSV 3.3"
SPAN_COLUMNS = ("label", "ident", "origin", "kind", "stance", "speaker_name", "attrs")
LINK_COLUMNS = ("label", "ident")
_ESCAPES = [("\\", "\\\\"), ("[", "\\["), ("]", "\\]"), ("|", "\\|"), ("_", "\\_"), ("->", "\\->"), (";", "\\;"),
            ("\t", "\\t"), ("\n", "\\n"), ("*", "\\*")]  # fmt: skip
_ENTRY = re.compile(r"^(.*?)(?:\[(\d+)(?:_(\d+))?\])?$", re.S)


def escape(value: str) -> str:
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            if value.startswith("->", i + 1):
                out.append("->")
                i += 3
                continue
            out.append({"t": "\t", "n": "\n"}.get(nxt, nxt))
            i += 2
            continue
        out.append(value[i])
        i += 1
    return "".join(out)


def _split(cell: str) -> list[str]:
    """A cell's stacked entries (``|``-separated, escapes respected)."""
    parts, current, i = [], [], 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            current.append(cell[i : i + 2])
            i += 2
            continue
        if cell[i] == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(cell[i])
        i += 1
    parts.append("".join(current))
    return parts


def _utf16(text: str) -> list[int]:
    """UTF-16 offset of every code point position (and the end)."""
    return OffsetMap(text).utf16_positions()


# -- out -------------------------------------------------------------------------------------------


def tsv_of(article: Article, layer: Annotations, context: ExportContext) -> str:
    text = article.text
    u16 = _utf16(text)
    tokens = [t for t in context.tokenize(text) if text[t.start : t.end].strip()]
    sentences: list[tuple[int, int, list[int]]] = []  # line start, line end, token indices
    position = 0
    ti = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        members = []
        while ti < len(tokens) and tokens[ti].start < end:
            if tokens[ti].start >= start:
                members.append(ti)
            ti += 1
        if members:
            sentences.append((start, end, members))
    address = {}
    for s_number, (_, _, members) in enumerate(sentences, start=1):
        for t_number, ti in enumerate(members, start=1):
            address[ti] = f"{s_number}-{t_number}"
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    covered: dict[str, list[int]] = {}
    snapped, unwritable = [], []
    for span in layer.sorted_spans():
        indices = [i for i, t in enumerate(tokens) if t.start < span.end and span.start < t.end]
        if not indices:
            unwritable.append(span.id)
            continue
        covered[span.id] = indices
        if span.start not in starts or span.end not in ends:
            snapped.append(span.id)
    where = f"{article.id}/{layer.annotator}"
    if snapped:
        context.notes.append(
            f"{where}: {len(snapped)} span(s) cut a token and are widened to whole tokens in WebAnno TSV: "
            + ", ".join(snapped[:20])
        )
    if unwritable:
        context.notes.append(
            f"{where}: {len(unwritable)} span(s) cover no token and are not in the WebAnno TSV: "
            + ", ".join(unwritable)
        )
    number = {span_id: n for n, span_id in enumerate(covered, start=1)}
    spans = {s.id: s for s in layer.spans}
    span_cells: dict[int, list[list[str]]] = {i: [[] for _ in SPAN_COLUMNS] for i in range(len(tokens))}
    for span_id, indices in covered.items():
        span = spans[span_id]
        values = _span_values(span)
        for i in indices:
            for c, value in enumerate(values):
                span_cells[i][c].append(f"{escape(value) if value is not None else '*'}[{number[span_id]}]")
    link_cells: dict[int, list[list[str]]] = {i: [[] for _ in range(len(LINK_COLUMNS) + 1)] for i in range(len(tokens))}
    for rel in layer.relations:
        if rel.head not in covered or rel.child not in covered:
            context.notes.append(f"{where}: relation {rel.id} is not in the WebAnno TSV (one of its spans is not)")
            continue
        first = covered[rel.child][0]
        cells = link_cells[first]
        cells[0].append(escape(rel.label))
        cells[1].append(escape(rel.id))
        cells[2].append(f"{address[covered[rel.head][0]]}[{number[rel.head]}_{number[rel.child]}]")
    lines = [
        HEADER,
        f"#T_SP={SPAN_TYPE}|" + "|".join(SPAN_COLUMNS),
        f"#T_RL={LINK_TYPE}|" + "|".join(LINK_COLUMNS) + f"|BT_{SPAN_TYPE}",
        "",
    ]
    for start, end, members in sentences:
        lines.append("")
        lines.append("#Text=" + text[start:end].replace("\\", "\\\\").replace("\t", "\\t"))
        for ti in members:
            token = tokens[ti]
            columns = ["|".join(c) or "_" for c in span_cells[ti] + link_cells[ti]]
            lines.append(
                "\t".join(
                    [address[ti], f"{u16[token.start]}-{u16[token.end]}", text[token.start : token.end], *columns]
                )
            )
    return "\n".join(lines) + "\n"


def _span_values(span: Any) -> list[str | None]:
    others = {k: v for k, v in span.attrs.items() if k not in QUOTE_ATTRS}
    values: dict[str, str | None] = {
        "label": span.label,
        "ident": span.id,
        "origin": span.origin.value,
        "attrs": json.dumps(others, ensure_ascii=False, sort_keys=True) if others else None,
    }
    for name in QUOTE_ATTRS:
        value = span.attrs.get(name)
        values[name] = str(value) if value is not None else None
    return [values[c] for c in SPAN_COLUMNS]


def write_tsv(pairs: Pairs, folder: Path, context: ExportContext) -> int:
    """``annotation/<article>/<annotator>.tsv`` per article and layer into ``folder``."""
    from .brat import safe_stem

    count = 0
    for article, layer in pairs:
        target = folder / "annotation" / safe_stem(article.id)
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{safe_stem(layer.annotator)}.tsv").write_text(tsv_of(article, layer, context), encoding="utf-8")
        count += 1
    return count


# -- in --------------------------------------------------------------------------------------------


@dataclass
class _Layer:
    name: str
    features: list[str]
    relation: bool = False
    columns: list[int] = field(default_factory=list)


def is_webanno_tsv(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(64).lstrip(b"\xef\xbb\xbf").startswith(b"#FORMAT=WebAnno TSV 3")


def read_tsv(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    if path.suffix.lower() == ".tsv" and not is_webanno_tsv(path):
        from ..csvfiles import read_csv  # a plain tab-separated table

        yield from read_csv(path, options)
        return
    try:
        content = read_text_file(path, options.max_record_bytes)
        yield parse_tsv(content, path, options)
    except RECORD_ERRORS as exc:
        yield ImportProblem(str(path), getattr(exc, "line", None), str(exc))


class _TsvError(RecordError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def parse_tsv(content: str, path: Path, options: ImportOptions) -> ParsedArticle:
    layers: list[_Layer] = []
    text_parts: list[str] = []
    u16_length = 0
    pending_sentence: str | None = None
    sentence_cp = sentence_u16 = 0
    sentence_u16_offsets: list[int] = []
    spans: dict[tuple[str, str], dict[str, Any]] = {}
    relations: list[tuple[str, str, str, str, dict[str, str]]] = []
    column = 3
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.startswith("#FORMAT="):
            continue
        if line.startswith(("#T_SP=", "#T_RL=")):
            name, *feature_names = line[6:].split("|")
            declared = _Layer(name, feature_names, line.startswith("#T_RL="))
            for _ in feature_names:
                declared.columns.append(column)
                column += 1
            layers.append(declared)
            continue
        if line.startswith("#T_CH="):
            raise _TsvError(number, "coreference chains (#T_CH) cannot be kept; export without chain layers")
        if line.startswith("#Text="):
            pending_sentence = line[6:].replace("\\t", "\t").replace("\\\\", "\\")
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or "-" not in cells[1]:
            raise _TsvError(number, f"expected a token line (id, offsets, text, columns), found {line[:60]!r}")
        try:
            begin16, end16 = (int(x) for x in cells[1].split("-"))
        except ValueError:
            raise _TsvError(number, f"bad offsets {cells[1]!r}") from None
        if pending_sentence is not None:  # the first token of a sentence: place the sentence in the text
            local = pending_sentence.find(cells[2])
            prefix16 = len(pending_sentence[: max(local, 0)].encode("utf-16-le")) // 2
            gap = begin16 - prefix16 - u16_length
            if gap < 0:
                raise _TsvError(number, "sentences overlap or run backwards")
            text_parts.append("\n" * gap)
            sentence_cp = sum(len(p) for p in text_parts)
            sentence_u16 = u16_length + gap
            sentence_u16_offsets = [sentence_u16 + o for o in _utf16(pending_sentence)]
            text_parts.append(pending_sentence)
            u16_length = sentence_u16_offsets[-1]
            pending_sentence = None
        try:
            start = sentence_cp + sentence_u16_offsets.index(begin16)
            end = sentence_cp + sentence_u16_offsets.index(end16)
        except ValueError:
            raise _TsvError(number, f"token offsets {cells[1]} fall outside their sentence") from None
        token = cells[0]
        for declared in layers:
            values = [cells[c] if c < len(cells) else "_" for c in declared.columns]
            if declared.relation:
                _relation_entries(declared, values, token, relations, number)
            else:
                _span_entries(declared, values, token, start, end, spans)
    text = "".join(text_parts)
    if not text.strip():
        raise RecordError("the file holds no tokens")
    drafts: list[SpanDraft] = []
    by_key: dict[tuple[str, str], str] = {}
    first_key: dict[int, tuple[str, str]] = {}
    for n, ((layer_name, key), item) in enumerate(spans.items(), start=1):
        if id(item) in first_key:  # a single-token span also filed under its token
            by_key[(layer_name, key)] = by_key[first_key[id(item)]]
            continue
        first_key[id(item)] = (layer_name, key)
        features = item["features"]
        ours = layer_name == SPAN_TYPE
        span_id = features.get("ident") if ours and features.get("ident") else f"w{n}"
        by_key[(layer_name, key)] = span_id
        label = features.get("label") if ours else features.get("value") or layer_name.rsplit(".", 1)[-1]
        attrs: dict[str, Any] = json.loads(features["attrs"]) if ours and features.get("attrs") else {}
        if ours:
            attrs.update({k: features[k] for k in QUOTE_ATTRS if features.get(k)})
        origin = features.get("origin") or "human" if ours else "human"
        drafts.append(SpanDraft(span_id, item["start"], item["end"], label or "", None, origin, attrs))
    rel_drafts = []
    for n, (layer_name, governor, dependent, token, features) in enumerate(relations, start=1):
        target_layer = layer_name
        head = _resolve(by_key, target_layer, governor)
        child = _resolve(by_key, target_layer, dependent or f"@{token}")
        rel_id = features.get("ident") or f"r{n}"
        rel_drafts.append(
            RelationDraft(rel_id, head, child, features.get("label") or features.get("value") or "related")
        )
    article_id, annotator = path.stem, None
    if path.parent.parent.name == "annotation":
        article_id, annotator = Path(path.parent.name).stem, path.stem
    article = Article(id=article_id, text=text, title=next((x.strip() for x in text.split("\n") if x.strip()), ""),
                      source=str(path))  # fmt: skip
    layer = build_layer(article.id, text, options.owner(annotator), drafts, rel_drafts, options)
    return ParsedArticle(article, (layer,), str(path), None)


def _span_entries(
    layer: _Layer, values: list[str], token: str, start: int, end: int, spans: dict[tuple[str, str], dict[str, Any]]
) -> None:
    if all(v == "_" for v in values):
        return
    per_feature = [_split(v) if v != "_" else [] for v in values]
    stacked = max(len(entries) for entries in per_feature)
    for index in range(stacked):
        key, features = None, {}
        for name, entries in zip(layer.features, per_feature, strict=True):
            if index >= len(entries):
                continue
            match = _ENTRY.match(entries[index])
            raw, ident = (match.group(1), match.group(2)) if match else (entries[index], None)
            key = ident if ident else key or f"@{token}#{index}"
            if raw not in ("*", "_", ""):
                features[name] = unescape(raw)
        key = key or f"@{token}#{index}"
        item = spans.setdefault((layer.name, key), {"start": start, "end": end, "features": {}})
        item["start"], item["end"] = min(item["start"], start), max(item["end"], end)
        item["features"].update(features)
        if not key.startswith("@"):
            continue
        spans.setdefault((layer.name, f"@{token}"), item)  # single-token spans are found by their token


def _relation_entries(layer: _Layer, values: list[str], token: str, relations: list[Any], line: int) -> None:
    if all(v == "_" for v in values):
        return
    names = layer.features
    bt = names.index(next(n for n in names if n.startswith("BT_")))
    base = layer.features[bt][3:]
    entries = [_split(v) if v != "_" else [] for v in values]
    for index, reference in enumerate(entries[bt]):
        match = re.match(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$", reference)
        if not match:
            raise _TsvError(line, f"bad relation reference {reference!r}")
        governor_token, governor_id, dependent_id = match.groups()
        governor = governor_id if governor_id and governor_id != "0" else f"@{governor_token}"
        dependent = dependent_id if dependent_id and dependent_id != "0" else None
        features = {
            name: unescape(entries[i][index])
            for i, name in enumerate(names)
            if i != bt and index < len(entries[i]) and entries[i][index] not in ("_", "*")
        }
        relations.append((base, governor, dependent, token, features))


def _resolve(by_key: dict[tuple[str, str], str], layer: str, key: str) -> str:
    """Our span id for a TSV reference (a disambiguation number, or ``@<token>`` for a single-token span)."""
    return by_key.get((layer, key), f"(no span {key} in {layer})")


register(
    Format(
        "webanno",
        "WebAnno TSV 3.3 (INCEpTION); a .tsv that is not WebAnno is read as a table; export: a folder",
        (".tsv",),
        read_tsv,
        write_tsv,
        output="folder",
    )
)
