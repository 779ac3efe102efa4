"""Shared test set-up: Qt offscreen, paths to the real articles in ../shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "examples" / "sessions-russia.gold.json").read_text(encoding="utf-8"))
