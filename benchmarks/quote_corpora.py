"""The corpora the quotation finder is measured on: the PolNeAR dev split and the negative corpus.

PolNeAR dev split (fixed, so that figures are honest): the 56 dev articles are grouped by
publisher (8 each); within a publisher they are sorted by id and the 1st, 3rd, 5th and 7th go to
the **tuning** part, the 2nd, 4th, 6th and 8th to the **reporting** part (28 articles each).
Rules are tuned on the tuning part only; the reporting part is looked at for figures, never for
error analysis (``--show-misses`` reads the tuning part).

Negative corpus: sentences that attribute nothing, so every QUOTE found in them is a false quote.
Two sources: the UNER English-PUD news sentences with neither a quotation mark nor a word of
saying, believing or reporting (:data:`ATTRIBUTION_WORDS`, broader than the cue lexicon on
purpose), and ``benchmarks/negative_news.txt``, news text of our own written in the shapes the
finder's rules look for (objects of cue verbs, colons, datelines, time phrases) without being
attributions.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
POLNEAR = SHARED / "data" / "polnear-dev.jsonl"
UNER = SHARED / "data" / "ner_uner_en_pud_news.jsonl"
OWN_NEGATIVES = Path(__file__).with_name("negative_news.txt")

# Stems of words that may introduce an attribution (speech, thought, report, source): a sentence
# containing one is left out of the negative corpus, whatever the finder makes of it.
ATTRIBUTION_WORDS = re.compile(
    r"\b(?:sa(?:y|id|ys|ying)|tell|told|add(?:s|ed|ing)?|stat(?:e|ed|es|ing|ement)|speak|spoke|remark|comment|"
    r"not(?:e|ed|es|ing)\b|observ|mention|explain|writ(?:e|es|ing|ten)|wrote|tweet|post|publish|report|announc|"
    r"declar|proclaim|disclos|reveal|argu|claim|insist|assert|contend|maintain|alleg|stress|emphasi|reiterat|"
    r"repeat|point(?:ed|s)? out|suggest|predict|estimat|conclud|acknowledg|admit|conced|confirm|agree|testif|"
    r"recall|assur|repl|respond|retort|answer|counter|rebut|ask|question|wonder|inquir|enquir|warn|caution|"
    r"promis|pledg|vow|threat|urg|demand|recommend|advis|propos|plead|beg|appeal|accus|charg|critic|blast|slam|"
    r"attack|lambast|denounc|condemn|decr|deri|ridicul|mock|scoff|sneer|chid|rebuk|scold|complain|lament|protest|"
    r"object|disput|den(?:y|ied|ies)|reject|dismiss|describ|characteri|brand|label|dub|prais|hail|laud|applaud|"
    r"thank|congratulat|boast|brag|jok|quip|mus(?:e|ed|ing)|speculat|shout|yell|scream|whisper|exclaim|interject|"
    r"inform|according|believ|think|thought|feel|felt|hope|expect|call|show|find|found|know|knew|learn|"
    r"spokes|interview|press|statement|letter|memo|quot)",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile("[\"“”«»„]|(?<![A-Za-z])['‘]|['’](?![A-Za-z])")


def polnear_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in POLNEAR.open(encoding="utf-8")]


def polnear_split(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``{"tuning": [...], "reporting": [...]}``: alternate articles of each publisher, by id."""
    by_publisher: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_publisher[record["meta"]["publisher"]].append(record)
    parts: dict[str, list[dict[str, Any]]] = {"tuning": [], "reporting": []}
    for publisher in sorted(by_publisher):
        for n, record in enumerate(sorted(by_publisher[publisher], key=lambda r: r["id"])):
            parts["tuning" if n % 2 == 0 else "reporting"].append(record)
    return parts


def is_negative(sentence: str) -> bool:
    """No quotation mark and no word that may attribute: the sentence attributes nothing."""
    return not _QUOTE_MARKS.search(sentence) and not ATTRIBUTION_WORDS.search(sentence)


def own_negatives(path: Path = OWN_NEGATIVES) -> list[str]:
    """Our own negative news text: one sentence or paragraph a line, ``#`` lines are comments."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def negative_corpus() -> dict[str, list[str]]:
    """``{"uner": [...], "own": [...]}``: sentences in which every QUOTE found is false."""
    uner = [json.loads(line)["text"] for line in UNER.open(encoding="utf-8")]
    return {"uner": [s for s in uner if is_negative(s)], "own": own_negatives()}
