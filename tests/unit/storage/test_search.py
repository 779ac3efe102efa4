"""Full-text search finds prefixes and word forms (issue 18): the article list's box and Store.search."""

from __future__ import annotations

import pytest

from annotator.domain import Article
from annotator.storage import Store

ARTICLES = (
    Article("pensions", "Cuts ahead\n\nThe government will cut pensions for retired teachers.", title="Cuts ahead"),
    Article("lakhonin", "Mayor speaks\n\nMayor Lakhonin said the bridge would reopen in May.", title="Mayor speaks"),
    Article("elected", "Council vote\n\nShe was elected with a large majority on Sunday.", title="Council vote"),
    Article("story", "A short story\n\nThe story of the strike was told by the union.", title="A short story"),
    Article("europe", "Trade talks\n\nEurope and Washington resumed trade talks in U.S. capital.", title="Trade talks"),
    Article("pension-one", "One pension\n\nHe drew a single pension from the state.", title="One pension"),
    Article("elysee", "Paris\n\nThe Élysée Palace said Zoë Müller would attend.", title="Paris"),
)


@pytest.fixture(params=["indexed", "scanned", "half-indexed"])
def store(request, tmp_path):
    """The same articles found through the full-text index, through the scan of articles the index
    lacks (a search never builds it), and half through each: the two must mean the same."""
    indexed = {"indexed": len(ARTICLES), "scanned": 0, "half-indexed": len(ARTICLES) // 2}[request.param]
    with Store.open(tmp_path / "search.annotator") as store:
        store.add_articles((a, ()) for a in ARTICLES[:indexed])
        store.update_search_index()
        store.add_articles((a, ()) for a in ARTICLES[indexed:])
        assert store.search_index_gap() == len(ARTICLES) - indexed
        yield store


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("pension", {"pensions", "pension-one"}),  # a prefix: "pension" finds "pensions"
        ("Lakhon", {"lakhonin"}),  # part of a name
        ("pensions", {"pensions", "pension-one"}),  # a word form: the plural finds the singular
        ("elections", {"elected"}),  # same stem
        ("stories", {"story"}),  # Porter's y -> i
        ("pension teachers", {"pensions"}),  # every word must match
        ("U.S.", {"europe"}),  # written with dots, indexed as two pieces side by side
        ('"retired teach"', {"pensions"}),  # a phrase, its last word a prefix
        ("EU", set()),  # short words are matched whole: "EU" is not "Europe"
        ("elysee", {"elysee"}),  # diacritics and case folded, as the index's tokenizer does
        ("ZOË müller", {"elysee"}),
        ('"palace said"', {"elysee"}),
        ("ension", set()),  # a prefix starts a word: "ension" is not in "pension"
    ],
)
def test_search_matches_prefixes_and_word_forms(store: Store, query: str, found: set[str]) -> None:
    assert set(store.search(query)) == found
    assert store.count_articles("alice", query=query) == len(found)  # the article list's filter too
    assert {a.id for a in store.list_articles("alice", query=query)} == found


@pytest.mark.parametrize("query", ['"unbalanced quote', "NOT", "a*b", "AND OR", "^ - +", "\x00", "()", "col:umn", '""'])
def test_search_box_text_is_never_fts_syntax(store: Store, query: str) -> None:
    store.search(query)  # no syntax error whatever is typed
    assert store.count_articles("alice", query=query) >= 0


def test_empty_query_lists_everything(store: Store) -> None:
    assert store.search("  ") == []
    assert store.count_articles("alice", query="  ") == len(ARTICLES)
