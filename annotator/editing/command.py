"""The command protocol: an edit as a pure function from one layer state to the next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..domain import Annotations, LabelScheme


@dataclass(frozen=True)
class EditContext:
    """What a command may read besides the layer it edits: the text, the scheme, the model's suggestions."""

    text: str
    scheme: LabelScheme
    model: Annotations | None = None


class Command(Protocol):
    """An edit with explicit ids and values. ``apply`` is pure: undo restores the earlier value."""

    @property
    def name(self) -> str:
        """What the Edit menu shows: "Undo Add PERSON"."""
        ...

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        """The layer after this edit; raise :class:`InvariantError` when the edit is not allowed."""
        ...


@dataclass(frozen=True)
class Macro:
    """Several commands as one undo step (e.g. accept all)."""

    label: str
    commands: tuple[Command, ...]

    @property
    def name(self) -> str:
        return self.label

    def apply(self, ann: Annotations, ctx: EditContext) -> Annotations:
        for command in self.commands:
            ann = command.apply(ann, ctx)
        return ann
