"""Shared set-up for the interchange tests: where the real files are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def gold(shared: Path) -> dict[str, Any]:
    return json.loads((shared / "examples" / "sessions-russia.gold.json").read_text(encoding="utf-8"))
