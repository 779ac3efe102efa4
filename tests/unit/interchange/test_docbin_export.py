"""The spaCy DocBin export: loads back with entities, quote spans and user data, and trains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from interchange_helpers import read_all
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import fix_random_seed

from annotator.domain import Annotations, Article, Relation, Span, Status
from annotator.nlp.docbin import write_docbin

TEXT = "Mayor Ines Calloway said the Elvin Ferry Company “must try again,” adding that Port Elvin would wait."


def _at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def _pair() -> tuple[Article, Annotations]:
    spans = [
        Span("e1", *_at("Ines Calloway"), "PERSON"),
        Span("e2", *_at("Mayor Ines Calloway"), "PERSON"),  # overlaps e1 and is longer: it wins doc.ents
        Span("e3", *_at("Elvin Ferry Company"), "ORG"),
        Span("e4", *_at("Elvin"), "GPE"),  # inside e3: shorter, dropped from doc.ents, kept in the group
        Span("e5", *_at("Port Elv"), "GPE"),  # not on a token boundary: expanded to "Port Elvin"
        Span(
            "q1",
            *_at("“must try again,”"),
            "QUOTE",
            attrs={"kind": "direct", "speaker_name": "Ines Calloway", "stance": "accusing"},
        ),
        Span("c1", *_at("said"), "CUE"),
        Span("w1", 5, 6, "SPEAKER"),  # a single space: covers no token
    ]
    relations = [
        Relation("r1", "q1", "e2", "SPEAKER"),
        Relation("r2", "q1", "c1", "CUE"),
        Relation("r3", "q1", "e3", "accusing"),
    ]
    article = Article(id="ferry", text=TEXT, title="Ferry")
    return article, Annotations("ferry", "alice", tuple(spans), tuple(relations), Status.DONE)


def _load(path: Path) -> list[Any]:
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def test_docbin_loads_back_with_entities_quotes_and_user_data(tmp_path: Path) -> None:
    path = tmp_path / "train.spacy"
    assert write_docbin([_pair()], path) == 1
    [doc] = _load(path)
    assert doc.text == TEXT
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Mayor Ines Calloway", "PERSON"),
        ("Elvin Ferry Company", "ORG"),
        ("Port Elvin", "GPE"),
    ]
    assert sorted(s.id_ for s in doc.spans["entities"]) == ["e1", "e2", "e3", "e4", "e5"]
    assert [(s.text, s.id_) for s in doc.spans["quotes"]] == [("“must try again,”", "q1")]
    assert [s.text for s in doc.spans["cues"]] == ["said"]
    assert list(doc.spans["speakers"]) == []
    data = doc.user_data
    assert (data["article_id"], data["annotator"], data["status"]) == ("ferry", "alice", "done")
    [quote] = data["quotes"]
    assert quote["speaker"] == "e2" and quote["cue"] == "c1" and quote["kind"] == "direct"
    assert quote["speaker_name"] == "Ines Calloway" and quote["stance"] == "accusing"
    assert [dict(t) for t in quote["targets"]] == [{"span": "e3", "label": "accusing"}]
    assert list(data["unaligned"]) == ["w1"]
    assert len(data["spans"]) == 8 and len(data["relations"]) == 3


def test_docbin_from_imported_gold_trains_ner_and_spancat(tmp_path: Path, shared: Path) -> None:
    [parsed], _ = read_all(shared / "examples" / "sessions-russia.gold.json")
    path = tmp_path / "gold.spacy"
    write_docbin([(parsed.article, parsed.layers[0]), _pair()], path)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    nlp.add_pipe("spancat", config={"spans_key": "quotes"})
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    assert len(docs[0].spans["quotes"]) == sum(1 for s in parsed.layers[0].spans if s.label == "QUOTE")
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in docs]
    fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    losses_per_step = []
    for _ in range(10):
        losses: dict[str, float] = {}
        nlp.update(examples, sgd=optimizer, losses=losses, drop=0.0)
        losses_per_step.append(losses)
    # The baseline is the loss after the first update: a freshly initialised NER model scores every
    # action alike, so the loss of step one says little and the first update usually raises it.
    for name in ("ner", "spancat"):
        assert losses_per_step[-1][name] < losses_per_step[1][name]
