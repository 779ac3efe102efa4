"""Quote, speaker and stance tools of the main window (panels, actions). Filled in by the quotes work."""

from __future__ import annotations

from typing import Any


def install_quote_tools(window: Any) -> None:
    """Add the quotes panel, stance actions and summary to ``window``; nothing yet."""
