"""Stance and target suggestions on sentences written for these tests (real spaCy model).

Quotations are built by hand from the words of each sentence, so that these tests check the
stance suggester alone; the last test runs the whole pre-annotation and checks the model layer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import LabelScheme
from annotator.nlp import Cue, LoadedPipeline, Mention, Quotation
from annotator.nlp.preannotate import annotations_from_doc
from annotator.nlp.stance import StanceGuess, StanceSuggester
from annotator.nlp.stance_lexicon import StanceLexicon, StanceLexiconError


def quotation(
    text: str, words: str, cue: str, speaker: str, name: str | None = None, kind: str = "direct"
) -> Quotation:
    q = text.index(words)
    c = text.index(cue)
    s = text.index(speaker)
    return Quotation(
        ((q, q + len(words)),), kind, Mention(s, s + len(speaker), speaker), Cue(c, c + len(cue), cue), name or speaker
    )


@pytest.fixture(scope="module")
def suggester() -> StanceSuggester:
    return StanceSuggester()


def guess(
    loaded: LoadedPipeline, suggester: StanceSuggester, text: str, *quotes: Quotation
) -> list[StanceGuess | None]:
    return suggester.suggest(loaded.nlp(text), list(quotes))


def target_text(text: str, g: StanceGuess | None) -> str | None:
    return text[g.target.start : g.target.end] if g is not None and g.target is not None else None


def test_the_cue_says_accusing_and_its_object_is_the_target(loaded: LoadedPipeline, suggester: StanceSuggester) -> None:
    text = (
        "Governor Maria Lopez presented the budget on Monday.\n\n"
        'Senator Ada Park slammed Lopez for "a plan that nobody has read."'
    )
    (g,) = guess(loaded, suggester, text, quotation(text, "a plan that nobody has read.", "slammed", "Ada Park"))
    assert g is not None and g.stance == "accusing"
    assert target_text(text, g) == "Lopez" and g.target.name == "Maria Lopez"
    assert 0 < g.confidence <= 1 and any("slammed" in e for e in g.evidence)


def test_wave_off_words_and_negation_say_dismissive(loaded: LoadedPipeline, suggester: StanceSuggester) -> None:
    text = '"That story is fantasy. There is no evidence for any of it," the spokesman for Mayor Tom Reed said.'
    (g,) = guess(
        loaded,
        suggester,
        text,
        quotation(text, "That story is fantasy. There is no evidence for any of it,", "said", "the spokesman"),
    )
    assert g is not None and g.stance == "dismissive"


def test_a_speaker_denying_their_own_acts_defends_themselves(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = 'Critics say the senator took money from lobbyists. "I never met with any lobbyists," Senator Ada Park said.'
    (g,) = guess(loaded, suggester, text, quotation(text, "I never met with any lobbyists,", "said", "Ada Park"))
    assert g is not None and g.stance == "defending"
    assert target_text(text, g) == "Ada Park", "the speaker is the target of a self-defence"


def test_praise_says_supportive_and_the_named_subject_is_the_target(
    loaded: LoadedPipeline, suggester: StanceSuggester
) -> None:
    text = '"Maria Lopez is the best and most honest candidate we have," union chief Ana Ruiz said.'
    (g,) = guess(
        loaded,
        suggester,
        text,
        quotation(text, "Maria Lopez is the best and most honest candidate we have,", "said", "Ana Ruiz"),
    )
    assert g is not None and g.stance == "supportive"
    assert target_text(text, g) == "Maria Lopez"


def test_facts_and_questions_are_neutral_without_target(loaded: LoadedPipeline, suggester: StanceSuggester) -> None:
    text = (
        "The agency said it had received the report on Monday.\n\n"
        '"When will the bridge reopen?" the reporter Ana Ruiz asked.'
    )
    facts, question = guess(
        loaded,
        suggester,
        text,
        quotation(text, "it had received the report on Monday", "said", "The agency", kind="indirect"),
        quotation(text, "When will the bridge reopen?", "asked", "Ana Ruiz"),
    )
    assert facts is not None and facts.stance == "neutral" and facts.target is None
    assert question is not None and question.stance == "neutral" and question.target is None


def test_only_the_schemes_stances_are_suggested(loaded: LoadedPipeline, suggester: StanceSuggester) -> None:
    text = 'Senator Ada Park slammed Lopez for "a plan that nobody has read."'
    q = quotation(text, "a plan that nobody has read.", "slammed", "Ada Park")
    doc = loaded.nlp(text)
    (g,) = suggester.suggest(doc, [q], stances=("neutral", "supportive"))
    assert g is None or g.stance in ("neutral", "supportive")
    assert suggester.suggest(doc, [q], stances=()) == [None]


def test_a_users_lexicon_adds_a_stance_of_their_codebook(tmp_path: Path, loaded: LoadedPipeline) -> None:
    extra = tmp_path / "ours.txt"
    extra.write_text("# our codebook\n[sceptical cues]\nquestion\ndoubt\n", encoding="utf-8")
    suggester = StanceSuggester.with_files([extra])
    text = 'Senator Ada Park doubted that "the plan will ever be built."'
    (g,) = suggester.suggest(
        loaded.nlp(text),
        [quotation(text, "the plan will ever be built.", "doubted", "Ada Park")],
        ("sceptical", "neutral"),
    )
    assert g is not None and g.stance == "sceptical"


def test_a_broken_lexicon_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("[accusing cues]\nslam\n[accusing synonyms]\nblast\n", encoding="utf-8")
    with pytest.raises(StanceLexiconError, match=r"bad\.txt:3: section \[accusing synonyms\]"):
        StanceLexicon.load([bad])
    loose = tmp_path / "loose.txt"
    loose.write_text("slam\n", encoding="utf-8")
    with pytest.raises(StanceLexiconError, match=r"loose\.txt:1: 'slam' comes before any \[section\]"):
        StanceLexicon.load([loose], include_default=False)


def test_the_model_layer_carries_stance_confidence_and_target(loaded: LoadedPipeline, scheme: LabelScheme) -> None:
    text = (
        "Governor Maria Lopez presented the budget on Monday.\n\n"
        '"Maria Lopez lied to the voters and her budget is a disgrace," Senator Ada Park said.'
    )
    layer = annotations_from_doc(loaded.nlp(text), "a1", scheme, loaded.name, loaded.version)
    quote = next(q for q in layer.spans_labelled("QUOTE") if "lied" in text[q.start : q.end])
    assert quote.attrs["stance"] == "accusing"
    assert 0 < float(quote.attrs["stance_confidence"]) <= 1
    links = [r for r in layer.relations_from(quote.id) if r.label in scheme.stance_labels]
    assert [r.label for r in links] == ["accusing"]
    target = layer.span(links[0].child)
    assert text[target.start : target.end] == "Maria Lopez" and target.label == "PERSON"


def test_an_actor_takes_a_stance_in_the_reporters_words(loaded: LoadedPipeline, scheme: LabelScheme) -> None:
    text = "The Green Party backed Mayor Tom Reed in the election on Sunday."
    layer = annotations_from_doc(loaded.nlp(text), "a1", scheme, loaded.name, loaded.version)
    actors = [s for s in layer.spans if s.label != "QUOTE" and "stance" in s.attrs]
    assert [(text[s.start : s.end], s.attrs["stance"]) for s in actors] == [("The Green Party", "supportive")]
    (link,) = [r for r in layer.relations_from(actors[0].id)]
    assert link.label == "supportive"
    target = layer.span(link.child)
    assert text[target.start : target.end] == "Tom Reed"
