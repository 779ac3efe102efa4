"""Round trips: export -> import -> export gives the same bytes (JSONL) and the same spans (Prodigy)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_helpers import read_all, write_jsonl

from annotator.domain import Annotations, Article, Origin, Relation, Span, Status
from annotator.interchange import default_label_scheme, simple_tokenize, write_prodigy
from annotator.interchange import write_jsonl as export_jsonl
from annotator.interchange.records import ARTICLE_FIELDS
from annotator.nlp.tokens import spacy_tokenizer

SCHEME = default_label_scheme()
RESERVED = {"id", "text", "meta"} | {alias for _, aliases in ARTICLE_FIELDS for alias in aliases}
# Any code point a JSON file can hold in UTF-8 (no lone surrogates), line and paragraph separators included.
TEXTS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120).filter(str.strip)
SCALARS = st.one_of(
    st.text(max_size=8).filter(bool),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)
META_KEYS = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8).filter(lambda k: k not in RESERVED)


@st.composite
def layers(draw: st.DrawFn) -> tuple[Article, Annotations]:
    text = draw(TEXTS)
    article = Article(
        id=draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        text=text,
        title=draw(st.text(max_size=10)),
        outlet=draw(st.text(max_size=10)),
        url=draw(st.text(max_size=10)),
        published=draw(st.text(max_size=10)),
        byline=draw(st.text(max_size=10)),
        meta=draw(st.dictionaries(META_KEYS, SCALARS, max_size=3)),
    )
    spans = []
    for i in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(SCHEME.span_labels))
        attrs: dict[str, object] = draw(
            st.dictionaries(st.sampled_from(["model", "score", "note"]), SCALARS, max_size=2)
        )
        if label == "QUOTE":
            attrs["kind"] = draw(st.sampled_from(SCHEME.quote_kinds))
            attrs["stance"] = draw(st.sampled_from(SCHEME.stance_labels))
        spans.append(Span(f"s{i}", start, end, label, draw(st.sampled_from(list(Origin))), attrs))  # type: ignore[arg-type]
    relations = []
    if spans:
        for i in range(draw(st.integers(0, 6))):
            head, child = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
            relations.append(Relation(f"r{i}", head.id, child.id, draw(st.sampled_from(SCHEME.relation_labels))))
    ann = Annotations(
        article.id,
        draw(st.text(min_size=1, max_size=6).filter(str.strip)),
        tuple(spans),
        tuple(relations),
        draw(st.sampled_from(list(Status))),
    )
    return article, ann


def _export(pairs: list[tuple[Article, Annotations]]) -> str:
    out = io.StringIO()
    export_jsonl(pairs, out)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(layers(), min_size=1, max_size=3))
def test_jsonl_export_import_export_is_byte_identical(tmp_path: Path, pairs: list[tuple[Article, Annotations]]) -> None:
    first = _export(pairs)
    path = tmp_path / "export.jsonl"
    path.write_text(first, encoding="utf-8")
    articles, problems = read_all(path)
    assert problems == []
    second = _export([(p.article, layer) for p in articles for layer in p.layers])
    assert second == first
    for line in first.split("\n")[:-1]:  # not splitlines(): U+0085 and U+2028 are no line ends in JSONL
        record = json.loads(line)
        assert all(s["text"] == record["text"][s["start"] : s["end"]] for s in record["spans"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=layers())
def test_prodigy_export_import_gives_the_same_spans(tmp_path: Path, pair: tuple[Article, Annotations]) -> None:
    article, ann = pair
    path = tmp_path / "tasks.jsonl"
    write_prodigy([pair], path, simple_tokenize)
    [parsed], problems = read_all(path)
    assert problems == []
    [layer] = parsed.layers
    assert layer.sorted_spans() == ann.sorted_spans()
    assert sorted(layer.relations, key=lambda r: r.id) == sorted(ann.relations, key=lambda r: r.id)
    assert (parsed.article.id, parsed.article.text, layer.annotator) == (article.id, article.text, ann.annotator)


def test_gold_file_round_trips_through_our_jsonl(tmp_path: Path, shared: Path, gold: dict[str, object]) -> None:
    [parsed], _ = read_all(shared / "examples" / "sessions-russia.gold.json")
    line = _export([(parsed.article, parsed.layers[0])])
    record = json.loads(line)
    assert record["text"] == gold["text"] and record["meta"] == gold["meta"]
    strip_ids = [{k: v for k, v in r.items() if k != "id"} for r in record["relations"]]
    key = lambda r: (r["head"], r["child"], r["label"])  # noqa: E731
    assert sorted(strip_ids, key=key) == sorted(gold["relations"], key=key)
    assert record["spans"] == gold["spans"]


def test_prodigy_tasks_from_spacy_tokens(tmp_path: Path) -> None:
    text = "“We stay,” said Ines Calloway on Monday."
    article = Article(id="p1", text=text, title="Stay")
    ann = Annotations(
        "p1",
        "alice",
        (Span("q1", 0, 10, "QUOTE"), Span("c1", 11, 15, "CUE"), Span("e1", 16, 29, "PERSON")),
        (Relation("r1", "q1", "e1", "SPEAKER"),),
    )
    out = io.StringIO()
    write_prodigy([(article, ann)], out, spacy_tokenizer())
    task = json.loads(out.getvalue())
    tokens = task["tokens"]
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
    person = next(s for s in task["spans"] if s["label"] == "PERSON")
    assert tokens[person["token_start"]]["text"] == "Ines" and tokens[person["token_end"]]["text"] == "Calloway"
    [rel] = task["relations"]
    assert rel["child"] == person["token_end"] and rel["child_span"]["label"] == "PERSON"
    assert task["answer"] == "accept" and task["_annotator_id"] == "alice" and task["meta"]["id"] == "p1"


def test_foreign_prodigy_task_without_offsets_or_ids(tmp_path: Path) -> None:
    text = "Calloway said no."
    tokens = [
        {"text": w, "start": text.index(w), "end": text.index(w) + len(w), "id": i, "ws": True}
        for i, w in enumerate(["Calloway", "said", "no", "."])
    ]
    task = {
        "text": text,
        "tokens": tokens,
        "spans": [
            {"token_start": 0, "token_end": 0, "label": "PERSON"},
            {"token_start": 1, "token_end": 1, "label": "CUE"},
        ],
        "relations": [{"head": 1, "child": 0, "label": "SPEAKER"}],
        "answer": "accept",
        "_annotator_id": "news-alice",
        "meta": {"source": "Gazette"},
    }
    path = write_jsonl(tmp_path / "foreign.jsonl", [task])
    [parsed], problems = read_all(path)
    assert problems == []
    [layer] = parsed.layers
    assert [(s.id, s.start, s.end, s.label) for s in layer.sorted_spans()] == [
        ("s1", 0, 8, "PERSON"),
        ("s2", 9, 13, "CUE"),
    ]
    assert [(r.head, r.child, r.label) for r in layer.relations] == [("s2", "s1", "SPEAKER")]
    assert layer.annotator == "news-alice" and layer.status is Status.DONE and parsed.article.outlet == "Gazette"
