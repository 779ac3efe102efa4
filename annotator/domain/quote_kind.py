"""Quote bounds and kind from the quotation marks around them: one rule for the whole product.

The annotation keys (Q, a label key, relabelling as QUOTE), the quote tools and the rule-based quote
finder (:mod:`annotator.nlp.attribution`) all ask these functions, so that a quote marked by hand
and one suggested by the model get the same kind for the same text:

* **direct**: wholly in quotation marks and standing alone, i.e. the opening mark begins the text,
  a line or a sentence, or follows a comma, colon, semicolon or dash (``He said: "..."``);
* **mixed**: wholly in marks but woven into a sentence (``accused him of "lying"``), or a passage
  holding quoted words;
* **indirect**: no quotation marks.

A guess for the annotator to correct, not a verdict. Plain text only (no tokens), so the GUI and
the rule-only mode of the finder can use it.
"""

from __future__ import annotations

import re

DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"  # the values of label_scheme.QUOTE_KINDS

#: Marks that may open a quotation (straight ones too: they open and close).
OPENING_MARKS = frozenset("\"'`“„‟«‘‹")
#: Marks that may close a quotation.
CLOSING_MARKS = frozenset("\"'`”»’›“‘")
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS
#: What may stand before the opening mark of a quotation that stands alone: the end of a sentence,
#: a comma, a colon, a semicolon or a dash. After anything else the quotation is part of its sentence.
STANDALONE_AFTER = frozenset(".!?,:;—–-")
_TRAILING_PUNCT = ".,;:!?…"
#: Double marks anywhere, or single marks at a word's edge (inside a word they are apostrophes).
_MARKS_INSIDE = re.compile(r"[\"“”„«»]|(?:^|\s)['‘]|['’](?:\s|$)")


def stands_alone(text: str, position: int) -> bool:
    """Whether a quotation whose text begins at ``position`` begins its sentence.

    Walking back over quotation marks, spaces and tabs: the text begins, a line ends, or one of
    :data:`STANDALONE_AFTER` stands there.
    """
    i = position - 1
    while i >= 0 and (text[i] in QUOTE_MARKS or text[i] in " \t"):
        i -= 1
    return i < 0 or text[i] in "\r\n" or text[i] in STANDALONE_AFTER


def _wrapped_at(text: str, start: int, end: int) -> int | None:
    """Where the quotation text begins when ``[start, end)`` is wholly in quotation marks (the marks
    inside the bounds or just outside them, trailing punctuation allowed either side of the closing
    mark); ``None`` when it is not."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 1:
        return None
    inner_end = end
    while inner_end > start and text[inner_end - 1] in _TRAILING_PUNCT:
        inner_end -= 1
    if end - start >= 2 and text[start] in OPENING_MARKS and text[inner_end - 1 : inner_end] in CLOSING_MARKS:
        if inner_end - 1 > start:
            return start + 1  # the marks are part of the bounds
    before = start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    after = end
    while after < len(text) and text[after] in _TRAILING_PUNCT:
        after += 1
    if before >= 0 and text[before] in OPENING_MARKS and after < len(text) and text[after] in CLOSING_MARKS:
        return start
    return None


def guess_quote_kind(text: str, start: int, end: int) -> str:
    """``direct``, ``indirect`` or ``mixed`` for the quote ``[start, end)`` of ``text`` (see the module)."""
    begins = _wrapped_at(text, start, end)
    if begins is not None:
        return DIRECT if stands_alone(text, begins) else MIXED
    return MIXED if _MARKS_INSIDE.search(text[start:end]) is not None else INDIRECT


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds without surrounding white space and enclosing quotation marks (the guidelines: the
    marks are not part of a quote)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and text[start] in OPENING_MARKS and text[end - 1] in CLOSING_MARKS:
        start, end = start + 1, end - 1
    else:  # a lone curly or straight double mark at one end is unambiguous; single ones may be apostrophes
        if end - start >= 2 and text[start] in '“„«"':
            start += 1
        if end - start >= 2 and text[end - 1] in '”»"':
            end -= 1
    return start, end
