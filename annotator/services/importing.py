"""Importing files into a project: read with the interchange readers, store in batches, report.

Each batch is one transaction; a bad record becomes a problem in the report and never stops the
rest of the batch, and nothing already stored changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import Annotations, AnnotatorError, Article, LabelScheme
from ..interchange import ImportNote, ImportProblem, LabelMap, ParsedArticle, read_paths
from ..storage import ProjectBusyError, ProjectFileError, ProjectUnwritableError, Store

#: Called with the number of records read so far.
ImportProgress = Callable[[int], None]

BATCH = 500


@dataclass
class ImportReport:
    """What an import did: articles added, duplicates found (not stored twice), problems with their place."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    layers: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What readers left out on purpose and said so (a mapping's skipped labels, cancelled tasks)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [f"{len(self.added)} article(s) imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate(s) skipped")
        if self.layers:
            parts.append(f"{self.layers} annotation layer(s)")
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
    labels: LabelMap | None = None,
) -> ImportReport:
    """Import files and folders into ``store``; see :class:`ImportReport`."""
    report = ImportReport()
    pending: list[ParsedArticle] = []
    seen = 0
    results = read_paths(
        [Path(p) for p in paths],
        format=format,
        text_field=text_field,
        annotator=annotator,
        scheme=scheme,
        labels=labels,
    )
    for result in results:
        seen += 1
        if isinstance(result, ImportProblem):
            report.problems.append(str(result))
        elif isinstance(result, ImportNote):
            report.notes.append(str(result))
        else:
            report.notes.extend(f"{result.source}: {note}" for note in result.notes)
            pending.append(result)
            if len(pending) >= BATCH:
                _store_batch(store, pending, report)
                pending = []
        if progress is not None and seen % 100 == 0:
            progress(seen)
    if pending:
        _store_batch(store, pending, report)
    if progress is not None:
        progress(seen)
    return report


def _store_batch(store: Store, batch: list[ParsedArticle], report: ImportReport) -> None:
    try:
        outcomes = store.add_articles((p.article, p.layers) for p in batch)
    except (ProjectBusyError, ProjectUnwritableError, ProjectFileError):
        raise  # the file, not a record, is the problem: one clear error, not one per record
    except AnnotatorError:
        # One record broke a rule of the file (e.g. a layer that does not fit): store one by one,
        # so that only that record is refused.
        for parsed in batch:
            _store_one(store, parsed, report)
        return
    for parsed, outcome in zip(batch, outcomes, strict=True):
        _record(parsed, outcome, report)


def _store_one(store: Store, parsed: ParsedArticle, report: ImportReport) -> None:
    try:
        (outcome,) = store.add_articles([(parsed.article, parsed.layers)])
    except AnnotatorError as exc:
        report.problems.append(f"{_where(parsed)}: {exc}")
        return
    _record(parsed, outcome, report)


def _record(parsed: ParsedArticle, outcome: object, report: ImportReport) -> None:
    duplicate_of = getattr(outcome, "duplicate_of", None)
    problem = getattr(outcome, "problem", None)
    layers = getattr(outcome, "layers_added", ())
    report.layers += len(layers)
    if problem:
        report.problems.append(f"{_where(parsed)}: {problem}")
    elif duplicate_of is not None:
        report.duplicates.append(f"{_where(parsed)}: same text as article {duplicate_of}")
    else:
        report.added.append(str(getattr(outcome, "article_id", "")))


def _where(parsed: ParsedArticle) -> str:
    return parsed.source if parsed.line is None else f"{parsed.source}, line {parsed.line}"


def import_articles(store: Store, articles: Iterable[tuple[Article, tuple[Annotations, ...]]]) -> ImportReport:
    """Store ready-made articles (benchmarks, samples) with the same batching and report."""
    report = ImportReport()
    batch = [ParsedArticle(article=a, layers=layers, source=a.source or a.id) for a, layers in articles]
    for i in range(0, len(batch), BATCH):
        _store_batch(store, batch[i : i + BATCH], report)
    return report
