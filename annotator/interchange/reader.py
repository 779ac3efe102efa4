"""The one entry point for imports: files and folders in, a stream of articles and problems out.

Folders are walked in sorted order, hidden files and folders skipped. The format is chosen by
extension unless ``format`` forces one. A ``.txt`` with an ``.ann`` beside it is a brat pair
(one article with a layer), read once whichever of the two is named.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from annotator.domain import Article, LabelScheme
from annotator.domain.open_projects import OPEN_PROJECTS, FileIdentity, identity

from .brat import read_brat
from .cleanup import trim_text
from .csvfiles import read_csv
from .decoding import normalise_newlines, read_text_file
from .html import article_from_html
from .jsonl import read_json, read_jsonl
from .options import ImportOptions
from .results import RECORD_ERRORS, ImportProblem, ImportResult, ParsedArticle, RecordError

FORMATS: Mapping[str, tuple[str, ...]] = {
    "txt": (".txt", ".text"),
    "html": (".html", ".htm", ".xhtml"),
    "jsonl": (".jsonl", ".ndjson"),
    "json": (".json",),
    "csv": (".csv", ".tsv"),
    "brat": (".ann",),
    "prodigy": (),
}
"""Format names accepted by ``format`` and the extensions that select them; Prodigy files are JSONL."""

_BY_EXTENSION = {ext: name for name, exts in FORMATS.items() for ext in exts}


def read_paths(
    paths: Iterable[Path],
    *,
    format: str | None = None,
    text_field: str = "text",
    annotator: str | None = None,
    scheme: LabelScheme | None = None,
    label_map: Mapping[str, str] | None = None,
    clean: bool = True,
) -> Iterator[ImportResult]:
    """Parse every file named or found under a folder, lazily, one result per article or problem.

    See :class:`ImportOptions` for ``annotator``, ``scheme``, ``label_map`` and ``clean``.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown import format {format!r}; expected one of {', '.join(FORMATS)}")
    options = ImportOptions(
        text_field=text_field, annotator=annotator, scheme=scheme, label_map=dict(label_map or {}), clean=clean
    )
    done_pairs: set[Path] = set()
    skip = OPEN_PROJECTS.protected_identities()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for found in _walk(path, skip):
                yield from _read_file(found, format, options, done_pairs)
        elif identity(path) in skip:
            yield ImportProblem(str(path), None, "an open project or one of its SQLite files; not read")
        elif path.exists():
            yield from _read_file(path, format, options, done_pairs)
        else:
            yield ImportProblem(str(path), None, "no such file or folder")


def _walk(folder: Path, skip: frozenset[FileIdentity] = frozenset()) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, depth first, hidden entries skipped.

    Files in ``skip`` (device, inode) are left out silently: the open project and its SQLite side
    files, which a plain ``open()`` must never touch (closing it would drop this process's SQLite
    locks on them), whatever their names.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(Path(entry.path), skip)
        elif entry.is_file() and identity(entry.path) not in skip:
            yield Path(entry.path)


def _read_file(path: Path, format: str | None, options: ImportOptions, done_pairs: set[Path]) -> Iterator[ImportResult]:
    suffix = path.suffix.lower()
    chosen = format or _BY_EXTENSION.get(suffix)
    if chosen is None:
        known = ", ".join(sorted(_BY_EXTENSION))
        yield ImportProblem(str(path), None, f"unsupported file type {suffix or '(no extension)'!r} (expected {known})")
        return
    pair = _brat_pair(path) if chosen in ("txt", "brat") else None
    if pair is not None:
        txt, ann = pair
        if txt.resolve() not in done_pairs:
            done_pairs.add(txt.resolve())
            yield read_brat(txt, ann, options)
        return
    if chosen == "brat":
        yield ImportProblem(
            str(path), None, f"brat annotations without their text: {path.with_suffix('.txt').name} is missing"
        )
        return
    try:
        if chosen == "txt":
            yield _read_txt(path, options)
        elif chosen == "html":
            yield _read_html(path, options)
        elif chosen == "json":
            yield from read_json(path, options)
        elif chosen == "csv":
            yield from read_csv(path, options)
        else:
            yield from read_jsonl(path, options)
    except RECORD_ERRORS as exc:
        yield ImportProblem(str(path), None, str(exc))
    except OSError as exc:
        yield ImportProblem(str(path), None, f"cannot read the file: {exc.strerror or exc}")


def _brat_pair(path: Path) -> tuple[Path, Path] | None:
    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    return (txt, ann) if txt.is_file() and ann.is_file() else None


def _read_txt(path: Path, options: ImportOptions) -> ParsedArticle:
    """A plain text file: the first non-empty line is the headline and stays the first line of the text."""
    text = normalise_newlines(read_text_file(path, options.max_record_bytes))
    trimmed: tuple[str, ...] = ()
    if options.clean:
        text, trimmed = trim_text(text)
    if not text.strip():
        raise RecordError("the file holds no text" if not options.clean else "the file holds no article text")
    title = next(line.strip() for line in text.split("\n") if line.strip())
    return ParsedArticle(Article(id=path.stem, text=text, title=title, source=str(path)), (), str(path), None, trimmed)


def _read_html(path: Path, options: ImportOptions) -> ParsedArticle:
    html = read_text_file(path, options.max_record_bytes)
    return ParsedArticle(article_from_html(html, path.stem, str(path), options.clean), (), str(path), None)
