"""UIMA CAS XMI in and out through dkpro-cassis (INCEpTION's own library), with our type system.

The type system (written beside the export as ``TypeSystem.xml``; INCEpTION imports it as
custom layers) holds:

- ``webanno.custom.AnnotatorSpan`` (a span layer): ``label``, ``ident`` (our span id), ``origin``,
  the quote's ``kind``, ``stance`` and ``speaker_name``, and ``attrs`` (JSON of any other attribute);
- ``webanno.custom.AnnotatorLink`` (a relation layer on it): ``Governor``, ``Dependent``, ``label``
  (``SPEAKER``, ``CUE`` or the stance toward a target), ``ident``;
- ``webanno.custom.AnnotatorLayer`` (over the document): ``annotator``, ``article_id``, ``title``, ``meta``.

Reading also takes INCEpTION's built-in named entities (``...ner.type.NamedEntity``, label in
``value``). cassis converts UIMA's UTF-16 offsets to code points and back, so emoji stay put.
The annotator of a file without our layer record is taken from INCEpTION's export layout
(``annotation/<document>/<user>.xmi``) or the import's annotator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, Article

from ..layers import RelationDraft, SpanDraft, build_layer
from ..options import ImportOptions
from ..records import article_from_fields, article_meta
from ..results import ImportProblem, ImportResult, ParsedArticle, RecordError
from . import ExportContext, Format, Pairs, register

SPAN_TYPE = "webanno.custom.AnnotatorSpan"
LINK_TYPE = "webanno.custom.AnnotatorLink"
LAYER_TYPE = "webanno.custom.AnnotatorLayer"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
SPAN_FEATURES = ("label", "ident", "origin", "kind", "stance", "speaker_name", "attrs")
QUOTE_ATTRS = ("kind", "stance", "speaker_name")
TYPE_SYSTEM_NAMES = ("TypeSystem.xml", "typesystem.xml")


def type_system() -> Any:
    """Our type system (a fresh cassis ``TypeSystem``)."""
    from cassis import TypeSystem

    ts = TypeSystem()
    span = ts.create_type(SPAN_TYPE, supertypeName="uima.tcas.Annotation")
    for name in SPAN_FEATURES:
        ts.create_feature(span, name, "uima.cas.String")
    link = ts.create_type(LINK_TYPE, supertypeName="uima.tcas.Annotation")
    ts.create_feature(link, "Governor", SPAN_TYPE)
    ts.create_feature(link, "Dependent", SPAN_TYPE)
    ts.create_feature(link, "label", "uima.cas.String")
    ts.create_feature(link, "ident", "uima.cas.String")
    layer = ts.create_type(LAYER_TYPE, supertypeName="uima.tcas.Annotation")
    for name in ("annotator", "article_id", "title", "meta"):
        ts.create_feature(layer, name, "uima.cas.String")
    return ts


@lru_cache(maxsize=1)
def type_system_xml() -> str:
    return str(type_system().to_xml())


def cas_of(article: Article, layer: Annotations) -> Any:
    """The CAS of one article and layer."""
    from cassis import Cas

    ts = type_system()
    cas = Cas(typesystem=ts)
    cas.sofa_string = article.text
    span_type, link_type, layer_type = ts.get_type(SPAN_TYPE), ts.get_type(LINK_TYPE), ts.get_type(LAYER_TYPE)
    made = {}
    for span in layer.sorted_spans():
        others = {k: v for k, v in span.attrs.items() if k not in QUOTE_ATTRS}
        features = {name: str(span.attrs[name]) for name in QUOTE_ATTRS if span.attrs.get(name) is not None}
        if others:
            features["attrs"] = json.dumps(others, ensure_ascii=False, sort_keys=True)
        made[span.id] = span_type(
            begin=span.start, end=span.end, label=span.label, ident=span.id, origin=span.origin.value, **features
        )
        cas.add(made[span.id])
    for rel in layer.relations:
        dependent = made[rel.child]
        cas.add(
            link_type(
                begin=dependent.begin,
                end=dependent.end,
                Governor=made[rel.head],
                Dependent=dependent,
                label=rel.label,
                ident=rel.id,
            )
        )
    meta = json.dumps({"id": article.id, **article_meta(article)}, ensure_ascii=False, sort_keys=True)
    cas.add(
        layer_type(
            begin=0,
            end=len(article.text),
            annotator=layer.annotator,
            article_id=article.id,
            title=article.title,
            meta=meta,
        )
    )
    return cas


def write_xmi(pairs: Pairs, folder: Path, context: ExportContext) -> int:
    """``TypeSystem.xml`` and one ``<article>.xmi`` per article into ``folder``."""
    from .brat import safe_stem

    (folder / "TypeSystem.xml").write_text(type_system_xml(), encoding="utf-8")
    count = 0
    used: set[str] = set()
    for article, layer in pairs:
        stem = safe_stem(article.id)
        while stem in used:
            stem += "_"
        used.add(stem)
        (folder / f"{stem}.xmi").write_text(cas_of(article, layer).to_xmi(), encoding="utf-8")
        count += 1
    return count


def _type_system_for(path: Path) -> Any:
    from cassis import load_typesystem, merge_typesystems

    for folder in (path.parent, path.parent.parent, path.parent.parent.parent):
        for name in TYPE_SYSTEM_NAMES:
            candidate = folder / name
            if candidate.is_file():
                with candidate.open("rb") as f:
                    return merge_typesystems(load_typesystem(f), type_system())
    return type_system()


def read_xmi(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """One article (with its layer) per ``.xmi``; a type system file is read with them, not alone."""
    if path.suffix.lower() == ".xml":
        head = path.read_bytes()[:2000]
        if b"typeSystemDescription" in head:
            return
        yield ImportProblem(str(path), None, "an .xml file that is neither CAS XMI nor a UIMA type system")
        return
    from cassis import load_cas_from_xmi

    try:
        with path.open("rb") as f:
            cas = load_cas_from_xmi(f, typesystem=_type_system_for(path), lenient=True)
    except Exception as exc:  # cassis raises lxml, type system and value errors alike  # noqa: BLE001
        yield ImportProblem(str(path), None, f"not a readable CAS XMI file: {str(exc)[:200]}")
        return
    try:
        yield layer_from_cas(cas, path, options)
    except RecordError as exc:
        yield ImportProblem(str(path), None, str(exc))


def layer_from_cas(cas: Any, path: Path, options: ImportOptions) -> ParsedArticle:
    text = cas.sofa_string or ""
    if not text.strip():
        raise RecordError("the CAS holds no text")
    info = next(iter(_select(cas, LAYER_TYPE)), None)
    fields: dict[str, Any] = {}
    annotator: str | None = None
    fallback = path.stem
    if info is not None:
        fields = json.loads(info.meta) if info.meta else {}
        annotator = info.annotator
    elif path.parent.parent.name == "annotation":  # INCEpTION's export: annotation/<document>/<user>.xmi
        fallback, annotator = Path(path.parent.name).stem, path.stem
    article = article_from_fields(fields, text, fallback, str(path))
    spans: list[SpanDraft] = []
    ids: dict[int, str] = {}
    for n, fs in enumerate(_select(cas, SPAN_TYPE), start=1):
        span_id = fs.ident or f"x{n}"
        ids[id(fs)] = span_id
        attrs: dict[str, Any] = json.loads(fs.attrs) if fs.attrs else {}
        attrs.update({name: getattr(fs, name) for name in QUOTE_ATTRS if getattr(fs, name, None) is not None})
        spans.append(SpanDraft(span_id, fs.begin, fs.end, fs.label or "", None, fs.origin or "human", attrs))
    for n, fs in enumerate(_select(cas, NAMED_ENTITY), start=1):
        spans.append(SpanDraft(f"ne{n}", fs.begin, fs.end, str(getattr(fs, "value", "") or "")))
    relations = []
    for n, fs in enumerate(_select(cas, LINK_TYPE), start=1):
        head, child = ids.get(id(fs.Governor), "?"), ids.get(id(fs.Dependent), "?")
        relations.append(RelationDraft(fs.ident or f"r{n}", head, child, fs.label or ""))
    layer = build_layer(article.id, text, options.owner(annotator), spans, relations, options)
    return ParsedArticle(article, (layer,), str(path), None)


def _select(cas: Any, type_name: str) -> list[Any]:
    try:
        return list(cas.select(type_name))
    except Exception:  # the type is not in this file's type system  # noqa: BLE001
        return []


register(
    Format(
        "xmi",
        "UIMA CAS XMI (INCEpTION) with our type system; export: a folder with TypeSystem.xml",
        (".xmi", ".xml"),
        read_xmi,
        write_xmi,
        output="folder",
    )
)
