"""The core runs without Qt: importing every module of every non-UI package loads no PySide6
(and the domain no third party). Every module, not the package: an ``__init__`` that imports
nothing would otherwise prove nothing."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import annotator

NON_UI = ["domain", "editing", "storage", "nlp", "interchange", "review", "services", "cli"]


def modules_of(package: str) -> list[str]:
    """Every module of ``annotator.<package>``, found on disk (so a new module is checked too)."""
    folder = Path(annotator.__file__).parent / package
    found = [f"annotator.{package}"]
    modules = pkgutil.walk_packages([str(folder)], prefix=f"annotator.{package}.")
    found += [m.name for m in modules if not m.name.endswith(".__main__")]  # __main__ runs the program
    return found


def _loaded_after(import_line: str) -> set[str]:
    code = f"import sys\n{import_line}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("package", NON_UI)
def test_non_ui_packages_load_no_qt(package):
    names = modules_of(package)
    assert len(names) > 1, f"annotator.{package}: no modules found"
    modules = _loaded_after("\n".join(f"import {name}" for name in names))
    assert set(names) <= modules, "a module was not imported"
    assert not {m for m in modules if m.startswith("PySide6")}, f"a module of annotator.{package} pulled in Qt"


def test_the_check_sees_a_module_that_imports_qt():
    """The check can fail: importing a UI module does load PySide6."""
    modules = _loaded_after("import annotator.ui.workspace.session")
    assert {m for m in modules if m.startswith("PySide6")}


def test_the_domain_needs_only_the_standard_library():
    modules = _loaded_after("\n".join(f"import {name}" for name in modules_of("domain")))
    third_party = {m.split(".")[0] for m in modules} & {"spacy", "sqlite_utils", "PySide6", "jsonschema", "trafilatura"}
    assert not third_party
