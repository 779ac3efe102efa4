"""LayerListener: hears every layer write on the team server (``LISTEN annotator_layers``).

The server notifies after each committed write to a layer (a trigger, see ``schema._v2``), naming the
article, the layer and who wrote it. One listener per open project keeps its own connection (a pooled
one would be handed to other work) in a daemon thread and calls ``on_saved`` from that thread: a Qt
caller turns it into a queued signal. A lost connection is retried every few seconds; what was saved
while it was down is not replayed (the window's own reconnect already re-reads the open layer).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import psycopg

from ..layer_watch import LayerWatch
from ..records import LayerSaved
from .connecting import CONNECT_TIMEOUT_S

CHANNEL = "annotator_layers"
#: How often the thread looks up from waiting to see whether it was asked to stop.
POLL_S = 0.25
RETRY_S = 3.0


class LayerListener(LayerWatch):
    """Calls ``on_saved(LayerSaved)`` for every layer write on the server until ``stop()``."""

    POLL_S = POLL_S

    def __init__(self, url: str, on_saved: Callable[[LayerSaved], None]) -> None:
        self.url = url  # before the thread starts: it connects
        super().__init__(on_saved, name="annotator-listen")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="annotator listen"
                ) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_S):
                            saved = _parse(note.payload)
                            if saved is not None:
                                self.on_saved(saved)
            except psycopg.Error:
                self.listening.clear()
                self._stop.wait(RETRY_S)


def _parse(payload: str) -> LayerSaved | None:
    try:
        data = json.loads(payload)
        return LayerSaved(str(data["article"]), str(data["layer"]), str(data.get("by") or ""))
    except (ValueError, KeyError, TypeError):
        return None  # not ours: ignore rather than stop hearing
