"""The UI's modules import each other without circles, whatever folders they sit in.

A circle (the main window imports its menus, the menus the review window, the review window the main
window) ties modules together so that none can be read, tested or moved alone, and only works while
the imports happen in a lucky order. import-linter's ``acyclic_siblings`` contract (``make lint``)
says the same for packages; this test names every module of a circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

grimp = pytest.importorskip("grimp")  # import-linter's graph builder (a dev dependency)


def circles(imports: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The groups of modules that import one another in a circle (strongly connected, Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports.get(module, ()):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in imports.get(module, ()):
                found.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def ui_imports() -> dict[str, set[str]]:
    """Every import between modules of annotator.ui, including those under TYPE_CHECKING and inside functions."""
    graph = grimp.build_graph("annotator", include_external_packages=False)
    modules = {m for m in graph.modules if m == "annotator.ui" or m.startswith("annotator.ui.")}
    return {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules}


def test_the_ui_has_no_import_circles():
    imports = ui_imports()
    assert len(imports) > 40, "the UI's modules were not found"
    assert circles(imports) == []


def test_a_circle_is_found():
    """The check can fail: the circle the UI once had, through the menus and the review window."""
    imports = {"main_window": {"menus", "style"}, "menus": {"review_window"}, "review_window": {"main_window"}, "style": set()}
    assert circles(imports) == [["main_window", "menus", "review_window"]]
    assert circles({"a": {"b"}, "b": set()}) == []
