"""LayerWatch: what both engines' watchers of layer writes share (a daemon thread calling ``on_saved``).

A project file is polled (:class:`~annotator.storage.file_watch.FileLayerWatch`), a team server is
listened to (:class:`~annotator.storage.postgres.listening.LayerListener`); both run their loop in a
thread of their own, look up every ``POLL_S`` to see whether they were asked to stop, and say when
they hear (``listening``, what tests wait for).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .records import LayerSaved


class LayerWatch:
    """Starts ``_run`` in a daemon thread named ``name``; ``stop()`` ends it within a poll or two."""

    #: How often the loop looks up from waiting to see whether it was asked to stop (seconds).
    POLL_S = 0.2

    def __init__(self, on_saved: Callable[[LayerSaved], None], name: str) -> None:
        self.on_saved = on_saved
        self._stop = threading.Event()
        self.listening = threading.Event()  # set once the watcher hears writes
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2 * self.POLL_S + 1)

    def _run(self) -> None:
        raise NotImplementedError
