"""Plain records the storage contract hands out besides domain objects (both engines build them)."""

from __future__ import annotations

from dataclasses import dataclass

from .placing import Placement


@dataclass(frozen=True)
class AddOutcome:
    """What became of one article offered to ``add_articles``."""

    article_id: str
    duplicate_of: str | None = None  # set when the same text was already in the project
    layers_added: tuple[str, ...] = ()  # the names the layers were stored under (unchanged ones too)
    problem: str | None = None
    placements: tuple[Placement, ...] = ()  # where each layer went, and why


@dataclass(frozen=True)
class Comment:
    id: int
    article_id: str
    annotator: str
    span_id: str | None
    body: str
    created_at: str


@dataclass(frozen=True)
class LayerSaved:
    """One committed write to a layer, as a team server announces it: article, layer, and who wrote it."""

    article_id: str
    layer: str
    by: str
