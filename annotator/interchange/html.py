"""News pages (HTML) to articles, with trafilatura: main text, headline, date, byline, site.

Only the HTML string is handed to trafilatura: it fetches nothing (no URL is given to download,
no remote resource is followed) and runs no script. We ask for its XML rendering rather than
plain text, so that we decide the layout: one paragraph per block (paragraph, heading, list
item, quotation, table row), paragraphs separated by a blank line, as in our other imports,
and no list bullets added to the text the analyst annotates.

The options favour precision: on news pages a missed comment thread or "related stories" box
costs annotators more than an occasional lost sentence, which shows up in review.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import trafilatura

from annotator.domain import Article

from .cleanup import clean_text
from .records import article_from_fields
from .results import RecordError

EXTRACT_OPTIONS: dict[str, Any] = {
    "output_format": "xml",
    "with_metadata": True,
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
}
"""Arguments of :func:`trafilatura.extract`; tuned on the eight pages of ``../shared/data/html``."""

_BLOCKS = {"p", "head", "item", "quote", "list", "table", "row", "cell", "code", "div", "main"}
_SKIP = {"graphic", "comments", "note"}
_METADATA = {"title": "title", "author": "author", "date": "date", "sitename": "sitename", "url": "url"}


def extract_main_text(html: str) -> tuple[str, dict[str, str]]:
    """The main text of a page (paragraphs joined by blank lines) and its metadata (title, author, date, ...)."""
    xml = trafilatura.extract(html, **EXTRACT_OPTIONS)
    if not xml:
        return "", {}
    root = ET.fromstring(xml)
    meta = {key: root.get(attr, "") for key, attr in _METADATA.items() if root.get(attr)}
    main = root.find("main")
    paragraphs = _paragraphs(main) if main is not None else []
    return "\n\n".join(paragraphs), meta


def article_from_html(html: str, fallback_id: str, source: str, clean: bool = True) -> Article:
    """An article from a page; the headline becomes the first line of the text, as for ``.txt`` files.

    Raises :class:`RecordError` when the page has no main text.
    """
    body, meta = extract_main_text(html)
    title = meta.get("title", "").strip()
    text = body
    if title and not body.startswith(title):
        text = f"{title}\n\n{body}" if body else title
    if clean:
        text = clean_text(text)
    if not body.strip() or not text:
        raise RecordError("no article text found in the page")
    fields = {"title": title, "author": meta.get("author"), "date": meta.get("date"), "url": meta.get("url")}
    fields["sitename"] = meta.get("sitename")
    return article_from_fields(fields, text, fallback_id, source, raw=html)


def _paragraphs(element: ET.Element) -> list[str]:
    """Text blocks in document order: a block with block children is walked, any other block is one paragraph."""
    found: list[str] = []
    for child in element:
        if child.tag in _SKIP:
            continue
        if child.tag == "row":
            cells = [_inline(cell) for cell in child]
            line = " | ".join(c for c in cells if c)
            if line:
                found.append(line)
        elif any(grandchild.tag in _BLOCKS for grandchild in child):
            own = _fold(child.text or "")
            if own:
                found.append(own)
            found.extend(_paragraphs(child))
        else:
            text = _inline(child)
            if text:
                found.append(text)
        tail = _fold(child.tail or "")
        if tail and element.tag in _BLOCKS:
            found.append(tail)
    return found


def _inline(element: ET.Element) -> str:
    """The text of a block: inline markup flattened, ``<lb/>`` kept as a line break."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in _SKIP:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "\n".join(_fold(line) for line in "".join(parts).split("\n")).strip("\n")


def _fold(text: str) -> str:
    """Runs of white space as one space, ends stripped (the XML is indented for reading)."""
    return " ".join(text.split())
