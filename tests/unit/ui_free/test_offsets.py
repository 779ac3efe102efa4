"""Code point <-> UTF-16 conversion: emoji and other astral characters, surrogate halves, carriage returns."""

from __future__ import annotations

import pytest

from annotator.domain.offsets import OffsetMap
from annotator.ui.workspace.offsets import display_text


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii text",
        "caf\u00e9 na\u00efve \u2014 BMP only",
        "\U0001F600 starts with an emoji",
        "ends with an emoji \U0001F44D",
        "two in a row \U0001F1FA\U0001F1E6 (a flag) and \U0001D400 math bold A and \U00020000 CJK ext B",
        "\U0001F468\u200d\U0001F469\u200d\U0001F467 a family (zero width joiners)",
    ],
)
def test_every_position_round_trips(text: str) -> None:
    offsets = OffsetMap(text)
    assert offsets.length_utf16 == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = offsets.to_utf16(cp)
        assert u16 == utf16_len(text[:cp])
        assert offsets.to_code_point(u16) == cp
    assert offsets.utf16_positions() == [utf16_len(text[:cp]) for cp in range(len(text) + 1)]


def test_identity_without_astral_characters() -> None:
    offsets = OffsetMap("Peskov said \u201cno\u201d.")
    assert offsets.is_identity
    assert offsets.to_utf16(7) == 7


def test_a_position_inside_a_surrogate_pair_rounds_down() -> None:
    text = "a\U0001F600b"
    offsets = OffsetMap(text)
    assert offsets.to_code_point(2) == 1  # between the two halves of the emoji
    assert offsets.range_to_code_points(0, 2) == (0, 2)  # a selection ending mid-emoji includes it


def test_a_span_after_emoji_lands_on_the_same_words() -> None:
    text = "\U0001F600\U0001F600 Dmitry Peskov said"
    start = text.index("Dmitry")
    end = start + len("Dmitry Peskov")
    offsets = OffsetMap(text)
    a, b = offsets.range_to_utf16(start, end)
    assert text.encode("utf-16-le")[2 * a : 2 * b].decode("utf-16-le") == "Dmitry Peskov"
    assert offsets.range_to_code_points(b, a) == (start, end)  # backwards selections too


def test_out_of_range_positions_are_refused() -> None:
    offsets = OffsetMap("abc")
    with pytest.raises(ValueError):
        offsets.to_utf16(4)
    with pytest.raises(ValueError):
        offsets.to_code_point(-1)


def test_display_text_keeps_the_length() -> None:
    for text in ("a\r\nb", "a\rb", "a\nb"):
        shown = display_text(text)
        assert len(shown) == len(text) and "\r" not in shown
