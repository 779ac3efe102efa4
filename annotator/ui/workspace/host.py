"""WorkspaceHost: what the tools of the workspace need from the window they are installed in.

The quote, model and lead tools and the review window are installed on (or opened from) the main
window, which itself imports them to install them. Typed against :class:`~annotator.ui.window.main_window.MainWindow`
they would import it back: a circle. They are typed against this interface instead, the window's
public parts, which :class:`MainWindow` has (a structural type: it does not name this class), and a
test window or another shell can offer it too.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenuBar, QStatusBar, QWidget

from ...storage import Store
from ..common.settings import AppSettings
from .article_panel import ArticlePanel
from .article_view import ArticleView
from .session import UiSession
from .status_bar import StatusBar


class WorkspaceHost(Protocol):
    """A window holding one :class:`UiSession` over ``store``: its views, its actions, its bars."""

    store: Store
    settings: AppSettings
    actions: dict[str, QAction]

    @property
    def session(self) -> UiSession: ...

    @property
    def article_view(self) -> ArticleView: ...

    @property
    def article_list(self) -> ArticlePanel: ...

    @property
    def status(self) -> StatusBar: ...

    def add_panel(self, title: str, widget: QWidget, area: Qt.DockWidgetArea = ...) -> QDockWidget:
        """Dock ``widget`` under ``title``."""
        ...

    def register_action(self, action_id: str, action: QAction) -> None:
        """Make a window-wide action known (menus, the shortcut sheet)."""
        ...

    # -- what the tools use of the QMainWindow the host is ------------------------------
    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def findChildren(self, kind: Any, name: str = ...) -> list[Any]: ...  # noqa: N802 - Qt's name

    def installEventFilter(self, watcher: QObject) -> None: ...  # noqa: N802 - Qt's name

    def addAction(self, action: QAction) -> None: ...  # noqa: N802 - Qt's name
