"""Where a candidate mention stands: its sentence, its distance from the quote, the person it names.

Plain Python, no Qt: the speaker and target pickers show each candidate with this context, and
group the mentions of one person together, so that five "Sessions" can be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+|\n")
_WORD = re.compile(r"\w+")

T = TypeVar("T")


@dataclass(frozen=True)
class MentionContext:
    """What a picker shows beside a candidate: ``person`` (the name it stands for), ``distance``
    ("12 words before the quote") and ``snippet`` (its sentence, clipped, the mention in brackets)."""

    person: str
    distance: str
    snippet: str


def sentence_snippet(text: str, start: int, end: int, width: int = 70) -> str:
    """The sentence around ``[start, end)``, at most about ``width`` characters, the mention in [brackets]."""
    lo = max(0, start - 400)  # a sentence is shorter than that; keeps a long article's picker fast
    for match in _SENTENCE_END.finditer(text, lo, start):
        lo = match.end()
    following = _SENTENCE_END.search(text, end, min(len(text), end + 400))
    hi = following.start() + 1 if following else min(len(text), end + 400)
    before, mention, after = text[lo:start], text[start:end], text[end:hi]
    room = max(10, (width - len(mention)) // 2)
    if len(before) > room:
        before = "…" + before[-room:].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + "…"
    return " ".join(f"{before}[{mention}]{after}".split())


def distance(text: str, start: int, end: int, anchor: tuple[int, int]) -> str:
    """How far the mention is from ``anchor`` (the quote), in words: "inside", "3 words before", "after"."""
    a_start, a_end = anchor
    if a_start <= start and end <= a_end:
        return "in the quote"
    if end <= a_start:
        return f"{len(_WORD.findall(text[end:a_start]))} words before"
    return f"{len(_WORD.findall(text[a_end:start]))} words after"


def person_of(mention: str, names: Sequence[str]) -> str:
    """The longest of ``names`` that contains ``mention`` as whole words (its person); else the mention."""
    wanted = " ".join(mention.split())
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", name):
            return name
    return wanted


def context_of(text: str, start: int, end: int, anchor: tuple[int, int], names: Sequence[str]) -> MentionContext:
    return MentionContext(
        person_of(text[start:end], names), distance(text, start, end, anchor), sentence_snippet(text, start, end)
    )


def grouped(items: Sequence[T], person: Callable[[T], str]) -> list[T]:
    """``items`` (most likely first) with the mentions of one person kept together: the groups in the
    order of their most likely mention, each group in its own order."""
    order: dict[str, list[T]] = {}
    for item in items:
        order.setdefault(person(item).lower(), []).append(item)
    return [item for group in order.values() for item in group]


def text_occurrences(
    text: str, typed: str, anchor: tuple[int, int], taken: Sequence[tuple[int, int]], limit: int = 2
) -> list[tuple[int, int]]:
    """Where ``typed`` occurs in ``text`` as whole words with no span there yet, nearest ``anchor``
    (the quote) first: a target that has no span can be picked from the text itself."""
    wanted = " ".join(typed.split())
    if len(wanted) < 2:
        return []
    found = []
    for match in re.finditer(rf"(?<!\w){re.escape(wanted)}(?!\w)", text, re.IGNORECASE):
        start, end = match.span()
        if not any(start < b and a < end for a, b in taken):
            found.append((start, end))
    a_start, a_end = anchor
    found.sort(key=lambda r: 0 if a_start <= r[0] < a_end else min(abs(r[0] - a_end), abs(a_start - r[1])))
    return found[:limit]
