"""Timing of the agreement computation on synthetic layers: ``python -m benchmarks.agreement_bench``.

Each synthetic article has 20 spans in its base version: 5 quotes, each with a cue, a
speaker mention and a target entity, the stance alternately an attribute of the quote and
a relation to the target. Every layer is the base version disturbed at random (dropped spans,
moved boundaries, other labels, other stances), deterministically from the seed.
"""

from __future__ import annotations

import argparse
import random
import time

from annotator.domain import Annotations, Relation, Span
from annotator.review import ArticleLayers, compute_agreement

STANCES = ("accusing", "defending", "dismissive", "supportive", "neutral")
ENTITY_LABELS = ("PERSON", "ORG", "GPE")


def _layer(article_id: str, annotator: str, rng: random.Random) -> Annotations:
    spans: list[Span] = []
    relations: list[Relation] = []
    for n in range(5):
        base = n * 200
        speaker = Span(f"p{n}", base + 5, base + 15, "PERSON")
        cue = Span(f"c{n}", base + 16, base + 20, "CUE")
        target = Span(f"t{n}", base + 150, base + 160 + rng.choice((0, 0, 0, 2)), rng.choice(ENTITY_LABELS))
        quote_start = base + 22 + rng.choice((0, 0, 0, 0, 1, -1))
        quote_end = base + 120 + rng.choice((0, 0, 0, 3))
        stance = rng.choice(STANCES) if rng.random() < 0.3 else STANCES[n % len(STANCES)]
        attrs: dict[str, str | int | float | bool | None] = {"kind": "direct", "speaker_name": f"Speaker {n}"}
        if n % 2 == 0:
            attrs["stance"] = stance
        quote = Span(f"q{n}", quote_start, quote_end, "QUOTE", attrs=attrs)
        for span in (quote, speaker, cue, target):
            if span is quote or rng.random() > 0.08:
                spans.append(span)
        kept = {s.id for s in spans}
        links = [(speaker.id, "SPEAKER"), (cue.id, "CUE")]
        if n % 2 == 1:
            links.append((target.id, stance))
        for child, label in links:
            if child in kept:
                relations.append(Relation(f"r{len(relations) + 1}", quote.id, child, label))
    return Annotations(article_id, annotator, tuple(spans), tuple(relations))


def synthetic_articles(n_articles: int, n_layers: int, seed: int) -> list[ArticleLayers]:
    """``n_articles`` articles with ``n_layers`` layers each, the same for the same arguments."""
    articles = []
    for a in range(n_articles):
        article_id = f"a{a}"
        layers = {}
        for k in range(n_layers):
            rng = random.Random(seed * 1_000_003 + a * 31 + k)
            name = f"annotator{k}"
            layers[name] = _layer(article_id, name, rng)
        articles.append(ArticleLayers(article_id, layers, text_length=1000))
    return articles


def bench_agreement(n_articles: int = 10000, n_layers: int = 3, seed: int = 0) -> float:
    """Seconds (wall clock) the full agreement computation takes on synthetic layers (building them excluded)."""
    return _timed(n_articles, n_layers, seed)[0]


def _timed(n_articles: int, n_layers: int, seed: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds; CPU time tells more on a machine shared with other jobs."""
    articles = synthetic_articles(n_articles, n_layers, seed)
    wall, cpu = time.perf_counter(), time.process_time()
    compute_agreement(articles)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    wall, cpu = _timed(args.articles, args.layers, args.seed)
    print(f"agreement: {args.articles} articles x {args.layers} layers in {wall:.2f} s ({cpu:.2f} s CPU)")


if __name__ == "__main__":
    main()
