"""Fine-tune a pipeline's entity recogniser on a team's layers with spaCy's own training loop.

The base pipeline is loaded whole (its weights, vocabulary and norm tables), its config gets a
generated ``[training]`` and ``[corpora]`` section (DocBin corpora, every component but ``ner``
frozen) and :func:`spacy.training.loop.train`, the loop behind ``spacy train``, runs it. The result
is the base pipeline with a retrained ``ner``: tagger and parser stay, so quote attribution works
with it as with the base.

Progress and cancelling go through spaCy's ``[training.before_update]`` callback, which the loop
calls before each step: it reports the fraction done and raises :class:`TrainingCancelled` when the
caller asks to stop.
"""

from __future__ import annotations

import io
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training.loop import train as spacy_train
from spacy.util import registry

from annotator.domain import AnnotatorError
from annotator.domain.errors import JobCancelled

from ..pipeline import DEFAULT_PIPELINES
from .corpus import write_corpus

#: Called with the fraction of training done (0..1); return False to stop.
FractionReport = Callable[[float], bool]


class TrainingCancelled(JobCancelled):
    """The caller asked to stop; nothing is written."""


class TrainingError(AnnotatorError):
    """Training cannot start (no base pipeline, no entity recogniser, no articles)."""


@dataclass(frozen=True)
class TrainingSettings:
    """The knobs of a run. The defaults train 40 political news articles in well under 5 minutes on 2 cores."""

    max_epochs: int = 10
    dropout: float = 0.2
    learn_rate: float = 0.001
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_HOOKS: dict[str, Callable[[Language, dict[str, Any]], None]] = {}
_HOOKS_LOCK = threading.Lock()


@registry.callbacks("annotator.training_hook.v1")  # type: ignore[untyped-decorator]
def _training_hook(run: str) -> Callable[[Language, dict[str, Any]], None]:
    """The ``before_update`` callback of one run, looked up by the run's id (runs may overlap in threads)."""
    with _HOOKS_LOCK:
        return _HOOKS[run]


def resolve_base(base: str | Path | None) -> str:
    """The base pipeline to start from: ``base`` when given, else the first installed default."""
    if base:
        return str(base)
    for name in DEFAULT_PIPELINES:
        if spacy.util.is_package(name):
            return name
    raise TrainingError(f"no base pipeline is installed (tried {', '.join(DEFAULT_PIPELINES)}); pass --base")


def load_base(base: str) -> Language:
    try:
        nlp = spacy.load(base)
    except (OSError, ImportError, ValueError) as exc:
        raise TrainingError(f"the base pipeline {base!r} cannot be loaded: {exc}") from exc
    if "ner" not in nlp.pipe_names:
        raise TrainingError(f"the base pipeline {base!r} has no entity recogniser (ner) to start from")
    return nlp


class _Progress:
    """Turns the loop's (epoch, step) into a fraction done, and a False from the caller into a cancel."""

    def __init__(self, max_epochs: int, report: FractionReport | None) -> None:
        self.max_epochs = max(max_epochs, 1)
        self.report = report
        self.epoch = 0
        self.epoch_start = 0
        self.steps_per_epoch = 0

    def __call__(self, nlp: Language, info: dict[str, Any]) -> None:
        epoch, step = int(info["epoch"]), int(info["step"])
        if epoch != self.epoch:
            self.steps_per_epoch = max(self.steps_per_epoch, step - self.epoch_start)
            self.epoch, self.epoch_start = epoch, step
        within = (step - self.epoch_start) / self.steps_per_epoch if self.steps_per_epoch else 0.5
        fraction = min((epoch + min(within, 0.99)) / self.max_epochs, 1.0)
        if self.report is not None and not self.report(fraction):
            raise TrainingCancelled("training cancelled")


def _training_config(nlp: Language, train_path: Path, dev_path: Path, settings: TrainingSettings, run: str) -> Any:
    """The base config with a generated [training] and [corpora]: spaCy's file format, our values."""
    config = nlp.config.copy()
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    reader = {"@readers": "spacy.Corpus.v1", "gold_preproc": False, "max_length": 0, "limit": 0, "augmenter": None}
    config["corpora"] = {"train": {**reader, "path": str(train_path)}, "dev": {**reader, "path": str(dev_path)}}
    training = config["training"]
    training.update(
        {
            "dropout": settings.dropout,
            "max_epochs": settings.max_epochs,
            "max_steps": 0,
            "patience": 0,  # a fixed number of epochs: the held-out articles never choose the model
            "eval_frequency": 10**9,  # the loop evaluates at step 0 only; scores come from the held-out set
            "frozen_components": [name for name in nlp.pipe_names if name != "ner"],
            "annotating_components": [],
            "before_update": {"@callbacks": "annotator.training_hook.v1", "run": run},
            "score_weights": {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
            "logger": {"@loggers": "spacy.ConsoleLogger.v1", "progress_bar": False},
        }
    )
    training["optimizer"] = {**training["optimizer"], "learn_rate": settings.learn_rate}
    config["system"]["seed"] = settings.seed
    training["seed"] = settings.seed
    return config


def _clean_config(config: Any) -> Any:
    """The config saved with the pipeline: no paths into a temporary folder, no callback of this process."""
    config = config.copy()
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    for corpus in config["corpora"].values():
        corpus["path"] = None
    config["training"]["before_update"] = None
    return config


def train_entities(
    base: str,
    train_docs: Sequence[Doc],
    labels: Sequence[str],
    workdir: Path,
    settings: TrainingSettings = TrainingSettings(),
    report: FractionReport | None = None,
    log: io.StringIO | None = None,
) -> Language:
    """The base pipeline with its ``ner`` trained on ``train_docs`` for ``labels`` (spaCy's loop).

    ``workdir`` receives the DocBin corpora. ``log`` receives spaCy's training table. Raises
    :class:`TrainingCancelled` when ``report`` returns False.
    """
    if not train_docs:
        raise TrainingError("there are no articles to train on")
    nlp = load_base(base)
    ner: Any = nlp.get_pipe("ner")
    for label in labels:
        if label not in ner.labels:
            ner.add_label(label)
    workdir.mkdir(parents=True, exist_ok=True)
    train_path = write_corpus(train_docs, workdir / "train.spacy")
    dev_path = write_corpus(train_docs[: min(len(train_docs), 4)], workdir / "dev.spacy")
    run = uuid.uuid4().hex
    with _HOOKS_LOCK:
        _HOOKS[run] = _Progress(settings.max_epochs, report)
    out = log if log is not None else io.StringIO()
    try:
        nlp.config = _training_config(nlp, train_path, dev_path, settings, run)
        nlp, _ = spacy_train(nlp, None, stdout=out, stderr=out)
    finally:
        with _HOOKS_LOCK:
            _HOOKS.pop(run, None)
    nlp.config = _clean_config(nlp.config)
    return nlp
