"""Shared set-up for the interchange tests: where the real files are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def shared(shared_dir: Path) -> Path:
    """The real files beside the repository (the root conftest fails clearly when they are missing)."""
    return shared_dir


@pytest.fixture(scope="session")
def gold(seed_gold: dict[str, Any]) -> dict[str, Any]:
    return seed_gold
