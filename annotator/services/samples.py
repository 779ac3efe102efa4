"""The sample project: fictional articles from resources/samples, imported and pre-annotated.

``make run`` without arguments opens it when there is no last project, so that a new user sees
the tool at work at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..domain import AnnotatorError
from ..paths import resources_dir
from ..storage import Store
from .importing import import_paths
from .scheme import project_scheme

log = logging.getLogger(__name__)


def sample_paths() -> list[Path]:
    folder = resources_dir() / "samples"
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".jsonl"))


def ensure_sample_project(path: Path, *, preannotate: bool = True) -> Path:
    """Build the sample project at ``path`` unless a project is already there; returns ``path``."""
    if path.exists():
        with Store.open(path, create=False) as store:
            if store.article_count():
                return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        store.set_setting("name", "Sample project")
        report = import_paths(store, sample_paths())
        for problem in report.problems:
            log.warning("sample import: %s", problem)
        if preannotate:
            try:
                from ..nlp.pipeline import load_pipeline
                from .preannotation import preannotate_project

                preannotate_project(store, load_pipeline(None), project_scheme(store))
            except (AnnotatorError, ImportError, OSError) as exc:  # a sample without suggestions still opens
                log.warning("sample pre-annotation skipped: %s", exc)
    return path
