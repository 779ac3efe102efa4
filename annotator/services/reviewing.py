"""Review services: agreement over a project's layers, for the CLI and the dashboard."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from ..domain import GOLD_LAYER, MODEL_LAYER
from ..review import AgreementReport, ArticleLayers, compute_agreement
from ..review.figures import Figure
from ..review.report import ALL_LABELS, AgreementFigures
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
    if as_json:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    return render_text(report)


#: How many of the most disputed articles the table lists (the JSON lists them all).
TOP_ARTICLES = 10


def render_text(report: AgreementReport) -> str:
    """The figures as a table for the terminal: overall, then per pair of annotators (each figure
    with its support), then the articles with the most disagreement."""
    missing = ", ".join(f"{name} {count}" for name, count in report.missing_layers.items() if count)
    lines = [
        f"annotators: {', '.join(report.annotators) or '(none)'}",
        f"articles: {report.articles_seen} seen, {report.articles_compared} compared, "
        f"{report.articles_skipped} with fewer than two layers" + (f"; without a layer: {missing}" if missing else ""),
    ]
    blocks = [("overall", report.overall)]
    blocks += [
        (
            f"{p.reference} vs {p.prediction} ({p.articles_compared} articles compared, {p.articles_missing} missing)",
            p.figures,
        )
        for p in report.pairs
    ]
    for title, figures in blocks:
        lines += ["", title, *_figure_rows(figures)]
    rows = sorted((r for r in report.articles if r.disagreements), key=lambda row: row.sort_key())[:TOP_ARTICLES]
    if report.articles and not rows:
        lines += ["", "no article has a disagreement"]
    if rows:
        lines += ["", "articles with the most disagreement", f"  {'article':<28} {'disagreements':>13}  span F1"]
        lines += [f"  {_cut(row.article_id, 28):<28} {row.disagreements:>13}  {_figure(row.span_f1)}" for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _figure_rows(figures: AgreementFigures) -> list[str]:
    rows = [f"  {'label':<14} {'exact F1':<18} {'overlap F1':<18}"]
    for row in (*figures.labels, figures.all_labels):
        name = "all labels" if row.label == ALL_LABELS else row.label
        rows.append(f"  {_cut(name, 14):<14} {_figure(row.exact.f1):<18} {_figure(row.overlap.f1):<18}")
    rows.append(f"  {'speaker':<14} {_figure(figures.speaker.agreement)} of matched quotes name the same speaker")
    rows.append(f"  {'stance':<14} kappa {_figure(figures.stance.kappa)}, alpha {_figure(figures.stance.alpha)}")
    return rows


def _figure(figure: Figure) -> str:
    return "n/a (n=0)" if figure.value is None else f"{figure.value:.3f} (n={figure.support})"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
