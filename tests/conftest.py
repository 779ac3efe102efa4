"""Shared test set-up: Qt offscreen, paths to the real articles in ../shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_USER", "tester")

try:  # PySide6 6.12 on Python 3.11 drops a reference to None per void call: see annotator/ui/qt_compat.py
    from annotator.ui.qt_compat import protect_none_refcount
except ImportError:  # the core tests run without Qt installed
    pass
else:
    protect_none_refcount()

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read or write the real user's settings file (the annotator's name shared by app and CLI)."""
    folder = tmp_path_factory.mktemp("user-config")
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "examples" / "sessions-russia.gold.json").read_text(encoding="utf-8"))
