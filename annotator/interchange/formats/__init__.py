"""The format registry: every interchange format declares its name, extensions, direction and options.

The CLI's ``--format`` choices, the import reader's dispatch and the export service all list
formats from here, so a new format is one new module that calls :func:`register` (and one import
line in :mod:`.builtin`). A format
reads with ``read(path, options)`` (a stream of results, never raising on bad input) and writes
with ``write(pairs, target, context)`` where ``target`` is a text stream, a folder or a file
path according to ``output``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, Article, LabelScheme

from ..options import ImportOptions
from ..results import ImportResult
from ..tokens import Tokenize, simple_tokenize

Pairs = Iterable[tuple[Article, Annotations]]


@dataclass
class ExportContext:
    """What a writer may need besides the pairs: a tokenizer, the project's scheme, and where to report.

    ``notes`` collects what a writer had to change to fit its format (spans snapped to tokens, with
    their ids), so the caller can say so; a writer never changes a span silently.
    """

    tokenize: Tokenize = simple_tokenize
    scheme: LabelScheme | None = None
    options: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


Reader = Callable[[Path, ImportOptions], Iterator[ImportResult]]
Writer = Callable[[Pairs, Any, ExportContext], int]


@dataclass(frozen=True)
class Format:
    """One interchange format.

    ``output`` is ``"text"`` (a text stream; ``-`` allowed), ``"folder"`` (a directory of files) or
    ``"binary"`` (a file path). ``options`` names the import/export options the format honours.
    ``write`` may be ``None`` for a format whose writer lives outside interchange (spaCy DocBin,
    written by ``annotator.nlp``); ``external_writer`` says so.
    """

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    read: Reader | None = None
    write: Writer | None = None
    output: str = "text"
    options: tuple[str, ...] = ()
    external_writer: bool = False
    export_suffix: str | None = None
    """The file name ending an export dialog proposes (``""`` for a folder); default: the first extension."""

    @property
    def suffix(self) -> str:
        if self.export_suffix is not None:
            return self.export_suffix
        if self.output == "folder":
            return ""
        return self.extensions[0] if self.extensions else ".jsonl"

    @property
    def reads(self) -> bool:
        return self.read is not None

    @property
    def writes(self) -> bool:
        return self.write is not None or self.external_writer


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add (or replace) a format under its name."""
    _REGISTRY[fmt.name] = fmt
    return fmt


def get(name: str) -> Format:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(_REGISTRY)}") from None


def all_formats() -> tuple[Format, ...]:
    """Every format, by name (the order of ``--format`` choices and dialogs)."""
    _load()
    return tuple(_REGISTRY[name] for name in sorted(_REGISTRY))


def import_formats() -> tuple[str, ...]:
    return tuple(f.name for f in all_formats() if f.reads)


def export_formats() -> tuple[str, ...]:
    return tuple(f.name for f in all_formats() if f.writes)


def by_extension(suffix: str) -> Format | None:
    """The reading format chosen by a file extension (``.tsv`` and ``.json`` are sniffed by their reader)."""
    suffix = suffix.lower()
    return next((f for f in all_formats() if f.reads and suffix in f.extensions), None)


def known_extensions() -> tuple[str, ...]:
    return tuple(sorted({e for f in all_formats() if f.reads for e in f.extensions}))


_loaded = False


def _load() -> None:
    """Import the built-in format modules once; each registers itself."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import builtin  # noqa: F401
