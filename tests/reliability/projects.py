"""Building real project files for the reliability tests (no mocks: real Store, real SQLite files)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from annotator.domain import MODEL_LAYER, Annotations, Article, Origin, Relation, Span, Status
from annotator.storage import open_store

SENTENCES = (
    'The minister said on Tuesday that "the reform will pass before summer", according to Reuters.',
    "Opposition leaders in Warsaw accused the government of hiding the cost of the plan.",
    '"We have nothing to hide," a spokeswoman for the Kremlin told reporters in Moscow.',
    "Senator Alvarez defended the bill, calling the criticism a distraction from real problems.",
    "Officials in Brussels dismissed the claims as unfounded and declined to comment further.",
    "The party's chairman, Dmitry Peskov, later said that talks would resume next week. ",
)


def article_text(n: int) -> str:
    """A distinct article text of a few hundred characters (emoji included: offsets are code points)."""
    body = " ".join(SENTENCES[(n + i) % len(SENTENCES)] for i in range(4))
    return f"Article {n} \N{NEWSPAPER}. {body}"


def model_layer(article_id: str, text: str) -> Annotations:
    """Suggestions as the pre-annotation would make them: entities, and a quote linked to speaker and cue."""
    said = text.find(" said")
    quote_start = text.find('"')
    quote_end = text.find('"', quote_start + 1) + 1
    spans = [
        Span("m1", 0, 7, "ORG", Origin.MODEL, {"model": "test", "score": 0.9}),
        Span("m2", said + 1, said + 5, "CUE", Origin.MODEL, {"model": "test"}),
        Span("m3", 12, 20, "PERSON", Origin.MODEL, {"model": "test"}),
    ]
    relations: list[Relation] = []
    if 0 <= quote_start < quote_end:
        spans.append(Span("m4", quote_start, quote_end, "QUOTE", Origin.MODEL, {"model": "test", "kind": "direct"}))
        relations = [Relation("mr1", "m4", "m3", "SPEAKER"), Relation("mr2", "m4", "m2", "CUE")]
    return Annotations(article_id, MODEL_LAYER, spans=tuple(spans), relations=tuple(relations), status=Status.DONE)


def build_project(path: Path | str, articles: int = 6) -> Path | str:
    """A closed project with ``articles`` articles, each with model suggestions: a file, or on a team
    server when ``path`` is the URL of an empty team project."""
    with open_store(path) as store:
        items = []
        for n in range(articles):
            text = article_text(n)
            items.append((Article(id=f"art-{n}", text=text, title=f"Title {n}", outlet="Test"), []))
        store.add_articles(items)
        store.replace_layers(model_layer(f"art-{n}", article_text(n)) for n in range(articles))
        store.update_search_index()  # as the import does
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    """The SQLite files beside ``path`` (``-wal``, ``-shm``, ``-journal``) that exist now."""
    return sorted(s for s in ("-wal", "-shm", "-journal") if os.path.exists(f"{path}{s}"))
