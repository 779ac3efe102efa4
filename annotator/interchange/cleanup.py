"""News clean-up: drop the page furniture that copy-paste and scrapers leave around an article.

Only whole lines at the start or the end of a text are dropped, and only while every line there
is blank or junk: the first line that is not junk, counted from either end, protects everything
between. A junk-looking sentence inside the body ("readers can subscribe to continue ...") stays.
The text itself never changes otherwise (no reflowing, no per-line stripping), because analysts
annotate exactly what the publisher printed.

A line counts as junk when, after folding its white space, it is at most
:data:`MAX_JUNK_LINE` characters long and one of :data:`JUNK_PATTERNS` finds a match in it.
The patterns are deliberately about the *kind* of prompt, not about one publisher.
"""

from __future__ import annotations

import re

from .decoding import normalise_newlines

MAX_JUNK_LINE = 300
"""Longer lines are body text: prompts and banners are short, and a long line is too costly to lose."""

_APOS = "['’]"
_SHARE_WORDS = (
    r"(?:share|tweet|e-?mail|print|copy link|comments?|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest)"
)


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


JUNK_PATTERNS: tuple[re.Pattern[str], ...] = (
    # -- metered paywalls: "You've read 3 of 5 free articles", "3 of 10 stories this month"
    _p(rf"\byou{_APOS}?ve read\b.{{0,40}}\bof\b.{{0,40}}\b(?:articles?|stories)\b"),
    _p(r"^(?:\d+\s+)?of\s+(?:\d+\s+)?(?:free\s+)?(?:articles?|stories)\s+(?:left\s+)?this\s+(?:month|week)\b"),
    _p(
        r"\b(?:subscribe|sign in|log in|register|sign up) (?:now )?to (?:continue|keep reading|read (?:more|on|the full))\b"
    ),
    _p(r"^get unlimited\b|\bget unlimited (?:access|stories|articles|digital|reading)\b"),
    _p(r"^unlimited (?:digital )?access\b"),
    _p(r"^already an? (?:subscriber|member)\b"),
    _p(r"^subscribe(?: now| today| here)?\s*[.!]?$"),
    _p(r"^.{0,60}\$\s?\d+(?:\.\d{2})?\s*(?:/|per |a )\s*(?:month|mo|week|wk|year|yr)\b"),
    _p(
        r"\bthis (?:article|story|content) is (?:only )?(?:for|available to|reserved for) (?:paying )?(?:subscribers|members)\b"
    ),
    # -- donation prompts
    _p(r"^(?:please )?(?:support|fund) (?:our|independent|quality|local) journalism\b"),
    _p(r"^(?:make a contribution|donate now|become an? (?:member|subscriber|supporter))\b"),
    # -- sharing and following
    _p(r"^share (?:this|the) (?:article|story|page|post|video)\b"),
    _p(r"^share (?:on|via|with) \w+"),
    _p(rf"^{_SHARE_WORDS}(?:[\s|/·•,]+{_SHARE_WORDS})*\s*[.!]?$"),
    _p(r"^follow (?:us|@\w+)\b"),
    _p(r"^(?:sign up|subscribe) (?:for|to) (?:our|the)\b.{0,80}\bnewsletters?\b"),
    # -- cookie banners
    _p(r"\bwe use cookies\b"),
    _p(r"\b(?:accept|reject|manage) (?:all )?cookies\b"),
    _p(r"\bcookie (?:policy|settings|preferences|consent)\b"),
    _p(r"\bby (?:continuing|using|browsing)\b.{0,80}\byou (?:agree|accept|consent)\b"),
    # -- page furniture and credits after the story
    _p(r"^(?:advertisement|skip to (?:main )?content|read more:?|related (?:articles|stories):?)$"),
    _p(r"^(?:©|\(c\)|copyright)\s*\d{4}\b"),
    _p(r"\ball rights reserved\.?$"),
    _p(r"\bcontributed (?:reporting|research|to this (?:report|story|article))\b"),
)
"""Regexes (case-insensitive) for one line of junk; see the module docstring for how they are applied."""


def is_junk_line(line: str) -> bool:
    """Whether a line is a paywall, sharing, donation or cookie prompt (or other page furniture)."""
    folded = " ".join(line.split())
    if not folded or len(folded) > MAX_JUNK_LINE:
        return False
    return any(pattern.search(folded) for pattern in JUNK_PATTERNS)


def clean_text(text: str) -> str:
    """The article text without leading and trailing junk lines, blank lines and surrounding white space.

    Line ends become ``\\n``. Lines inside the body are kept as they are, white space included.
    """
    return trim_text(text)[0]


def trim_text(text: str) -> tuple[str, tuple[str, ...]]:
    """:func:`clean_text` and the junk lines it dropped (blank lines not counted), so that an import
    can say which texts it shortened: an analyst must be able to find out that a line went."""
    lines = normalise_newlines(text).split("\n")
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or is_junk_line(lines[end - 1])):
        end -= 1
    start = 0
    while start < end and (not lines[start].strip() or is_junk_line(lines[start])):
        start += 1
    dropped = tuple(line.strip() for line in (*lines[:start], *lines[end:]) if line.strip())
    return "\n".join(lines[start:end]).strip(), dropped
