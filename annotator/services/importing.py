"""Importing files into a project: read with the interchange readers, store in batches, report.

Each batch is one transaction; a bad record becomes a problem in the report and never stops the
rest of the batch, and nothing already stored changes. A layer already in the project that holds
work is never replaced unless the caller says so (``replace``): the incoming layer is stored beside
it under a distinct name, and the report says where every layer went (see
:mod:`annotator.storage.placing`).

Who owns an imported layer: ``as_annotator`` when given (every layer, whatever the file says),
else the annotator the record names, else ``annotator``, else ``imported``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain import Annotations, AnnotatorError, Article, LabelScheme
from ..interchange import (
    ImportNote,
    ImportOptions,
    ImportProblem,
    ImportResult,
    LabelMap,
    ParsedArticle,
    parse_record,
    read_paths,
)
from ..interchange.results import RECORD_ERRORS, located
from ..storage import (
    OnExisting,
    Placed,
    Placement,
    ProjectBusyError,
    ProjectFileError,
    ProjectUnwritableError,
    Store,
)

#: Called with the number of records read so far (what it returns is ignored).
ImportProgress = Callable[[int], object]

BATCH = 500
#: spaCy's DocBin files (``annotator export --format spacy``), read back through spaCy.
DOCBIN_SUFFIX = ".spacy"


@dataclass
class ImportReport:
    """What an import did: articles added, duplicates found (not stored twice), problems with their place."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    layers: int = 0
    problems: list[str] = field(default_factory=list)
    placements: list[tuple[str, Placement]] = field(default_factory=list)
    """Where each imported layer went, with the file (and line) it came from."""
    notes: list[str] = field(default_factory=list)
    """What readers left out on purpose and said so (a mapping's skipped labels, cancelled tasks)."""
    trimmed: list[str] = field(default_factory=list)
    """Imported plain texts shortened by the junk-line clean-up: where, and what was dropped."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, placed: Placed) -> int:
        return sum(1 for _, p in self.placements if p.placed is placed)

    def layer_lines(self) -> list[str]:
        """One line per imported layer: where it came from and which layer of the project it went to."""
        return [f"{where}: {placement.describe()}" for where, placement in self.placements]

    def summary(self) -> str:
        parts = [f"{len(self.added)} article(s) imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate(s) skipped")
        if self.layers:
            parts.append(f"{self.layers} annotation layer(s)")
        for placed, words in (
            (Placed.BESIDE, "kept beside an existing layer"),
            (Placed.REPLACED, "replaced an existing layer"),
            (Placed.UNCHANGED, "already stored, unchanged"),
        ):
            if n := self.count(placed):
                parts.append(f"{n} {words}")
        if self.trimmed:
            parts.append(f"{len(self.trimmed)} text(s) trimmed of junk lines (--keep-text keeps texts verbatim)")
        if self.problems:
            parts.append(f"{len(self.problems)} problem(s)")
        if self.notes:
            parts.append(f"{len(self.notes)} note(s)")
        return ", ".join(parts)


def import_extensions() -> tuple[str, ...]:
    """File endings the import reads (from the format registry), for file dialogs."""
    from ..interchange.formats import known_extensions

    return known_extensions()


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    annotator: str | None = None,
    format: str | None = None,  # noqa: A002 - the CLI's word
    text_field: str = "text",
    scheme: LabelScheme | None = None,
    progress: ImportProgress | None = None,
    as_annotator: str | None = None,
    replace_layers: bool = False,
    labels: LabelMap | None = None,
    keep_text: bool = False,
) -> ImportReport:
    """Import files and folders into ``store``; see :class:`ImportReport`.

    ``annotator`` owns the layers of records that name no annotator; ``as_annotator`` owns every
    imported layer, overriding the file. ``replace_layers`` lets an incoming layer replace a stored
    one that holds work (the report says which); without it the incoming one is kept beside.
    Plain texts lose junk lines (paywall, sharing prompts, credits) at either end, and the report
    lists each text so trimmed; ``keep_text`` keeps every text verbatim instead.
    """
    if as_annotator is not None and not as_annotator.strip():
        raise AnnotatorError("the annotator to import as (--as) must not be empty")
    report = ImportReport()
    policy = OnExisting.REPLACE if replace_layers else OnExisting.BESIDE
    pending: list[ParsedArticle] = []
    seen = 0
    named = [Path(p) for p in paths]
    docbins = [p for p in named if format == "spacy" or (format is None and p.suffix.lower() == DOCBIN_SUFFIX)]
    results = itertools.chain(
        read_paths(
            [p for p in named if p not in docbins],
            format=format if format != "spacy" else None,
            text_field=text_field,
            annotator=annotator,
            scheme=scheme,
            labels=labels,
            clean=not keep_text,
        ),
        (result for p in docbins for result in _read_docbin(p, ImportOptions(annotator=annotator, scheme=scheme))),
    )
    for result in results:
        seen += 1
        if isinstance(result, ImportProblem):
            report.problems.append(str(result))
        elif isinstance(result, ImportNote):
            report.notes.append(str(result))
        else:
            report.notes.extend(f"{result.source}: {note}" for note in result.notes)
            if as_annotator is not None:
                result = replace(result, layers=tuple(replace(la, annotator=as_annotator) for la in result.layers))
            pending.append(result)
            if len(pending) >= BATCH:
                _store_batch(store, pending, report, policy)
                pending = []
        if progress is not None and seen % 100 == 0:
            progress(seen)
    if pending:
        _store_batch(store, pending, report, policy)
    _index(store, report)  # also catches up on articles an older version stored unindexed
    if progress is not None:
        progress(seen)
    return report


def _index(store: Store, report: ImportReport) -> None:
    """Bring full-text search up to date with what was imported: here, in the import (the CLI's, or
    the app's, which runs off the GUI thread), because a search never builds the index
    itself (reads never write).

    The articles are stored by then; a busy or read-only file only delays the index (searches scan
    what it lacks, and the next import indexes it), so that is a note, not a failed import."""
    try:
        store.update_search_index()
    except (ProjectBusyError, ProjectUnwritableError) as exc:
        report.notes.append(f"search index not updated ({exc}); search still finds the new articles, more slowly")


def _read_docbin(path: Path, options: ImportOptions) -> Iterable[ImportResult]:
    """A spaCy DocBin we exported: each doc's lossless record, checked like a JSONL record."""
    from ..nlp.docbin import iter_docbin_records  # loads spaCy: only when a DocBin is imported

    try:
        records = list(iter_docbin_records(path))
    except (OSError, ValueError, KeyError) as exc:
        yield ImportProblem(str(path), None, f"not a DocBin this tool wrote: {exc}")
        return
    for index, record in enumerate(records, start=1):
        try:
            yield parse_record(record, str(path), None, f"{path.stem}-{index}", options)
        except RECORD_ERRORS as exc:
            yield ImportProblem(str(path), None, f"doc {index}: {exc}")


def _store_batch(
    store: Store, batch: list[ParsedArticle], report: ImportReport, policy: OnExisting = OnExisting.BESIDE
) -> None:
    try:
        outcomes = store.add_articles(((p.article, p.layers) for p in batch), on_existing=policy)
    except (ProjectBusyError, ProjectUnwritableError, ProjectFileError):
        raise  # the file, not a record, is the problem: one clear error, not one per record
    except AnnotatorError:
        # One record broke a rule of the file (e.g. a layer that does not fit): store one by one,
        # so that only that record is refused.
        for parsed in batch:
            _store_one(store, parsed, report, policy)
        return
    for parsed, outcome in zip(batch, outcomes, strict=True):
        _record(parsed, outcome, report)


def _store_one(store: Store, parsed: ParsedArticle, report: ImportReport, policy: OnExisting) -> None:
    try:
        (outcome,) = store.add_articles([(parsed.article, parsed.layers)], on_existing=policy)
    except AnnotatorError as exc:
        report.problems.append(f"{_where(parsed)}: {exc}")
        return
    _record(parsed, outcome, report)


def _record(parsed: ParsedArticle, outcome: object, report: ImportReport) -> None:
    duplicate_of = getattr(outcome, "duplicate_of", None)
    problem = getattr(outcome, "problem", None)
    placements: tuple[Placement, ...] = getattr(outcome, "placements", ())
    report.layers += sum(1 for p in placements if p.placed is not Placed.UNCHANGED)
    report.placements.extend((_where(parsed), p) for p in placements)
    if problem:
        report.problems.append(f"{_where(parsed)}: {problem}")
    elif duplicate_of is not None:
        report.duplicates.append(f"{_where(parsed)}: same text as article {duplicate_of}")
    else:
        report.added.append(str(getattr(outcome, "article_id", "")))
        if parsed.trimmed:
            lines = "; ".join(repr(line[:60]) for line in parsed.trimmed[:3])
            more = f" and {len(parsed.trimmed) - 3} more" if len(parsed.trimmed) > 3 else ""
            report.trimmed.append(f"{_where(parsed)}: dropped {len(parsed.trimmed)} junk line(s): {lines}{more}")


def _where(parsed: ParsedArticle) -> str:
    return located(parsed.source, parsed.line)


def import_articles(store: Store, articles: Iterable[tuple[Article, tuple[Annotations, ...]]]) -> ImportReport:
    """Store ready-made articles (benchmarks, samples) with the same batching and report."""
    report = ImportReport()
    batch = [ParsedArticle(article=a, layers=layers, source=a.source or a.id) for a, layers in articles]
    for i in range(0, len(batch), BATCH):
        _store_batch(store, batch[i : i + BATCH], report)
    return report
