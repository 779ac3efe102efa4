"""What the importers yield: an article with its layers, or a problem that names where the input is wrong.

Importers never raise on bad input; they yield an :class:`ImportProblem` and carry on with the
rest of the batch, so one broken line in a 10,000-line file costs one line, not the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from annotator.domain import Annotations, Article, InvariantError


@dataclass(frozen=True)
class ParsedArticle:
    """One article read from ``source`` (a file path), with any annotation layers it carried.

    ``line`` is the 1-based line of the record in a JSONL or CSV file, ``None`` for whole-file formats.
    ``notes`` say what a reader left out on purpose (a mapping's skipped labels, a cancelled
    annotation), so that nothing is left out silently.
    ``trimmed`` holds the junk lines (paywall, sharing, credits ...) dropped from either end of a
    plain text, so that the import can report them.
    """

    article: Article
    layers: tuple[Annotations, ...]
    source: str
    line: int | None = None
    notes: tuple[str, ...] = ()
    trimmed: tuple[str, ...] = ()


def located(source: str, line: int | None) -> str:
    """Where a record is, as every import message says it: the file, and the line when there is one."""
    return source if line is None else f"{source}, line {line}"


@dataclass(frozen=True)
class ImportProblem:
    """Why a file, or one record of it, was not imported."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{located(self.source, self.line)}: {self.message}"


@dataclass(frozen=True)
class ImportNote:
    """Something a reader left out on purpose and says so (a cancelled task, a skipped record); not an error."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{located(self.source, self.line)}: {self.message}"


ImportResult = Union[ParsedArticle, ImportProblem, ImportNote]


class RecordError(Exception):
    """Raised inside a reader when one record cannot be imported; the reader turns it into a problem.

    ``messages`` lists every fault found, so the analyst can fix a record in one pass.
    """

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


RECORD_ERRORS = (RecordError, InvariantError)
"""What reading one record may raise: our own faults, and a domain rule the record breaks."""
