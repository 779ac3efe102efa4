"""Review services: agreement over a project's layers, for the CLI and the dashboard."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from ..domain import GOLD_LAYER, MODEL_LAYER
from ..review import AgreementReport, ArticleLayers, compute_agreement
from ..storage import Store


def human_layers(store: Store) -> list[str]:
    """Every annotator's layer name except the model's suggestions and the adjudicated gold."""
    return [a for a in store.annotators() if a not in (MODEL_LAYER, GOLD_LAYER)]


def article_layers(store: Store, annotators: Sequence[str]) -> Iterator[ArticleLayers]:
    for article_id, length, layers in store.iter_layer_sets(annotators):
        yield ArticleLayers(article_id, layers, length)


def project_agreement(store: Store, annotators: Sequence[str] | None = None) -> AgreementReport:
    names = list(annotators) if annotators else human_layers(store)
    return compute_agreement(article_layers(store, names), names)


def agreement_report(store: Store, annotators: Sequence[str] | None = None, *, as_json: bool = False) -> str:
    """The agreement figures as JSON (every figure with its support) or as a readable table."""
    report = project_agreement(store, annotators)
    data = report.to_dict()
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return render_text(data)


def _fmt(figure: object) -> str:
    if isinstance(figure, dict):
        value = figure.get("value")
        support = figure.get("support", figure.get("n"))
        shown = "n/a" if value is None else f"{value:.3f}"
        return f"{shown} (n={support})" if support is not None else shown
    return str(figure)


def render_text(data: dict[str, object]) -> str:
    """A plain-text rendering of :meth:`AgreementReport.to_dict` for the terminal."""
    lines = [f"annotators: {', '.join(data['annotators'])}"]  # type: ignore[arg-type]
    lines.append(f"articles: {json.dumps(data['articles'])}")
    lines.append(json.dumps(data["overall"], indent=2, ensure_ascii=False))
    return "\n".join(lines)
