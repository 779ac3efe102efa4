"""Article: one imported news text. Its text never changes after import."""

from __future__ import annotations

import enum
import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import InvariantError
from .span import AttrValue


class Status(str, enum.Enum):
    """Where an annotator stands with an article."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


def normalised_text(text: str) -> str:
    """The text as compared for duplicates: NFC, case-folded, white space folded."""
    # str.split() folds every run of white space in C; far faster than a regex on long texts.
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def content_hash(text: str) -> str:
    """Identity of an article's content, stable across re-imports and colleagues' projects."""
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """An article as stored: text plus what is known of its source.

    ``raw`` keeps the original bytes decoded (e.g. the HTML page) for provenance.
    ``meta`` holds any further fields of the import record.
    """

    id: str
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    byline: str = ""
    content_hash: str = ""
    raw: str | None = None
    imported_at: str = ""
    source: str = ""
    meta: Mapping[str, AttrValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            raise InvariantError("an article needs an id")
        if not self.text.strip():
            raise InvariantError(f"article {self.id}: the text is empty")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.text))


@dataclass(frozen=True)
class ArticleSummary:
    """A row of the article list: no text, cheap to load by the thousand."""

    id: str
    title: str
    outlet: str
    published: str
    status: Status
    span_count: int
    quote_count: int
    suggestion_count: int
    """The model's suggestions still pending for this annotator (neither accepted nor rejected)."""
