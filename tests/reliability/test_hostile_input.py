"""Hostile and broken input into every importer, fuzzed with hypothesis (bounded) and by hand.

Whatever the bytes: no crash (only ParsedArticle or ImportProblem), no hang (timeouts), a message
per bad record naming the file, and an import into a real project stores accepted records whole
and nothing of rejected ones (integrity and foreign keys checked after every example). Valid
annotated layers are generated too and written beside hostile records in every annotated format:
each must be accepted with its whole layer (a floor per importer), so the fuzzing proves the
importers accept what they should as well as refuse what they should not.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.interchange import ImportProblem, ParsedArticle, read_paths
from annotator.services.importing import import_paths
from annotator.storage import Store

from .fuzzing import IMPORTERS, FuzzStats, check_results, check_stored, layered_files, valid_layers, write_input

#: Examples per importer and strategy. Raise with RELIABILITY_FUZZ=... for a longer hunt.
EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ", "150"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    database=None,
)


@pytest.fixture(scope="module")
def project() -> Iterator[Store]:
    """One real project file that every example imports into (its checks are per example)."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "fuzz.anno") as store:
        yield store


@pytest.fixture(scope="module")
def stats() -> Iterator[FuzzStats]:
    collected = FuzzStats()
    yield collected
    print("\n" + "\n".join(collected.line(name, "all strategies") for name in IMPORTERS))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "input"
    path.mkdir()
    return path


# -- strategies ----------------------------------------------------------------------------------------

KEYS = st.sampled_from(
    [
        "id", "text", "title", "meta", "spans", "relations", "annotator", "status", "tokens", "start", "end",
        "label", "head", "child", "token_start", "token_end", "answer", "_input_hash", "url", "date", "attrs",
        "kind", "stance", "origin", "\u0000", "", "text ", "TEXT",
    ]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["QUOTE", "PERSON", "SPEAKER", "CUE", "accusing", "todo", "done", "s1", "T1", "'); DROP TABLE"])
)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=6), max_leaves=30
)


@st.composite
def annotated_records(draw: st.DrawFn) -> dict[str, Any]:
    """Records in our format that are almost right: offsets out of range, overlaps, duplicate ids."""
    text = draw(st.text(min_size=0, max_size=60))
    ids = st.sampled_from(["s1", "s2", "s3", "", "s1 "])
    offsets = st.integers(min_value=-3, max_value=len(text) + 3)
    spans = draw(
        st.lists(
            st.fixed_dictionaries(
                {"id": ids, "start": offsets, "end": offsets, "label": st.sampled_from(["QUOTE", "PERSON", "NOPE"])}
            ),
            max_size=5,
        )
    )
    relations = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["r1", "r2", "r1"]),
                    "head": ids,
                    "child": ids,
                    "label": st.sampled_from(["SPEAKER", "CUE", "X"]),
                }
            ),
            max_size=3,
        )
    )
    record: dict[str, Any] = {"id": draw(st.sampled_from(["a1", "a1", "", "x'y"])), "text": text, "spans": spans}
    if relations:
        record["relations"] = relations
    return record


@st.composite
def prodigy_records(draw: st.DrawFn) -> dict[str, Any]:
    """Prodigy tasks with tokens and spans that may disagree with the text."""
    text = draw(st.text(min_size=0, max_size=50))
    offsets = st.integers(min_value=-2, max_value=len(text) + 3)
    tokens = [
        {"text": w, "start": s, "end": s + len(w), "id": i}
        for i, (w, s) in enumerate(draw(st.lists(st.tuples(st.text(max_size=5), offsets), max_size=6)))
    ]
    spans = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "start": offsets,
                    "end": offsets,
                    "label": st.sampled_from(["QUOTE", "PERSON", "?"]),
                    "token_start": st.integers(-1, 8),
                    "token_end": st.integers(-1, 8),
                }
            ),
            max_size=4,
        )
    )
    return {"text": text, "tokens": tokens, "spans": spans, "answer": draw(st.sampled_from(["accept", "reject", 3]))}


@st.composite
def ann_files(draw: st.DrawFn) -> str:
    """brat standoff lines, mostly well formed, with wild offsets, ids and references."""
    number = st.integers(min_value=-5, max_value=40).map(str) | st.sampled_from(
        ["", "x", "1e3", "99999999999999999999"]
    )
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["T", "T", "T", "R", "E", "A", "#", "N", "?", ""]))
        ident = draw(st.sampled_from(["1", "2", "1", ""]))
        if kind == "T":
            frag = f"{draw(number)} {draw(number)}"
            if draw(st.booleans()):
                frag += f";{draw(number)} {draw(number)}"
            lines.append(
                f"T{ident}\t{draw(st.sampled_from(['QUOTE', 'PERSON', 'Bad']))} {frag}\t{draw(st.text(max_size=8))}"
            )
        elif kind == "R":
            lines.append(
                f"R{ident}\tSPEAKER Arg1:T{draw(st.sampled_from(['1', '2', '9']))} Arg2:T{draw(st.sampled_from(['1', '2']))}"
            )
        else:
            lines.append(kind + ident + "\t" + draw(st.text(max_size=20)))
    return "\n".join(lines)


CSV_CELLS = st.text(max_size=30) | st.sampled_from(['"', '""', '=HYPERLINK("http://x")', "\r\n", "a,b", "\x00"])


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(["text", "id", "title", "", "text", "x"]), min_size=0, max_size=4))
    rows = draw(st.lists(st.lists(CSV_CELLS, max_size=5), max_size=5))
    return "\n".join(
        [",".join(header), *(",".join(json.dumps(c) if draw(st.booleans()) else c for c in r) for r in rows)]
    )


TAGS = st.sampled_from(
    ["p", "div", "article", "h1", "script", "style", "iframe", "blockquote", "li", "table", "td", "b", "x-y"]
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Pages that look like news, with hostile parts: scripts, remote resources, broken nesting, entities."""
    parts = ["<html><head><title>" + draw(st.text(max_size=30)) + "</title>"]
    parts.append(
        draw(st.sampled_from(['<link rel="stylesheet" href="http://127.0.0.1:9/s.css">', "", "<meta charset=latin-1>"]))
    )
    parts.append("</head><body><article>")
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(TAGS)
        words = (
            draw(st.text(max_size=120))
            + " "
            + " ".join(
                draw(
                    st.lists(
                        st.sampled_from(["the", "minister", "said", "&amp;", "&#0;", "&#xD800;", "<"]), max_size=30
                    )
                )
            )
        )
        closing = "" if draw(st.integers(0, 5)) == 0 else f"</{tag}>"
        parts.append(f"<{tag}>{words}{closing}")
    parts.append(
        draw(
            st.sampled_from(['<img src="http://127.0.0.1:9/x.png">', '<iframe src="http://127.0.0.1:9/"></iframe>', ""])
        )
    )
    return "".join(parts) + "</article></body></html>"


# -- random bytes into every importer ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("importer", list(IMPORTERS))
def test_random_bytes_into_every_importer(importer: str, folder: Path, project: Store, stats: FuzzStats) -> None:
    @FUZZ
    @given(data=st.binary(max_size=3000), text_bytes=st.binary(max_size=200))
    def run(data: bytes, text_bytes: bytes) -> None:
        path = write_input(folder, importer, data, brat_text=text_bytes)
        results = check_results(path, importer, stats)
        check_stored(project, path, importer, results)

    run()


# -- structured but broken input --------------------------------------------------------------------


def _lines(records: list[Any]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False, allow_nan=True) for r in records).encode(
        "utf-8", "surrogatepass"
    )


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("importer", ["jsonl", "json", "prodigy"])
def test_random_json_into_json_importers(importer: str, folder: Path, project: Store, stats: FuzzStats) -> None:
    @FUZZ
    @given(records=st.lists(JSON_VALUES | annotated_records() | prodigy_records(), min_size=1, max_size=4))
    def run(records: list[Any]) -> None:
        data = (
            _lines(records)
            if importer != "json"
            else json.dumps(records, allow_nan=True).encode("utf-8", "surrogatepass")
        )
        path = write_input(folder, importer, data)
        results = check_results(path, importer, stats)
        check_stored(project, path, importer, results)

    run()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_broken_brat_standoff(folder: Path, project: Store, stats: FuzzStats) -> None:
    @FUZZ
    @given(ann=ann_files(), text=st.text(min_size=0, max_size=40))
    def run(ann: str, text: str) -> None:
        path = write_input(
            folder, "brat", ann.encode("utf-8", "surrogatepass"), b"T" + text.encode("utf-8", "surrogatepass")
        )
        results = check_results(path, "brat", stats)
        check_stored(project, path, "brat", results)

    run()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_broken_csv(folder: Path, project: Store, stats: FuzzStats) -> None:
    @FUZZ
    @given(content=csv_files())
    def run(content: str) -> None:
        path = write_input(folder, "csv", content.encode("utf-8", "surrogatepass"))
        results = check_results(path, "csv", stats)
        check_stored(project, path, "csv", results)

    run()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("importer", ["txt", "html"])
def test_random_text_into_text_importers(importer: str, folder: Path, project: Store, stats: FuzzStats) -> None:
    @FUZZ
    @given(text=html_pages() if importer == "html" else st.text(max_size=400))
    def run(text: str) -> None:
        path = write_input(folder, importer, text.encode("utf-8", "surrogatepass"))
        results = check_results(path, importer, stats)
        check_stored(project, path, importer, results)

    run()


# -- valid layers beside hostile bytes -------------------------------------------------------------------

#: The importers that carry annotation layers.
LAYERED = ["jsonl", "json", "prodigy", "brat"]


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("importer", LAYERED)
def test_valid_layers_beside_hostile_bytes_are_accepted_whole(
    importer: str, folder: Path, project: Store, stats: FuzzStats
) -> None:
    """Every valid annotated record is accepted with its whole layer, whatever hostile input surrounds it."""
    written = 0
    before = stats.layered[importer]

    @FUZZ
    @given(
        layers=st.lists(valid_layers(brat=importer == "brat"), min_size=1, max_size=3),
        hostile=st.lists(st.binary(max_size=300), max_size=3),
    )
    def run(layers: list[Any], hostile: list[bytes]) -> None:
        nonlocal written
        paths = layered_files(folder, importer, layers, hostile)
        results = check_results(paths, importer, stats)
        accepted = [r for r in results if isinstance(r, ParsedArticle) and r.layers and r.layers[0].spans]
        wanted = {(a.text, frozenset((s.start, s.end, s.label) for s in la.spans)) for a, la in layers}
        got = {(r.article.text, frozenset((s.start, s.end, s.label) for s in r.layers[0].spans)) for r in accepted}
        assert wanted <= got, (
            f"valid layers were refused: {[str(r) for r in results if not isinstance(r, ParsedArticle)]}"
        )
        written += len(layers)
        check_stored(project, paths, importer, results)

    run()
    accepted = stats.layered[importer] - before
    print(f"\nfuzz {importer}: {accepted} accepted records with a layer of spans ({written} valid ones written)")
    # The floor: every valid record written was accepted with its layer (and there were many).
    assert accepted >= written >= EXAMPLES


# -- targeted cases --------------------------------------------------------------------------------------


def _only(results: list[ParsedArticle | ImportProblem]) -> list[str]:
    return [r.message for r in results if isinstance(r, ImportProblem)]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("importer", ["jsonl", "json", "prodigy"])
def test_deeply_nested_json_is_a_problem_not_a_crash(importer: str, folder: Path, project: Store) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    nested_object = '{"text": "ok", "meta": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}"
    good = json.dumps({"id": "fine", "text": "A perfectly good article after the bad ones."})
    data = f"{deep}\n{nested_object}\n{good}\n" if importer != "json" else deep
    path = write_input(folder, importer, data.encode())
    results = check_results(path, importer, FuzzStats())
    problems = _only(results)
    assert problems, "deep nesting was accepted"
    if importer == "jsonl":
        assert [r.article.id for r in results if isinstance(r, ParsedArticle)] == ["fine"]
        assert [r.line for r in results if isinstance(r, ImportProblem)] == [1, 2]
    check_stored(project, path, importer, results)


@pytest.mark.timeout(60)
def test_invalid_utf8_costs_one_line(folder: Path, project: Store) -> None:
    lines = [
        json.dumps({"id": "before", "text": "The line before."}).encode(),
        b'{"id": "bad", "text": "caf\xe9 \xff\xfe"}',
        json.dumps({"id": "after", "text": "The line after."}).encode(),
    ]
    path = write_input(folder, "jsonl", b"\n".join(lines))
    results = check_results(path, "jsonl", FuzzStats())
    assert [r.article.id for r in results if isinstance(r, ParsedArticle)] == ["before", "after"]
    (problem,) = [r for r in results if isinstance(r, ImportProblem)]
    assert problem.line == 2 and "utf-8" in problem.message.lower()
    check_stored(project, path, "jsonl", results)


@pytest.mark.timeout(60)
def test_offsets_out_of_range_overlaps_and_duplicate_ids(folder: Path, project: Store) -> None:
    text = "The minister said the plan was sound."
    records = [
        {"id": "out", "text": text, "spans": [{"id": "s1", "start": 30, "end": 99, "label": "QUOTE"}]},
        {"id": "neg", "text": text + " 1", "spans": [{"id": "s1", "start": -1, "end": 3, "label": "PERSON"}]},
        {"id": "dup", "text": text + " 2", "spans": [{"id": "s1", "start": 0, "end": 3, "label": "PERSON"},
                                                     {"id": "s1", "start": 4, "end": 12, "label": "PERSON"}]},
        {"id": "dangling", "text": text + " 3", "spans": [{"id": "s1", "start": 0, "end": 3, "label": "QUOTE"}],
         "relations": [{"id": "r1", "head": "s1", "child": "s9", "label": "SPEAKER"}]},
        {"id": "overlap", "text": text + " 4", "spans": [{"id": "s1", "start": 0, "end": 20, "label": "QUOTE"},
                                                         {"id": "s2", "start": 4, "end": 12, "label": "PERSON"}]},
        {"id": "overlap", "text": text + " 5"},
    ]  # fmt: skip
    path = write_input(folder, "jsonl", _lines(records))
    results = check_results(path, "jsonl", FuzzStats())
    by_line = {r.line: r for r in results}
    for line in (1, 2, 3, 4):
        assert isinstance(by_line[line], ImportProblem), f"line {line} was accepted: {by_line[line]}"
    assert isinstance(by_line[5], ParsedArticle)  # overlapping spans are allowed (nested quotes and names)
    check_stored(project, path, "jsonl", results)
    ids = project.article_ids()
    assert not {"out", "neg", "dup", "dangling"} & set(ids), "a rejected record left an article behind"
    assert "overlap" in ids and any(i.startswith("overlap-") for i in ids)  # a taken id gets a suffix


@pytest.mark.timeout(60)
def test_very_long_lines(folder: Path, project: Store) -> None:
    long_text = ("A very long paragraph without any line break at all, " * 40_000).strip()  # ~2 MB on one line
    records = [{"id": "long", "text": long_text}, {"id": "short", "text": "Short."}]
    path = write_input(folder, "jsonl", _lines(records))
    results = check_results(path, "jsonl", FuzzStats())
    assert [r.article.id for r in results if isinstance(r, ParsedArticle)] == ["long", "short"]
    check_stored(project, path, "jsonl", results)
    assert len(project.article_text("long")) == len(long_text)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_a_50_mb_article_imports_or_is_refused_clearly(tmp_path: Path) -> None:
    """Just under the 50 MB limit: imported whole (and searchable); just over: one clear problem."""
    from annotator.interchange.decoding import MAX_RECORD_BYTES

    paragraph = "Parliament debated the budget late into the night while ministers defended the plan. "
    big = tmp_path / "huge.txt"
    with big.open("w", encoding="utf-8") as out:
        out.write("Headline of a huge article\n\n")
        written = 0
        while written + len(paragraph) * 2 < MAX_RECORD_BYTES - 64:
            out.write(paragraph * 1000 + "\n\n")
            written += len(paragraph) * 1000 + 2
            if written + len(paragraph) * 1002 >= MAX_RECORD_BYTES:
                break
    assert big.stat().st_size > 45 * 1024 * 1024
    too_big = tmp_path / "too-big.txt"
    with too_big.open("wb") as out:
        out.write(big.read_bytes())
        out.write(b"x" * (MAX_RECORD_BYTES - big.stat().st_size + 1))
    with Store.open(tmp_path / "big.anno") as store:
        report = import_paths(store, [big, too_big])
        assert len(report.added) == 1
        (problem,) = report.problems
        assert "too-big.txt" in problem and "MB" in problem, problem
        assert store.integrity_problems() == []
        assert len(store.article_text(report.added[0])) > 45_000_000
    results = list(read_paths([too_big]))
    assert len(results) == 1 and isinstance(results[0], ImportProblem)


def test_every_importer_is_fuzzed() -> None:
    """The importers the reader knows are the ones fuzzed here (a new format must be added)."""
    from annotator.interchange import FORMATS

    assert set(FORMATS) == set(IMPORTERS)


@pytest.mark.parametrize("text", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_a_brat_pair_whose_text_is_only_a_bom_is_a_problem_not_a_crash(folder: Path, text: bytes) -> None:
    path = write_input(folder, "brat", b"T1\tPERSON 0 1\tx\n", brat_text=text)
    assert [type(r) for r in check_results(path, "brat", FuzzStats())] == [ImportProblem]


@pytest.mark.parametrize("text", [b"", b"  \n\t "])
def test_a_brat_pair_with_an_empty_text_is_a_problem(folder: Path, text: bytes) -> None:
    path = write_input(folder, "brat", b"T1\tPERSON 0 1\tx\n", brat_text=text)
    assert [type(r) for r in check_results(path, "brat", FuzzStats())] == [ImportProblem]
