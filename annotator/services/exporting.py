"""Exporting a layer of a project: JSONL (ours), Prodigy JSONL, spaCy DocBin, CSV of quotes.

Streams article by article (constant memory), writes to a temporary file beside the target and
moves it into place at the end, so that a failed export never leaves half a file, and never
overwrites an existing file unless asked to.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..domain import Annotations, AnnotatorError, Article, Status
from ..storage import Store

FORMATS = ("jsonl", "prodigy", "spacy", "csv")
TEXT_FORMATS = ("jsonl", "prodigy", "csv")

#: Called with (records written, records in all); the return value is ignored.
ExportProgress = Callable[[int, int], object]


def export_project(
    store: Store,
    out: str | Path,
    *,
    format: str = "jsonl",  # noqa: A002 - the CLI's word
    annotator: str,
    statuses: Sequence[Status] = (),
    force: bool = False,
    bom: bool = False,
    progress: ExportProgress | None = None,
) -> int:
    """Write ``annotator``'s layer of every article (optionally only some statuses) to ``out``.

    Returns the number of records written. ``out`` may be ``-`` (standard output) for text formats.
    """
    if format not in FORMATS:
        raise AnnotatorError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    total = store.count_articles(annotator, statuses) if progress else 0
    pairs = _counted(store.iter_layers(annotator, statuses), total, progress)
    if str(out) == "-":
        if format not in TEXT_FORMATS:
            raise AnnotatorError("the spacy format is binary: give a file name, not -")
        return _write(format, pairs, sys.stdout, bom=False)
    target = Path(out)
    if target.exists() and not force:
        raise AnnotatorError(f"{target}: already exists; use --force to overwrite it")
    if not target.parent.exists():
        raise AnnotatorError(f"{target}: the folder {target.parent} does not exist")
    with _atomic_path(target) as tmp:
        if format == "spacy":
            from ..nlp.docbin import write_docbin
            from .scheme import project_scheme

            return write_docbin(pairs, tmp, scheme=project_scheme(store))
        with open(tmp, "w", encoding="utf-8", newline="") as stream:
            return _write(format, pairs, stream, bom=bom)


def _write(format: str, pairs: Iterator[tuple[Article, Annotations]], stream: object, *, bom: bool) -> int:  # noqa: A002
    from ..interchange.csvfiles import write_quotes_csv
    from ..interchange.jsonl import write_jsonl
    from ..interchange.prodigy import write_prodigy

    if format == "jsonl":
        return write_jsonl(pairs, stream)  # type: ignore[arg-type]
    if format == "prodigy":
        from ..nlp.tokens import spacy_tokenizer

        return write_prodigy(pairs, stream, spacy_tokenizer())  # type: ignore[arg-type]
    return write_quotes_csv(pairs, stream, bom=bom)  # type: ignore[arg-type]


def _counted(
    pairs: Iterator[tuple[Article, Annotations]], total: int, progress: ExportProgress | None
) -> Iterator[tuple[Article, Annotations]]:
    done = 0
    for pair in pairs:
        yield pair
        done += 1
        if progress is not None and done % 100 == 0:
            progress(done, total)
    if progress is not None:
        progress(done, total)


@contextlib.contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
