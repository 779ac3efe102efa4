"""Mixed and indirect quotations: partial quotes, headline scare quotes, complements, according to."""

from __future__ import annotations

from collections.abc import Callable

from annotator.nlp import Quotation

Find = Callable[[str], list[Quotation]]
Covering = Callable[[str, list[Quotation], str], Quotation]
Fragments = Callable[[str, Quotation], list[str]]


def test_partial_quote_after_a_preposition_is_mixed(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = 'Opposition leaders accused the mayor of "hiding the real costs from voters."'
    q = covering(text, quotations(text), "hiding the real costs")
    assert q.kind == "mixed"
    assert q.cue is not None and q.cue.text == "accused"
    assert q.speaker is not None and "leaders" in q.speaker.text


def test_partial_quote_in_a_reported_clause_is_mixed(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = 'Governor Ellen Marsh said she "never approved the contract" and would not resign.'
    q = covering(text, quotations(text), "never approved the contract")
    assert q.kind == "mixed"
    assert q.speaker is not None and "Marsh" in q.speaker.text
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker_name == "Ellen Marsh"


def test_scare_quotes_in_a_headline(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = "Germany says talks with 'trusted friends' will go on\n\nThe foreign office gave no details."
    q = covering(text, quotations(text), "trusted friends")
    assert q.kind == "mixed"
    assert q.speaker is not None and q.speaker.text == "Germany"
    assert q.cue is not None and q.cue.text == "says"


def test_apostrophes_in_the_body_are_not_quotes(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = "Headline about the vote\n\nThe senator's aides said the party's plan was sound."
    for q in quotations(text):
        assert not any(text[s:e].startswith("s aides") for s, e in q.fragments)


def test_indirect_speech_is_the_complement_of_the_cue(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = "Finance minister Paul Okafor said on Friday he was confident that the deficit would shrink next year."
    q = covering(text, quotations(text), "the deficit would shrink")
    assert q.kind == "indirect"
    assert fragments_of(text, q) == ["he was confident that the deficit would shrink next year"]
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.text == "Paul Okafor"


def test_according_to(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = "According to the health department, infections fell by a third in March."
    q = covering(text, quotations(text), "infections fell by a third")
    assert q.kind == "indirect"
    assert q.cue is not None and q.cue.text == "According to"
    assert q.speaker is not None and q.speaker.text.endswith("health department")
    assert "According" not in " ".join(fragments_of(text, q))


def test_a_verb_outside_the_lexicon_is_not_a_cue(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = "Finance minister Paul Okafor believes that the deficit will shrink next year."
    assert quotations(text) == []


def test_relative_pronoun_is_the_mention_and_its_noun_the_name(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = "The report cited two engineers who said the dam had been inspected only once in ten years."
    q = covering(text, quotations(text), "the dam had been inspected")
    assert q.speaker is not None and q.speaker.text == "who"
    assert q.speaker_name == "two engineers"
