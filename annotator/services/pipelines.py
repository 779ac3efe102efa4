"""The pre-annotation pipeline, loaded once per process and kept for later runs.

Loading the small English model takes about a second; the GUI loads it in a worker thread the
first time and reuses it afterwards. The lock keeps two workers from loading it twice.
"""

from __future__ import annotations

import threading

_LOCK = threading.Lock()
_LOADED: dict[str, object] = {}


def cached_pipeline(name: str | None = None) -> object:
    """The loaded pipeline called ``name`` (default: the first installed default), loading it on first use."""
    from ..nlp.pipeline import load_pipeline

    key = name or ""
    with _LOCK:
        loaded = _LOADED.get(key)
        if loaded is None:
            loaded = load_pipeline(name)
            _LOADED[key] = loaded
        return loaded


def is_cached(name: str | None = None) -> bool:
    """Whether the pipeline is already loaded (a run starts at once)."""
    with _LOCK:
        return (name or "") in _LOADED
