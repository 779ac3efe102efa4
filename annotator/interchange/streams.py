"""Streaming helpers: lines of a file of any size with a limit per line, and output targets.

Lines are read as bytes and decoded one by one, so a file of millions of records needs the
memory of one record, and one bad line is one problem, not a failed file.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO, Union

from .decoding import SNIFF_BYTES, bom_encoding, human_size, sniff_encoding
from .results import RecordError

Target = Union[TextIO, Path, str]
"""Where an exporter writes: an open text stream (left open) or a path (created, overwritten)."""

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Line:
    """One line of a file: its 1-based number and its text, or why it could not be read."""

    number: int
    text: str | None
    error: str | None = None


def iter_lines(path: Path, limit: int, guess: bool = True) -> Iterator[Line]:
    """Decoded lines of ``path`` (blank lines skipped); raises :class:`RecordError` if the file is not text.

    With ``guess`` false the file is UTF-8 unless a byte-order mark says otherwise (JSON is UTF-8 by
    definition), and a line with bytes that are not UTF-8 is reported rather than guessed at.
    """
    with path.open("rb") as f:
        sample = f.read(SNIFF_BYTES)
        if not sample.strip():
            raise RecordError("the file is empty")
        encoding = sniff_encoding(sample) if guess else (bom_encoding(sample) or "utf-8")
        if encoding == "utf-8" and b"\x00" in sample:
            raise RecordError("binary file (contains NUL bytes), not text")
        f.seek(0)
        if encoding.startswith(("utf-16", "utf-32")):
            yield from _wide_lines(f, encoding, limit)
            return
        number = 0
        while True:
            raw = f.readline(limit + 1)
            if not raw:
                return
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                _skip_rest_of_line(f)
                yield Line(number, None, f"the line is longer than {human_size(limit)}, the limit per record")
                continue
            if number == 1 and encoding == "utf-8-sig":
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                yield Line(number, None, f"the line is not valid {encoding}: {exc.reason} at byte {exc.start + 1}")
                continue
            if text.strip():
                yield Line(number, text)


def _skip_rest_of_line(f: BinaryIO) -> None:
    while True:
        chunk = f.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _wide_lines(f: BinaryIO, encoding: str, limit: int) -> Iterator[Line]:
    """Lines of a UTF-16/32 file, where a newline byte is not a line end; the limit counts characters."""
    stream = io.TextIOWrapper(f, encoding=encoding, newline="")
    number = 0
    try:
        while True:
            text = stream.readline(limit + 1)
            if not text:
                return
            number += 1
            if len(text) > limit and not text.endswith("\n"):
                while (rest := stream.readline(_CHUNK)) and not rest.endswith("\n"):
                    pass
                yield Line(
                    number, None, f"the line is longer than {human_size(limit)} characters, the limit per record"
                )
            elif text.strip():
                yield Line(number, text)
    except UnicodeDecodeError as exc:
        yield Line(number + 1, None, f"cannot decode the rest of the file as {encoding}: {exc.reason}")
    finally:
        stream.detach()


@contextlib.contextmanager
def open_target(target: Target, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream for ``target``: paths are opened (and closed) here, streams are used as they are."""
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding=encoding, newline="") as stream:
            yield stream
    else:
        yield target


def dumps_record(record: Any) -> str:
    """One JSONL line: compact, non-ASCII kept as is, no NaN (which is not JSON)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
