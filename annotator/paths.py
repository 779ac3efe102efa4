"""Where the shipped data lives: `resources/` and `schemas/` in a checkout, or inside the installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE.parent / name, _PACKAGE / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder is missing from this installation of annotator")


def resources_dir() -> Path:
    """The folder of default label scheme, guidelines, cue lexicon and sample articles."""
    return _find("resources")


def schemas_dir() -> Path:
    """The folder of JSON Schemas (draft 2020-12) for every file format annotator reads or writes."""
    return _find("schemas")
