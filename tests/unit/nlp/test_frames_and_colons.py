"""Positive cases of the rules that the negative tests hold back: complement frames, speech nouns,
quotes introduced by a colon, round-ups, datelines and time phrases, gender from the article.

Sentences written for this project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.nlp import CueLexicon, Quotation

Find = Callable[[str], list[Quotation]]
Covering = Callable[[str, list[Quotation], str], Quotation]
Fragments = Callable[[str, Quotation], list[str]]


@pytest.mark.parametrize(
    ("text", "words", "cue", "speaker"),
    [
        ("Opposition leaders accused the mayor of corruption.", "the mayor of corruption", "accused", "leaders"),
        ("The union blamed the board for the closure of the plant.", "the board for the closure", "blamed", "union"),
        ("Critics praised the governor for acting quickly.", "the governor for acting quickly", "praised", "Critics"),
        (
            "Senator Ruth Adler described Tom Reyes as a danger to the state.",
            "Tom Reyes as a danger",
            "described",
            "Ruth Adler",
        ),
        ("The minister dismissed the report as a smear.", "the report as a smear", "dismissed", "minister"),
        ("Residents complained about the noise from the new runway.", "about the noise", "complained", "Residents"),
        ("Marta Levin denied the allegations on Tuesday.", "the allegations", "denied", "Marta Levin"),
        (
            "The governor rejected the argument that the tax would hurt farmers.",
            "the tax would hurt farmers",
            None,
            None,
        ),
    ],
)
def test_a_frame_the_verb_takes_reports(
    quotations: Find, covering: Covering, text: str, words: str, cue: str | None, speaker: str | None
) -> None:
    q = covering(text, quotations(text), words)
    assert q.kind == "indirect"
    if cue is not None:
        assert q.cue is not None and q.cue.text == cue
    if speaker is not None:
        assert q.speaker is not None and speaker in q.speaker.text


def test_time_phrase_of_the_saying_is_not_what_was_said(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = "Marta Levin denied the allegations on Tuesday."
    q = covering(text, quotations(text), "the allegations")
    assert fragments_of(text, q) == ["the allegations"]


def test_frames_come_from_the_lexicon_file(tmp_path: Path) -> None:
    extra = tmp_path / "cues.txt"
    extra.write_text("# ours\nsalute: clause for-ing\ngrumble\n", encoding="utf-8")
    lexicon = CueLexicon.load([extra])
    assert lexicon.frames_of("salute") == frozenset({"clause", "for-ing"})
    assert lexicon.frames_of("grumble") == frozenset({"clause"})
    assert "of" in lexicon.frames_of("accuse")
    assert lexicon.frames_of("post") == frozenset({"clause"})


def test_an_unknown_frame_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    extra = tmp_path / "cues.txt"
    extra.write_text("salute\nhail: clause fro\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues.txt:2: unknown frame fro"):
        CueLexicon.load([extra])


@pytest.mark.parametrize(
    ("text", "words", "speaker", "kind"),
    [
        ("Her warning that the dam could fail was ignored by the council.", "the dam could fail", "Her", "indirect"),
        (
            "The mayor issued a statement that the curfew would end at midnight.",
            "the curfew would end",
            "mayor",
            "indirect",
        ),
        (
            "Councillor Dana Pike's answer: the budget will not pass.",
            "the budget will not pass",
            "Dana Pike",
            "indirect",
        ),
        ('His answer was blunt: "We will not pay for the bridge."', "We will not pay", "His", "direct"),
        ("Her comment about the poorest voters followed her for years.", "about the poorest voters", "Her", "indirect"),
        ("Dana Pike is raising questions about the cost of the bridge.", "about the cost", "Dana Pike", "indirect"),
    ],
)
def test_a_speech_noun_is_a_cue(
    quotations: Find, covering: Covering, text: str, words: str, speaker: str, kind: str
) -> None:
    q = covering(text, quotations(text), words)
    assert q.kind == kind
    assert q.speaker is not None and speaker in q.speaker.text


def test_a_speech_noun_without_anyone_saying_it_is_not_a_cue(quotations: Find) -> None:
    assert quotations("The claim that the river is clean has been tested twice this year.") == []


@pytest.mark.parametrize(
    ("text", "words", "speaker", "cue"),
    [
        ('Councillor Dana Pike put it bluntly: "This budget is dead."', "This budget is dead", "Dana Pike", "put"),
        ('The mayor had one message for the protesters: "Go home and stay safe."', "Go home", "mayor", None),
        ('Dana Pike summed up the mood in the room: "We are exhausted."', "We are exhausted", "Dana Pike", "summed"),
    ],
)
def test_a_quote_after_a_colon_belongs_to_the_subject_before_it(
    quotations: Find, covering: Covering, text: str, words: str, speaker: str, cue: str | None
) -> None:
    q = covering(text, quotations(text), words)
    assert q.kind == "direct"
    assert q.speaker is not None and speaker in q.speaker.text
    if cue is not None:
        assert q.cue is not None and q.cue.text == cue


def test_round_up_in_quotation_marks(quotations: Find, covering: Covering) -> None:
    text = (
        "Voters in Dayton told us what they expect.\n\n"
        'Lena Ortiz, a nurse from Dayton: "Nobody asked us what we need."\n\n'
        'Tom Reyes, 54, a retired welder: "I will vote for whoever fixes the roads."'
    )
    found = quotations(text)
    assert covering(text, found, "Nobody asked us").speaker.text == "Lena Ortiz"  # type: ignore[union-attr]
    assert covering(text, found, "I will vote").speaker.text == "Tom Reyes"  # type: ignore[union-attr]


def test_round_up_without_quotation_marks(quotations: Find, covering: Covering, fragments_of: Fragments) -> None:
    text = (
        "Voters in Dayton were blunt.\n\n"
        "Lena Ortiz, a nurse: Nobody asked us what we need.\n\n"
        "Tom Reyes, a retired welder: I will vote for whoever fixes the roads."
    )
    found = quotations(text)
    ortiz = covering(text, found, "Nobody asked us")
    assert ortiz.kind == "direct" and ortiz.speaker is not None and ortiz.speaker.text == "Lena Ortiz"
    assert fragments_of(text, ortiz) == ["Nobody asked us what we need."]
    assert len(found) == 2


@pytest.mark.parametrize("dateline", ["MARENHOLM — ", "WASHINGTON (AP) — ", "BERLIN (Reuters) -- "])
def test_a_dateline_is_never_part_of_a_quote(quotations: Find, covering: Covering, dateline: str) -> None:
    text = f"{dateline}Crops are withering in the north, the farm minister said."
    q = covering(text, quotations(text), "Crops are withering")
    assert q.start == len(dateline)
    assert q.speaker is not None and "minister" in q.speaker.text


@pytest.mark.parametrize(
    "text",
    [
        "On Thursday the mayor said the curfew would end.",
        "Thursday, the mayor said the curfew would end.",
        "The mayor said on Thursday the curfew would end.",
        "The mayor said the curfew would end, on Thursday.",
    ],
)
def test_a_time_phrase_of_the_saying_is_neither_quote_nor_speaker(
    quotations: Find, covering: Covering, fragments_of: Fragments, text: str
) -> None:
    q = covering(text, quotations(text), "the curfew would end")
    assert fragments_of(text, q) == ["the curfew would end"]
    assert q.speaker is not None and q.speaker.text.lower() == "the mayor"


@pytest.mark.parametrize(
    ("first", "pronoun", "expected"),
    [
        ("Ms. Kestrel", "she", "Dana Kestrel"),
        ("Mr. Kestrel", "he", "Dana Kestrel"),
    ],
)
def test_gender_comes_from_the_article_not_a_name_list(
    quotations: Find, covering: Covering, first: str, pronoun: str, expected: str
) -> None:
    other = "he" if pronoun == "she" else "she"
    text = (
        f"Dana Kestrel met Robin Vale in the capital. {first} had flown in from the coast.\n\n"
        f"Vale said {other} would stay a week.\n\n"
        f'"The transition has been smooth," {pronoun} said.'
    )
    q = covering(text, quotations(text), "The transition has been smooth")
    assert q.speaker_name == expected


def test_a_pronoun_after_the_name_gives_its_gender(quotations: Find, covering: Covering) -> None:
    text = (
        "Robin Vale said she would not run again. Dana Kestrel, a farmer, joined the board.\n\n"
        '"We have work to do," she said.'
    )
    q = covering(text, quotations(text), "We have work to do")
    assert q.speaker_name == "Robin Vale"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Councillor Dana Pike says the levy "would be a disaster for small shops."',
            'the levy "would be a disaster for small shops.',
        ),
        (
            'Dana Pike said she expects the council "to think again before the vote."',
            'she expects the council "to think again before the vote.',
        ),
    ],
)
def test_a_mixed_quote_keeps_the_paraphrase_around_its_fragment(
    quotations: Find, covering: Covering, fragments_of: Fragments, text: str, expected: str
) -> None:
    q = covering(text, quotations(text), expected.split('"')[1][:12])
    assert q.kind == "mixed"
    assert fragments_of(text, q) == [expected]


def test_a_quote_before_its_cue_stays_direct(quotations: Find, covering: Covering) -> None:
    text = 'The levy is unfair because "most shops cannot pay it," she said.'
    q = covering(text, quotations(text), "most shops cannot pay it")
    assert q.kind in ("direct", "mixed")
    assert q.cue is not None and q.cue.text == "said"


@pytest.mark.parametrize(
    ("text", "words", "speaker", "cue"),
    [
        ('She continued, "All we ask for is a hearing in a courtroom."', "All we ask for", "She", "continued"),
        (
            'Protesters marched to the stadium while chanting, "Hands up, do not shoot."',
            "Hands up",
            "Protesters",
            "chanting",
        ),
    ],
)
def test_a_quote_after_a_verb_and_a_comma_belongs_to_its_subject(
    quotations: Find, covering: Covering, text: str, words: str, speaker: str, cue: str
) -> None:
    q = covering(text, quotations(text), words)
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.cue is not None and q.cue.text == cue


@pytest.mark.parametrize("mark", ['"', ""])
def test_round_up_with_party_labels(quotations: Find, covering: Covering, mark: str) -> None:
    text = (
        "Lawmakers reacted quickly.\n\n"
        f"Rep. Dana Pike (D-Ore.): {mark}This bill will cost rural hospitals dearly.{mark}\n\n"
        f"Sen. Tom Reyes (R-Texas): {mark}We finally have a budget that works.{mark}"
    )
    found = quotations(text)
    pike = covering(text, found, "This bill will cost")
    reyes = covering(text, found, "We finally have")
    assert pike.speaker is not None and pike.speaker.text.endswith("Dana Pike")
    assert reyes.speaker is not None and reyes.speaker.text.endswith("Tom Reyes")


def test_a_split_mixed_quote_starts_at_the_subject_of_its_quoted_words(
    quotations: Find, covering: Covering, fragments_of: Fragments
) -> None:
    text = 'The port "has made dramatic changes for the better," the minister said.'
    q = covering(text, quotations(text), "has made dramatic changes")
    assert q.kind == "mixed"
    assert fragments_of(text, q) == ['The port "has made dramatic changes for the better,']
    assert q.speaker is not None and q.speaker.text == "the minister"
