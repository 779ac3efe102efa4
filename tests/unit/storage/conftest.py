"""The storage contract suite runs once per engine (``engine``, from the root conftest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.storage import open_store


@pytest.fixture
def new_project(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """Makes an empty project of the engine under test; returns what ``open_store`` opens (path or URL)."""
    if engine == "postgres":
        return request.getfixturevalue("new_team_project")
    count = 0

    def make() -> str:
        nonlocal count
        count += 1
        path = tmp_path / f"project-{count}.annotator"
        open_store(path).close()
        return str(path)

    return make
