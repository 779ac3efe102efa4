"""Pre-annotation of one batch of articles, as a worker process of a cluster runs it.

A worker receives only article ids and texts, runs the same code as a single-process run
(:func:`annotator.nlp.preannotate.preannotate_texts`) and sends back the ``model`` layers. The
pipeline is loaded once per worker process and kept (a cached loader keyed by the model setting),
so a batch costs the parsing only. Everything here is plain Python: the cluster engine that moves
batches between machines lives in ``services``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain import Annotations, LabelScheme

from .pipeline import LoadedPipeline, cached_pipeline
from .preannotate import preannotate_texts


def worker_pipeline(model: str | None) -> LoadedPipeline:
    """The pipeline called ``model`` in this worker process, loaded on first use and reused after."""
    return cached_pipeline(model)


@dataclass(frozen=True)
class PipelineIdentity:
    """What a worker will run: the name and version every suggestion it makes records."""

    name: str
    version: str
    warning: str | None


def pipeline_identity(model: str | None) -> PipelineIdentity:
    """Load (or reuse) the pipeline and say which one it is; run once on a worker before the batches."""
    loaded = worker_pipeline(model)
    return PipelineIdentity(loaded.name, loaded.version, loaded.warning)


@dataclass(frozen=True)
class BatchResult:
    """The model layers of one batch, in the order sent, with what it cost on the worker."""

    layers: tuple[Annotations, ...]
    words: int
    seconds: float
    worker_pid: int


def annotate_batch(
    model: str | None, scheme: LabelScheme, items: Sequence[tuple[str, str]], batch_size: int = 16
) -> BatchResult:
    """The ``model`` layer of each ``(article_id, text)`` item (a task sent to a cluster worker)."""
    loaded = worker_pipeline(model)
    started = time.perf_counter()
    layers = tuple(preannotate_texts(loaded, items, scheme, batch_size=batch_size))
    words = sum(len(text.split()) for _, text in items)
    return BatchResult(layers, words, time.perf_counter() - started, os.getpid())
