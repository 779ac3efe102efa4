"""`make test` runs the checks the house relies on: mypy over exactly the packages meant to be strict."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{target}:", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_make_test_runs_mypy():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    prerequisites = re.search(r"^test:(.*)$", makefile, re.MULTILINE)
    assert prerequisites is not None and "lint" in prerequisites.group(1).split(), "`make test` does not run lint"
    assert any(re.search(r"\bmypy\b", line) for line in _recipe("lint")), "`make lint` does not run mypy"


def test_mypy_checks_exactly_the_strict_packages():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    strict = {
        module.removesuffix(".*")
        for override in config.get("overrides", [])
        if override.get("strict")
        for module in override["module"]
    }
    checked = {path.replace("/", ".") for path in config.get("files", [])}
    assert strict, "no package is strict"
    assert checked == strict, f"mypy checks {sorted(checked)}, the strict packages are {sorted(strict)}"
    assert {"annotator.domain", "annotator.editing", "annotator.review"} <= strict


def test_the_strict_packages_pass_mypy(tmp_path):
    """What `make lint` runs, so a type error in a strict package fails the suite too."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
