"""Plain texts in (``.txt``, ``.html``) and out (``.txt``: the text; ``.html``: the text with its spans marked).

A plain text's first non-empty line is its headline and stays the first line of the text. The
HTML export marks each span with ``<mark data-label=... data-id=...>`` (nested where spans nest,
cut into pieces where they cross), for reading in a browser; it is a view, not an interchange
format, so it is not read back.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from annotator.domain import Article

from ..cleanup import trim_text
from ..decoding import normalise_newlines, read_text_file
from ..html import article_from_html
from ..options import ImportOptions
from ..results import RECORD_ERRORS, ImportProblem, ImportResult, ParsedArticle, RecordError
from . import ExportContext, Format, Pairs, register


def read_txt(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    try:
        text = normalise_newlines(read_text_file(path, options.max_record_bytes))
        trimmed: tuple[str, ...] = ()
        if options.clean:
            text, trimmed = trim_text(text)
        if not text.strip():
            raise RecordError("the file holds no text" if not options.clean else "the file holds no article text")
    except RECORD_ERRORS as exc:
        yield ImportProblem(str(path), None, str(exc))
        return
    title = next(line.strip() for line in text.split("\n") if line.strip())
    yield ParsedArticle(
        Article(id=path.stem, text=text, title=title, source=str(path)), (), str(path), None, trimmed=trimmed
    )


def read_html(path: Path, options: ImportOptions) -> Iterator[ImportResult]:
    try:
        page = read_text_file(path, options.max_record_bytes)
        yield ParsedArticle(article_from_html(page, path.stem, str(path), options.clean), (), str(path), None)
    except RECORD_ERRORS as exc:
        yield ImportProblem(str(path), None, str(exc))


def write_txt(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    """The texts, one after another, each followed by a form feed line so they can be told apart."""
    count = 0
    for article, _ in pairs:
        out.write(article.text.rstrip("\n") + "\n\f\n")
        count += 1
    return count


def write_html(pairs: Pairs, out: TextIO, context: ExportContext) -> int:
    """One ``<article>`` per article and layer, spans as nested ``<mark>`` elements."""
    out.write('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>annotator export</title></head><body>\n')
    count = 0
    for article, layer in pairs:
        text = article.text
        bounds = sorted({0, len(text), *(p for s in layer.spans for p in (s.start, s.end))})
        out.write(f'<article data-id="{html.escape(article.id)}" data-annotator="{html.escape(layer.annotator)}">\n')
        out.write("<pre>")
        for a, b in zip(bounds, bounds[1:], strict=False):
            covering = sorted((s for s in layer.spans if s.start <= a and b <= s.end), key=lambda s: (s.start, -s.end))
            opened = "".join(
                f'<mark data-label="{html.escape(s.label)}" data-id="{html.escape(s.id)}">' for s in covering
            )
            out.write(opened + html.escape(text[a:b]) + "</mark>" * len(covering))
        out.write("</pre>\n</article>\n")
        count += 1
    out.write("</body></html>\n")
    return count


register(Format("txt", "plain text (first line = headline); export: the texts", (".txt", ".text"), read_txt, write_txt))


register(
    Format(
        "html",
        "web pages (main text by trafilatura); export: spans marked",
        (".html", ".htm", ".xhtml"),
        read_html,
        write_html,
    )
)
