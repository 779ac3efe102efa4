"""Corpus-scale pre-annotation on a Dask cluster: workers parse, this process stores.

``local[:N]`` starts a :class:`distributed.LocalCluster` on this machine (N worker processes, one
thread each: spaCy holds the GIL, so processes are what use the cores); ``tcp://HOST:PORT`` uses a
running scheduler (a laptop, SLURM/PBS through dask-jobqueue, Kubernetes). Articles travel to the
workers in batches of ids and texts only; each worker loads the pipeline once
(:mod:`annotator.nlp.batches`) and returns the ``model`` layers, which this process writes into
the project one transaction per batch while the next batches run.

A run is resumable: articles whose model layer already holds the suggestions of the very model
(name and version) the workers run are skipped, so a run killed half-way (client, worker or
scheduler) and started again finishes the rest. A batch lost with a worker is recomputed by Dask
(or, if the scheduler gave it up, sent again by this process, up to three times);
a layer is written by replacing the article's model layer, so a batch stored twice leaves no
duplicate.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..domain import AnnotatorError, LabelScheme
from ..storage import Store
from .preannotation import PreannotationResult

log = logging.getLogger(__name__)


class ClusterError(AnnotatorError):
    """The cluster could not be reached or was lost; what was already stored is kept."""


@dataclass(frozen=True)
class ClusterSpec:
    """Where batches run: a scheduler ``address``, or a local cluster of ``workers`` processes."""

    address: str | None = None
    workers: int = 2

    @classmethod
    def parse(cls, text: str) -> ClusterSpec:
        """``local``, ``local:N`` or ``tcp://HOST:PORT`` (as given to ``--cluster``)."""
        text = text.strip()
        if text.startswith(("tcp://", "tls://")):
            return cls(address=text)
        if text == "local":
            return cls(workers=max(1, os.cpu_count() or 1))
        if text.startswith("local:"):
            count = text.partition(":")[2]
            if count.isdigit() and int(count) > 0:
                return cls(workers=int(count))
        raise ValueError(f"cluster {text!r}: expected local, local:N (N > 0) or tcp://HOST:PORT")

    def __str__(self) -> str:
        return self.address or f"local:{self.workers}"


@dataclass(frozen=True)
class ClusterProgress:
    """Where a run stands, after each stored batch."""

    done: int
    total: int
    skipped: int
    words: int
    seconds: float
    workers: int

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the rate so far; ``None`` before the first batch."""
        if self.done == 0 or self.seconds <= 0:
            return None
        return (self.total - self.done) * self.seconds / self.done


#: Called after each stored batch; return False to stop (what was stored stays).
ClusterProgressCallback = Callable[[ClusterProgress], bool]


@contextlib.contextmanager
def connect(spec: ClusterSpec) -> Iterator[object]:
    """A ``distributed.Client`` for ``spec``; a local cluster is started here and stopped after."""
    from distributed import Client, LocalCluster

    if spec.address:
        try:
            client = Client(spec.address, timeout="10s")
        except OSError as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {spec.address} ({exc})") from exc
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=spec.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def articles_to_run(store: Store, ids: Sequence[str], name: str, version: str) -> list[str]:
    """The articles of ``ids`` whose model layer is missing or was made by another model or version."""
    provenance = store.model_layer_provenance()
    current = frozenset({(name, version)})
    return [aid for aid in ids if provenance.get(aid) not in (current, frozenset())]


def preannotate_on_cluster(
    store: Store,
    model: str | None,
    scheme: LabelScheme,
    spec: ClusterSpec,
    *,
    article_ids: Sequence[str] | None = None,
    batch_size: int = 32,
    redo: bool = False,
    progress: ClusterProgressCallback | None = None,
    client: object | None = None,
) -> PreannotationResult:
    """Pre-annotate ``article_ids`` (default: all) on the cluster ``spec`` and store the model layers.

    ``model`` is the pipeline setting as each worker loads it (a name or a path the workers can
    read). Unless ``redo``, articles whose layer is current are skipped. ``client`` is an already
    connected ``distributed.Client`` to use instead of connecting to ``spec`` (kept open).
    """
    from distributed import as_completed

    from ..nlp.batches import annotate_batch, pipeline_identity

    with contextlib.nullcontext(client) if client is not None else connect(spec) as client:
        identities = _run_everywhere(client, pipeline_identity, model)
        names = {(i.name, i.version) for i in identities.values()}
        if len(names) != 1:
            found = ", ".join(sorted(f"{n} {v}" for n, v in names)) or "no worker"
            raise ClusterError(f"the cluster's workers do not run one pipeline ({found})")
        name, version = names.pop()
        warning = next(iter(identities.values())).warning
        workers = len(identities)
        ids = list(article_ids) if article_ids is not None else store.article_ids()
        todo = ids if redo else articles_to_run(store, ids, name, version)
        skipped = len(ids) - len(todo)
        batches = iter([todo[i : i + batch_size] for i in range(0, len(todo), batch_size)])
        in_flight = max(4, 2 * workers)
        started = time.perf_counter()
        done = words = 0
        cancelled = False
        batch_of: dict[object, list[str]] = {}
        attempts: dict[tuple[str, ...], int] = {}

        def send(batch: list[str]) -> object:
            # The codebook goes with each task (it is small): a scattered copy dies with the worker
            # that held it, and the scheduler then forgets every task that needs it.
            items = [(aid, store.article_text(aid)) for aid in batch]
            future = client.submit(annotate_batch, model, scheme, items, pure=False)  # type: ignore[attr-defined]
            batch_of[future] = batch
            return future

        def submit() -> object | None:
            batch = next(batches, None)
            return None if batch is None else send(batch)

        first = [f for f in (submit() for _ in range(in_flight)) if f is not None]
        queue = as_completed(first)
        try:
            for future in queue:
                batch = batch_of.pop(future)
                try:
                    result = future.result()  # type: ignore[attr-defined]
                except Exception as exc:  # noqa: BLE001 - a lost cluster or a failed batch: report, keep what is stored
                    tried = attempts.get(tuple(batch), 0) + 1
                    if _lost_with_a_worker(exc) and tried < _BATCH_ATTEMPTS:
                        attempts[tuple(batch)] = tried
                        log.info("a batch of %d article(s) was lost with a worker (%s): sent again", len(batch), exc)
                        queue.add(send(batch))
                        continue
                    raise ClusterError(
                        f"the cluster run stopped after {done} of {len(todo)} article(s) ({type(exc).__name__}: "
                        f"{exc}); what was stored is kept: run again to finish the rest"
                    ) from exc
                store.replace_layers(result.layers)
                done += len(result.layers)
                words += result.words
                nxt = submit()
                if nxt is not None:
                    queue.add(nxt)
                if progress is not None:
                    workers = len(client.scheduler_info().get("workers", {})) or workers  # type: ignore[attr-defined]
                    state = ClusterProgress(done, len(todo), skipped, words, time.perf_counter() - started, workers)
                    if not progress(state):
                        cancelled = True
                        break
        finally:
            client.cancel(list(queue.futures))  # type: ignore[attr-defined]
    return PreannotationResult(
        articles=done,
        words=words,
        seconds=time.perf_counter() - started,
        cancelled=cancelled,
        model=f"{name} {version}".strip(),
        warning=warning,
        skipped=skipped,
        workers=workers,
    )


_BATCH_ATTEMPTS = 3


def _lost_with_a_worker(exc: BaseException) -> bool:
    """Whether a batch failed because a worker (or what it held) went away, not because of its articles."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    return isinstance(exc, (KilledWorker, FutureCancelledError, CommClosedError))


def _run_everywhere(client: object, fn: Callable[..., object], *args: object) -> dict[str, object]:
    """``fn(*args)`` on every worker (loads the pipeline on each at once); waits for one worker at least."""
    try:
        client.wait_for_workers(1, timeout=60)  # type: ignore[attr-defined]
        return dict(client.run(fn, *args))  # type: ignore[attr-defined]
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"the cluster has no worker ready ({exc})") from exc
