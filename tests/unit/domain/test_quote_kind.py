"""The one quote-kind rule (keys, quote tools and the quote finder ask it) and quote trimming."""

from __future__ import annotations

import pytest

from annotator.domain.quote_kind import guess_quote_kind, stands_alone, trim_quote

TEXT = (
    "\u201cWe will not be intimidated,\u201d Peskov said. He said talks would go on. "
    "It was \u201ca farce\u201d, he added. She accused him of \u201clying to us\u201d. "
    "Lavrov said: \u201cNo deal.\u201d\n\u201cNever,\u201d came the reply. Peskov's aide said nothing."
)


def bounds(words: str, *, with_marks: bool = False) -> tuple[int, int]:
    start = TEXT.index(words)
    end = start + len(words)
    return (start - 1, end + 1) if with_marks else (start, end)


@pytest.mark.parametrize(
    ("words", "with_marks", "kind"),
    [
        ("We will not be intimidated,", False, "direct"),  # begins the text; marks just outside
        ("We will not be intimidated,", True, "direct"),  # the marks inside the bounds
        ("talks would go on", False, "indirect"),
        ("It was \u201ca farce\u201d", False, "mixed"),  # holds quoted words
        ("lying to us", False, "mixed"),  # wholly in marks, woven into the sentence
        ("lying to us", True, "mixed"),
        ("No deal.", False, "direct"),  # after a colon
        ("Never,", False, "direct"),  # begins a line
        ("Peskov's aide said nothing", False, "indirect"),  # an apostrophe is no quotation mark
    ],
)
def test_kind_follows_the_marks_and_what_stands_before_them(words: str, with_marks: bool, kind: str) -> None:
    assert guess_quote_kind(TEXT, *bounds(words, with_marks=with_marks)) == kind


def test_stands_alone_walks_back_over_marks_and_spaces() -> None:
    assert stands_alone(TEXT, 1)
    assert stands_alone(TEXT, TEXT.index("No deal"))
    assert not stands_alone(TEXT, TEXT.index("lying"))
    assert not stands_alone(TEXT, TEXT.index("a farce"))


def test_trim_drops_spaces_and_enclosing_marks_not_apostrophes() -> None:
    assert trim_quote(TEXT, *bounds(" \u201clying to us\u201d", with_marks=False)) == bounds("lying to us")
    start, end = bounds("Peskov's aide")
    assert trim_quote(TEXT, start, end) == (start, end)
    assert trim_quote(TEXT, *bounds("Never,", with_marks=True)) == bounds("Never,")
