"""Changing a project's codebook (its label scheme): what a new scheme renames or removes, and whether
the labels still in use allow it.

A team's codebook names its span labels, relation labels, stance values and quote kinds. Replacing
it must never strand a span whose label the new codebook lacks: :func:`plan_codebook_change` refuses
unless every label still in use is kept, renamed (``renames``: old name -> new name, applied in every
layer) or its uses are dropped on purpose (``force``). The plan is pure; storage carries it out in
one transaction. :func:`scheme_problems` holds the rules the JSON Schema cannot state (a key bound
twice, a stance that shares a name with a relation label, ...).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import AnnotatorError
from .label_scheme import LabelKind, LabelScheme

#: Span labels whose meaning the tool relies on (quote tools, review, exports): they may be
#: recoloured, rekeyed, described or dropped, but not renamed.
BUILT_IN_SPAN_LABELS = ("QUOTE", "CUE", "SPEAKER")
#: Relation labels with a fixed meaning: a quote's speaker and cue, a target whose stance is unset.
BUILT_IN_RELATION_LABELS = ("SPEAKER", "CUE", "TARGET")
#: What review calls "no stance"; a stance value of that name would be indistinguishable from none.
NO_STANCE = "none"


class Family(str, enum.Enum):
    """Where a label lives in the project file: a span's label, a relation's label, a span's
    ``attrs.stance`` (a stance value is also the label of its target relation) or ``attrs.kind``."""

    SPAN = "span label"
    RELATION = "relation label"
    STANCE = "stance value"
    KIND = "quote kind"


class CodebookRefused(AnnotatorError):
    """A codebook change that would strand labels still in use, or break a rule of schemes."""


@dataclass(frozen=True)
class LabelUse:
    """How often each label is used in the project, over every layer (suggestions included).

    ``relations`` counts relation labels, stance relations included (they carry the stance's name).
    """

    spans: Mapping[str, int] = field(default_factory=dict)
    relations: Mapping[str, int] = field(default_factory=dict)
    stances: Mapping[str, int] = field(default_factory=dict)
    kinds: Mapping[str, int] = field(default_factory=dict)

    def of(self, family: Family) -> Mapping[str, int]:
        return {
            Family.SPAN: self.spans,
            Family.RELATION: self.relations,
            Family.STANCE: self.stances,
            Family.KIND: self.kinds,
        }[family]


@dataclass(frozen=True)
class LabelChange:
    """One rename (``new`` set) or removal (``new`` empty) of a label in use, with its number of uses."""

    family: Family
    old: str
    new: str
    uses: int

    def describe(self) -> str:
        what = {
            Family.SPAN: "span(s)",
            Family.RELATION: "relation(s)",
            Family.STANCE: "use(s) (quotes or target links)",
            Family.KIND: "quote(s) of that kind",
        }[self.family]
        if self.new:
            return f"{self.family.value} {self.old!r} renamed to {self.new!r} in {self.uses} {what}"
        consequence = {
            Family.SPAN: "deleted, with their links",
            Family.RELATION: "deleted",
            Family.STANCE: "stance cleared (their targets are kept)",
            Family.KIND: "kind cleared",
        }[self.family]
        return f"{self.family.value} {self.old!r} removed: {self.uses} {what} {consequence}"


@dataclass(frozen=True)
class CodebookPlan:
    """What replacing the codebook does to the project: the new scheme, then every rename and removal."""

    scheme: LabelScheme
    changes: tuple[LabelChange, ...] = ()

    def renames(self, family: Family) -> dict[str, str]:
        return {c.old: c.new for c in self.changes if c.family is family and c.new}

    def removals(self, family: Family) -> list[str]:
        return [c.old for c in self.changes if c.family is family and not c.new]

    def summary(self) -> list[str]:
        return [c.describe() for c in self.changes]


def _family_names(scheme: LabelScheme, family: Family) -> tuple[str, ...]:
    if family is Family.SPAN:
        return scheme.span_labels
    if family is Family.RELATION:
        return tuple(label.name for label in scheme.of_kind(LabelKind.RELATION))
    if family is Family.STANCE:
        return scheme.stance_labels
    return scheme.quote_kinds


def normalised_key(key: str) -> str:
    """The key as the keyboard map binds it: a letter is case-blind (``a`` and ``A`` are one key)."""
    return key.upper() if len(key) == 1 else key


def key_clashes(scheme: LabelScheme, reserved: Mapping[str, str] = {}) -> list[str]:  # noqa: B006 - read only
    """Problems with the scheme's keys: span labels and stance values share one keyboard, so no key
    may be bound twice, nor to one of the app's fixed shortcuts (``reserved``: key -> what it does)."""
    reserved_keys = {normalised_key(k): what for k, what in reserved.items()}
    owners: dict[str, list[str]] = {}
    for label in scheme.labels:
        if label.kind in (LabelKind.ENTITY, LabelKind.QUOTE, LabelKind.STANCE) and label.key:
            owners.setdefault(normalised_key(label.key), []).append(f"{label.kind.value} {label.name!r}")
    problems: list[str] = []
    for key, names in owners.items():
        if len(names) > 1:
            problems.append(f"key {key!r} is bound twice: {' and '.join(names)}")
        if key in reserved_keys:
            problems.append(f"key {key!r} of {names[0]} is already the app's key for {reserved_keys[key]}")
    return problems


def scheme_problems(scheme: LabelScheme, reserved_keys: Mapping[str, str] = {}) -> list[str]:  # noqa: B006
    """Rules of a scheme that its JSON Schema cannot state, as readable messages (empty when fine)."""
    problems: list[str] = []
    entities = set(scheme.entity_labels)
    for name in (label.name for label in scheme.of_kind(LabelKind.QUOTE)):
        if name in entities:
            problems.append(f"span label {name!r} is both an entity and a quote-layer label")
    relations = set(_family_names(scheme, Family.RELATION))
    for stance in scheme.stance_labels:
        if stance in relations or stance == "TARGET":
            problems.append(f"stance {stance!r} has the name of a relation label (a stance labels its target link)")
        if stance == NO_STANCE:
            problems.append(f"stance {NO_STANCE!r} is taken: review uses it for a quote without stance")
    return problems + key_clashes(scheme, reserved_keys)


def _in_use(use: LabelUse, family: Family, scheme: LabelScheme) -> dict[str, int]:
    """Labels of ``family`` in use, by count. Relation labels exclude stance relations (a stance's own)."""
    counts = dict(use.of(family))
    if family is Family.RELATION:
        counts = {k: v for k, v in counts.items() if k not in scheme.stance_labels}
    elif family is Family.STANCE:  # a stance shows in the quote's attrs and in its target link's label
        for stance in scheme.stance_labels:
            counts[stance] = max(counts.get(stance, 0), use.relations.get(stance, 0))
    return {k: v for k, v in counts.items() if v > 0}


def plan_codebook_change(
    old: LabelScheme,
    new: LabelScheme,
    use: LabelUse,
    renames: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    *,
    force: bool = False,
    reserved_keys: Mapping[str, str] = {},  # noqa: B006 - read only
) -> CodebookPlan:
    """The plan for replacing ``old`` by ``new``, or :class:`CodebookRefused` saying why not.

    ``renames`` maps an old label to a label of the new scheme; it applies in every family the old
    label belongs to (a stance renamed also renames its target links). A label in use that the new
    scheme lacks and no rename covers is refused unless ``force``, which drops its uses.
    """
    problems = scheme_problems(new, reserved_keys)
    if problems:
        raise CodebookRefused("; ".join(problems))
    pairs = dict(renames.items() if isinstance(renames, Mapping) else renames)
    changes: list[LabelChange] = []
    refused: list[str] = []
    covered: dict[Family, set[str]] = {family: set() for family in Family}
    for source, target in pairs.items():
        families = [f for f in Family if source in _family_names(old, f) or source in _in_use(use, f, old)]
        if not families:
            refused.append(f"--rename {source}={target}: {source!r} is not in the current codebook")
            continue
        matched = False
        for family in families:
            if target not in _family_names(new, family):
                continue
            matched = True
            if source in _family_names(new, family):
                refused.append(f"--rename {source}={target}: {source!r} is still a {family.value} of the new codebook")
            elif (family is Family.SPAN and source in BUILT_IN_SPAN_LABELS) or (
                family is Family.RELATION and source in BUILT_IN_RELATION_LABELS
            ):
                refused.append(f"--rename {source}={target}: {source!r} is built in (quote tools rely on it)")
            else:
                covered[family].add(source)
                changes.append(LabelChange(family, source, target, _in_use(use, family, old).get(source, 0)))
        if not matched:
            kinds = " or ".join(f.value for f in families)
            refused.append(f"--rename {source}={target}: {target!r} is not a {kinds} of the new codebook")
    for family in Family:
        kept = set(_family_names(new, family))
        for label, count in sorted(_in_use(use, family, old).items()):
            if label in kept or label in covered[family]:
                continue
            if family is Family.RELATION and label in new.stance_labels:
                continue  # a relation label that became a stance value keeps its links
            if force:
                changes.append(LabelChange(family, label, "", count))
            else:
                refused.append(
                    f"{family.value} {label!r} is used {count} time(s) and is not in the new codebook: "
                    f"use --rename {label}=NEW, or --force to drop its uses"
                )
    if refused:
        raise CodebookRefused("; ".join(refused))
    return CodebookPlan(new, tuple(changes))
