"""Quotation marks: pair them over the raw text into quoted fragments, with one regex pass.

Works on plain text, so it runs in the rule-only mode too. Handles straight, curly and
doubled-apostrophe (``''``) marks, mismatched pairs (an opening straight mark closed by a curly
one), and the newspaper convention for quotes running over several paragraphs: no closing mark
until the last paragraph, each new paragraph re-opening with a mark. Single marks are read as
quotation marks only in the headline (scare quotes) or in texts that use no double marks at all,
because elsewhere they are mostly apostrophes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_DOUBLE = re.compile(r"''|``|‘‘|’’|[\"“”„‟«»]")
_SINGLE = re.compile(r"['‘’‹›]")
_OPEN_GLYPHS = frozenset({"“", "„", "‟", "``", "‘‘", "«", "‘", "‹"})
_CLOSE_GLYPHS = frozenset({"”", "’’", "»", "’", "›"})
_BEFORE_OPEN = frozenset(" \t\n([{—–-/:;,")
_AFTER_CLOSE = frozenset(" \t\n)]}.,;:!?—–-/")
_PARAGRAPH = re.compile(r"\n")


@dataclass(frozen=True)
class QuotedFragment:
    """Text between a pair of quotation marks (marks excluded), within one paragraph.

    ``run`` numbers the quotation the fragment belongs to: fragments of one quote running over
    several paragraphs share it. ``closed`` is false when the paragraph ended before a closing
    mark. ``single`` tells single marks (headline scare quotes).
    """

    start: int
    end: int
    paragraph: int
    run: int
    closed: bool
    single: bool = False


def paragraph_starts(text: str) -> list[int]:
    """Offsets where lines start; a news paragraph is a line (blank lines are empty paragraphs)."""
    return [0] + [m.end() for m in _PARAGRAPH.finditer(text)]


def _opening(text: str, start: int, end: int, glyph: str) -> bool:
    if glyph in _OPEN_GLYPHS:
        return True
    if glyph in _CLOSE_GLYPHS:
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in _BEFORE_OPEN or before in "\"“'‘") and not after.isspace()


def _closing(text: str, start: int, end: int, glyph: str) -> bool:
    if glyph in _CLOSE_GLYPHS:
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if glyph in _OPEN_GLYPHS:
        # a curly opening glyph typed where a closing one belongs ("word.“ Next")
        return not before.isspace() and (after.isspace() or after in _AFTER_CLOSE or after in '"”')
    return not before.isspace() and (after.isspace() or after in _AFTER_CLOSE or after in "\"”'’")


def _pair(text: str, pattern: re.Pattern[str], lo: int, hi: int, single: bool) -> list[tuple[int, int, bool, bool]]:
    """(start, end, closed, reopened_paragraph) for marks in text[lo:hi], paragraph by paragraph."""
    out: list[tuple[int, int, bool, bool]] = []
    para_starts = [p for p in paragraph_starts(text) if lo <= p < hi] or [lo]
    if para_starts[0] != lo:
        para_starts.insert(0, lo)
    bounds = list(zip(para_starts, para_starts[1:] + [hi], strict=True))
    for p_start, p_end in bounds:
        open_at: int | None = None
        first = True
        for m in pattern.finditer(text, p_start, p_end):
            glyph = m.group()
            s, e = m.span()
            if single and glyph in "'’" and s > 0 and e < len(text) and text[s - 1].isalnum() and text[e].isalnum():
                continue  # an apostrophe inside a word
            if open_at is None:
                if _opening(text, s, e, glyph):
                    reopened = first and not text[p_start:s].strip()
                    open_at = e
                    opened_reopens = reopened
                first = False
            elif _closing(text, s, e, glyph) or not _opening(text, s, e, glyph):
                out.append((open_at, s, True, opened_reopens))
                open_at = None
        if open_at is not None:
            out.append((open_at, p_end, False, opened_reopens))
    return out


def find_fragments(text: str) -> list[QuotedFragment]:
    """Every quoted fragment of ``text`` in reading order, grouped into runs."""
    raw: list[tuple[int, int, bool, bool, bool]] = []
    raw += [(*t, False) for t in _pair(text, _DOUBLE, 0, len(text), single=False)]
    headline_end = text.find("\n")
    uses_double = bool(_DOUBLE.search(text))
    single_hi = len(text) if not uses_double else (headline_end if headline_end > 0 else 0)
    if single_hi:
        raw += [(*t, True) for t in _pair(text, _SINGLE, 0, single_hi, single=True)]
    raw.sort()
    starts = paragraph_starts(text)
    fragments: list[QuotedFragment] = []
    run = -1
    previous_open_ended = False
    previous_paragraph = -2
    for start, end, closed, reopened, single in raw:
        paragraph = bisect_right(starts, start) - 1
        continues = previous_open_ended and reopened and paragraph > previous_paragraph
        if not continues:
            run += 1
        s, e = _strip(text, start, end)
        if e > s and any(c.isalnum() for c in text[s:e]):
            fragments.append(QuotedFragment(s, e, paragraph, run, closed, single))
        previous_open_ended = not closed
        previous_paragraph = paragraph
    return fragments


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
