"""The article text as the Qt document gets it, with its positions kept.

Conversions between code points and Qt's UTF-16 positions are :class:`annotator.domain.offsets.OffsetMap`
(shared with the UTF-16 file formats). This module has no Qt dependency so that it can be tested anywhere.
"""

from __future__ import annotations


def display_text(text: str) -> str:
    """The text as handed to the Qt document, with exactly as many code points as ``text``.

    Qt turns ``"\\r\\n"`` into one paragraph break, which would shift every later position by one.
    Replacing the carriage return by a space (or a lone one by a newline) keeps positions aligned.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", " \n").replace("\r", "\n")
