"""Exporting a layer of a project in any format of the registry (``annotator.interchange.formats``).

Streams article by article (constant memory), writes to a temporary file beside the target and
moves it into place at the end, so that a failed export never leaves half a file, and never
overwrites an existing file unless asked to.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..domain import Annotations, AnnotatorError, Article, Status, Token
from ..domain.open_projects import OPEN_PROJECTS, SIDE_SUFFIXES
from ..interchange import formats as registry
from ..interchange.formats import ExportContext
from ..interchange.tokens import Tokenize
from ..storage import Store

FORMATS = registry.export_formats()
TEXT_FORMATS = tuple(name for name in FORMATS if registry.get(name).output == "text")

SUFFIX = {name: registry.get(name).suffix for name in sorted(FORMATS, key=lambda name: name != "jsonl")}
"""The file ending an export dialog proposes for each format, ours (jsonl) first ("" for a folder)."""

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
    context: ExportContext | None = None,
    all_layers: bool = False,
) -> int:
    """Write ``annotator``'s layer of every article (optionally only some statuses) to ``out``, or with
    ``all_layers`` every layer of the project (one record per article and layer, layer by layer).

    Returns the number of records written. ``out`` may be ``-`` (standard output) for text formats;
    folder formats (brat) write a new folder ``out``. ``context`` (optional) receives the writer's
    notes, e.g. spans it had to snap to tokens.
    A layer the project does not have is an error naming the layers it has (a misspelt or defaulted
    name would otherwise export nothing without a word).
    """
    if format not in FORMATS:
        raise AnnotatorError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if str(out) != "-":
        refuse_project_target(store, Path(out))  # first: the worst mistake gets its own message
    layers = store.annotators() if all_layers else [annotator]
    if not all_layers:
        check_layer_exists(store, annotator)
    total = sum(store.count_articles(a, statuses) for a in layers) if progress else 0
    pairs = _counted(_layers(store, layers, statuses), total, progress)
    if str(out) == "-":
        if format not in TEXT_FORMATS:
            raise AnnotatorError(f"the {format} format is not a text stream: give a file or folder name, not -")
        return _write(format, pairs, sys.stdout, _context(store, context, bom=False))
    target = Path(out)
    if target.exists() and not force:
        raise AnnotatorError(f"{target}: already exists; use --force to overwrite it")
    if not target.parent.exists():
        raise AnnotatorError(f"{target}: the folder {target.parent} does not exist")
    ctx = _context(store, context, bom=bom)
    fmt = registry.get(format)
    if fmt.output == "folder":
        _check_replaceable(target, fmt.name)
        with _atomic_folder(target) as tmp_dir:
            return fmt.write(pairs, tmp_dir, ctx)  # type: ignore[misc]
    with _atomic_path(target) as tmp:
        if format == "spacy":
            from ..nlp.docbin import write_docbin

            return write_docbin(pairs, tmp, scheme=ctx.scheme, notes=ctx.notes)
        if fmt.output == "binary":
            return fmt.write(pairs, tmp, ctx)  # type: ignore[misc]
        with open(tmp, "w", encoding="utf-8", newline="") as stream:
            return _write(format, pairs, stream, ctx)


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


def _context(store: Store, given: ExportContext | None, *, bom: bool) -> ExportContext:
    """The writer's context: spaCy's tokenizer (the one our pipelines use) and the project's scheme."""
    from .scheme import project_scheme

    ctx = given or ExportContext()
    loaded: list[Tokenize] = []

    def tokenize(text: str) -> list[Token]:  # spaCy is imported only by formats that need tokens
        if not loaded:
            from ..nlp.tokens import spacy_tokenizer

            loaded.append(spacy_tokenizer())
        return loaded[0](text)

    ctx.tokenize = tokenize
    ctx.scheme = ctx.scheme or project_scheme(store)
    ctx.options.setdefault("bom", bom)
    return ctx


def _write(format: str, pairs: Iterator[tuple[Article, Annotations]], stream: object, ctx: ExportContext) -> int:  # noqa: A002
    fmt = registry.get(format)
    assert fmt.write is not None
    return fmt.write(pairs, stream, ctx)


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


_FOLDER_FILES = {"brat": {".txt", ".ann"}, "xmi": {".xmi", ".xml"}, "webanno": {".tsv"}}


def _check_replaceable(target: Path, format: str) -> None:  # noqa: A002
    """``--force`` replaces a folder only when it holds nothing but an earlier export of this format.

    A folder export replaces the whole folder, so naming, say, one's Documents folder must not wipe it.
    """
    if not target.exists():
        return
    if not target.is_dir() or target.is_symlink():
        raise AnnotatorError(f"{target}: the {format} format writes a folder, and this is not one")
    allowed = _FOLDER_FILES.get(format, set())
    for path in target.rglob("*"):
        if path.is_symlink() or (path.is_file() and path.suffix.lower() not in allowed):
            raise AnnotatorError(
                f"{target}: refusing to replace this folder: {path.relative_to(target)} is not part of a "
                f"{format} export; choose a new folder"
            )


@contextlib.contextmanager
def _atomic_folder(target: Path) -> Iterator[Path]:
    """A new folder beside ``target``, moved into place when the writer is done (replacing with --force)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    try:
        yield tmp
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


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
