"""The live team on a real PostgreSQL server: two sessions (curators and analysts, each their own
login and connections); a colleague's save reaches the other's review window within a second
(LISTEN/NOTIFY, no reload), and two curators deciding one difference never overwrite each other."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_review_seed import ARTICLE_ID, alice_layer, bob_layer

from annotator.domain import GOLD_LAYER, Article, Change, Span
from annotator.storage import open_store
from annotator.storage.postgres import add_member
from annotator.ui.review.review_window import ReviewWindow


def as_user(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{name}@{parts.netloc.split('@', 1)[1]}").geturl()


@pytest.fixture
def team(new_team_project, seed_gold) -> str:
    """The seed article with alice's and bob's differing layers; carol and dave curate."""
    url = new_team_project()
    for name, role in (("alice", "annotator"), ("bob", "annotator"), ("carol", "curator"), ("dave", "curator")):
        add_member(url, name, role, password=None)
    alice = alice_layer(seed_gold)
    article = Article(seed_gold["id"], seed_gold["text"], title=seed_gold["meta"]["title"])
    with open_store(url) as store:
        store.add_articles([(article, [alice, bob_layer(alice)])])
    return url


def review_window(qtbot, url: str, who: str) -> ReviewWindow:
    store = open_store(as_user(url, who))
    window = ReviewWindow(store, who, ["alice", "bob"])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.team_watch.active and store._listeners[0].listening.is_set())  # noqa: SLF001
    window.destroyed.connect(store.close)
    return window


def test_a_colleagues_save_appears_in_the_review_within_a_second(qtbot, team):
    window = review_window(qtbot, team, "carol")
    review = window.review
    assert review.article_id == ARTICLE_ID
    differences_before = len(review.differences)
    with open_store(as_user(team, "alice")) as alice:  # the other session: alice saves an edit
        before, revision = alice.annotations_at(ARTICLE_ID, "alice")
        added = Span("live1", 0, 6, "ORG")
        assert not any((s.start, s.end) == (0, 6) for s in before.spans)
        alice.apply(Change.between(before, before.with_span(added)), expected_revision=revision)
        qtbot.waitUntil(lambda: added in review.layer_annotations["alice"].spans, timeout=1000)
    assert len(review.differences) == differences_before + 1  # a new difference: only in alice
    assert window.difference_list.model().rowCount() == len(review.differences)
    window.close()


def test_two_curators_deciding_one_difference_never_overwrite_each_other(qtbot, team):
    carol, dave = review_window(qtbot, team, "carol"), review_window(qtbot, team, "dave")
    messages: list[str] = []
    dave.review.errorRaised.connect(messages.append)
    assert carol.review.decide(1)  # carol keeps alice's version of the first difference
    first = dave.review.differences[0]
    assert not dave.review.is_resolved(first)  # dave's window has not heard yet...
    assert not dave.review.decide(2)  # ...and his choice of bob's is refused, naming carol
    assert messages == ["This difference was already decided by carol; their decision is shown"]
    assert dave.review.decision(first) == "alice"  # the window now shows carol's decision
    with open_store(team) as store:
        assert store.layer_writer(ARTICLE_ID, GOLD_LAYER) == "carol"
        gold = store.annotations(ARTICLE_ID, GOLD_LAYER)
    assert carol.review.decision(carol.review.differences[0]) == "alice"
    assert {(s.start, s.end, s.label) for s in gold.spans} == {
        (s.start, s.end, s.label) for s in carol.review.gold_state.spans
    }
    # Once dave's window shows carol's decision, changing it is his deliberate choice, and carol sees it live.
    dave.review.go_to(0)
    assert dave.review.decide(2)
    qtbot.waitUntil(lambda: carol.review.decision(carol.review.differences[0]) == "bob", timeout=1000)
    carol.close()
    dave.close()


def test_on_a_project_file_an_edit_made_in_the_main_window_reaches_the_open_review(qtbot, tmp_path, seed_gold):
    from test_review_seed import build_review_project

    from annotator.storage import Store

    path = build_review_project(tmp_path / "review.annotator", seed_gold)
    store = Store.open(path)
    window = ReviewWindow(store, "carol", ["alice", "bob"])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: store._file_watches and store._file_watches[0].listening.is_set())  # noqa: SLF001
    review = window.review
    before = len(review.differences)
    layer, revision = store.annotations_at(ARTICLE_ID, "alice")  # the same app, the same store: alice's window
    added = Span("live1", 0, 6, "ORG")
    store.apply(Change.between(layer, layer.with_span(added)), expected_revision=revision)
    qtbot.waitUntil(lambda: added in review.layer_annotations["alice"].spans, timeout=1000)
    assert len(review.differences) == before + 1
    window.close()
    store.close()
