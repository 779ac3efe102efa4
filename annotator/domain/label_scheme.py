"""LabelScheme: which labels a project uses, what they mean, their colours and keys."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InvariantError, UnknownLabelError


class LabelKind(str, enum.Enum):
    """The families of labels. Entities and quote-layer spans are spans; relations and stances link spans."""

    ENTITY = "entity"
    QUOTE = "quote"  # QUOTE, CUE and SPEAKER spans
    RELATION = "relation"
    STANCE = "stance"


QUOTE_KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class LabelDef:
    """One label: its name, family, colour (``#rrggbb``), keyboard key and a one-line description."""

    name: str
    kind: LabelKind
    color: str
    key: str = ""
    description: str = ""


@dataclass(frozen=True)
class LabelScheme:
    """An ordered set of label definitions. Built from ``label_scheme.json`` (see ``schemas/``)."""

    name: str
    labels: tuple[LabelDef, ...]
    quote_kinds: tuple[str, ...] = QUOTE_KINDS
    _by_name: Mapping[str, LabelDef] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        seen: dict[tuple[str, LabelKind], LabelDef] = {}
        for label in self.labels:
            if (label.name, label.kind) in seen:
                raise InvariantError(f"label {label.name!r} is defined twice in scheme {self.name!r}")
            seen[(label.name, label.kind)] = label
        by_name = {label.name: label for label in self.labels if label.kind in (LabelKind.ENTITY, LabelKind.QUOTE)}
        object.__setattr__(self, "_by_name", by_name)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LabelScheme:
        """Build from the JSON structure of ``schemas/label_scheme.schema.json`` (validated by the caller)."""
        labels: list[LabelDef] = []
        families = (
            ("entities", LabelKind.ENTITY),
            ("quotes", LabelKind.QUOTE),
            ("relations", LabelKind.RELATION),
            ("stances", LabelKind.STANCE),
        )
        for section, kind in families:
            for item in data.get(section, []):
                labels.append(
                    LabelDef(
                        name=str(item["label"]),
                        kind=kind,
                        color=str(item.get("color", "#cccccc")),
                        key=str(item.get("key", "")),
                        description=str(item.get("description", "")),
                    )
                )
        kinds = tuple(data.get("quote_kinds", QUOTE_KINDS))
        return cls(name=str(data.get("name", "custom")), labels=tuple(labels), quote_kinds=kinds)

    def to_dict(self) -> dict[str, Any]:
        sections: dict[str, list[dict[str, str]]] = {"entities": [], "quotes": [], "relations": [], "stances": []}
        section_of = {
            LabelKind.ENTITY: "entities",
            LabelKind.QUOTE: "quotes",
            LabelKind.RELATION: "relations",
            LabelKind.STANCE: "stances",
        }
        for label in self.labels:
            item = {"label": label.name, "color": label.color}
            if label.key:
                item["key"] = label.key
            if label.description:
                item["description"] = label.description
            sections[section_of[label.kind]].append(item)
        return {"name": self.name, "quote_kinds": list(self.quote_kinds), **sections}

    def of_kind(self, kind: LabelKind) -> tuple[LabelDef, ...]:
        return tuple(label for label in self.labels if label.kind is kind)

    @property
    def span_labels(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.of_kind(LabelKind.ENTITY))

    @property
    def stance_labels(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.of_kind(LabelKind.STANCE))

    @property
    def relation_labels(self) -> tuple[str, ...]:
        """Labels a relation may carry: structural ones (SPEAKER, CUE) and the stance labels (quote -> target)."""
        return tuple(label.name for label in self.labels if label.kind in (LabelKind.RELATION, LabelKind.STANCE))

    def span_label(self, name: str) -> LabelDef:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownLabelError(f"label {name!r} is not in the label scheme {self.name!r}") from None

    def has_span_label(self, name: str) -> bool:
        return name in self._by_name

    def check_span_label(self, name: str) -> None:
        self.span_label(name)

    def check_relation_label(self, name: str) -> None:
        if name not in self.relation_labels:
            raise UnknownLabelError(f"relation label {name!r} is not in the label scheme {self.name!r}")

    def check_stance(self, stance: str) -> None:
        if stance not in self.stance_labels:
            raise UnknownLabelError(f"stance {stance!r} is not in the label scheme {self.name!r}")

    def color_of(self, name: str) -> str:
        label = self._by_name.get(name)
        if label is not None:
            return label.color
        for other in self.labels:
            if other.name == name:
                return other.color
        return "#cccccc"

    def with_labels(self, extra: Iterable[LabelDef]) -> LabelScheme:
        return LabelScheme(name=self.name, labels=self.labels + tuple(extra), quote_kinds=self.quote_kinds)
