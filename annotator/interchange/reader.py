"""The one entry point for imports: files and folders in, a stream of articles and problems out.

Folders are walked in sorted order, hidden files and folders skipped. The format is chosen by
extension unless ``format`` forces one. A ``.txt`` with an ``.ann`` beside it is a brat pair
(one article with a layer), read once whichever of the two is named.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from annotator.domain import LabelScheme
from annotator.domain.open_projects import OPEN_PROJECTS, FileIdentity, identity

from . import formats
from .formats.brat import read_brat_files
from .labelmap import LabelMap
from .options import ImportOptions
from .results import RECORD_ERRORS, ImportProblem, ImportResult


class _Formats(Mapping[str, tuple[str, ...]]):
    """Format names accepted by ``format`` and the extensions that select them, from the registry."""

    def __getitem__(self, name: str) -> tuple[str, ...]:
        if name not in formats.import_formats():
            raise KeyError(name)
        return formats.get(name).extensions

    def __iter__(self) -> Iterator[str]:
        return iter(formats.import_formats())

    def __len__(self) -> int:
        return len(formats.import_formats())


FORMATS: Mapping[str, tuple[str, ...]] = _Formats()
"""Format names accepted by ``format`` and the extensions that select them (the registry's readers)."""


def read_paths(
    paths: Iterable[Path],
    *,
    format: str | None = None,
    text_field: str = "text",
    annotator: str | None = None,
    scheme: LabelScheme | None = None,
    label_map: Mapping[str, str] | None = None,
    labels: LabelMap | None = None,
    clean: bool = True,
) -> Iterator[ImportResult]:
    """Parse every file named or found under a folder, lazily, one result per article or problem.

    See :class:`ImportOptions` for ``annotator``, ``scheme``, ``label_map``, ``labels`` and ``clean``.
    A folder's brat files (``.txt`` with ``.ann``) are read together, so that each text gets the
    layers of all its ``.ann`` files wherever they lie in the folder.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown import format {format!r}; expected one of {', '.join(FORMATS)}")
    options = ImportOptions(
        text_field=text_field,
        annotator=annotator,
        scheme=scheme,
        label_map=dict(label_map or {}),
        labels=labels or LabelMap(),
        clean=clean,
    )
    done_pairs: set[Path] = set()
    skip = OPEN_PROJECTS.protected_identities()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = list(_walk(path, skip))
            brat = _brat_batch(found, format)
            if brat:
                done_pairs.update(p.resolve() for p in brat if p.suffix.lower() == ".txt")
                yield from read_brat_files(brat, options, all_texts=format == "brat")
            for file in found:
                if file not in brat:
                    yield from _read_file(file, format, options, done_pairs)
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


def _brat_batch(found: list[Path], format: str | None) -> list[Path]:
    """The brat files of a walked folder: with ``--format brat`` every .txt and .ann, else only when .ann are present."""
    if format not in (None, "brat", "txt"):
        return []
    anns = [f for f in found if f.suffix.lower() == ".ann"]
    if not anns or format == "txt":
        return []
    return [f for f in found if f.suffix.lower() in (".txt", ".ann")]


def _read_file(path: Path, format: str | None, options: ImportOptions, done_pairs: set[Path]) -> Iterator[ImportResult]:
    suffix = path.suffix.lower()
    fmt = formats.get(format) if format else formats.by_extension(suffix)
    if fmt is None or fmt.read is None:
        known = ", ".join(formats.known_extensions())
        yield ImportProblem(str(path), None, f"unsupported file type {suffix or '(no extension)'!r} (expected {known})")
        return
    if fmt.name in ("txt", "brat") and suffix in (".txt", ".ann"):
        if _has_brat_layers(path) or fmt.name == "brat":
            txt = path if suffix == ".txt" else path.with_suffix(".txt")
            if txt.resolve() in done_pairs:
                return
            done_pairs.add(txt.resolve())
            fmt = formats.get("brat")
    assert fmt.read is not None  # chosen among the registry's readers
    try:
        yield from fmt.read(path, options)
    except RECORD_ERRORS as exc:
        yield ImportProblem(str(path), None, str(exc))
    except OSError as exc:
        yield ImportProblem(str(path), None, f"cannot read the file: {exc.strerror or exc}")


def _has_brat_layers(path: Path) -> bool:
    return path.suffix.lower() == ".ann" or path.with_suffix(".ann").is_file()
