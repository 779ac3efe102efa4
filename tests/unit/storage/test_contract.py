"""The storage contract, one suite for both engines (``engine``: the project file and the team server).

Each test opens its project through ``open_store`` exactly as the program does, and reopens it to read
what was really stored. Engine-specific rules (the file's SQL constraints and opening rules, the
server's rights) are in ``test_store.py`` and ``test_team_server.py``.
"""

from __future__ import annotations

import pytest

from annotator.domain import (
    Annotations,
    Article,
    Change,
    LabelDef,
    LabelKind,
    LabelScheme,
    NotFoundError,
    Origin,
    Relation,
    Span,
    Status,
    Verdict,
)
from annotator.storage import ProjectStore, ProjectWriteError, open_store


@pytest.fixture()
def project(new_project) -> str:
    target = new_project()
    with open_store(target) as store:
        store.add_articles(
            [
                (Article("a1", 'Ms. Vale said "no deal" on Monday.', title="Vale rejects deal", outlet="Wire"), []),
                (Article("a2", "The ministry denied the report.", title="Ministry denies"), []),
            ]
        )
        store.update_search_index()
    return target


def layer_with_quote(article_id: str = "a1", annotator: str = "alice") -> Annotations:
    return Annotations(
        article_id,
        annotator,
        spans=(
            Span("p1", 0, 8, "PERSON"),
            Span("q1", 15, 22, "QUOTE", attrs={"kind": "direct", "speaker_name": "Ana Vale"}),
            Span("c1", 9, 13, "CUE"),
        ),
        relations=(Relation("r1", "q1", "p1", "SPEAKER"), Relation("r2", "q1", "c1", "CUE")),
        status=Status.IN_PROGRESS,
        decisions={"ORG:0:3": Verdict.REJECTED},
    )


def test_both_engines_implement_the_contract(project):
    with open_store(project) as store:
        assert isinstance(store, ProjectStore)
        assert store.is_server == project.startswith("postgresql://")
        assert store.target is not None and store.ping()


def test_layer_round_trips(project):
    layer = layer_with_quote()
    with open_store(project) as store:
        store.apply(Change.between(Annotations("a1", "alice"), layer))
    with open_store(project) as store:
        back = store.annotations("a1", "alice")
    assert set(back.spans) == set(layer.spans)
    assert set(back.relations) == set(layer.relations)
    assert back.status is Status.IN_PROGRESS
    assert back.decisions == {"ORG:0:3": Verdict.REJECTED}


def test_a_failing_edit_stores_nothing(project):
    with open_store(project) as store:
        base = Annotations("a1", "alice")
        store.apply(Change.between(base, base.with_span(Span("s1", 0, 3, "PERSON"))))
        current = store.annotations("a1", "alice")
        # Two spans in one change, the second past the end of the text: the whole change is refused.
        bad = current.with_span(Span("s2", 4, 8, "ORG")).with_span(Span("s3", 30, 400, "ORG"))
        with pytest.raises(ProjectWriteError, match="past the end"):
            store.apply(Change.between(current, bad))
        assert [s.id for s in store.annotations("a1", "alice").spans] == ["s1"]


def test_unknown_article_is_not_found(project):
    with open_store(project) as store:
        with pytest.raises(NotFoundError, match="nope"):
            store.annotations("nope", "alice")
        with pytest.raises(NotFoundError, match="nope"):
            store.article("nope")


def test_duplicates_are_reported_not_stored_twice(project):
    with open_store(project) as store:
        (outcome,) = store.add_articles([(Article("x", "the ministry  denied the REPORT."), [])])
        assert outcome.duplicate_of == "a2"
        assert store.article_count() == 2


def test_same_id_different_text_gets_a_distinct_id(project):
    with open_store(project) as store:
        (outcome,) = store.add_articles([(Article("a1", "A different article altogether."), [])])
        assert outcome.article_id.startswith("a1-") and outcome.duplicate_of is None
        assert store.article(outcome.article_id).text == "A different article altogether."
        assert store.article_ids() == ["a1", "a2", outcome.article_id]
        assert [a.id for a in store.iter_articles()] == store.article_ids()


def test_duplicate_with_a_layer_attaches_the_layer(project):
    layer = layer_with_quote("whatever")
    with open_store(project) as store:
        (outcome,) = store.add_articles([(Article("copy", 'Ms. Vale said "no deal" on Monday.'), [layer])])
        assert outcome.duplicate_of == "a1" and outcome.layers_added == ("alice",)
        assert len(store.annotations("a1", "alice").spans) == 3


def test_list_filter_and_search(project):
    with open_store(project) as store:
        store.apply(Change.between(Annotations("a2", "alice"), Annotations("a2", "alice", status=Status.DONE)))
        store.replace_layer(Annotations("a1", "model", spans=(Span("m1", 0, 8, "PERSON", Origin.MODEL),)))
        rows = store.list_articles("alice")
        assert [(r.id, r.status, r.suggestion_count) for r in rows] == [
            ("a1", Status.TODO, 1),
            ("a2", Status.DONE, 0),
        ]
        assert [r.id for r in store.list_articles("alice", statuses=[Status.DONE])] == ["a2"]
        assert [r.id for r in store.list_articles("alice", offset=1, limit=5)] == ["a2"]
        assert store.count_articles("alice", query="ministry") == 1
        assert store.count_articles("alice", statuses=[Status.TODO]) == 1
        assert store.search("deal") == ["a1"]
        assert store.search('"unbalanced quote') == []  # user input is quoted, never search syntax
        assert store.search("") == []


#: Articles for the search cases (issue 18: "pension" finds "pensions", "Lakhon" finds "Lakhonin").
SEARCHED = (
    Article("pensions", "Cuts ahead\n\nThe government will cut pensions for retired teachers.", title="Cuts ahead"),
    Article("lakhonin", "Mayor speaks\n\nMayor Lakhonin's bridge would reopen in May.", title="Mayor speaks"),
    Article("elected", "Council vote\n\nShe was elected with a large majority on Sunday.", title="Council vote"),
    Article("story", "A short story\n\nThe story of the strike was told by the union.", title="A short story"),
    Article("europe", "Trade talks\n\nEurope and Washington resumed trade talks in the U.S. capital.", title="Talks"),
    Article("pension-one", "One pension\n\nHe drew a single pension from the state.", title="One pension"),
    Article("erdogan", "Ankara\n\nPresident Erdoğan met al-Assad's envoy in Ankara.", title="Ankara"),
)

#: What each search box text finds, the same on both engines.
SEARCH_CASES = {
    "pension": {"pensions", "pension-one"},  # a prefix: "pension" finds "pensions"
    "Lakhon": {"lakhonin"},  # part of a name
    "pensions": {"pensions", "pension-one"},  # a word form: the plural finds the singular
    "PENSIONS,": {"pensions", "pension-one"},  # case and punctuation around a word do not matter
    "elections": {"elected"},  # the same Porter stem
    "stories": {"story"},  # Porter's y -> i
    "pension teachers": {"pensions"},  # every word must match
    "U.S.": {"europe"},  # a word written with dots
    "U.S. capital": {"europe"},
    '"trade talks in the U.S."': {"europe"},  # a phrase with such a word inside
    '"retired teach"': {"pensions"},  # a phrase, its last word a prefix
    '"teachers retired"': set(),  # a phrase keeps its order
    '"the strike was"': {"story"},  # short words inside a phrase
    "Lakhonin's": {"lakhonin"},
    "al-Assad": {"erdogan"},
    "Erdogan": {"erdogan"},  # accents are folded, as the file's unicode61 index folds them
    "erdoğan": {"erdogan"},
    "EU": set(),  # short words are matched whole: "EU" is not "Europe"
    "the": {"pensions", "story", "europe", "pension-one"},  # a word of three letters is a prefix too
}

#: Search box texts that are no query syntax on either engine (FTS5's or tsquery's).
NOT_SYNTAX = (
    '"unbalanced quote',
    "NOT",
    "a*b",
    "AND OR",
    "^ - +",
    "\x00",
    "()",
    "col:umn",
    '""',
    "'",
    "it's",
    "a' | 'b",
    "\\",
    "!pension",
    "<->",
    "pension:*",
    "&",
    "teach:A",
    "(pension | x",
)


def test_search_finds_prefixes_and_word_forms(new_project):
    """One test per engine (one project, every case): Store.search and the article list's filter
    find exactly the same articles for the same text on the file and on the team server."""
    with open_store(new_project()) as store:
        store.add_articles((a, ()) for a in SEARCHED)
        store.update_search_index()
        wrong = {}
        for query, expected in SEARCH_CASES.items():
            found = (
                set(store.search(query)),
                store.count_articles("alice", query=query),
                {r.id for r in store.list_articles("alice", query=query)},
            )
            if found != (expected, len(expected), expected):
                wrong[query] = found
        assert wrong == {}, f"expected {SEARCH_CASES}"


def test_search_box_text_is_never_query_syntax(new_project):
    with open_store(new_project()) as store:
        store.add_articles((a, ()) for a in SEARCHED)
        store.update_search_index()
        for query in NOT_SYNTAX:  # no error; the list's filter and search agree, or there is no word to search
            hits, count = store.search(query, limit=1000), store.count_articles("alice", query=query)
            assert count == len(hits) or (hits == [] and count == len(SEARCHED)), query
        assert store.search("  ") == [] and store.count_articles("alice", query="  ") == len(SEARCHED)
        assert set(store.search("!pension")) == {"pensions", "pension-one"}  # the "!" is punctuation, not NOT


def test_the_list_counts_the_suggestions_still_pending_for_each_annotator(project):
    """Pending as the workspace counts it: neither accepted, nor rejected, nor marked the same way."""
    suggestions = (
        Span("m1", 0, 8, "PERSON", Origin.MODEL),
        Span("m2", 9, 13, "CUE", Origin.MODEL),
        Span("m3", 15, 22, "QUOTE", Origin.MODEL),
        Span("m4", 24, 26, "ORG", Origin.MODEL),
    )
    with open_store(project) as store:
        store.replace_layer(Annotations("a1", "model", spans=suggestions))
        alice = Annotations(
            "a1",
            "alice",
            spans=(Span("p1", 0, 8, "PERSON"), Span("c1", 9, 13, "CUE")),  # m1 accepted, m2 marked the same way
            decisions={"PERSON:0:8": Verdict.ACCEPTED, "QUOTE:15:22": Verdict.REJECTED},
        )
        store.apply(Change.between(Annotations("a1", "alice"), alice))
        store.apply(
            Change.between(Annotations("a1", "bob"), Annotations("a1", "bob", spans=(Span("o", 24, 26, "ORG"),)))
        )
    with open_store(project) as store:  # reopened: what is stored
        pending = {a: {r.id: r.suggestion_count for r in store.list_articles(a)} for a in ("alice", "bob", "carol")}
        assert pending == {"alice": {"a1": 1, "a2": 0}, "bob": {"a1": 3, "a2": 0}, "carol": {"a1": 4, "a2": 0}}
        assert store.annotations("a1", "alice").pending(suggestions) == [suggestions[3]]  # the domain's own rule


def test_model_rerun_replaces_only_the_model_layer(project):
    with open_store(project) as store:
        store.replace_layer(layer_with_quote())
        store.replace_layer(Annotations("a1", "model", spans=(Span("m1", 0, 8, "PERSON", Origin.MODEL),)))
        store.replace_layer(Annotations("a1", "model", spans=(Span("m2", 9, 13, "CUE", Origin.MODEL),)))
        assert [s.id for s in store.annotations("a1", "model").spans] == ["m2"]
        assert len(store.annotations("a1", "alice").spans) == 3
        assert store.annotators() == ["alice", "model"]
        assert store.layers_of("a1") == ["alice", "model"]
        store.delete_layer("a1", "model")
        assert store.layers_of("a1") == ["alice"]


def test_layers_stream_for_export_and_agreement(project):
    with open_store(project) as store:
        store.replace_layers([layer_with_quote("a1", "alice"), layer_with_quote("a1", "bob")])
        store.apply(Change.between(Annotations("a2", "bob"), Annotations("a2", "bob", status=Status.DONE)))
        exported = [(a.id, layer.annotator, len(layer.spans)) for a, layer in store.iter_layers("bob")]
        assert exported == [("a1", "bob", 3), ("a2", "bob", 0)]
        assert [a.id for a, _ in store.iter_layers("bob", [Status.DONE])] == ["a2"]
        assert [a.id for a, _ in store.iter_layers("alice", include_empty=True)] == ["a1", "a2"]
        sets = [(aid, length, sorted(layers)) for aid, length, layers in store.iter_layer_sets(["alice", "bob"])]
        assert sets == [("a1", 34, ["alice", "bob"]), ("a2", 31, ["bob"])]


def test_settings_and_label_scheme_are_kept(project):
    scheme = LabelScheme(name="team", labels=(LabelDef("PERSON", LabelKind.ENTITY, "#ff0000", "p"),))
    with open_store(project) as store:
        assert store.label_scheme() is None
        store.set_setting("guidelines", "Mark every quote.")
        store.set_setting("guidelines", "Mark every quote and its cue.")
        store.set_label_scheme(scheme)
    with open_store(project) as store:
        assert store.setting("guidelines") == "Mark every quote and its cue."
        assert store.setting("missing", "fallback") == "fallback"
        assert store.label_scheme() == scheme


def test_comments_are_kept(project):
    with open_store(project) as store:
        first = store.add_comment("a1", "alice", "Is 'no deal' a quote of the minister?", span_id="q1")
        store.add_comment("a1", "alice", "Second thought.")
        (comment, second) = store.comments("a1")
        assert comment.body.startswith("Is 'no deal'") and comment.span_id == "q1" and comment.id == first
        store.delete_comment(first)
        assert [c.body for c in store.comments("a1")] == [second.body]
        assert store.integrity_problems() == []
