"""Colours and text formats of the annotation workspace, derived from the label scheme.

Formats are cached per (label, kind of mark, nesting, selection): an article with 1,500 spans needs
a handful of distinct formats, so re-rendering never rebuilds them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat

from ...domain import LabelScheme

#: How much of the label colour shows in tints (the rest is white), by kind of mark.
QUOTE_TINT = 0.13
ROLE_TINT = 0.32  # CUE and SPEAKER
SUGGESTION_TINT = 0.30
QUOTE_SUGGESTION_TINT = 0.10  # a suggested quote is long: a faint tint keeps the entities in it readable
TEXT_COLOUR = QColor("#1b1b1b")

APP_STYLE_SHEET = """
QPlainTextEdit#articleView { background: #ffffff; border: none; }
QStatusBar QLabel#errorLabel { color: #b00020; }
QLabel#articleHeading { font-size: 13pt; font-weight: 600; padding: 6px 4px 0 4px; }
QLabel#articleMeta { color: #555555; padding: 0 4px 4px 4px; }
QToolButton[labelChip="true"] { border: 1px solid #00000030; border-radius: 3px; padding: 1px 6px; }
"""


def tint(colour: str | QColor, amount: float) -> QColor:
    """``colour`` blended with white: opaque, so stacked marks never darken unpredictably."""
    c = QColor(colour)
    return QColor(
        round(255 - (255 - c.red()) * amount),
        round(255 - (255 - c.green()) * amount),
        round(255 - (255 - c.blue()) * amount),
    )


def readable_on(background: QColor) -> QColor:
    """Black or white text, whichever reads better on ``background``."""
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return TEXT_COLOUR if luminance > 150 else QColor("#ffffff")


def article_font() -> QFont:
    font = QFont()
    font.setFamilies(["Noto Serif", "DejaVu Serif", "Georgia", "serif"])
    font.setPointSizeF(11.5)
    return font


class FormatCache:
    """The ``QTextCharFormat`` of every kind of mark, built once per label scheme."""

    def __init__(self, scheme: LabelScheme) -> None:
        self.scheme = scheme
        self._cache: dict[tuple[str, bool, bool, bool], QTextCharFormat] = {}

    def format(self, label: str, suggestion: bool, in_quote: bool, selected: bool) -> QTextCharFormat:
        key = (label, suggestion, in_quote, selected)
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self._build(label, suggestion, in_quote, selected)
        return fmt

    def linked(self, base: QTextCharFormat) -> QTextCharFormat:
        """``base`` made to stand out as linked to the selected quote: bold, with a solid overline."""
        fmt = QTextCharFormat(base)
        fmt.setFontWeight(700)
        fmt.setFontOverline(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        return fmt

    def _build(self, label: str, suggestion: bool, in_quote: bool, selected: bool) -> QTextCharFormat:
        colour = QColor(self.scheme.color_of(label))
        quote_colour = QColor(self.scheme.color_of("QUOTE"))
        fmt = QTextCharFormat()
        if selected:
            # The selected span: the label colour at full strength, darkened, so it stands out from
            # everything around it whatever its label.
            background = colour.darker(135) if label != "QUOTE" else tint(colour, 0.45)
            fmt.setBackground(background)
            fmt.setForeground(readable_on(background))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour.darker(200))
            return fmt
        if suggestion:
            fmt.setBackground(tint(colour, QUOTE_SUGGESTION_TINT if label == "QUOTE" else SUGGESTION_TINT))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(colour.darker(140))
            return fmt
        if label == "QUOTE":
            fmt.setBackground(tint(colour, QUOTE_TINT))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            return fmt
        if label in ("CUE", "SPEAKER"):
            fmt.setBackground(tint(colour, ROLE_TINT))
            fmt.setForeground(colour.darker(170))
        else:
            fmt.setBackground(colour)
            fmt.setForeground(readable_on(colour))
        if in_quote:  # keep the quote's underline visible under the marks nested in it
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(quote_colour)
        return fmt
