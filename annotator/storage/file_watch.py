"""FileLayerWatch: layer writes to a project file by any connection (this window, another window of
the app, another program), heard by polling the file.

A file has no notifications; ``PRAGMA data_version`` on a connection of our own changes whenever any
other connection commits, so the poll costs one pragma while nothing happens. After a change, the
layers written in the last seconds (``updated_at``) are compared with their revisions as last seen,
and each one that moved is announced. The writer is not known in a file (``by`` is empty).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .layer_watch import LayerWatch
from .records import LayerSaved

POLL_S = 0.2
#: How far back a change is looked for (``updated_at`` has whole seconds).
WINDOW_S = 3


def _since() -> str:
    return (datetime.now(timezone.utc) - timedelta(seconds=WINDOW_S)).isoformat(timespec="seconds")


class FileLayerWatch(LayerWatch):
    """Calls ``on_saved(LayerSaved)`` from a thread of its own for every layer write until ``stop()``."""

    POLL_S = POLL_S

    def __init__(self, path: Path, on_saved: Callable[[LayerSaved], None]) -> None:
        self.path = path  # before the thread starts: it opens the file
        super().__init__(on_saved, name="annotator-file-watch")

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error:
            return  # the file went away: nothing to watch
        try:
            known = self._recent(conn)
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            self.listening.set()
            while not self._stop.wait(POLL_S):
                current = conn.execute("PRAGMA data_version").fetchone()[0]
                if current == version:
                    continue
                version = current
                recent = self._recent(conn)
                for key, revision in recent.items():
                    if known.get(key) != revision:
                        self.on_saved(LayerSaved(key[0], key[1], ""))
                known = recent
        except sqlite3.Error:
            return  # closed or replaced under us: the window's own checks say so
        finally:
            conn.close()

    @staticmethod
    def _recent(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
        rows = conn.execute(
            "SELECT article_id, annotator, revision FROM layers WHERE updated_at >= ?", (_since(),)
        ).fetchall()
        return {(r[0], r[1]): int(r[2]) for r in rows}
