"""Tokens as the interchange formats need them, without depending on spaCy.

Exporters that need tokens (Prodigy) take a :data:`Tokenize` callable, so the caller chooses the
tokenizer: ``annotator.nlp.tokens.spacy_tokenizer()`` in the application, :func:`simple_tokenize`
where spaCy is not wanted.
"""

from __future__ import annotations

import bisect
import re

from annotator.domain.token import Token, Tokenize

__all__ = ["Token", "TokenIndex", "Tokenize", "simple_tokenize"]

_WORD_OR_MARK = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def simple_tokenize(text: str) -> list[Token]:
    """Words (with inner hyphens, apostrophes, dots) and single punctuation marks; white space skipped."""
    matches = list(_WORD_OR_MARK.finditer(text))
    tokens: list[Token] = []
    for i, m in enumerate(matches):
        next_start = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        tokens.append(Token(m.group(), m.start(), m.end(), ws=next_start > m.end()))
    return tokens


class TokenIndex:
    """Maps character ranges to token ranges by bisection, so a long article with many spans stays fast."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Indices of the first and last token overlapping ``[start, end)`` (inclusive), or ``None``."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end) - 1
        if first > last:
            return None
        return first, last
