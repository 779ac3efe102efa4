"""The main window is what its tools are typed against: every member of WorkspaceHost (the quote, model
and lead tools, the review window) and of MenuHost (the menus) is there on a real window.

The tools do not import the window's class (it imports them: that was a circle), so nothing but this
test notices when the window drops or renames a part they use.
"""

from __future__ import annotations

from typing import Protocol

from annotator.ui.window.menus import MenuHost
from annotator.ui.workspace.host import WorkspaceHost


def members(protocol: type) -> set[str]:
    """The public names a Protocol declares (attributes, properties, methods), its bases' included."""
    names: set[str] = set()
    for cls in protocol.__mro__:
        if cls in (Protocol, object) or not getattr(cls, "_is_protocol", False):
            continue
        names |= set(getattr(cls, "__annotations__", {}))
        names |= {name for name in vars(cls) if not name.startswith("_")}
    return names


def missing(host: object, protocol: type) -> list[str]:
    return sorted(name for name in members(protocol) if not hasattr(host, name))


def test_the_main_window_has_every_part_its_tools_use(window) -> None:  # noqa: ANN001
    assert {"session", "article_view", "add_panel", "menuBar", "store"} <= members(WorkspaceHost)
    assert {"go_to_article", "openProjectRequested", "view_menu"} <= members(MenuHost) - members(WorkspaceHost)
    assert missing(window, WorkspaceHost) == []
    assert missing(window, MenuHost) == []


def test_a_missing_part_is_named() -> None:
    """The check can fail: an object that is no window lacks the session, the views and the bars."""

    class NotAWindow:
        store = None

    assert {"session", "article_view", "menuBar", "register_action"} <= set(missing(NotAWindow(), WorkspaceHost))
    assert "store" not in missing(NotAWindow(), WorkspaceHost)
