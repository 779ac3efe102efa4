"""The context the pickers show beside a candidate mention (no Qt)."""

from __future__ import annotations

from annotator.editing.mention_context import context_of, grouped, sentence_snippet

TEXT = (
    "Jeff Sessions met the ambassador. Later Sessions said he had no contacts. "
    "\u201cI did not meet them,\u201d Sessions told senators on Tuesday."
)


def test_snippet_is_the_sentence_with_the_mention_marked() -> None:
    start = TEXT.index("Sessions said")
    assert sentence_snippet(TEXT, start, start + 8) == "Later [Sessions] said he had no contacts."


def test_distance_and_person_of_a_short_name() -> None:
    quote = (TEXT.index("I did"), TEXT.index(",\u201d"))
    start = TEXT.index("Sessions told")
    ctx = context_of(TEXT, start, start + 8, quote, ["Jeff Sessions"])
    assert (ctx.person, ctx.distance) == ("Jeff Sessions", "0 words after")
    before = context_of(TEXT, 0, 13, quote, ["Jeff Sessions"])
    assert before.distance == "10 words before"


def test_grouped_keeps_one_persons_mentions_together_in_rank_order() -> None:
    ranked = ["Sessions@2", "senators", "Jeff Sessions@0", "Sessions@1"]
    person = {
        "Sessions@2": "Jeff Sessions",
        "senators": "senators",
        "Jeff Sessions@0": "Jeff Sessions",
        "Sessions@1": "Jeff Sessions",
    }
    assert grouped(ranked, person.__getitem__) == ["Sessions@2", "Jeff Sessions@0", "Sessions@1", "senators"]
