"""Small helpers for the interchange tests (a plain module: conftest modules are not importable by name)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.interchange import ImportProblem, ParsedArticle, read_paths


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    """Write records (dicts, or raw strings for broken lines) one per line."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_all(*paths: Path, **options: Any) -> tuple[list[ParsedArticle], list[ImportProblem]]:
    """Articles and problems of an import, in order."""
    results = list(read_paths(list(paths), **options))
    articles = [r for r in results if isinstance(r, ParsedArticle)]
    problems = [r for r in results if isinstance(r, ImportProblem)]
    assert len(articles) + len(problems) == len(results)
    return articles, problems
