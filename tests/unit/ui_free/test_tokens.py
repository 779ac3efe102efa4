"""Snapping selections to words, nudging span edges by a word, guessing a quote's kind."""

from __future__ import annotations

from annotator.ui.workspace.tokens import TokenBounds

TEXT = "Kremlin spokesman Dmitry Peskov's remarks, he said."


def bounds_of(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_snap_completes_partly_selected_words_and_drops_edge_spaces() -> None:
    tokens = TokenBounds(TEXT)
    start, end = bounds_of("mlin spokes")
    assert tokens.snap(start, end) == bounds_of("Kremlin spokesman")
    start, end = bounds_of(" Dmitry ")
    assert tokens.snap(start, end) == bounds_of("Dmitry")


def test_snap_stops_at_an_apostrophe() -> None:
    tokens = TokenBounds(TEXT)
    start, end = bounds_of("Pesk")
    assert tokens.snap(start, end) == bounds_of("Peskov")


def test_snap_of_white_space_only_is_nothing() -> None:
    tokens = TokenBounds("a   b")
    assert tokens.snap(1, 3) is None
    assert tokens.trim(1, 3) is None


def test_nudge_moves_one_word() -> None:
    tokens = TokenBounds(TEXT)
    start, end = bounds_of("Dmitry")
    assert tokens.nudge(start, end, "start", grow=True) == (TEXT.index("spokesman"), end)
    assert tokens.nudge(start, end, "end", grow=True) == (start, bounds_of("Dmitry Peskov")[1])
    assert tokens.nudge(start, end, "start", grow=False) is None  # would vanish
    wide = bounds_of("Dmitry Peskov")
    assert tokens.nudge(*wide, "end", grow=False) == bounds_of("Dmitry")
    assert tokens.nudge(*wide, "start", grow=False) == bounds_of("Peskov")
