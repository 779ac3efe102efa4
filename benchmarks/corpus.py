"""A deterministic corpus of realistic political news for benchmarks, made from our own sample articles.

Paragraphs of the fictional articles in ``resources/samples`` are drawn (seeded) and joined into
articles of 200 to 10,000 words, so every size carries direct, split, multi-paragraph, mixed and
indirect quotes as the samples do. Nothing here comes from outside the repository.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from annotator.paths import resources_dir


@lru_cache(maxsize=1)
def paragraphs() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(headlines, body paragraphs) of the sample articles."""
    heads: list[str] = []
    body: list[str] = []
    for path in sorted((resources_dir() / "samples").glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        heads.append(blocks[0])
        body.extend(b for b in blocks[1:] if len(b.split()) > 12)
    return tuple(heads), tuple(body)


def article_text(rng: random.Random, words: int) -> str:
    heads, body = paragraphs()
    parts = [rng.choice(heads)]
    count = 0
    while count < words:
        para = rng.choice(body)
        parts.append(para)
        count += len(para.split())
    return "\n\n".join(parts)


def sizes(rng: random.Random, n: int, low: int = 200, high: int = 10_000) -> list[int]:
    """Article lengths skewed like news: most short, a few very long (log-uniform)."""
    import math

    return [int(math.exp(rng.uniform(math.log(low), math.log(high)))) for _ in range(n)]


def records(n: int, seed: int = 7, *, low: int = 200, high: int = 10_000) -> Iterator[dict[str, str]]:
    """``n`` import records (JSONL-ready): id, title, outlet, published, text. Each text is unique."""
    rng = random.Random(seed)
    outlets = ("Marenholm Courier", "Northern Ledger", "Continental Wire", "Veldra Today")
    for i, words in enumerate(sizes(rng, n, low, high)):
        text = article_text(rng, words)
        title = text.split("\n", 1)[0]
        # A dateline keeps texts unique even when two draws pick the same paragraphs.
        text = f"{title}\n\nMARENHOLM, dispatch {i}. " + text.split("\n\n", 1)[1]
        yield {
            "id": f"bench-{i:06d}",
            "title": title,
            "outlet": outlets[i % len(outlets)],
            "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "text": text,
        }


def write_jsonl(path: Path, n: int, seed: int = 7, **kw: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records(n, seed, **kw):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
