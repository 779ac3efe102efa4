"""Shared machinery of the hostile-input tests: write a file, import it every way, check the outcome.

Besides hostile bytes, :func:`valid_layers` generates annotated articles that are right in every
way (offsets inside the text, unique ids, relations whose ends exist, labels of the shipped
scheme), and :func:`layered_files` writes them in each annotated format beside hostile records, so
that the fuzzing also proves the importers *accept* what they should, with its layer intact.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from annotator.domain import Annotations, Article, Origin, Relation, Span, Status
from annotator.interchange import (
    ImportNote,
    ImportProblem,
    ParsedArticle,
    article_record,
    default_label_scheme,
    read_paths,
    simple_tokenize,
    task_record,
)
from annotator.services.importing import import_paths
from annotator.storage import Placed, Store

#: Where each importer reads from: the file name it is given and the format forced, if any.
IMPORTERS: dict[str, tuple[str, str | None]] = {
    "txt": ("record.txt", None),
    "html": ("record.html", None),
    "jsonl": ("record.jsonl", None),
    "json": ("record.json", None),
    "csv": ("record.csv", None),
    "brat": ("record.ann", None),  # with record.txt beside it
    "prodigy": ("record.jsonl", "prodigy"),
    "doccano": ("record.jsonl", "doccano"),
    "label-studio": ("record.json", "label-studio"),
    "webanno": ("record.tsv", "webanno"),
    "xmi": ("record.xmi", "xmi"),
}


@dataclass
class FuzzStats:
    """What the fuzzing did, per importer: printed so that the figures can be reported."""

    examples: Counter[str] = field(default_factory=Counter)
    articles: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    layered: Counter[str] = field(default_factory=Counter)  # accepted records whose layer has spans
    slowest: dict[str, float] = field(default_factory=dict)

    def line(self, importer: str, strategy: str) -> str:
        return (
            f"fuzz {importer:8s} {strategy:14s}: {self.examples[importer]:4d} examples, "
            f"{self.articles[importer]} articles ({self.layered[importer]} with a layer of spans), "
            f"{self.problems[importer]} problems, slowest {self.slowest.get(importer, 0.0) * 1000:.0f} ms"
        )


def write_input(folder: Path, importer: str, data: bytes, brat_text: bytes | None = None) -> Path:
    """Write ``data`` as the file ``importer`` reads; returns the path to import."""
    for old in folder.iterdir():
        old.unlink()
    name, _ = IMPORTERS[importer]
    path = folder / name
    path.write_bytes(data)
    if importer == "brat":
        (folder / "record.txt").write_bytes(brat_text if brat_text is not None else b"Some text of an article.\n")
    return path


def _paths(path: Path | Sequence[Path]) -> list[Path]:
    return [path] if isinstance(path, Path) else list(path)


def check_results(path: Path | Sequence[Path], importer: str, stats: FuzzStats) -> list[ParsedArticle | ImportProblem]:
    """Read ``path``: every result is an article that fits its layers, or a problem naming where and why."""
    _, forced = IMPORTERS[importer]
    paths = _paths(path)
    started = time.perf_counter()
    results = list(read_paths(paths, format=forced))
    elapsed = time.perf_counter() - started
    stats.slowest[importer] = max(stats.slowest.get(importer, 0.0), elapsed)
    stats.examples[importer] += 1
    # An empty result is allowed: a CSV with only a header holds no record to report on.
    for result in results:
        if isinstance(result, ImportProblem):
            stats.problems[importer] += 1
            assert isinstance(result.message, str) and result.message.strip(), "a problem without a message"
            assert any(p.stem in result.source for p in paths), f"a problem that names no file: {result}"
            assert "Traceback" not in result.message
        elif isinstance(result, ImportNote):
            assert result.message.strip(), "a note without a message"
        else:
            assert isinstance(result, ParsedArticle), f"unexpected result {result!r}"
            stats.articles[importer] += 1
            text = result.article.text
            assert text.strip()
            for layer in result.layers:
                layer.validate(len(text))  # every span inside the text
            if any(layer.spans for layer in result.layers):
                stats.layered[importer] += 1
    return results


def _where(parsed: ParsedArticle) -> str:
    return parsed.source if parsed.line is None else f"{parsed.source}, line {parsed.line}"


def _content(layer: Annotations) -> tuple[frozenset[tuple[int, int, str]], int]:
    return frozenset((s.start, s.end, s.label) for s in layer.spans), len(layer.relations)


def check_stored(
    store: Store, path: Path | Sequence[Path], importer: str, results: list[ParsedArticle | ImportProblem]
) -> None:
    """Import ``path`` into ``store`` with the real import service: accepted records stored whole
    (every layer where the report says it went), rejected ones leave nothing, the file stays sound."""
    _, forced = IMPORTERS[importer]
    count_before = store.article_count()
    ids_before = set(store.article_ids())
    report = import_paths(store, _paths(path), format=forced)
    store.update_search_index()
    new_ids = set(store.article_ids()) - ids_before
    assert len(new_ids) == store.article_count() - count_before == len(report.added)
    parsed = [r for r in results if isinstance(r, ParsedArticle)]
    notes = sum(isinstance(r, ImportNote) for r in results)
    assert len(report.added) + len(report.duplicates) + len(report.problems) == len(results) - notes
    assert len(new_ids) <= len(parsed), "more articles stored than were accepted"
    by_hash: dict[str, ParsedArticle] = {}
    for p in parsed:
        by_hash.setdefault(p.article.content_hash, p)  # the first one is stored; later ones are duplicates
    for article_id in new_ids:
        article = store.article(article_id)
        source = by_hash.get(article.content_hash)
        assert source is not None, f"{article_id}: stored, but the reader did not accept it"
        assert article.text == source.article.text
    # Every layer of an accepted record is where the report says, whole (a new article, or one stored before).
    # A whole-file format (a .json list) names every record by the file alone: compare per place.
    by_where: dict[str, list[ParsedArticle]] = {}
    for p in parsed:
        by_where.setdefault(_where(p), []).append(p)
    placed = Counter(where for where, _ in report.placements)
    refused = " ".join(report.problems)
    for where, sources in by_where.items():
        layers = sum(len(s.layers) for s in sources)
        if where not in refused:
            assert placed[where] == layers, f"{where}: {layers} layer(s), placed {placed[where]}"
    for where, placement in report.placements:
        stored = _content(store.annotations(placement.article_id, placement.stored))
        candidates = [_content(la) for s in by_where[where] for la in s.layers if la.annotator == placement.incoming]
        assert stored in candidates, f"{where}: the layer stored as {placement.stored!r} is not the one imported"
        assert placement.placed is not Placed.REPLACED, "an import without --replace replaced a layer"
    assert store.integrity_problems() == []


# -- valid annotated layers ------------------------------------------------------------------------------

#: Article text: any character but those that end a line or a brat field (a tab, a line break) or that a
#: decoder may drop (a BOM, lone surrogates): what the annotated formats can carry verbatim.
TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff")
IDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=6)


@st.composite
def valid_layers(draw: st.DrawFn, brat: bool = False) -> tuple[Article, Annotations]:
    """An article and one annotator's layer on it that every reader must accept as it is.

    Offsets lie inside the text, span and relation ids are unique, every relation's ends exist, labels,
    quote kinds and stances come from the shipped scheme. ``brat``: ids as brat writes them (T1, R1).
    """
    scheme = default_label_scheme()
    text = draw(st.text(alphabet=TEXT_CHARS, min_size=1, max_size=160).filter(lambda t: t.strip()))
    text = "Mayor " + text  # a word first: a title for brat, and never all white space
    count = draw(st.integers(min_value=1, max_value=6))
    if brat:
        span_ids = [f"T{n}" for n in range(1, count + 1)]
    else:
        span_ids = draw(st.lists(IDS, min_size=count, max_size=count, unique=True))
    spans = []
    for span_id in span_ids:
        start = draw(st.integers(min_value=0, max_value=len(text) - 1))
        end = draw(st.integers(min_value=start + 1, max_value=min(len(text), start + 60)))
        label = draw(st.sampled_from(scheme.span_labels))
        attrs: dict[str, str] = {}
        if label == "QUOTE" and not brat:
            if draw(st.booleans()):
                attrs["kind"] = draw(st.sampled_from(scheme.quote_kinds))
            if draw(st.booleans()):
                attrs["stance"] = draw(st.sampled_from(scheme.stance_labels))
        spans.append(Span(span_id, start, end, label, Origin.HUMAN, attrs))
    relations = []
    if count > 1:
        pairs = draw(
            st.lists(st.tuples(st.sampled_from(span_ids), st.sampled_from(span_ids)), max_size=4).map(
                lambda ps: [(h, c) for h, c in ps if h != c]
            )
        )
        for n, (head, child) in enumerate(pairs, start=1):
            relations.append(Relation(f"R{n}", head, child, draw(st.sampled_from(scheme.relation_labels))))
    status = Status.TODO if brat else draw(st.sampled_from(list(Status)))
    annotator = "imported" if brat else draw(st.sampled_from(["alice", "bob", "gold", "imported"]))
    article = Article(id=draw(IDS), text=text, title="Fuzzed")
    return article, Annotations(article.id, annotator, tuple(spans), tuple(relations), status)


def brat_ann(layer: Annotations, text: str) -> str:
    """The brat standoff of a layer (T lines with the covered text, R lines)."""
    lines = [f"{s.id}\t{s.label} {s.start} {s.end}\t{text[s.start : s.end]}" for s in layer.spans]
    lines += [f"{r.id}\t{r.label} Arg1:{r.head} Arg2:{r.child}" for r in layer.relations]
    return "\n".join(lines) + "\n"


def layered_files(
    folder: Path, importer: str, layers: Sequence[tuple[Article, Annotations]], hostile: Sequence[bytes]
) -> list[Path]:
    """Write ``layers`` in ``importer``'s format with the ``hostile`` records (or files) between them."""
    for old in folder.iterdir():
        old.unlink()
    if importer == "brat":
        paths = []
        for n, (article, layer) in enumerate(layers):
            (folder / f"valid{n}.txt").write_text(article.text, encoding="utf-8")
            paths.append(folder / f"valid{n}.ann")
            paths[-1].write_text(brat_ann(layer, article.text), encoding="utf-8")
        for n, data in enumerate(hostile):
            (folder / f"hostile{n}.txt").write_bytes(b"Some text of an article.\n")
            paths.append(folder / f"hostile{n}.ann")
            paths[-1].write_bytes(data)
        return paths
    if importer == "prodigy":
        good = [json.dumps(task_record(a, la, simple_tokenize)).encode() for a, la in layers]
    else:
        good = [json.dumps(article_record(a, la)).encode() for a, la in layers]
    # Hostile lines, not hostile files: a NUL byte makes a whole file binary (refused as a whole, by
    # design and tested apart), and the first bytes decide the encoding, so a valid record comes first.
    bad = [h.replace(b"\n", b" ").replace(b"\r", b" ").replace(b"\x00", b" ") or b"{" for h in hostile]
    mixed = [g for pair in zip(good, bad, strict=False) for g in pair] + good[len(bad) :] + bad[len(good) :]
    path = folder / IMPORTERS[importer][0]
    if importer == "json":
        # One JSON list: the hostile parts become strings among the records (a list must still parse).
        items = [json.loads(m) if m in good else m.decode("utf-8", "replace") for m in mixed]
        path.write_text(json.dumps(items), encoding="utf-8")
    else:
        path.write_bytes(b"\n".join(mixed) + b"\n")
    return [path]
