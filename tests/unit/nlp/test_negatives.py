"""Every rule of the quote finder meets sentences of its own shape that attribute nothing.

Written for this project. Each case names the rule whose shape it has; a QUOTE found in any of
them is a false quote. The benchmark's negative corpus (``benchmarks/negative_news.txt`` and
the UNER news sentences without a word of saying) measures the rate over many more.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.nlp import Quotation

Find = Callable[[str], list[Quotation]]

NEGATIVES: dict[str, list[str]] = {
    # a cue verb with an object: the object alone is never what was said
    "bare object": [
        "She posted a photo of her dog on Instagram.",
        "The company reported record profits for the third quarter.",
        "The ministry reported 312 new cases of measles over the weekend.",
        "The paper published a map of the new district lines.",
        "The airline announced the purchase of twelve new jets.",
        "The audit revealed a shortfall of $40 million in the pension fund.",
        "The tests confirmed a second case of bird flu on the farm.",
        "The carmaker recalled 40,000 vehicles over a faulty brake pedal.",
        "The chef added a new dish to the menu.",
        "The mayor answered the phone in his office.",
        "The judge declared a mistrial on Wednesday.",
        "The senator repeated the trip to the border a year later.",
    ],
    # object + preposition, where the verb's frame does not take that preposition
    "object and preposition": [
        "He thanked voters for their support.",
        "The mayor thanked firefighters for their quick response to the blaze.",
        "Police charged the driver with speeding.",
        "The store charges a fee for plastic bags.",
        "The court dismissed the case for lack of evidence.",
        "He joked with reporters about the weather before the meeting started.",
    ],
    # "for-ing": only a gerund is what was praised
    "for + gerund": [
        "The council praised the plan for its low cost.",
    ],
    # "as-someone": the object must be a person or group
    "as + predicate": [
        "The museum described the painting as a rare example of early Dutch landscape art.",
        "The agency labelled the boxes as hazardous material.",
        "The brochure describes the hotel as a quiet retreat near the lake.",
    ],
    # "object-someone": only a person or group is attacked in words
    "object someone": [
        "The rebels attacked a convoy on the highway near the border.",
        "Storms attacked the coast for three days.",
    ],
    # a clausal complement: it must state something (a finite clause has a subject), not passive
    "clause": [
        "Insurance claims from the flood reached $1 billion.",
        "He was asked to leave the building.",
        "She was told to wait outside.",
    ],
    # speech nouns used of things, or without anyone who said them
    "speech noun": [
        "The statement of accounts runs to 400 pages.",
        "The warning lights on the dashboard came on.",
        "The announcement of the results was delayed by a power cut.",
        "Her comments section was closed after the article ran.",
        "The statement on Monday was short.",
    ],
    "according to": [
        "According to plan, the ship left the harbour at dawn.",
        "The boxes were sorted according to size.",
    ],
    # quotation marks around titles and names, not speech
    "quoted words": [
        'The film "Northern Lights" opened in 300 theatres on Friday.',
        'The band played "Harbour Song" twice.',
        'The leaflet "FAQ: How to register" is free at every library.',
        'Heavy rain flooded the roads.\n\n"Severe Weather Warning In Force" flashed on the motorway signs all night.',
    ],
    # a cue word right after the closing mark, or before it, that does not attribute the quoted words
    "cue after or before a quote": [
        '"Harbour Song," posted on the band\'s website, drew a million listeners.',
        '"Northern Lights," published in 1998, won the prize.',
        'The band posted the lyrics of "Harbour Song" online.',
    ],
    # a subject just before quoted words, and paragraphs that open with quoted words
    "nested subject and inheritance": [
        'The ship "Resolute" left the harbour at dawn.',
        'The council published the agenda:\n\n"Roads and Bridges" is the first item.',
    ],
    # a parenthetical with a cue word that reports nothing
    "parenthetical": [
        "The final score, posted on the board at midnight, was 3-1.",
    ],
    # a colon that introduces a list, a name or a heading
    "colon": [
        "The menu has three courses: soup, fish and a pear tart.",
        "Correction: An earlier version of this article misstated the date of the vote.",
        'The band played two songs: "Harbour Song" and "Lights".',
        'The new wing, which cost $40 million, has a name: "Northern Lights Hall".',
    ],
    # a comma after a clause, then a title
    "comma": [
        'After the game ended, "We Are the Champions" played over the speakers.',
        'As the curtain fell, "Bravo!" rang out from the back rows.',
    ],
    # one person-and-colon line is not a round-up
    "round-up": [
        "Mayor Elena Brandt and her deputy: both were re-elected with large majorities.",
        "Sources: national statistics office, central bank.",
    ],
    "dateline and time": [
        "MARENHOLM — The bridge over the Elde river reopened on Thursday after two years of repairs.",
        "WASHINGTON (AP) — The Senate adjourned on Friday without a vote on the spending bill.",
        "Early on Sunday morning, a fire broke out at the warehouse.",
        "Monday's storm cut power to 20,000 homes.",
    ],
}


@pytest.mark.parametrize(
    ("rule", "text"), [(rule, text) for rule, texts in NEGATIVES.items() for text in texts], ids=lambda v: v[:48]
)
def test_no_quote_in_a_sentence_of_the_same_shape(quotations: Find, rule: str, text: str) -> None:
    found = quotations(text)
    assert found == [], f"{rule}: false quotes {[[text[s:e] for s, e in q.fragments] for q in found]}"


def test_a_title_opening_the_next_paragraph_does_not_inherit_the_speaker(quotations: Find) -> None:
    text = 'Lena Ortiz said the levy was unfair.\n\n"Harbour Song" topped the charts that week.'
    found = quotations(text)
    assert [text[s:e] for q in found for s, e in q.fragments] == ["the levy was unfair"]
