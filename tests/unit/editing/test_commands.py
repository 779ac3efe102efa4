"""Pure commands: each edit, and undo by restoring the earlier state through the same write path."""

from __future__ import annotations

import pytest

from annotator.domain import (
    Annotations,
    Article,
    InvariantError,
    NotFoundError,
    Origin,
    Relation,
    Span,
    Status,
    Verdict,
    suggestion_key,
)
from annotator.editing import (
    AcceptAll,
    AcceptSuggestion,
    AddSpan,
    EditContext,
    LinkSpan,
    RejectSuggestion,
    RelabelSpan,
    RemoveSpan,
    ResizeSpan,
    SetSpanAttrs,
    SetStance,
    SetTarget,
)
from annotator.services.editing_session import EditingSession
from annotator.services.scheme import default_scheme
from annotator.storage import Store

TEXT = 'Senator Ruth Okafor said "the budget is a fraud," accusing Minister Dale Pryce of hiding costs.'


@pytest.fixture()
def ctx() -> EditContext:
    model = Annotations(
        "a",
        "model",
        spans=(
            Span("m1", 8, 19, "PERSON", Origin.MODEL, {"model": "m", "model_version": "1"}),
            Span("m2", 25, 48, "QUOTE", Origin.MODEL, {"kind": "direct", "speaker_name": "Ruth Okafor"}),
            Span("m3", 20, 24, "CUE", Origin.MODEL),
            Span("m4", 68, 78, "PERSON", Origin.MODEL),
        ),
        relations=(Relation("mr1", "m2", "m1", "SPEAKER"), Relation("mr2", "m2", "m3", "CUE")),
    )
    return EditContext(text=TEXT, scheme=default_scheme(), model=model)


def test_add_relabel_resize_remove(ctx):
    ann = Annotations("a", "alice")
    ann = AddSpan(Span("s1", 8, 19, "PERSON")).apply(ann, ctx)
    assert ann.status is Status.IN_PROGRESS
    ann = RelabelSpan("s1", "ORG").apply(ann, ctx)
    assert ann.span("s1").label == "ORG"
    ann = ResizeSpan("s1", 0, 19).apply(ann, ctx)
    assert (ann.span("s1").start, ann.span("s1").end) == (0, 19)
    ann = RemoveSpan("s1").apply(ann, ctx)
    assert ann.spans == ()


def test_commands_refuse_what_breaks_the_rules(ctx):
    ann = AddSpan(Span("s1", 8, 19, "PERSON")).apply(Annotations("a", "alice"), ctx)
    with pytest.raises(InvariantError):
        AddSpan(Span("s2", 8, 19, "PERSON")).apply(ann, ctx)  # the same mark twice
    with pytest.raises(InvariantError):
        AddSpan(Span("s2", 0, 500, "PERSON")).apply(ann, ctx)
    with pytest.raises(InvariantError):
        RelabelSpan("s1", "WEAPON").apply(ann, ctx)
    with pytest.raises(InvariantError):
        SetSpanAttrs("s1", {"kind": "sung"}).apply(ann, ctx)


def test_stance_and_target_label_the_link(ctx):
    ann = Annotations("a", "alice")
    for cmd in (
        AddSpan(Span("q", 25, 48, "QUOTE", attrs={"kind": "direct"})),
        AddSpan(Span("t", 68, 78, "PERSON")),
        SetTarget("q", "t", "r1"),
    ):
        ann = cmd.apply(ann, ctx)
    assert ann.relation("r1").label == "TARGET"
    ann = SetStance("q", "accusing").apply(ann, ctx)
    assert ann.span("q").attrs["stance"] == "accusing"
    assert ann.relation("r1").label == "accusing"
    ann = SetStance("q", None).apply(ann, ctx)
    assert "stance" not in ann.span("q").attrs and ann.relation("r1").label == "TARGET"


def test_linking_a_speaker_replaces_the_old_link(ctx):
    ann = Annotations("a", "alice")
    for cmd in (
        AddSpan(Span("q", 25, 48, "QUOTE")),
        AddSpan(Span("p", 8, 19, "PERSON")),
        AddSpan(Span("p2", 68, 78, "PERSON")),
        LinkSpan("q", "p2", "SPEAKER", "r1"),
        LinkSpan("q", "p", "SPEAKER", "r2"),
    ):
        ann = cmd.apply(ann, ctx)
    assert [(r.id, r.child) for r in ann.relations] == [("r2", "p")]


def test_accepting_a_quote_brings_its_speaker_and_cue(ctx):
    ann = AcceptSuggestion("m2").apply(Annotations("a", "alice"), ctx)
    labels = sorted(s.label for s in ann.spans)
    assert labels == ["CUE", "PERSON", "QUOTE"]
    assert all(s.origin is Origin.HUMAN for s in ann.spans)
    quote = ann.spans_labelled("QUOTE")[0]
    assert ann.linked(quote.id, "SPEAKER").label == "PERSON"
    assert ann.linked(quote.id, "CUE").label == "CUE"
    assert "model" not in ann.spans_labelled("PERSON")[0].attrs
    assert [s.id for s in ann.pending(ctx.model.spans)] == ["m4"]


def test_reject_then_accept_all(ctx):
    ann = RejectSuggestion("m4").apply(Annotations("a", "alice"), ctx)
    assert ann.decisions == {"PERSON:68:78": Verdict.REJECTED}
    ann = AcceptAll().apply(ann, ctx)
    assert len(ann.spans) == 3 and ann.pending(ctx.model.spans) == []


def test_session_writes_each_edit_and_undo_restores(tmp_path, ctx):
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_articles([(Article("a", TEXT), [])])
        store.replace_layer(ctx.model)
        session = EditingSession(store, "a", "alice", default_scheme())
        step = session.perform(AcceptSuggestion("m2"))
        with Store.open(path) as reader:
            assert len(reader.annotations("a", "alice").spans) == 3
        session.restore(step.before)
        with Store.open(path) as reader:
            assert reader.annotations("a", "alice").spans == ()
            assert reader.annotations("a", "alice").decisions == {}
        with pytest.raises(NotFoundError):
            session.perform(RemoveSpan("nope"))
        assert session.state == step.before


def test_accept_all_is_the_accepts_one_by_one(ctx):
    """Accept-all builds the layer in one pass; the result is that of accepting each pending suggestion in turn."""
    ann = AddSpan(Span("s1", 68, 78, "PERSON")).apply(Annotations("a", "alice"), ctx)  # already marked like m4
    assert ctx.model is not None
    pending = ann.pending(ctx.model.sorted_spans())
    pending.sort(key=lambda s: (s.label != "QUOTE", s.start, s.end))
    one_by_one = ann
    for suggestion in pending:
        if suggestion_key(suggestion) not in one_by_one.decisions:
            one_by_one = AcceptSuggestion(suggestion.id).apply(one_by_one, ctx)
    together = AcceptAll().apply(ann, ctx)
    assert together == one_by_one
    assert [s.id for s in together.spans] == ["s1", "s2", "s3", "s4"]
    assert {(r.head, r.child, r.label) for r in together.relations} == {("s2", "s3", "SPEAKER"), ("s2", "s4", "CUE")}
    assert not together.pending(ctx.model.spans)


def test_pending_suggestions_follow_every_edit(tmp_path, ctx):
    """Kept from one state to the next when an edit cannot change them, recomputed when it can."""
    path = tmp_path / "p.annotator"
    with Store.open(path) as store:
        store.add_articles([(Article("a", TEXT), [])])
        store.replace_layer(ctx.model)
        session = EditingSession(store, "a", "alice", default_scheme())

        def pending_ids() -> list[str]:
            return [s.id for s in session.pending_suggestions()]

        assert pending_ids() == ["m1", "m3", "m2", "m4"]
        session.perform(AddSpan(Span("s1", 0, 7, "ORG")))  # no suggestion there
        assert pending_ids() == ["m1", "m3", "m2", "m4"]
        session.perform(AddSpan(Span("s2", 68, 78, "PERSON")))  # marks what m4 suggests
        assert pending_ids() == ["m1", "m3", "m2"]
        session.perform(ResizeSpan("s2", 68, 77))  # no longer the same
        assert pending_ids() == ["m1", "m3", "m2", "m4"]
        session.perform(RejectSuggestion("m3"))
        assert pending_ids() == ["m1", "m2", "m4"]
        fresh = EditingSession(store, "a", "alice", default_scheme())
        assert [s.id for s in fresh.pending_suggestions()] == pending_ids()
