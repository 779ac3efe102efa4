"""Train the project's own pipeline from its layers: the learning loop of the tool.

A run takes one layer (an annotator's, or gold) on the articles of the chosen statuses, holds out a
share of those articles for evaluation (never trained on, never used to choose the model), scores
the base pipeline on them, trains the entity recogniser with spaCy's loop for the project's entity
labels, scores the result on the same articles and writes a normal spaCy pipeline directory whose
``meta.json`` says what it was trained on (project, layer, statuses, article counts, codebook,
scores). Optionally it trains on growing shares of the training articles too: the learning curve.

The run is a job like pre-annotation: ``progress(done, total)`` after each step, returning False
cancels (:class:`TrainingCancelled`, nothing is written), errors are :class:`TrainingError`.
The project remembers the models trained in it and which one makes its suggestions
(:mod:`annotator.services.models`).
"""

from __future__ import annotations

import io
import math
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..domain import Annotations, Article, Status
from ..nlp.training import (
    EntityScores,
    TrainingCancelled,
    TrainingError,
    TrainingSettings,
    entity_count,
    entity_docs,
    load_base,
    resolve_base,
    score_entities,
    train_entities,
)
from ..storage import Store
from .models import ModelRecord, next_identity, project_name, register_model
from .scheme import project_scheme

#: Called with (steps done, steps in all); return False to cancel. The shape pre-annotation uses.
Progress = Callable[[int, int], bool]

#: Progress is reported in thousandths of the whole run.
_TOTAL = 1000

__all__ = [
    "CurvePoint",
    "Progress",
    "TrainingCancelled",
    "TrainingError",
    "TrainingRequest",
    "TrainingResult",
    "TrainingSettings",
    "train_project",
]


@dataclass(frozen=True)
class TrainingRequest:
    """What to train from and where to put it. ``layer`` is an annotator's name or ``gold``."""

    layer: str
    out: Path
    statuses: tuple[Status, ...] = (Status.DONE,)
    base: str | None = None
    eval_split: float = 0.2
    settings: TrainingSettings = field(default_factory=TrainingSettings)
    curve: tuple[float, ...] = ()
    seed: int = 0
    force: bool = False


@dataclass(frozen=True)
class CurvePoint:
    """One point of the learning curve: F1 on the held-out articles after training on ``articles``."""

    articles: int
    f1: float


@dataclass(frozen=True)
class TrainingResult:
    path: Path
    name: str
    version: str
    labels: tuple[str, ...]
    base: str
    trained_articles: int
    held_out_articles: int
    base_scores: EntityScores
    scores: EntityScores
    curve: tuple[CurvePoint, ...]
    seconds: float
    trained_on: str

    def comparison(self) -> list[tuple[str, float, float, float, float, float, float, int]]:
        """Per label (and ``ALL``): base P, R, F1, trained P, R, F1, reference count."""
        rows = []
        for label in self.labels:
            b, t = self.base_scores.label(label), self.scores.label(label)
            rows.append((label, b.precision, b.recall, b.f1, t.precision, t.recall, t.f1, t.support))
        support = sum(s.support for s in self.scores.labels)
        base, trained = self.base_scores, self.scores  # micro figures: not the LabelScore b, t above
        rows.append(
            ("ALL", base.precision, base.recall, base.f1, trained.precision, trained.recall, trained.f1, support)
        )
        return rows


class _Steps:
    """Maps the stages of a run onto one progress scale and turns a False from the caller into a cancel."""

    def __init__(self, progress: Progress | None, weights: Sequence[float]) -> None:
        self.progress = progress
        total = sum(weights) or 1.0
        self.bounds: list[tuple[int, int]] = []
        start = 0.0
        for weight in weights:
            self.bounds.append((round(_TOTAL * start / total), round(_TOTAL * (start + weight) / total)))
            start += weight
        self.stage = 0

    def report(self, fraction: float) -> bool:
        lo, hi = self.bounds[min(self.stage, len(self.bounds) - 1)]
        done = lo + round((hi - lo) * min(max(fraction, 0.0), 1.0))
        return self.progress(done, _TOTAL) if self.progress is not None else True

    def finish_stage(self) -> None:
        if not self.report(1.0):
            raise TrainingCancelled("training cancelled")
        self.stage += 1


def split_articles(ids: Sequence[str], eval_split: float, seed: int) -> tuple[list[str], list[str]]:
    """(training ids, held-out ids): a seeded shuffle, the first ``eval_split`` share held out."""
    if not 0.0 < eval_split < 1.0:
        raise TrainingError(f"--eval-split must lie between 0 and 1 (got {eval_split})")
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    held = max(1, round(len(shuffled) * eval_split))
    held_out = set(shuffled[:held])
    return [i for i in ids if i not in held_out], [i for i in ids if i in held_out]


def _layers(store: Store, request: TrainingRequest) -> list[tuple[Article, Annotations]]:
    pairs = list(store.iter_layers(request.layer, request.statuses))
    if len(pairs) < 2:
        statuses = ", ".join(s.value for s in request.statuses) or "any"
        raise TrainingError(
            f"training needs at least 2 articles with a {request.layer!r} layer of status {statuses}; "
            f"found {len(pairs)}"
        )
    return pairs


def _check_out(out: Path, force: bool) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        if not force:
            raise TrainingError(f"{out}: the output folder exists and is not empty (choose another or use --force)")
        if (out / "meta.json").exists():
            shutil.rmtree(out)
        else:
            raise TrainingError(f"{out}: exists and is not a spaCy pipeline folder; refusing to replace it")


def train_project(store: Store, request: TrainingRequest, progress: Progress | None = None) -> TrainingResult:
    """Train, evaluate and write the pipeline of ``request``; register it in the project (not as current)."""
    started = time.perf_counter()
    out = Path(request.out)
    _check_out(out, request.force)
    scheme = project_scheme(store)
    labels = tuple(scheme.entity_labels)
    if not labels:
        raise TrainingError(f"the project's label scheme {scheme.name!r} has no entity labels to train")
    base = resolve_base(request.base)
    pairs = _layers(store, request)
    train_ids, held_ids = split_articles([a.id for a, _ in pairs], request.eval_split, request.seed)
    by_id = {a.id: (a, layer) for a, layer in pairs}
    curve_sizes = sorted({max(1, math.ceil(len(train_ids) * f)) for f in request.curve if 0 < f < 1})
    curve_sizes = [n for n in curve_sizes if n < len(train_ids)]
    steps = _Steps(progress, [3, *[100 * n / len(train_ids) for n in curve_sizes], 100, 3, 2])

    base_nlp = load_base(base)
    train_docs = entity_docs(base_nlp, (by_id[i] for i in train_ids), labels)
    held_docs = entity_docs(base_nlp, (by_id[i] for i in held_ids), labels)
    base_scores = score_entities(base_nlp, held_docs, labels)
    base_meta = dict(base_nlp.meta)
    del base_nlp
    steps.finish_stage()

    log = io.StringIO()
    curve = [CurvePoint(0, base_scores.f1)]
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as tmp:
        for n in curve_sizes:
            partial = train_entities(
                base, train_docs[:n], labels, Path(tmp) / f"curve-{n}", request.settings, steps.report, log
            )
            curve.append(CurvePoint(n, score_entities(partial, held_docs, labels).f1))
            del partial
            steps.finish_stage()
        nlp = train_entities(base, train_docs, labels, Path(tmp) / "full", request.settings, steps.report, log)
        steps.finish_stage()
    scores = score_entities(nlp, held_docs, labels)
    curve.append(CurvePoint(len(train_ids), scores.f1))
    steps.finish_stage()

    name, version = next_identity(store)
    trained_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    statuses = "/".join(s.value for s in request.statuses) or "any status"
    project = project_name(store)
    trained_on = f"{len(train_ids)} {statuses} articles of layer {request.layer} in {project}, {trained_at[:10]}"
    seconds = time.perf_counter() - started
    base_name = f"{base_meta.get('lang', 'en')}_{base_meta.get('name', base)}"
    full_name = f"{nlp.meta.get('lang', 'en')}_{name}"  # as spaCy names a package: lang_name
    nlp.meta.update(
        {
            "name": name,
            "version": version,
            "description": f"Entities for {project}: {base_name} retrained on {trained_on}.",
            "performance": _performance(scores),
            "annotator": {
                "project": project,
                "project_path": str(store.path) if store.path else None,
                "layers": [request.layer],
                "statuses": [s.value for s in request.statuses],
                "articles": len(train_ids),
                "entities": entity_count(train_docs),
                "held_out": len(held_ids),
                "held_out_ids": held_ids,
                "codebook": {"name": scheme.name, "entity_labels": list(labels)},
                "base": {
                    "name": base_name,
                    "version": base_meta.get("version"),
                    "source": base,
                },
                "scores": {"base": base_scores.to_dict(), "trained": scores.to_dict()},
                "curve": [{"articles": p.articles, "f": p.f1} for p in curve],
                "settings": request.settings.to_dict(),
                "seed": request.seed,
                "trained_at": trained_at,
                "trained_on": trained_on,
                "seconds": round(seconds, 1),
            },
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    (out / "training.log").write_text(log.getvalue(), encoding="utf-8")
    register_model(
        store,
        ModelRecord(
            str(out.resolve()),
            full_name,
            version,
            trained_at,
            scores.f1,
            base_scores.f1,
            len(train_ids),
        ),
    )
    steps.finish_stage()
    return TrainingResult(
        path=out,
        name=full_name,
        version=version,
        labels=labels,
        base=base,
        trained_articles=len(train_ids),
        held_out_articles=len(held_ids),
        base_scores=base_scores,
        scores=scores,
        curve=tuple(curve),
        seconds=time.perf_counter() - started,
        trained_on=trained_on,
    )


def _performance(scores: EntityScores) -> dict[str, Any]:
    """spaCy's own ``meta.json`` performance block (what ``spacy info`` and the model card read)."""
    return {
        "ents_p": scores.precision,
        "ents_r": scores.recall,
        "ents_f": scores.f1,
        "ents_per_type": {s.label: {"p": s.precision, "r": s.recall, "f": s.f1} for s in scores.labels},
    }
