"""Token boundaries for selection snapping and span nudging. Qt-free.

Tokens are runs of word characters or single marks, finer than spaCy's, so that snapping only ever
completes a partly selected word and never swallows a neighbour ("Peskov's" -> "Peskov", "'", "s").
"""

from __future__ import annotations

import bisect
import re

_TOKEN = re.compile(r"\w+|[^\w\s]")


class TokenBounds:
    """The token boundaries of one article, for snapping selections and moving span ends by a token."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Expand ``[start, end)`` to whole tokens (white space at the edges dropped); ``None`` if it
        covers no token at all."""
        first = bisect.bisect_right(self.ends, start)  # first token ending after start
        last = bisect.bisect_left(self.starts, end) - 1  # last token starting before end
        if first >= len(self.starts) or last < first:
            return None
        return self.starts[first], self.ends[last]

    def trim(self, start: int, end: int) -> tuple[int, int] | None:
        """Character mode: keep the selection as is, only white space at the edges dropped."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def previous_start(self, position: int) -> int:
        """The start of the token before ``position`` (or ``position`` at the beginning)."""
        i = bisect.bisect_left(self.starts, position) - 1
        return self.starts[i] if i >= 0 else position

    def next_start(self, position: int) -> int | None:
        """The start of the first token after ``position``, if any."""
        i = bisect.bisect_right(self.starts, position)
        return self.starts[i] if i < len(self.starts) else None

    def previous_end(self, position: int) -> int | None:
        """The end of the last token ending before ``position``, if any."""
        i = bisect.bisect_left(self.ends, position) - 1
        return self.ends[i] if i >= 0 else None

    def next_end(self, position: int) -> int:
        """The end of the first token ending after ``position`` (or ``position`` at the end)."""
        i = bisect.bisect_right(self.ends, position)
        return self.ends[i] if i < len(self.ends) else position

    def nudge(self, start: int, end: int, edge: str, grow: bool) -> tuple[int, int] | None:
        """Move one edge (``"start"`` or ``"end"``) by one token; ``None`` when the span would vanish
        or cannot move."""
        if edge == "start":
            new_start = self.previous_start(start) if grow else self.next_start(start)
            if new_start is None or new_start >= end or new_start == start:
                return None
            return new_start, end
        new_end = self.next_end(end) if grow else self.previous_end(end)
        if new_end is None or new_end <= start or new_end == end:
            return None
        return start, new_end
