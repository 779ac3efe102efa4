"""brat standoff ``.ann`` files parsed into plain records, and those records written back.

Parsing keeps every kind of line brat writes: text-bound ``T`` (fragments in file order),
relations ``R``, events ``E`` (roles in order, digits kept), attributes ``A``/``M``,
normalisations ``N``, equivalences ``*`` and notes ``#``. Mapping the records to our spans and
relations is the job of :mod:`.brat`; this module only knows the file syntax, so that writing is
the exact inverse of reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FRAGMENT = re.compile(r"^(\d+) (\d+)$")


class AnnLineError(Exception):
    """A line of an ``.ann`` file that is not brat standoff; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class TextBound:
    id: str
    label: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


@dataclass
class BinaryRelation:
    id: str
    label: str
    arg1: str
    arg2: str
    line: int


@dataclass
class Event:
    id: str
    label: str
    trigger: str
    arguments: list[tuple[str, str]]  # (role as written, e.g. Content2; target id)
    line: int


@dataclass
class Attribute:
    id: str
    name: str
    target: str
    value: str | None
    line: int


@dataclass
class Normalization:
    id: str
    kind: str
    target: str
    reference: str
    text: str
    line: int


@dataclass
class Equivalence:
    kind: str
    members: list[str]
    line: int


@dataclass
class Note:
    id: str
    kind: str
    target: str
    text: str
    line: int


@dataclass
class AnnFile:
    """Everything one ``.ann`` file says, in file order within each kind."""

    texts: list[TextBound] = field(default_factory=list)
    relations: list[BinaryRelation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    normalizations: list[Normalization] = field(default_factory=list)
    equivalences: list[Equivalence] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def parse(content: str) -> AnnFile:
    """The records of an ``.ann`` file; raises :class:`AnnLineError` on the first line that is not brat."""
    ann = AnnFile()
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        ann_id, _, rest = line.partition("\t")
        kind = ann_id[:1]
        try:
            if kind == "T":
                ann.texts.append(_text_bound(ann_id, rest, number))
            elif kind == "R":
                label, arg1, arg2 = rest.split()
                ann.relations.append(BinaryRelation(ann_id, label, _arg(arg1)[1], _arg(arg2)[1], number))
            elif kind == "E":
                trigger, *arguments = rest.split()
                label, target = _arg(trigger)
                ann.events.append(Event(ann_id, label, target, [_arg(a) for a in arguments], number))
            elif kind in "AM":
                name, target, *value = rest.split()
                if len(value) > 1:
                    raise ValueError
                ann.attributes.append(Attribute(ann_id, name, target, value[0] if value else None, number))
            elif kind == "N":
                head, _, text = rest.partition("\t")
                norm_kind, target, reference = head.split()
                ann.normalizations.append(Normalization(ann_id, norm_kind, target, reference, text, number))
            elif kind == "*":
                equiv_kind, *members = rest.split()
                if len(members) < 2:
                    raise ValueError
                ann.equivalences.append(Equivalence(equiv_kind, members, number))
            elif kind == "#":
                head, _, text = rest.partition("\t")
                note_kind, target = head.split()
                ann.notes.append(Note(ann_id, note_kind, target, text, number))
            else:
                raise AnnLineError(number, f"unknown annotation type {ann_id!r}: {line[:80]!r}")
        except (ValueError, IndexError):
            raise AnnLineError(number, f"malformed {kind or 'empty'} annotation: {line[:80]!r}") from None
    return ann


def _arg(argument: str) -> tuple[str, str]:
    """``Arg1:T3`` -> ``("Arg1", "T3")``."""
    role, sep, target = argument.partition(":")
    if not sep or not target or not role:
        raise ValueError(argument)
    return role, target


def _text_bound(ann_id: str, rest: str, number: int) -> TextBound:
    type_and_offsets, _, covered = rest.partition("\t")
    label, _, offsets = type_and_offsets.partition(" ")
    fragments = []
    for fragment in offsets.split(";"):
        match = _FRAGMENT.match(fragment.strip())
        if not match:
            raise AnnLineError(number, f"bad fragment offsets {fragment!r}: {ann_id}\t{rest[:80]!r}")
        fragments.append((int(match.group(1)), int(match.group(2))))
    return TextBound(ann_id, label, fragments, covered, number)


def write(ann: AnnFile) -> str:
    """The ``.ann`` text of ``ann``: T, R, E, A, N, * and # lines, each kind in the order given."""
    lines: list[str] = []
    for t in ann.texts:
        offsets = ";".join(f"{s} {e}" for s, e in t.fragments)
        lines.append(f"{t.id}\t{t.label} {offsets}\t{t.text}")
    for r in ann.relations:
        lines.append(f"{r.id}\t{r.label} Arg1:{r.arg1} Arg2:{r.arg2}")
    for e in ann.events:
        args = "".join(f" {role}:{target}" for role, target in e.arguments)
        lines.append(f"{e.id}\t{e.label}:{e.trigger}{args}")
    for a in ann.attributes:
        lines.append(f"{a.id}\t{a.name} {a.target}" + (f" {a.value}" if a.value is not None else ""))
    for n in ann.normalizations:
        lines.append(f"{n.id}\t{n.kind} {n.target} {n.reference}\t{n.text}")
    for q in ann.equivalences:
        lines.append(f"*\t{q.kind} " + " ".join(q.members))
    for note in ann.notes:
        lines.append(f"{note.id}\t{note.kind} {note.target}\t{note.text}")
    return "".join(line + "\n" for line in lines)
