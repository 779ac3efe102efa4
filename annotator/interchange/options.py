"""Options shared by every reader, so a new format needs no new parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from annotator.domain import LabelScheme

from .decoding import MAX_RECORD_BYTES
from .labelmap import LabelMap
from .validation import default_label_scheme

DEFAULT_ANNOTATOR = "imported"


@dataclass(frozen=True)
class ImportOptions:
    """How to read a batch of files.

    ``text_field`` names the text column or key of CSV and JSONL records. ``annotator`` owns the
    imported layers of records that do not name their annotator. ``scheme`` is what labels are
    checked against (the shipped scheme when ``None``). ``label_map`` renames labels of spans and
    relations before the check, e.g. a corpus's ``{"Content": "QUOTE"}``. ``clean`` applies
    :func:`annotator.interchange.cleanup.clean_text` to plain (unannotated) texts; annotated
    texts are never touched because their offsets depend on every character.
    """

    text_field: str = "text"
    annotator: str | None = None
    scheme: LabelScheme | None = None
    label_map: Mapping[str, str] = field(default_factory=dict)
    clean: bool = True
    max_record_bytes: int = MAX_RECORD_BYTES
    labels: LabelMap = field(default_factory=LabelMap)
    """Span, relation and role renames (``--map``); ``label_map`` entries apply on top to spans and relations."""

    @property
    def mapping(self) -> LabelMap:
        if not self.label_map:
            return self.labels
        pairs = dict(self.label_map)
        return self.labels.merged(LabelMap(spans=pairs, relations=pairs, roles=pairs))

    @property
    def label_scheme(self) -> LabelScheme:
        return self.scheme if self.scheme is not None else default_label_scheme()

    def owner(self, named: object = None) -> str:
        """The annotator of an imported layer: the one the record names, else the option, else ``imported``."""
        if isinstance(named, str) and named.strip():
            return named
        return self.annotator or DEFAULT_ANNOTATOR

    def label(self, name: str) -> str:
        """A span label as the project names it."""
        return self.mapping.span(name)

    def relation_label(self, name: str) -> str:
        return self.mapping.relation(name)

    def role(self, name: str) -> str:
        """An event role (brat) as a relation label."""
        return self.mapping.role(name)
