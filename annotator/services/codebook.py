"""The project's codebook (label scheme): show it, read a new one from a file, and replace it.

The CLI (``annotator scheme``) and the GUI's codebook editor both go through
:func:`change_codebook`, so they refuse and rename alike: a label still in use must be kept,
renamed (``renames``) or its uses dropped on purpose (``force``); everything happens in one
transaction, so a refusal or a failure changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..domain import InvariantError, LabelScheme
from ..domain.codebook import CodebookPlan, CodebookRefused, plan_codebook_change, scheme_problems
from ..interchange.validation import LABEL_SCHEME, schema_errors
from ..storage import Store
from .scheme import project_scheme


def scheme_document(store: Store) -> dict[str, Any]:
    """The project's scheme as the JSON structure of ``schemas/label_scheme.schema.json``."""
    return project_scheme(store).to_dict()


def scheme_from_data(data: Any, source: str = "codebook", reserved_keys: Mapping[str, str] = {}) -> LabelScheme:  # noqa: B006
    """A scheme from its JSON structure, or :class:`CodebookRefused` naming ``source`` and each problem."""
    messages = schema_errors(data, LABEL_SCHEME, limit=10)
    if messages:
        raise CodebookRefused(f"{source}: not a valid label scheme: {'; '.join(messages)}")
    try:
        scheme = LabelScheme.from_dict(data)
    except InvariantError as exc:
        raise CodebookRefused(f"{source}: {exc}") from None
    problems = scheme_problems(scheme, reserved_keys)
    if problems:
        raise CodebookRefused(f"{source}: {'; '.join(problems)}")
    return scheme


def read_scheme_file(path: Path, reserved_keys: Mapping[str, str] = {}) -> LabelScheme:  # noqa: B006
    """Read and check a codebook file; every failure names the file (and the line of a JSON error)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CodebookRefused(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CodebookRefused(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CodebookRefused(f"{path}, line {exc.lineno}: malformed JSON: {exc.msg} (column {exc.colno})") from None
    return scheme_from_data(data, str(path), reserved_keys)


def parse_renames(items: Iterable[str]) -> dict[str, str]:
    """``OLD=NEW`` strings (the CLI's ``--rename``) as a mapping; a malformed one is refused by name."""
    renames: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise CodebookRefused(f"--rename {item!r}: expected OLD=NEW")
        if old.strip() in renames:
            raise CodebookRefused(f"--rename: {old.strip()!r} is renamed twice")
        renames[old.strip()] = new.strip()
    return renames


def plan_change(
    store: Store,
    scheme: LabelScheme,
    renames: Mapping[str, str] = {},  # noqa: B006 - read only
    *,
    force: bool = False,
    reserved_keys: Mapping[str, str] = {},  # noqa: B006 - read only
) -> CodebookPlan:
    """What replacing the codebook would do (nothing is written), or :class:`CodebookRefused`."""
    return plan_codebook_change(
        project_scheme(store), scheme, store.label_use(), renames, force=force, reserved_keys=reserved_keys
    )


def change_codebook(
    store: Store,
    scheme: LabelScheme,
    renames: Mapping[str, str] = {},  # noqa: B006 - read only
    *,
    force: bool = False,
    reserved_keys: Mapping[str, str] = {},  # noqa: B006 - read only
) -> CodebookPlan:
    """Replace the project's codebook by ``scheme`` in one transaction; returns the plan carried out.

    Raises :class:`CodebookRefused` (and changes nothing) when a label in use would be stranded.
    The uses are counted under the same write lock as the change is made.
    """
    return store.apply_codebook(
        lambda use: plan_codebook_change(
            project_scheme(store), scheme, use, renames, force=force, reserved_keys=reserved_keys
        )
    )
