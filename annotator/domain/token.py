"""Token: a word or mark of an article, as exporters and the UI's snapping need it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    """A token: its text, its half-open code-point range in the article, and whether white space follows."""

    text: str
    start: int
    end: int
    ws: bool
