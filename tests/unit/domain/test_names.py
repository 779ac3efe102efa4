"""Name counts rolled forward over an edit equal those counted afresh."""

from __future__ import annotations

from annotator.domain import Annotations, Change, Span
from annotator.domain.names import name_counts, roll_name_counts

TEXT = "Jeff Sessions met Adam Schiff. Sessions said the FBI and Schiff disagreed. Schiff left."


def at(words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return start, start + len(words)


def test_rolled_counts_equal_fresh_ones_after_each_edit() -> None:
    layer = Annotations(
        "a",
        "me",
        (
            Span("p1", *at("Jeff Sessions"), "PERSON"),
            Span("p2", *at("Adam Schiff"), "PERSON"),
            Span("p3", *at("Sessions", 1), "PERSON"),
            Span("o1", *at("FBI"), "ORG"),
            Span("q1", *at("the FBI and Schiff disagreed"), "QUOTE"),
        ),
    )
    pending = [Span("m1", *at("Schiff", 2), "PERSON")]
    edits = [
        lambda a: a.with_span(Span("p4", *at("Schiff", 1), "PERSON")),  # a new name
        lambda a: a.with_span(Span("p2", *at("Schiff"), "PERSON")),  # resized: "Adam Schiff" -> "Schiff"
        lambda a: a.with_span(Span("o1", *at("FBI"), "GPE")),  # relabelled out of the names
        lambda a: a.without_span("p3"),  # removed
        lambda a: a.with_span(a.span("q1").with_attrs(stance="accusing")),  # no name touched
    ]
    counts = name_counts(TEXT, layer, pending)
    for edit in edits:
        after = edit(layer)
        change = Change.between(layer, after)
        counts = roll_name_counts(counts, TEXT, layer, after, change.touched)
        assert counts == name_counts(TEXT, after, pending)
        layer = after
    assert counts["Schiff"] == 3 and "Adam Schiff" not in counts and "FBI" not in counts


def test_a_name_holds_another_as_whole_words_only() -> None:
    from annotator.domain.names import canonical_name, contains_name

    assert contains_name("Jeff Sessions", "Sessions") and contains_name("Sessions", "Sessions")
    assert not contains_name("Jeff Sessions", "Session") and not contains_name("Moscow", "Mos")
    counts = name_counts(
        TEXT,
        Annotations(
            "a",
            "me",
            (
                Span("p1", *at("Jeff Sessions"), "PERSON"),
                Span("p2", *at("Sessions", 1), "PERSON"),
                Span("p3", *at("Jeff Sessions"), "PERSON"),  # twice: the long form wins
            ),
        ),
        [],
    )
    assert canonical_name("Sessions", counts) == "Jeff Sessions" and canonical_name("Session", counts) == "Session"
