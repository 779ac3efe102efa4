"""What every command shares: exit codes, the progress bar, the default annotator, failure messages.

Exit status: 0 when everything asked for was done, 2 when some input was rejected or a command
failed with a reported error (the message names the file and, where there is one, the line).
"""

from __future__ import annotations

import sys
import time

EXIT_OK = 0
EXIT_REJECTED = 2


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal (or forced)."""

    def __init__(self, label: str, total: int | None = None, *, force: bool = False) -> None:
        self.label = label
        self.total = total
        self.enabled = force or sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None) -> bool:
        total = total if total is not None else self.total
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.2 or (total and done >= total)):
            self._last = now
            if total:
                filled = int(30 * done / max(total, 1))
                bar = "#" * filled + "-" * (30 - filled)
                sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
            else:
                sys.stderr.write(f"\r{self.label} {done}")
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


def _fail(message: str) -> int:
    print(f"annotator: {message}", file=sys.stderr)
    return EXIT_REJECTED
