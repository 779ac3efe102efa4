"""Direct quotations: quote marks, split quotes, quotes over paragraphs, and who said them."""

from __future__ import annotations

from collections.abc import Callable

from annotator.nlp import Quotation

Find = Callable[[str], list[Quotation]]
Covering = Callable[[str, list[Quotation], str], Quotation]
Fragments = Callable[[str, Quotation], list[str]]


def test_direct_quote_with_cue_and_speaker_after_it(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = '"We will not back down," Senator Maria Lopez said on Monday.'
    q = covering(text, quotations(text), "We will not back down")
    assert q.kind == "direct"
    assert fragments_of(text, q) == ["We will not back down,"]
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and "Maria Lopez" in q.speaker.text
    assert q.speaker_name == "Maria Lopez"


def test_curly_marks_and_inverted_attribution(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = "“The plan is dead on arrival,” said Rep. Daniel Hurst, a Republican from Ohio."
    q = covering(text, quotations(text), "The plan is dead on arrival")
    assert q.kind == "direct"
    assert q.speaker is not None and "Hurst" in q.speaker.text
    assert q.speaker_name == "Daniel Hurst"


def test_split_quote_shares_speaker_and_cue(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = (
        '"The budget is a disgrace," said Tom Becker, the president of the teachers union. '
        '"It punishes the children who need help most."'
    )
    found = quotations(text)
    first = covering(text, found, "The budget is a disgrace")
    second = covering(text, found, "It punishes the children")
    assert first.speaker == second.speaker and first.speaker is not None
    assert first.cue == second.cue and first.cue is not None and first.cue.text == "said"
    assert second.speaker_name == "Tom Becker"
    spans = {t for q in found for t in fragments_of(text, q)}
    assert "The budget is a disgrace," in spans
    assert "It punishes the children who need help most." in spans


def test_quote_running_over_two_paragraphs_is_one_quotation(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = (
        "Governor Ellen Marsh defended the water plan on Tuesday.\n\n"
        '"We have spent three years on this plan. It is ready.\n\n'
        '"Nobody should doubt that the reservoirs will be full," she said.'
    )
    found = quotations(text)
    q = covering(text, found, "We have spent three years on this plan")
    assert fragments_of(text, q) == [
        "We have spent three years on this plan. It is ready.",
        "Nobody should doubt that the reservoirs will be full,",
    ]
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.text == "she"
    assert q.speaker_name == "Ellen Marsh"


def test_pronoun_speaker_is_resolved_to_the_full_name(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = (
        "Rep. Carla Diaz toured the construction site with engineers on Monday.\n\n"
        '"The bridge will be finished by June," she said.'
    )
    q = covering(text, quotations(text), "The bridge will be finished")
    assert q.speaker is not None and q.speaker.text == "she"
    assert q.speaker_name == "Carla Diaz"


def test_pronoun_skips_a_person_of_the_other_gender(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = (
        "Senator Robert Kline met his successor, Mary Olsen, in the capital.\n\n"
        '"The transition has been smooth," he said.'
    )
    q = covering(text, quotations(text), "The transition has been smooth")
    assert q.speaker_name == "Robert Kline"


def test_title_and_surname_resolve_to_the_full_name(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = (
        "Energy minister Alexander Novak met oil executives in Vienna.\n\n"
        '"Prices will stay stable this winter," Mr. Novak told reporters.'
    )
    q = covering(text, quotations(text), "Prices will stay stable")
    assert q.speaker is not None and "Novak" in q.speaker.text
    assert q.cue is not None and q.cue.text == "told"
    assert q.speaker_name == "Alexander Novak"


def test_later_paragraph_without_attribution_inherits_the_speaker(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = (
        '"We will appeal this decision," said Joan Pryor, the lawyer for the family.\n\n'
        '"This ruling ignores every piece of evidence we presented."'
    )
    found = quotations(text)
    first = covering(text, found, "We will appeal")
    later = covering(text, found, "This ruling ignores")
    assert later.kind == "direct"
    assert later.speaker == first.speaker and later.speaker is not None
    assert later.speaker_name == "Joan Pryor"


def test_quote_after_a_colon_takes_the_cue_before_it(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = 'The chancellor told parliament: "There will be no new taxes this year."'
    q = covering(text, quotations(text), "There will be no new taxes")
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text == "told"
    assert q.speaker is not None and q.speaker.text.endswith("chancellor")


def test_paragraph_ending_with_a_colon_announces_the_quote_below(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = 'Senator Ruth Adler spoke to the crowd. She said:\n\n"We have waited long enough for this bridge."'
    q = covering(text, quotations(text), "We have waited long enough")
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.text == "She"
    assert q.speaker_name == "Ruth Adler"


def test_transcript_turn_names_its_speaker(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = 'The exchange went as follows:\n\n"HOST: Will you run again next year?\n\n"MARTIN: I have not decided yet."'
    found = quotations(text)
    host = covering(text, found, "Will you run again")
    guest = covering(text, found, "I have not decided")
    assert host.speaker is not None and host.speaker.text == "HOST"
    assert guest.speaker is not None and guest.speaker.text == "MARTIN"
    assert fragments_of(text, guest) == ["I have not decided yet."]
