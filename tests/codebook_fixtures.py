"""A team's own codebook for tests: the shipped scheme plus a span label ``CLAIM`` and a stance
``mocking``, and an article with a layer that uses both (a quote with that stance and its target).

Import by name (``from codebook_fixtures import ...``: ``tests/`` is on ``sys.path``) or use the
fixtures ``codebook_scheme``, ``codebook_pair`` of ``tests/conftest.py``. Interchange tests of any
format can round-trip :func:`codebook_pair` and compare with :func:`layer_facts`.
"""

from __future__ import annotations

import copy
from typing import Any

from annotator.domain import Annotations, Article, LabelScheme, Relation, Span, Status
from annotator.interchange import default_label_scheme

NEW_LABEL = "CLAIM"
NEW_LABEL_KEY = "w"
NEW_STANCE = "mocking"
NEW_STANCE_KEY = "o"

TEXT = (
    "Harbour row\n\n"
    "Councillor Mira Olsen said the ferry plan was \u201ca fairy tale for tourists.\u201d "
    "The harbour board insists the plan is fully funded."
)


def codebook_data() -> dict[str, Any]:
    """The JSON of the custom codebook (valid against ``schemas/label_scheme.schema.json``)."""
    data = copy.deepcopy(default_label_scheme().to_dict())
    data["name"] = "harbour-team"
    data["quotes"].append(
        {
            "label": NEW_LABEL,
            "key": NEW_LABEL_KEY,
            "color": "#ff7f50",
            "description": "A claim of fact made by the article.",
        }
    )
    data["stances"].append(
        {"label": NEW_STANCE, "key": NEW_STANCE_KEY, "color": "#9b5de5", "description": "Ridicules the target."}
    )
    return data


def codebook_scheme() -> LabelScheme:
    return LabelScheme.from_dict(codebook_data())


def _at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def codebook_pair(annotator: str = "alice") -> tuple[Article, Annotations]:
    """An article and a layer using the new label and stance: a quote mocking the ferry plan, a CLAIM."""
    article = Article(id="harbour-1", text=TEXT, title="Harbour row", outlet="Gazette")
    spans = (
        Span("e1", *_at("Mira Olsen"), "PERSON"),
        Span("e2", *_at("harbour board"), "ORG"),
        Span("t1", *_at("ferry plan"), "ORG"),
        Span("c1", *_at("said"), "CUE"),
        Span(
            "q1",
            *_at("\u201ca fairy tale for tourists.\u201d"),
            "QUOTE",
            attrs={"kind": "direct", "speaker_name": "Mira Olsen", "stance": NEW_STANCE},
        ),
        Span("k1", *_at("the plan is fully funded"), NEW_LABEL),
    )
    relations = (
        Relation("r1", "q1", "e1", "SPEAKER"),
        Relation("r2", "q1", "c1", "CUE"),
        Relation("r3", "q1", "t1", NEW_STANCE),
    )
    return article, Annotations(article.id, annotator, spans=spans, relations=relations, status=Status.DONE)


def layer_facts(layer: Annotations, text: str) -> dict[str, Any]:
    """What a round trip must keep, independent of ids: spans by (label, text), quote facts, links."""
    by_id = {s.id: s for s in layer.spans}
    return {
        "spans": sorted((s.label, text[s.start : s.end]) for s in layer.spans),
        "quotes": sorted(
            (text[s.start : s.end], s.attrs.get("kind"), s.attrs.get("speaker_name"), s.attrs.get("stance"))
            for s in layer.spans
            if s.label == "QUOTE"
        ),
        "relations": sorted(
            (r.label, text[by_id[r.head].start : by_id[r.head].end], text[by_id[r.child].start : by_id[r.child].end])
            for r in layer.relations
        ),
    }
