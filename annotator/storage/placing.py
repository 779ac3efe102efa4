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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..domain import Annotations, Status
from .errors import ProjectWriteError

#: What an engine tells of a stored layer: ``(article_id, annotator) -> (layer, whether a row exists)``
#: (an empty layer when there is none).
StoredAs = Callable[[str, str], tuple[Annotations, bool]]
#: How an engine stores a layer in place of the one of its name (in the caller's transaction).
WriteLayer = Callable[[Annotations], None]

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


def place_layers(
    article_id: str,
    layers: Sequence[Annotations],
    length: int,
    on_existing: OnExisting,
    stored_as: StoredAs,
    write: WriteLayer,
) -> tuple[Placement, ...]:
    """Place each incoming layer of an article of ``length`` code points (checked against it first)
    by :func:`place_layer`; both engines store imports through this one rule."""
    placements = []
    for layer in layers:
        layer.validate(length)
        placements.append(place_layer(replace(layer, article_id=article_id), on_existing, stored_as, write))
    return tuple(placements)


def place_layer(layer: Annotations, on_existing: OnExisting, stored_as: StoredAs, write: WriteLayer) -> Placement:
    """Store one incoming layer without losing a stored one: unchanged if the same is stored, in
    place of a layer holding no work, replacing one if asked, else beside it under the first free
    (or already identical) ``-imported`` name."""
    article_id, name = layer.article_id, layer.annotator
    stored, exists = stored_as(article_id, name)
    if same_layer(stored, layer) and (holds_work(stored) or exists):
        return Placement(article_id, name, name, Placed.UNCHANGED)
    if not holds_work(stored):
        write(layer)
        return Placement(article_id, name, name, Placed.NEW)
    if on_existing is OnExisting.REPLACE:
        write(layer)
        return Placement(article_id, name, name, Placed.REPLACED, replaced_spans=len(stored.spans))
    for candidate in beside_names(name):
        there, _ = stored_as(article_id, candidate)
        if holds_work(there) and same_layer(there, layer):
            return Placement(article_id, name, candidate, Placed.UNCHANGED)
        if not holds_work(there):
            write(replace(layer, annotator=candidate))
            return Placement(article_id, name, candidate, Placed.BESIDE)
    raise ProjectWriteError(f"{article_id}: too many imported copies of the {name!r} layer")
