"""CSV import (one article per row) and the quotation table export (one row per quote).

Import sniffs the delimiter (comma, semicolon, tab or bar) from the first block, reads the header,
and takes the text from the ``text_field`` column; the other columns fill the article fields
and metadata as JSONL keys do. Rows are streamed.

Export writes cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) behind an apostrophe, so opening a table of quotations cannot
execute anything (CSV injection). Read back with the csv module, every field is there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, Article, Span, quote_links

from .cleanup import trim_text
from .decoding import SNIFF_BYTES, sniff_encoding
from .options import ImportOptions
from .records import article_from_fields
from .results import RECORD_ERRORS, ImportProblem, ImportResult, ParsedArticle, RecordError
from .streams import Target, open_target
from .validation import IMPORT_RECORD, check_schema

QUOTE_COLUMNS = (
    "article_id",
    "title",
    "quote",
    "kind",
    "speaker_mention",
    "speaker_name",
    "cue",
    "stance",
    "target",
    "annotator",
)
"""Columns of the quotation table, in order."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read_csv(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """One result per data row of a CSV file with a header row."""
    source = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), options.max_record_bytes))  # only ever raised
    with path.open("rb") as raw:
        sample = raw.read(SNIFF_BYTES)
        if not sample.strip():
            yield ImportProblem(source, None, "the file is empty")
            return
        try:
            encoding = sniff_encoding(sample)
        except RECORD_ERRORS as exc:
            yield ImportProblem(source, None, str(exc))
            return
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(stream, _dialect(sample.decode(encoding, errors="ignore")))
        try:
            yield from _rows(reader, path, options)
        except UnicodeDecodeError as exc:
            yield ImportProblem(
                source, reader.line_num + 1, f"not valid {encoding} ({exc.reason}); the rest of the file is skipped"
            )
        finally:
            stream.detach()


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    head = sample[: sample.rfind("\n")] if "\n" in sample else sample
    try:
        dialect = csv.Sniffer().sniff(head, delimiters=",;\t|")
    except csv.Error:
        return csv.excel
    first_line = head.split("\n", 1)[0]
    return dialect if dialect.delimiter in first_line else csv.excel


def _rows(reader: Any, path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    """Rows of a ``csv.reader`` (typed ``Any``: its class is private), with the line where each starts."""
    source = str(path)
    try:
        header = [name.strip().removeprefix("\ufeff") for name in next(reader)]
    except StopIteration:
        yield ImportProblem(source, None, "the file is empty")
        return
    if options.text_field not in header:
        columns = ", ".join(repr(h) for h in header) or "none"
        yield ImportProblem(
            source, 1, f"there is no column {options.text_field!r} for the text (the columns are {columns})"
        )
        return
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ImportProblem(source, start, f"malformed CSV: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) > len(header):
                raise RecordError(f"the row has {len(row)} cells but the header names {len(header)} columns")
            fields = {name: cell for name, cell in zip(header, row, strict=False) if name}
            yield _parse_row(fields, source, start, f"{path.stem}-{start}", options)
        except RECORD_ERRORS as exc:
            yield ImportProblem(source, start, str(exc))


def _parse_row(
    fields: dict[str, str], source: str, line: int, fallback_id: str, options: ImportOptions
) -> ParsedArticle:
    text = fields.pop(options.text_field, "")
    if not text.strip():
        raise RecordError(f"the {options.text_field!r} cell is empty")
    check_schema({**fields, "text": text}, IMPORT_RECORD)
    trimmed: tuple[str, ...] = ()
    if options.clean:
        text, trimmed = trim_text(text)
        if not text:
            raise RecordError("nothing is left of the text after removing page furniture")
    return ParsedArticle(article_from_fields(fields, text, fallback_id, source), (), source, line, trimmed=trimmed)


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet shows it without running it: formula-like cells get a leading apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def quote_rows(article: Article, ann: Annotations) -> Iterator[list[str]]:
    """The rows of one layer: each quote with its speaker, cue, stance and target, in reading order."""
    for quote in ann.spans_labelled("QUOTE"):
        links = quote_links(ann, quote.id)  # a TARGET link is a target without stance
        speaker, cue, target, stance = links.speaker, links.cue, links.target, links.stance or ""
        values = (
            article.id,
            article.title,
            _covered(article.text, quote),
            quote.attrs.get("kind") or "",
            _covered(article.text, speaker),
            quote.attrs.get("speaker_name") or "",
            _covered(article.text, cue),
            stance,
            _covered(article.text, target),
            ann.annotator,
        )
        yield [neutralise(str(v)) for v in values]


def _covered(text: str, span: Span | None) -> str:
    return text[span.start : span.end] if span is not None else ""


def write_quotes_csv(pairs: Iterable[tuple[Article, Annotations]], target: Target, *, bom: bool = False) -> int:
    """Write the quotation table (header, then one row per quote); returns the number of quote rows.

    ``bom`` starts the file with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
    """
    count = 0
    with open_target(target) as out:
        if bom:
            out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(QUOTE_COLUMNS)
        for article, ann in pairs:
            for row in quote_rows(article, ann):
                writer.writerow(row)
                count += 1
    return count
