"""Safety: HTML import fetches nothing and runs nothing; SQL is parameterised everywhere; CSV export
neutralises formulas; export never overwrites a file unless forced."""

from __future__ import annotations

import csv
import io
import re
import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main as cli_main
from annotator.domain import Annotations, Article, Origin, Relation, Span, Status
from annotator.interchange import ParsedArticle, read_paths
from annotator.services.exporting import export_project
from annotator.services.importing import import_paths
from annotator.storage import ProjectFileError, Store

from .editing_child import snapshot

# -- HTML: no network, no scripts ---------------------------------------------------------------------

HOSTILE_PAGE = """<!doctype html>
<html><head>
<title>Minister defends the harbour deal</title>
<link rel="stylesheet" href="http://127.0.0.1:9/style.css">
<link rel="preload" href="https://example.invalid/font.woff2">
<script src="http://127.0.0.1:9/tracker.js"></script>
<script>document.write("SCRIPT_RAN_" + "MARKER"); fetch("http://127.0.0.1:9/beacon");</script>
<meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/redirect">
<style>@import url("http://127.0.0.1:9/import.css"); body { background: url(http://127.0.0.1:9/bg.png) }</style>
</head><body>
<article>
<h1>Minister defends the harbour deal</h1>
<p>The minister said on Tuesday that the harbour deal would create jobs, according to officials in the port city.</p>
<img src="http://127.0.0.1:9/x.png" onerror="alert('SCRIPT_RAN_MARKER')">
<iframe src="http://127.0.0.1:9/frame"></iframe>
<p>"We have nothing to hide," a spokeswoman told reporters, adding that the contract would be published in full.</p>
<object data="http://127.0.0.1:9/object.swf"></object>
<p>Opposition leaders accused the government of rushing the vote before the summer recess began.</p>
<noscript><img src="http://127.0.0.1:9/noscript.gif"></noscript>
</article>
<script>var stolen = "SCRIPT_BODY_TEXT";</script>
</body></html>
"""


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to reach the network is recorded and refused."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[1:] or args))
        raise OSError("network use during an import")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_the_network_guard_sees_a_connection(no_network: list[str]) -> None:
    """The guard itself works: otherwise the next test could pass for the wrong reason."""
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", 9), timeout=1):
        pass
    with socket.socket() as raw, pytest.raises(OSError):
        raw.connect(("127.0.0.1", 9))
    assert len(no_network) == 2


def test_html_import_fetches_nothing_and_runs_no_script(tmp_path: Path, no_network: list[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    results = list(read_paths([page]))
    (parsed,) = results
    assert isinstance(parsed, ParsedArticle), parsed
    text = parsed.article.text
    assert "harbour deal would create jobs" in text and "nothing to hide" in text
    for leaked in ("SCRIPT_RAN_MARKER", "SCRIPT_RAN_", "SCRIPT_BODY_TEXT", "document.write", "127.0.0.1", "alert("):
        assert leaked not in text and leaked not in parsed.article.title
    with Store.open(tmp_path / "p.anno") as store:
        report = import_paths(store, [page])
        assert report.ok and len(report.added) == 1
        stored = store.article(report.added[0])
        assert "SCRIPT_RAN_" not in stored.text
    assert no_network == [], f"the import tried to reach the network: {no_network}"


# -- SQL: parameterised everywhere ----------------------------------------------------------------------

NASTY = [
    "'); DROP TABLE articles; --",
    '"); DROP TABLE spans; --',
    "Robert'); DELETE FROM layers WHERE ('1'='1",
    "a;b;c",
    'O\'Brien "quoted" `back` [bracket]',
    "x' OR '1'='1",
    "%_*?\\",
    "NEAR(a b) AND OR NOT ^ * : -",
]


def _tables(store: Store) -> set[str]:
    return set(store.db.table_names())


def test_hostile_strings_round_trip_through_the_store_and_search(tmp_path: Path) -> None:
    path = tmp_path / "p.anno"
    with Store.open(path) as store:
        tables = _tables(store)
        items = []
        for n, nasty in enumerate(NASTY):
            text = f"Report {n}: the senator said {nasty} during the debate on the budget."
            article = Article(
                id=nasty, text=text, title=nasty, outlet=nasty, url=nasty, byline=nasty, meta={nasty: nasty}
            )
            layer = Annotations(
                nasty,
                f"annotator {nasty}",
                spans=(
                    Span(f"s'{n}", 0, 6, nasty, Origin.HUMAN, {nasty: nasty}),
                    Span(f"s;{n}", 7, 9, "QUOTE", Origin.HUMAN, {"speaker_name": nasty}),
                ),
                relations=(Relation(f"r'); --{n}", f"s;{n}", f"s'{n}", nasty),),
                status=Status.IN_PROGRESS,
            )
            items.append((article, [layer]))
        outcomes = store.add_articles(items)
        assert [o.article_id for o in outcomes] == NASTY
        for nasty in NASTY:
            store.set_setting(nasty, nasty)
            store.add_comment(nasty, f"annotator {nasty}", nasty, span_id=nasty)
        store.update_search_index()
    with Store.open(path) as store:
        assert _tables(store) == tables
        assert store.integrity_problems() == []
        assert store.article_ids() == NASTY
        for (_article, layers), nasty in zip(items, NASTY, strict=True):
            stored = store.article(nasty)
            assert (stored.id, stored.title, stored.outlet, stored.url, stored.byline) == (nasty,) * 5
            assert dict(stored.meta) == {nasty: nasty}
            assert snapshot(store.annotations(nasty, f"annotator {nasty}")) == snapshot(layers[0])
            assert store.setting(nasty) == nasty
            assert [c.body for c in store.comments(nasty)] == [nasty]
            found = store.search(nasty)
            counted = store.count_articles(f"annotator {nasty}", [Status.IN_PROGRESS], query=nasty)
            listed = [s.id for s in store.list_articles(f"annotator {nasty}", query=nasty)]
            if re.search(r"[A-Za-z0-9]", nasty):  # punctuation alone holds no word to find
                assert nasty in found, f"search for {nasty!r} misses its article"
                assert counted >= 1 and nasty in listed
        assert f"annotator {NASTY[0]}" in store.annotators()


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=30))
def test_any_search_text_is_a_search_not_an_error(query: str) -> None:
    """Whatever the analyst types in the search box: results or none, never an SQL or FTS syntax error."""
    store = _search_store()
    found = store.search(query)
    counted = store.count_articles("someone", query=query)
    listed = [s.id for s in store.list_articles("someone", query=query, limit=1000)]
    assert set(found) <= set(store.article_ids())
    assert counted == len(listed) and set(listed) <= set(store.article_ids())  # the count is the list's length


_SEARCH: list[Store] = []


def _search_store() -> Store:
    if not _SEARCH:
        store = Store.in_memory()
        store.add_articles(
            [(Article(id=f"a{n}", text=f"{n} {nasty} text", title=nasty), []) for n, nasty in enumerate(NASTY)]
        )
        store.update_search_index()
        _SEARCH.append(store)
    return _SEARCH[0]


def test_no_sql_is_built_from_values() -> None:
    """A static look at storage: every f-string or concatenated SQL carries a reviewed ``noqa: S608``;
    ruff (rule S608, run in ``make lint``) fails on any new one."""
    engine = Path(__file__).resolve().parents[2] / "annotator" / "storage" / "sqlite"
    modules = sorted(engine.glob("*.py"))
    assert len(modules) > 3, f"the SQLite engine moved from {engine}: point this test at it"
    for module in modules:
        source = module.read_text()
        assert "executescript(" not in source, module.name
        assert ".format(" not in source, module.name


# -- CSV export: formulas neutralised; export never overwrites unless forced ----------------------------

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=2", "\r=3", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"]


def _quote_project(path: Path, quotes: list[str]) -> Store:
    store = Store.open(path)
    for n, quote in enumerate(quotes):
        speaker = "=SPEAKER()"
        text = f"{speaker} said {quote} today."
        start = text.index(quote)
        layer = Annotations(
            f"=id{n}",
            "alice",
            spans=(
                Span("q", start, start + len(quote), "QUOTE", Origin.HUMAN, {"kind": "direct"}),
                Span("p", 0, len(speaker), "PERSON", Origin.HUMAN),
                Span("c", len(speaker) + 1, len(speaker) + 5, "CUE", Origin.HUMAN),
            ),
            relations=(Relation("r1", "q", "p", "SPEAKER"), Relation("r2", "q", "c", "CUE")),
            status=Status.DONE,
        )
        store.add_articles([(Article(id=f"=id{n}", text=text, title=f"=title{n}"), [layer])])
    return store


def _formula_cells(data: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    return [cell for row in rows[1:] for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_export_neutralises_formula_cells(tmp_path: Path) -> None:
    out = tmp_path / "quotes.csv"
    with _quote_project(tmp_path / "p.anno", FORMULAS) as store:
        count = export_project(store, out, format="csv", annotator="alice")
    assert count == len(FORMULAS)
    data = out.read_text(encoding="utf-8")
    assert _formula_cells(data) == [], "a cell a spreadsheet would run as a formula"
    assert "'=1+1" in data and "'=SPEAKER()" in data  # the content is kept, shown as text


@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(quote=st.text(alphabet=st.sampled_from("=+-@\t\r\n'\"a1 ,;|"), min_size=1, max_size=12).filter(str.strip))
def test_no_quote_text_becomes_a_formula(quote: str) -> None:
    from annotator.interchange import write_quotes_csv

    text = f"He said {quote} today."
    start = text.index(quote)
    ann = Annotations("a", "alice", spans=(Span("q", start, start + len(quote), "QUOTE", Origin.HUMAN),))
    buffer = io.StringIO()
    write_quotes_csv([(Article(id="a", text=text), ann)], buffer)
    assert _formula_cells(buffer.getvalue()) == []


def test_export_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.anno"
    _quote_project(project, ["=1+1"]).close()
    for fmt, name in (("jsonl", "out.jsonl"), ("csv", "out.csv")):
        out = tmp_path / name
        out.write_bytes(b"an analyst's earlier export\n")
        code = cli_main(["export", str(project), str(out), "--format", fmt, "--annotator", "alice"])
        assert code != 0
        assert out.read_bytes() == b"an analyst's earlier export\n", f"{fmt}: overwritten without --force"
        assert "--force" in capsys.readouterr().err
        assert cli_main(["export", str(project), str(out), "--format", fmt, "--annotator", "alice", "--force"]) == 0
        assert out.read_bytes() != b"an analyst's earlier export\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")], "a temporary export file was left"


def test_an_export_that_fails_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    """``--force`` onto a path whose export fails midway: the earlier file stays as it was."""
    project = tmp_path / "p.anno"
    _quote_project(project, ["=1+1", "fine"]).close()
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous\n")
    conn = sqlite3.connect(project)
    conn.execute("UPDATE spans SET attrs = 'not json' WHERE article_id = '=id1'")  # a damaged row, met midway
    conn.commit()
    conn.close()
    with Store.open(project) as store, pytest.raises(ProjectFileError, match="damaged: span '[qpc]' has attributes"):
        export_project(store, out, format="jsonl", annotator="alice", force=True)
    assert out.read_bytes() == b"previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")] == []
