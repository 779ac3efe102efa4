"""Code points (Python, spaCy, the project file) <-> UTF-16 code units (Qt text positions, WebAnno TSV).

Qt and UTF-16 formats count a character outside the Basic Multilingual Plane (an emoji, many CJK
extensions) as two positions; Python counts it as one. Every conversion between the two goes through
:class:`OffsetMap`, built once per text, so a span never lands one position off after an emoji.
"""

from __future__ import annotations

import bisect

_BMP_LIMIT = 0xFFFF


class OffsetMap:
    """Converts positions in one text between code points and UTF-16 code units.

    Built in one pass over the text; each conversion is a binary search over the astral characters
    only, and the identity when there are none (the common case).
    """

    __slots__ = ("_astral", "_astral_u16", "length", "length_utf16")

    def __init__(self, text: str) -> None:
        self._astral: list[int] = [i for i, ch in enumerate(text) if ord(ch) > _BMP_LIMIT] if not text.isascii() else []
        # UTF-16 position of each astral character: every earlier astral character adds one unit.
        self._astral_u16: list[int] = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)
        self.length_utf16 = len(text) + len(self._astral)

    @property
    def is_identity(self) -> bool:
        """True when code points and UTF-16 units coincide (no astral characters)."""
        return not self._astral

    def to_utf16(self, position: int) -> int:
        """The Qt position of code point ``position`` (0 <= position <= len(text))."""
        if not 0 <= position <= self.length:
            raise ValueError(f"position {position} is outside the text (0..{self.length})")
        if not self._astral:
            return position
        return position + bisect.bisect_left(self._astral, position)

    def to_code_point(self, position: int) -> int:
        """The code point at Qt position ``position``; a position between the two halves of a
        surrogate pair rounds down to the start of that character."""
        if not 0 <= position <= self.length_utf16:
            raise ValueError(f"position {position} is outside the text (0..{self.length_utf16} UTF-16 units)")
        if not self._astral:
            return position
        # Astral characters starting before ``position``; each of them occupies two units.
        n = bisect.bisect_left(self._astral_u16, position)
        if n and self._astral_u16[n - 1] + 1 == position:  # inside a surrogate pair
            return self._astral[n - 1]
        return position - n

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection as a code point range; an end inside a surrogate pair includes that character."""
        lo, hi = min(start, end), max(start, end)
        cp_start = self.to_code_point(lo)
        cp_end = self.to_code_point(hi)
        if self._astral and self.to_utf16(cp_end) < hi:
            cp_end += 1
        return cp_start, cp_end

    def utf16_positions(self) -> list[int]:
        """The UTF-16 position of every code point position of the text, and of its end."""
        return [self.to_utf16(p) for p in range(self.length + 1)]
