"""The models trained in a project and the one that makes its suggestions.

Kept in the project's settings (so they travel with the project file): ``models``, a JSON list of
:class:`ModelRecord`, and ``current_model``, the folder of the pipeline pre-annotation uses when
none is named. The pipelines themselves are ordinary spaCy folders outside the project file.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..domain import AnnotatorError
from ..storage import Store

MODELS_KEY = "models"
CURRENT_KEY = "current_model"


@dataclass(frozen=True)
class ModelRecord:
    """One trained pipeline: where it is, its name and version, when, on how many articles, its held-out F1."""

    path: str
    name: str
    version: str
    trained_at: str
    f1: float
    base_f1: float
    articles: int


def project_name(store: Store) -> str:
    return store.setting("name") or (store.path.stem if store.path else "project")


def project_models(store: Store) -> list[ModelRecord]:
    """Every model trained in the project, oldest first."""
    raw = store.setting(MODELS_KEY)
    if not raw:
        return []
    return [ModelRecord(**item) for item in json.loads(raw)]


def next_identity(store: Store) -> tuple[str, str]:
    """(name, version) for the next model of this project: ``<project>_entities``, ``1.0.<n>``."""
    slug = re.sub(r"[^a-z0-9]+", "_", project_name(store).lower()).strip("_") or "project"
    return f"{slug}_entities", f"1.0.{len(project_models(store))}"


def register_model(store: Store, record: ModelRecord) -> ModelRecord:
    """Add (or replace, same folder) ``record`` in the project's list of models."""
    records = [r for r in project_models(store) if Path(r.path) != Path(record.path)] + [record]
    store.set_setting(MODELS_KEY, json.dumps([asdict(r) for r in records]))
    return record


def current_model(store: Store) -> str | None:
    """The folder of the pipeline that makes the project's suggestions, if one was chosen and still exists."""
    path = store.setting(CURRENT_KEY)
    return path if path and (Path(path) / "meta.json").is_file() else None


def use_model(store: Store, path: Path | str | None) -> None:
    """Make the pipeline in ``path`` the project's current model (``None``: back to the default pipeline)."""
    if path is None:
        store.set_setting(CURRENT_KEY, "")
        return
    folder = Path(path).resolve()
    if not (folder / "meta.json").is_file():
        raise AnnotatorError(f"{folder}: not a spaCy pipeline folder (no meta.json)")
    store.set_setting(CURRENT_KEY, str(folder))


def new_model_folder(store: Store, stamp: str) -> Path:
    """Where the app puts a model it trains: ``<project>.models/model-<stamp>`` next to the project file."""
    if store.path is None:
        raise AnnotatorError("training from the app needs a project saved to a file")
    path = Path(store.path)
    return path.with_name(f"{path.stem}.models") / f"model-{stamp}"
