"""Shared machinery of the hostile-input tests: write a file, import it every way, check the outcome."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.interchange import ImportNote, ImportProblem, ParsedArticle, read_paths
from annotator.services.importing import import_paths
from annotator.storage import Store

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
    slowest: dict[str, float] = field(default_factory=dict)

    def line(self, importer: str, strategy: str) -> str:
        return (
            f"fuzz {importer:8s} {strategy:14s}: {self.examples[importer]:4d} examples, "
            f"{self.articles[importer]} articles, {self.problems[importer]} problems, "
            f"slowest {self.slowest.get(importer, 0.0) * 1000:.0f} ms"
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


def check_results(path: Path, importer: str, stats: FuzzStats) -> list[ParsedArticle | ImportProblem]:
    """Read ``path``: every result is an article that fits its layers, or a problem naming where and why."""
    _, forced = IMPORTERS[importer]
    started = time.perf_counter()
    results = list(read_paths([path], format=forced))
    elapsed = time.perf_counter() - started
    stats.slowest[importer] = max(stats.slowest.get(importer, 0.0), elapsed)
    stats.examples[importer] += 1
    # An empty result is allowed: a CSV with only a header holds no record to report on.
    for result in results:
        if isinstance(result, ImportProblem):
            stats.problems[importer] += 1
            assert isinstance(result.message, str) and result.message.strip(), "a problem without a message"
            assert path.name in result.source or "record" in result.source, f"a problem that names no file: {result}"
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
    return results


def check_stored(store: Store, path: Path, importer: str, results: list[ParsedArticle | ImportProblem]) -> None:
    """Import ``path`` into ``store`` with the real import service: accepted records stored whole,
    rejected ones leave nothing, the file stays sound."""
    _, forced = IMPORTERS[importer]
    count_before = store.article_count()
    ids_before = set(store.article_ids())
    report = import_paths(store, [path], format=forced)
    store.update_search_index()
    new_ids = set(store.article_ids()) - ids_before
    assert len(new_ids) == store.article_count() - count_before == len(report.added)
    parsed = [r for r in results if isinstance(r, ParsedArticle)]
    notes = sum(isinstance(r, ImportNote) for r in results)
    assert len(report.added) + len(report.duplicates) + len(report.problems) == len(results) - notes
    assert len(new_ids) <= len(parsed), "more articles stored than were accepted"
    by_hash = {p.article.content_hash: p for p in parsed}
    for article_id in new_ids:
        article = store.article(article_id)
        source = by_hash.get(article.content_hash)
        assert source is not None, f"{article_id}: stored, but the reader did not accept it"
        assert article.text == source.article.text
        for layer in source.layers:
            stored = store.annotations(article_id, layer.annotator)
            assert {(s.start, s.end, s.label) for s in stored.spans} == {(s.start, s.end, s.label) for s in layer.spans}
            assert len(stored.relations) == len(layer.relations)
    assert store.integrity_problems() == []
