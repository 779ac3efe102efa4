"""Label maps: how a corpus's labels become the project's (``--map SRC=DST``, ``--map FILE.json``, presets).

A map renames span labels, relation labels and event roles separately, because corpora reuse
names across them (PolNeAR's ``Cue`` is a span label and an event role). A built-in preset
(``attribution``) also says which spans a mapping reads as the anchors of events and which labels
it deliberately leaves out, so that nothing is dropped without a note.

A map file is JSON: ``{"spans": {"Src": "DST"}, "relations": {...}, "roles": {...}, "skip": [...]}``;
a flat object ``{"Src": "DST"}`` maps span and relation labels alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain import AnnotatorError


@dataclass(frozen=True)
class LabelMap:
    """Renames for span labels, relation labels and event roles, and what a preset skips on purpose.

    ``attribution`` is set by the ``attribution`` preset: brat events with Source/Cue/Content
    roles are read as QUOTE spans linked to their SPEAKER and CUE (see ``formats/brat.py``).
    """

    spans: Mapping[str, str] = field(default_factory=dict)
    relations: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()
    attribution: bool = False

    def span(self, name: str) -> str:
        return self.spans.get(name, name)

    def relation(self, name: str) -> str:
        return self.relations.get(name, self.spans.get(name, name))

    def role(self, name: str) -> str:
        return self.roles.get(name, self.relation(name))

    def merged(self, other: LabelMap) -> LabelMap:
        """This map with ``other``'s entries on top (later ``--map`` options win)."""
        return LabelMap(
            spans={**self.spans, **other.spans},
            relations={**self.relations, **other.relations},
            roles={**self.roles, **other.roles},
            skip=(self.skip | other.skip) - frozenset(other.spans),
            attribution=self.attribution or other.attribution,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.spans or self.relations or self.roles or self.skip or self.attribution)


ATTRIBUTION = LabelMap(
    spans={"Content": "QUOTE", "Source": "SPEAKER", "Cue": "CUE"},
    roles={"Source": "SPEAKER", "Cue": "CUE"},
    skip=frozenset({"Discard", "Discuss"}),
    attribution=True,
)
"""PARC/PolNeAR attribution relations: Content -> QUOTE, Source -> SPEAKER, Cue -> CUE.

The event trigger (``Attribution``, ``Attribution-no-source``) marks the same words as the cue;
PolNeAR's ``Discard``/``Discuss`` spans (text left out of attribution annotation) have no
counterpart in our codebook and are skipped with a note; ``--map Discuss=LABEL`` keeps them.
"""

PRESETS: Mapping[str, LabelMap] = {"attribution": ATTRIBUTION}


class LabelMapError(AnnotatorError):
    """A ``--map`` option or map file that cannot be read; the message names it and what is wrong."""


def parse_label_maps(specs: Iterable[str]) -> LabelMap:
    """One map from ``--map`` values, in order: presets, ``SRC=DST`` pairs and JSON files."""
    result = LabelMap()
    for spec in specs:
        result = result.merged(parse_label_map(spec))
    return result


def parse_label_map(spec: str) -> LabelMap:
    if spec in PRESETS:
        return PRESETS[spec]
    if "=" in spec and not spec.lower().endswith(".json"):
        source, _, target = spec.partition("=")
        if not source.strip() or not target.strip():
            raise LabelMapError(f"--map {spec!r}: expected SRC=DST with both labels given")
        pair = {source.strip(): target.strip()}
        return LabelMap(spans=pair, relations=pair, roles=pair)
    path = Path(spec)
    if not path.is_file():
        known = ", ".join(PRESETS)
        raise LabelMapError(f"--map {spec!r}: not SRC=DST, not a built-in map ({known}) and no such JSON file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabelMapError(f"{path}: cannot read the label map: {exc}") from None
    return label_map_from_json(data, str(path))


def label_map_from_json(data: object, where: str) -> LabelMap:
    if not isinstance(data, dict):
        raise LabelMapError(f"{where}: a label map is a JSON object, found {type(data).__name__}")
    sections = {"spans", "relations", "roles", "skip", "preset"}
    if not sections & set(data):
        flat = _pairs(data, where, "the map")
        return LabelMap(spans=flat, relations=flat, roles=flat)
    unknown = set(data) - sections
    if unknown:
        raise LabelMapError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))} (expected {', '.join(sorted(sections))})"
        )
    base = LabelMap()
    if "preset" in data:
        if data["preset"] not in PRESETS:
            raise LabelMapError(f"{where}: unknown preset {data['preset']!r} (known: {', '.join(PRESETS)})")
        base = PRESETS[data["preset"]]
    skip = data.get("skip", [])
    if not isinstance(skip, list) or not all(isinstance(s, str) for s in skip):
        raise LabelMapError(f"{where}: 'skip' must be a list of labels")
    own = LabelMap(
        spans=_pairs(data.get("spans", {}), where, "'spans'"),
        relations=_pairs(data.get("relations", {}), where, "'relations'"),
        roles=_pairs(data.get("roles", {}), where, "'roles'"),
        skip=frozenset(skip),
    )
    return base.merged(own)


def _pairs(data: object, where: str, what: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()):
        raise LabelMapError(f"{where}: {what} must map labels to non-empty labels (strings)")
    return dict(data)
