"""DockLayout: where the workspace's panels go, for the window's size.

On a wide window the inspector sits on top of the right-hand column with the other right-hand
panels (who said what, guidelines) as tabs below it. Below :data:`COMPACT_WIDTH` (a 1,024 x 700
laptop, a half screen) every right-hand panel becomes a tab of one column: side by side they
would shrink to ~100 px each and the text would lose its width. The switch happens when the
window crosses the width (or :data:`COMPACT_HEIGHT`), in either direction; in between the analyst's own arrangement is kept,
and a remembered layout is kept as it was saved unless the window is too narrow for it.

Sizes are shares of the window with floors (:data:`MIN_SIDE_WIDTH`, the text's
``MIN_COLUMN_WIDTH`` in the main window), so no panel is ever squeezed below a usable width: the
window's minimum width grows instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QTabWidget

#: Below this window width, or this height, the right-hand panels share one column of tabs.
COMPACT_WIDTH = 1280
COMPACT_HEIGHT = 760
#: No side panel narrower than this (a panel's labels and values stay readable).
MIN_SIDE_WIDTH = 240
#: The right-hand panels, most needed first: the first is on top (wide) or the current tab (compact).
RIGHT_ORDER = ("panel-inspector", "panel-who-said-what", "panel-guidelines")

_RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
_LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
_BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


class DockLayout(QObject):
    """Follows ``window``'s size: compact (right panels as tabs) or wide; sizes panels on first run."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: Whether the panels are in their compact arrangement (``None`` until the window is shown).
        self.compact: bool | None = None

    def docks(self, area: Qt.DockWidgetArea) -> list[QDockWidget]:
        """The open (not closed by the analyst), docked panels of ``area``, the right-hand ones in
        :data:`RIGHT_ORDER`. A panel behind another's tab counts, and so do all before the first show."""
        window = self._window
        found = [
            d
            for d in window.findChildren(QDockWidget)
            if not d.isHidden() and not d.isFloating() and window.dockWidgetArea(d) == area
        ]
        rank = {name: n for n, name in enumerate(RIGHT_ORDER)}
        return sorted(found, key=lambda d: rank.get(d.objectName(), len(rank)))

    def placed(self, dock: QDockWidget) -> None:
        """A panel was docked before the window showed: a right-hand one joins the right-hand tabs.
        Stacked, the right-hand panels' least heights add up past a 700 px window, which would then
        be made taller than asked (and than a small screen); :meth:`start` splits them when there is room."""
        window = self._window
        if self.compact is not None or window.dockWidgetArea(dock) != _RIGHT:
            return
        others = [d for d in self.docks(_RIGHT) if d is not dock]
        if others:
            window.tabifyDockWidget(others[0], dock)
            others[0].raise_()

    def start(self, remembered: bool) -> None:
        """The window is about to show: arrange the panels for its size unless a remembered layout
        fits it. Before the first show, so that the window never grows to fit panels stacked in a
        column too short for them (the stacked summary alone needs ~370 px)."""
        for dock in [*self.docks(_LEFT), *self.docks(_RIGHT)]:
            dock.setMinimumWidth(MIN_SIDE_WIDTH)
        self._window.setTabPosition(_RIGHT, QTabWidget.TabPosition.North)  # tabs read as the panel's own
        self._window.installEventFilter(self)
        self.compact = self._is_compact_size()
        if not remembered or self.compact:
            self.arrange(size=False)
            # Sizes once the docks have their first geometry (the next pass of the event loop).
            QTimer.singleShot(0, self, self.size_panels)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() == QEvent.Type.Resize and self.compact is not None:
            compact = self._is_compact_size()
            if compact != self.compact:
                self.compact = compact
                self.arrange()
        return False

    def _is_compact_size(self) -> bool:
        return self._window.width() < COMPACT_WIDTH or self._window.height() < COMPACT_HEIGHT

    def arrange(self, size: bool = True) -> None:
        """Put the right-hand panels in the arrangement for the window's size (and, with ``size``,
        give every side its size)."""
        window, right = self._window, self.docks(_RIGHT)
        if len(right) > 1:
            if self.compact:
                for dock in right[1:]:
                    window.tabifyDockWidget(right[0], dock)
            else:
                for dock in right[:2]:  # out of any tab group, one above the other
                    window.addDockWidget(_RIGHT, dock, Qt.Orientation.Vertical)
                for dock in right[2:]:
                    window.tabifyDockWidget(right[1], dock)
                right[1].raise_()
            right[0].raise_()
        for bar in window.findChildren(QTabBar):  # a dock area's tabs: full titles, scrolling if need be
            if bar.parent() is window:
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)
        if size:
            self.size_panels()

    def size_panels(self) -> None:
        """Side panels get a share of the width (the text keeps the rest), the bottom one of the height."""
        window = self._window
        width, height = window.width(), window.height()
        sides = [*self.docks(_LEFT)[:1], *self.docks(_RIGHT)[:1]]
        # Compact: room for the tabs' full titles ("Inspector", "Who said what", "Guidelines").
        share = 0.28 if self.compact else 0.22
        widths = [
            _clamp(width * 0.25, 280, 420) if window.dockWidgetArea(d) == _LEFT else _clamp(width * share, 260, 380)
            for d in sides
        ]
        if sides:
            window.resizeDocks(sides, widths, Qt.Orientation.Horizontal)
        bottom = self.docks(_BOTTOM)
        bottom_height = _clamp(height * 0.25, 170, 260) if bottom else 0
        if bottom:
            window.resizeDocks(bottom[:1], [bottom_height], Qt.Orientation.Vertical)
        right = self.docks(_RIGHT)
        if not self.compact and len(right) > 1:
            # The right-hand column's height once laid out: the window less its bars and the bottom panel.
            column = height - window.menuBar().height() - window.statusBar().height() - bottom_height - 12
            top = _clamp(column * 0.38, 180, 300)
            window.resizeDocks(right[:2], [top, max(column - top, 1)], Qt.Orientation.Vertical)
