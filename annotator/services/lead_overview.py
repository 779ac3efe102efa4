"""The lead's overview: per-annotator progress, agreement so far on the overlapping articles, and the
articles ready for adjudication. Qt-free (the dashboard shows it; a test checks it on both engines).

Agreement uses the existing figures (``review.compute_agreement``) over the articles assigned to more
than one person, counting only layers their annotator marked done: work in progress would read as
disagreement. An article is ready for adjudication when two or more people are assigned to it, all of
them are done, and its gold layer is not done yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..domain import GOLD_LAYER, Status
from ..review import AgreementReport, ArticleLayers, compute_agreement
from ..storage import ProjectStore
from .assignments import Progress, layer_states, progress_by_annotator


@dataclass(frozen=True)
class LeadOverview:
    progress: list[Progress]
    agreement: AgreementReport | None  # ``None`` while no overlapping article has two done layers
    ready: list[str]
    overlapping: int


def lead_overview(store: ProjectStore) -> LeadOverview:
    by_article: dict[str, list[str]] = {}
    for article_id, who in store.assignments():
        by_article.setdefault(article_id, []).append(who)
    shared = {a: people for a, people in by_article.items() if len(people) > 1}
    people = sorted({w for ws in shared.values() for w in ws})
    states = {who: layer_states(store, who) for who in people}
    gold = layer_states(store, GOLD_LAYER) if shared else {}

    def done(article_id: str, who: str) -> bool:
        return states[who].get(article_id) is Status.DONE

    ready = [a for a, ws in shared.items() if all(done(a, w) for w in ws) and gold.get(a) is not Status.DONE]

    def compared() -> Iterator[ArticleLayers]:
        for article_id, length, layers in store.iter_layer_sets(people):
            finished = {
                w: layer for w, layer in layers.items() if w in shared.get(article_id, ()) and done(article_id, w)
            }
            if len(finished) >= 2:
                yield ArticleLayers(article_id, finished, length)

    report = compute_agreement(compared(), people) if len(people) >= 2 else None
    if report is not None and report.articles_compared == 0:
        report = None
    return LeadOverview(progress_by_annotator(store, states), report, ready, len(shared))
