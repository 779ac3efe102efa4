"""Which label scheme a project uses: its own, else the default shipped in resources/."""

from __future__ import annotations

import json
from functools import lru_cache

from ..domain import LabelScheme
from ..paths import resources_dir
from ..storage import Store


@lru_cache(maxsize=1)
def default_scheme() -> LabelScheme:
    path = resources_dir() / "label_scheme.json"
    return LabelScheme.from_dict(json.loads(path.read_text(encoding="utf-8")))


def project_scheme(store: Store) -> LabelScheme:
    return store.label_scheme() or default_scheme()
