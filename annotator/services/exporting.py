"""Exporting a layer of a project: JSONL (ours), Prodigy JSONL, spaCy DocBin, CSV of quotes.

Streams article by article (constant memory), writes to a temporary file beside the target and
moves it into place at the end, so that a failed export never leaves half a file, and never
overwrites an existing file unless asked to.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..domain import Annotations, AnnotatorError, Article, Status
from ..domain.open_projects import OPEN_PROJECTS, SIDE_SUFFIXES
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
    all_layers: bool = False,
) -> int:
    """Write ``annotator``'s layer of every article (optionally only some statuses) to ``out``, or with
    ``all_layers`` every layer of the project (one record per article and layer, layer by layer).

    Returns the number of records written. ``out`` may be ``-`` (standard output) for text formats.
    A layer the project does not have is an error naming the layers it has (a misspelt or defaulted
    name would otherwise export nothing without a word).
    """
    if format not in FORMATS:
        raise AnnotatorError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    layers = store.annotators() if all_layers else [annotator]
    if not all_layers:
        check_layer_exists(store, annotator)
    total = sum(store.count_articles(a, statuses) for a in layers) if progress else 0
    pairs = _counted(_layers(store, layers, statuses), total, progress)
    if str(out) == "-":
        if format not in TEXT_FORMATS:
            raise AnnotatorError("the spacy format is binary: give a file name, not -")
        return _write(format, pairs, sys.stdout, bom=False)
    target = Path(out)
    refuse_project_target(store, target)
    if target.exists() and not force:
        raise AnnotatorError(f"{target}: already exists; use --force to overwrite it")
    if not target.parent.exists():
        raise AnnotatorError(f"{target}: the folder {target.parent} does not exist")
    with _atomic_path(target) as tmp:
        if format == "spacy":
            from ..nlp.docbin import write_docbin

            return write_docbin(pairs, tmp)
        with open(tmp, "w", encoding="utf-8", newline="") as stream:
            return _write(format, pairs, stream, bom=bom)


def refuse_project_target(store: Store, target: Path) -> None:
    """Refuse an output that is the project itself, one of its SQLite side files (``-wal``, ``-shm``,
    ``-journal``; existing or not), or another project open in this process, whatever name reaches it
    (symlink, hard link, relative path): overwriting one destroys the project, even with ``--force``.
    """
    owner = OPEN_PROJECTS.protecting(target)
    if owner is None and store.path is not None:
        project = os.path.realpath(store.path)
        real = os.path.realpath(target)
        if real == project or any(real == project + s for s in SIDE_SUFFIXES) or _same_file(target, store.path):
            owner = store.path
    if owner is not None:
        what = "the project file" if _same_file(target, owner) else "a file of the project"
        raise AnnotatorError(
            f"{target}: is {what} {owner}; exporting there would destroy the project. Choose another file"
        )


def check_layer_exists(store: Store, annotator: str) -> None:
    """Refuse to export a layer the project does not have, naming those it has."""
    names = store.annotators()
    if annotator in names:
        return
    where = store.path or "the project"
    has = f"its layers are {', '.join(names)}" if names else "it has no layers yet"
    raise AnnotatorError(f"{where}: no layer {annotator!r}; {has}. Choose one with --annotator NAME, or --all-layers")


def _layers(
    store: Store, annotators: Sequence[str], statuses: Sequence[Status]
) -> Iterator[tuple[Article, Annotations]]:
    for annotator in annotators:
        yield from store.iter_layers(annotator, statuses)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


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


def _mode_for(target: Path) -> int:
    """The permission bits of a file the user writes at ``target``: the existing file's, else 0666
    less the process's umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux 4.7+ reports it without the set-and-restore race of os.umask
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _atomic_path(target: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file 0600 whatever the umask; give it the mode open() would have given
        # (a replaced file keeps its own mode, as when it is written over).
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
