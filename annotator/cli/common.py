"""What every command shares: exit codes, the progress bar, the default annotator, failure messages.

Exit status: 0 when everything asked for was done, 2 when some input was rejected or a command
failed with a reported error (the message names the file and, where there is one, the line).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..storage import ProjectStore

EXIT_OK = 0
EXIT_REJECTED = 2


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal (or forced)."""

    def __init__(self, label: str, total: int | None = None, *, force: bool = False) -> None:
        self.label = label
        self.total = total
        self.enabled = force or sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, detail: str = "") -> bool:
        total = total if total is not None else self.total
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.2 or (total and done >= total)):
            self._last = now
            if total:
                filled = int(30 * done / max(total, 1))
                bar = "#" * filled + "-" * (30 - filled)
                line = f"{self.label} [{bar}] {done}/{total}"
            else:
                line = f"{self.label} {done}"
            line = f"{line} · {detail}" if detail else line
            sys.stderr.write(f"\r{line}\x1b[K" if sys.stderr.isatty() else f"\r{line}")
            sys.stderr.flush()
        return True

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def default_annotator() -> str:
    """The analyst's own layer: ``$ANNOTATOR_USER``, else the name the app asked for (one shared
    setting, :class:`~annotator.services.user_config.UserConfig`), else the OS user."""
    from ..services.user_config import UserConfig

    return UserConfig().default_annotator()


def annotator_for(store: ProjectStore, given: str | None) -> str:
    """The layer a command works on: the one named, else on a team server the connection's own
    database role (who the server knows you as), else the local default."""
    return given or store.connected_user or default_annotator()


def _fail(message: str) -> int:
    print(f"annotator: {message}", file=sys.stderr)
    return EXIT_REJECTED
