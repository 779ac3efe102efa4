"""Weekday and month names are never suggested as entities (issue 18: "Tuesday" as PERSON)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from annotator.nlp.preannotate import annotations_from_doc, calendar_name
from annotator.services.scheme import default_scheme


def test_weekday_and_month_entities_are_dropped_and_others_kept() -> None:
    vocab = spacy.blank("en").vocab
    words = ["Tuesday", "Anna", "Berg", "met", "March", "officials", "in", "Oslo", "."]
    ents = ["B-PERSON", "B-PERSON", "I-PERSON", "O", "B-ORG", "O", "O", "B-GPE", "O"]
    doc = Doc(vocab, words=words, ents=ents)
    layer = annotations_from_doc(doc, "a1", default_scheme(), "m", "1", quotations=[])
    found = sorted((doc.text[s.start : s.end], s.label) for s in layer.spans)
    assert found == [("Anna Berg", "PERSON"), ("Oslo", "GPE")]


def test_calendar_name() -> None:
    assert calendar_name("Monday's") and calendar_name("March")
    assert not calendar_name("May Johnson") and not calendar_name("Tuesday Group Ltd")
