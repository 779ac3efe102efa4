"""Bytes to text: UTF-8 first (BOM or not), else charset-normalizer's best guess; binary input refused.

Whole-file formats (txt, html, json, brat) use :func:`read_text_file`; line formats (JSONL, CSV)
use :func:`sniff_encoding` on the first block and then stream, so memory stays constant.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from .results import RecordError

MAX_RECORD_BYTES = 50 * 1024 * 1024
"""The largest file (txt, html, json) or JSONL line we read: far above any news article, far below a crash."""

SNIFF_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, form feed and carriage return: rare in text, common in binaries.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\f\r"} | {"\x7f"}


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark, if the data starts with one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def sniff_encoding(sample: bytes) -> str:
    """The encoding of a file judged from its first bytes; raises :class:`RecordError` for binary data.

    A sample cut in the middle of a UTF-8 sequence still counts as UTF-8.
    """
    announced = bom_encoding(sample)
    if announced:
        return announced
    if b"\x00" in sample:
        raise RecordError("binary file (contains NUL bytes), not text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    if best is None:
        raise RecordError("cannot decode the bytes: not UTF-8 and no other text encoding fits")
    return str(best.encoding)


def decode_bytes(data: bytes) -> str:
    """Decode a whole file; raises :class:`RecordError` when it is binary or undecodable."""
    if not data.strip():
        raise RecordError("the file is empty")
    encoding = sniff_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RecordError(f"cannot decode the bytes as {encoding}: {exc}") from None
    check_is_text(text)
    return text.removeprefix("\ufeff")


def check_is_text(text: str) -> None:
    """Refuse decoded data with many control characters: a binary file that happened to decode."""
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if ch in _CONTROL)
    if controls > max(2, len(sample) // 100):
        raise RecordError("binary data, not text (too many control characters)")


def read_text_file(path: Path, limit: int = MAX_RECORD_BYTES) -> str:
    """The decoded text of a whole file, refusing files above ``limit`` bytes before reading them."""
    size = path.stat().st_size
    if size > limit:
        raise RecordError(f"the file is {human_size(size)}, more than the limit of {human_size(limit)}")
    return decode_bytes(path.read_bytes())


def normalise_newlines(text: str) -> str:
    """Windows and old Mac line ends as ``\\n``: offsets then mean the same on every platform."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
