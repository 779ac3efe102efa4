"""Pre-annotation of a project: run the pipeline over articles and store the model layer.

Writes the ``model`` layer only; a rerun replaces only the model's own suggestions and never
touches a human layer. Progress is reported per batch; returning ``False`` from the callback cancels
(what was already stored stays, and is complete per article).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..domain import MODEL_LAYER, Annotations, LabelScheme
from ..storage import Store

#: Called after each stored batch with (articles done, articles in all); return False to stop.
Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class PreannotationResult:
    articles: int
    words: int
    seconds: float
    cancelled: bool
    model: str
    warning: str | None
    skipped: int = 0
    """Articles left as they were because their model layer was already current (cluster runs)."""
    workers: int = 1


def _chunks(items: Iterable[Annotations], size: int) -> Iterator[list[Annotations]]:
    batch: list[Annotations] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def preannotate_project(
    store: Store,
    loaded: object,
    scheme: LabelScheme,
    *,
    article_ids: Sequence[str] | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
) -> PreannotationResult:
    """Pre-annotate ``article_ids`` (default: all) with the loaded pipeline and store the model layer."""
    from ..nlp.preannotate import preannotate_texts

    ids = list(article_ids) if article_ids is not None else store.article_ids()
    total = len(ids)
    words = 0

    def texts() -> Iterator[tuple[str, str]]:
        nonlocal words
        for article_id in ids:
            text = store.article_text(article_id)
            words += len(text.split())
            yield text, article_id

    started = time.perf_counter()
    done = 0
    cancelled = False
    layers = preannotate_texts(loaded, ((aid, text) for text, aid in texts()), scheme,
                               batch_size=batch_size, n_process=n_process)
    for batch in _chunks(layers, batch_size):
        store.replace_layers(_as_model_layer(layer) for layer in batch)
        done += len(batch)
        if progress is not None and not progress(done, total):
            cancelled = True
            break
    return PreannotationResult(
        articles=done,
        words=words,
        seconds=time.perf_counter() - started,
        cancelled=cancelled,
        model=f"{getattr(loaded, 'name', '?')} {getattr(loaded, 'version', '')}".strip(),
        warning=getattr(loaded, "warning", None),
    )


def _as_model_layer(layer: Annotations) -> Annotations:
    if layer.annotator == MODEL_LAYER:
        return layer
    return Annotations(layer.article_id, MODEL_LAYER, layer.spans, layer.relations, layer.status)
