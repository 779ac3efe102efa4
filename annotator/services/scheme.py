"""Which label scheme a project uses: its own, else the default shipped in resources/."""

from __future__ import annotations

from ..domain import LabelScheme
from ..interchange.validation import default_label_scheme
from ..storage import Store


def default_scheme() -> LabelScheme:
    """The shipped scheme, validated against its JSON Schema and read once (by interchange)."""
    return default_label_scheme()


def project_scheme(store: Store) -> LabelScheme:
    return store.label_scheme() or default_scheme()
