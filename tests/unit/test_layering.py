"""The core runs without Qt: importing every non-UI package loads no PySide6 (and the domain no third party)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after(import_line: str) -> set[str]:
    code = f"import sys\n{import_line}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "package",
    ["domain", "editing", "storage", "nlp", "interchange", "review", "services", "cli"],
)
def test_non_ui_packages_load_no_qt(package):
    modules = _loaded_after(f"import annotator.{package}")
    assert not {m for m in modules if m.startswith("PySide6")}, f"annotator.{package} pulled in Qt"


def test_the_domain_needs_only_the_standard_library():
    modules = _loaded_after("import annotator.domain")
    third_party = {m.split(".")[0] for m in modules} & {"spacy", "sqlite_utils", "PySide6", "jsonschema", "trafilatura"}
    assert not third_party
