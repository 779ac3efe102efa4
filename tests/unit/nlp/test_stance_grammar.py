"""Stance and target rules read off the parse (:mod:`annotator.nlp.stance_evidence`), on sentences written here.

Quotations are built by hand from the words of each sentence, so that these tests check the
stance suggester alone, with the real spaCy model.
"""

from __future__ import annotations

import pytest

from annotator.nlp import Cue, LoadedPipeline, Mention, Quotation
from annotator.nlp.stance import StanceGuess, StanceSuggester


def quotation(text: str, words: str, cue: str, speaker: str, kind: str = "direct") -> Quotation:
    q, c, s = text.index(words), text.index(cue), text.index(speaker)
    return Quotation(
        ((q, q + len(words)),), kind, Mention(s, s + len(speaker), speaker), Cue(c, c + len(cue), cue), speaker
    )


@pytest.fixture(scope="module")
def suggester() -> StanceSuggester:
    return StanceSuggester()


def one(loaded: LoadedPipeline, suggester: StanceSuggester, text: str, q: Quotation) -> StanceGuess:
    (g,) = suggester.suggest(loaded.nlp(text), [q])
    assert g is not None
    return g


def target_text(text: str, g: StanceGuess) -> str | None:
    return text[g.target.start : g.target.end] if g.target is not None else None


def test_somebody_elses_negated_act_is_a_charge_against_its_subject(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = "Senator Ada Park said that Mayor Tom Reed never paid the city's parking fines."
    q = quotation(text, "Mayor Tom Reed never paid the city's parking fines", "said", "Ada Park", "indirect")
    g = one(loaded, suggester, text, q)
    assert g.stance == "accusing", g.evidence
    assert target_text(text, g) == "Tom Reed"


def test_praise_of_the_subject_is_not_turned_into_a_charge_by_a_negation(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = '"Tom Reed was honest. Tom Reed never wasted a cent of our money," Senator Ada Park said.'
    q = quotation(text, "Tom Reed was honest. Tom Reed never wasted a cent of our money,", "said", "Ada Park")
    assert one(loaded, suggester, text, q).stance != "accusing"


def test_a_pronoun_in_the_reporters_words_can_be_the_speaker_denying(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = (
        "A newspaper wrote that Senator Ada Park took money from a bank.\n\n"
        'Park said she "never took a single dollar from any bank."'
    )
    g = one(loaded, suggester, text, quotation(text, "never took a single dollar from any bank.", "said", "Park"))
    assert g.stance == "defending", g.evidence
    assert g.target is not None and g.target.name == "Ada Park", "the speaker defends herself"


def test_a_negated_statement_is_a_wave_off_but_a_negated_act_is_not(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = 'Ada Park wrote a report.\n\n"I do not think that report tells us anything," Governor Maria Lopez said.'
    words = "I do not think that report tells us anything,"
    g = one(loaded, suggester, text, quotation(text, words, "said", "Maria Lopez"))
    assert g.stance == "dismissive", g.evidence
    text = '"The clinic does not open on Sundays," Governor Maria Lopez said.'
    g = one(loaded, suggester, text, quotation(text, "The clinic does not open on Sundays,", "said", "Maria Lopez"))
    assert not any("claim negated" in e for e in g.evidence)


def test_praising_oneself_is_a_defence_of_oneself(loaded: LoadedPipeline, suggester: StanceSuggester) -> None:
    text = 'Critics mocked his budget.\n\n"That makes me the smartest mayor in the state," Tom Reed boasted.'
    g = one(
        loaded,
        suggester,
        text,
        quotation(text, "That makes me the smartest mayor in the state,", "boasted", "Tom Reed"),
    )
    assert g.stance == "defending", g.evidence
    assert target_text(text, g) == "Tom Reed"


def test_the_person_a_spokesperson_speaks_for_is_named_in_the_speaker_mention(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = (
        "Mayor Tom Reed faced questions about the contract on Monday.\n\n"
        'Reed campaign spokeswoman Lena Ortiz said, "The mayor followed every rule, and Maria Lopez knows it."'
    )
    q = quotation(text, "The mayor followed every rule, and Maria Lopez knows it.", "said", "Lena Ortiz")
    g = one(loaded, suggester, text, q)
    assert g.stance == "defending", g.evidence
    assert g.target is not None and g.target.name == "Tom Reed", "not Maria Lopez, who is named in the quote"


def test_a_country_as_the_object_of_the_cue_is_the_target(loaded: LoadedPipeline, suggester: StanceSuggester) -> None:
    text = 'Senator Ada Park dismissed NATO member Norway as "a village in the north."'
    g = one(loaded, suggester, text, quotation(text, "a village in the north.", "dismissed", "Ada Park"))
    assert g.stance == "dismissive"
    assert target_text(text, g) == "Norway"


def test_a_person_the_cue_points_at_beats_a_place_named_in_the_quote(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = (
        "Mayor Tom Reed visited the port on Friday.\n\n"
        "Senator Ada Park used the report against the mayor, accusing him of being asleep during the flood in Lisbon."
    )
    words = "him of being asleep during the flood in Lisbon"  # the finder cut the quote to start at the object
    g = one(loaded, suggester, text, quotation(text, words, "accusing", "Ada Park", "indirect"))
    assert g.stance == "accusing"
    assert g.target is not None and g.target.name == "Tom Reed", g.target


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ('Senator Ada Park refused to condemn "the plan for the harbour."', "condemn"),
        ('Senator Ada Park avoids criticizing "the plan for the harbour."', "criticizing"),
        ('Senator Ada Park did not blame Tom Reed for "the plan for the harbour."', "blame"),
    ],
)
def test_a_withheld_accusation_takes_no_side(
    loaded: LoadedPipeline, suggester: StanceSuggester, sentence: str, cue: str
) -> None:
    g = one(loaded, suggester, sentence, quotation(sentence, "the plan for the harbour.", cue, "Ada Park"))
    assert g.stance == "neutral", g.evidence
    assert any("withheld" in e for e in g.evidence)


def test_the_subject_of_the_clause_around_a_quoted_fragment_is_the_target(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = 'At a rally with Maria Lopez, Senator Ada Park said that Tom Reed was "a disgrace and a liar."'
    g = one(loaded, suggester, text, quotation(text, "a disgrace and a liar.", "said", "Ada Park"))
    assert g.stance == "accusing"
    assert target_text(text, g) == "Tom Reed", "not Maria Lopez, named first in the sentence"


def test_the_object_of_the_cue_is_the_target_when_the_quote_starts_with_it(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = "Senator Ada Park dismissed NATO member Norway as \u201ca village of the north.\u201d"
    words = "NATO member Norway as \u201ca village of the north."  # the finder's cut: the object opens the quote
    g = one(loaded, suggester, text, quotation(text, words, "dismissed", "Ada Park", "mixed"))
    assert g.stance == "dismissive"
    assert target_text(text, g) == "Norway", "the cue's object, not the organisation named before it"
