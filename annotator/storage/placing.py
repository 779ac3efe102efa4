"""Where an imported layer goes when the article already has a layer of that name.

An import must never lose an analyst's work: re-importing her older export of an article she has
since annotated further would otherwise replace 60 spans by 3. So a layer that already holds work
(spans, relations, decisions or a status other than todo) is kept, and the incoming layer is stored
beside it under a distinct name (``alice-imported``, ``alice-imported-2`` ...), unless the caller
asks to replace it. A layer identical to the one stored is not stored again, so importing the same
file twice changes nothing. The same rule holds for every layer, gold and model included.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..domain import Annotations, Status

BESIDE_SUFFIX = "-imported"


class OnExisting(str, enum.Enum):
    """What an import does with a layer that already holds work."""

    BESIDE = "beside"  # keep it, store the incoming layer under a distinct name
    REPLACE = "replace"  # replace it (the report says what was replaced)


class Placed(str, enum.Enum):
    """What became of one incoming layer."""

    NEW = "new"  # stored under its own name (nothing was there, or only an empty layer)
    BESIDE = "beside"  # stored under a distinct name: a layer with work had its name
    REPLACED = "replaced"  # replaced a layer with work (``--replace``)
    UNCHANGED = "unchanged"  # the same layer was already stored; nothing written


@dataclass(frozen=True)
class Placement:
    """One incoming layer: the name the file gave it, the name it is stored under, and why."""

    article_id: str
    incoming: str
    stored: str
    placed: Placed
    replaced_spans: int = 0  # spans of the layer that was replaced (``Placed.REPLACED`` only)

    def describe(self) -> str:
        """One line for the report, e.g. ``a1: alice -> alice-imported (alice's layer holds work; kept)``."""
        if self.placed is Placed.NEW:
            return f"{self.article_id}: layer {self.incoming!r} stored as {self.stored!r}"
        if self.placed is Placed.BESIDE:
            return (
                f"{self.article_id}: layer {self.incoming!r} stored beside as {self.stored!r} "
                f"(the project's {self.incoming!r} layer holds work and was kept)"
            )
        if self.placed is Placed.REPLACED:
            return (
                f"{self.article_id}: layer {self.incoming!r} replaced the project's {self.stored!r} layer "
                f"({self.replaced_spans} span(s) before)"
            )
        return f"{self.article_id}: layer {self.incoming!r} unchanged (the same layer is already stored as {self.stored!r})"


def holds_work(layer: Annotations) -> bool:
    """Whether replacing ``layer`` could lose anything an annotator did."""
    return bool(layer.spans or layer.relations or layer.decisions or layer.status is not Status.TODO)


def same_layer(a: Annotations, b: Annotations) -> bool:
    """Same spans, relations, status and decisions, whatever their order."""
    return (
        set(a.spans) == set(b.spans)
        and set(a.relations) == set(b.relations)
        and a.status is b.status
        and dict(a.decisions) == dict(b.decisions)
    )


def beside_names(name: str) -> list[str]:
    """The names tried, in order, for a layer kept beside ``name``: ``name-imported``, ``-imported-2`` ..."""
    return [f"{name}{BESIDE_SUFFIX}"] + [f"{name}{BESIDE_SUFFIX}-{n}" for n in range(2, 1000)]
