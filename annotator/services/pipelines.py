"""The pre-annotation pipeline for the app, loaded once per process and kept for later runs.

A thin door to :func:`annotator.nlp.pipeline.cached_pipeline` that imports spaCy only when a
pipeline is first needed, so that the window opens without loading it.
"""

from __future__ import annotations

import sys


def cached_pipeline(name: str | None = None) -> object:
    """The loaded pipeline called ``name`` (default: the first installed default), loading it on first use."""
    from ..nlp.pipeline import cached_pipeline as load

    return load(name)


def is_cached(name: str | None = None) -> bool:
    """Whether the pipeline is already loaded (a run starts at once)."""
    if "annotator.nlp.pipeline" not in sys.modules:
        return False
    from ..nlp.pipeline import is_cached as loaded

    return loaded(name)
