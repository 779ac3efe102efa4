"""JSONL (and single-document JSON) import, and our JSONL export.

JSON is UTF-8 (RFC 8259), so JSONL lines are not guessed at: a line whose bytes are not UTF-8 is
one problem, and the lines around it import. A byte-order mark (UTF-8, UTF-16, UTF-32) is honoured.

A line is one of four kinds of record, recognised by its keys: a Prodigy task (``tokens``),
a doccano example (``label: [[s, e, L]]`` or ``entities`` with ``start_offset``), an annotated article in our format (``spans`` or ``relations``), or a plain article (just a
text and metadata). Each becomes a :class:`ParsedArticle`, or an :class:`ImportProblem` naming
the file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, Article

from . import prodigy
from .cleanup import trim_text
from .decoding import read_text_file
from .formats import doccano, labelstudio
from .options import ImportOptions
from .records import article_from_fields, article_record, is_annotated, layer_from_record, split_record
from .results import RECORD_ERRORS, ImportProblem, ImportResult, ParsedArticle, RecordError
from .streams import Target, dumps_record, iter_lines, open_target
from .validation import ANNOTATED_ARTICLE, IMPORT_RECORD, check_schema, parse_json


def read_jsonl(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """One result per non-blank line of a JSONL file, streamed."""
    source = str(path)
    try:
        for line in iter_lines(path, options.max_record_bytes, guess=False):
            if line.text is None:
                yield ImportProblem(source, line.number, line.error or "unreadable line")
                continue
            try:
                data = parse_json(line.text)
                yield parse_record(data, source, line.number, f"{path.stem}-{line.number}", options)
            except RECORD_ERRORS as exc:
                yield ImportProblem(source, line.number, str(exc))
    except RECORD_ERRORS as exc:
        yield ImportProblem(source, None, str(exc))
    except OSError as exc:
        yield ImportProblem(source, None, f"cannot read the file: {exc.strerror or exc}")


def read_json(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """A ``.json`` file: one record (like ``sessions-russia.gold.json``) or a list of records."""
    source = str(path)
    try:
        data = parse_json(read_text_file(path, options.max_record_bytes))
    except RECORD_ERRORS as exc:
        yield ImportProblem(source, None, str(exc))
        return
    if labelstudio.is_label_studio(data):
        yield from labelstudio.read_tasks(data, source, path.stem, options)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records, start=1):
        fallback = path.stem if len(records) == 1 else f"{path.stem}-{index}"
        try:
            yield parse_record(record, source, None, fallback, options)
        except RECORD_ERRORS as exc:
            where = "" if len(records) == 1 else f"record {index}: "
            yield ImportProblem(source, None, where + str(exc))


_STRING_FIELDS = ("title", "headline", "outlet", "source", "url", "published", "date", "byline", "author")


def _plainly_valid(text: Any, rest: Mapping[str, Any]) -> bool:
    """A fast check that implies validity under ``import_record.schema.json`` (most records pass it).

    Validating every line of a 10,000-line file with jsonschema costs more than storing it.
    """
    if not isinstance(text, str) or not text:
        return False
    record_id = rest.get("id")
    if record_id is not None and (isinstance(record_id, bool) or not isinstance(record_id, str | int)):
        return False
    if "id" in rest and record_id is None:
        return False
    if not all(rest.get(k) is None or isinstance(rest.get(k), str) for k in _STRING_FIELDS):
        return False
    return "meta" not in rest or isinstance(rest["meta"], Mapping)


def parse_record(data: Any, source: str, line: int | None, fallback_id: str, options: ImportOptions) -> ParsedArticle:
    """Recognise and read one decoded JSON record; raises :class:`RecordError` when it cannot be imported."""
    if not isinstance(data, Mapping):
        raise RecordError(f"expected a JSON object, found {type(data).__name__}")
    if prodigy.is_prodigy(data):
        article, layer = prodigy.parse_task(data, source, fallback_id, options)
        return ParsedArticle(article, (layer,), source, line)
    if doccano.is_doccano(data):
        return doccano.parse_doccano(data, source, line, fallback_id, options)
    if is_annotated(data):
        check_schema(data, ANNOTATED_ARTICLE)
        text, rest = split_record(data, "text")
        article = article_from_fields(rest, text, fallback_id, source)
        return ParsedArticle(article, (layer_from_record(data, article, options),), source, line)
    text, rest = split_record(data, options.text_field)
    if not _plainly_valid(text, rest):  # the schema gives the detailed message
        check_schema({**rest, "text": text}, IMPORT_RECORD)
    trimmed: tuple[str, ...] = ()
    if options.clean:
        text, trimmed = trim_text(text)
        if not text:
            raise RecordError("nothing is left of the text after removing page furniture")
    return ParsedArticle(article_from_fields(rest, text, fallback_id, source), (), source, line, trimmed=trimmed)


def write_jsonl(pairs: Iterable[tuple[Article, Annotations]], target: Target) -> int:
    """Write one line per (article, layer), in the order given; returns the number of lines."""
    count = 0
    with open_target(target) as out:
        for article, ann in pairs:
            out.write(dumps_record(article_record(article, ann)))
            out.write("\n")
            count += 1
    return count
