"""Stance and target figures: the model layer's stance suggestions against the seed gold and stance-dev.

Used by ``python -m benchmarks.score_quotes_run`` (section "stance"), runnable alone:
``python -m benchmarks.stance_scores [--oracle] [--show N] [--split tuning|reporting|all]``.

* **Matching**: each gold quote is matched to the suggested QUOTE span that covers most of its
  letters (at least 30%, the quote scorer's loose overlap); a quote the finder missed has no
  suggestion. ``--oracle`` instead runs the stance suggester on the gold quotes themselves (gold
  fragments, cue and speaker), which measures stance alone.
* **Stance accuracy** and **macro accuracy** (mean over gold stances of the share right) count the
  quotes with a suggestion; **suggested** is the share of all gold quotes that have one.
* **Target accuracy**: of the gold quotes with a gold target that got a suggested target, the
  share whose target names the same person (``Sessions`` = ``Jeff Sessions``, ``EPA`` = ``Environmental
  Protection Agency``), whatever the stance; beside it the same
  over every gold target (a missing suggestion counts as wrong).
* **Threshold**: the figures are given for every suggestion and again at the confidence
  threshold chosen on the tuning half (best macro accuracy keeping at least 60% of its quotes
  suggested), applied unchanged to the reporting half.
* **Split**: stance-dev is split once, by article, into a tuning half and a reporting half (the
  articles in file order alternate; the one live blog that holds half of all quotes is cut at its
  middle quote, first half tuning). Rules were tuned on the tuning half only.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import Annotations, LabelScheme
from annotator.nlp import Cue, Mention, Quotation, load_pipeline, preannotate_texts
from annotator.nlp.pipeline import LoadedPipeline
from annotator.nlp.stance import StanceSuggester

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
POLNEAR = SHARED / "data" / "polnear-dev.jsonl"
STANCE_DEV = SHARED / "data" / "stance-dev.jsonl"
SEED = SHARED / "examples" / "sessions-russia.gold.json"
OVERLAP = 0.3
MIN_SHARE = 0.6  # the threshold chosen on the tuning half keeps at least this share of quotes suggested
#: (stance, target mention text, confidence) suggested for one gold quote
Suggested = tuple[str | None, str | None, float]
NOTHING: Suggested = (None, None, 0.0)
EVIDENCE: dict[tuple[str, str], tuple[tuple[str, ...], float]] = {}  # oracle runs: why each guess was made
BIG_ARTICLE = 25  # quotes: an article with more is cut in two halves


@dataclass(frozen=True)
class GoldStance:
    """One gold quote with its stance and target, as both data sets give them."""

    article_id: str
    quote_id: str
    fragments: tuple[tuple[int, int], ...]
    stance: str
    target_name: str | None
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_text: str | None = None
    split: str = "seed"


@dataclass
class Tally:
    """Counts behind the figures of one data set."""

    quotes: int = 0
    suggested: int = 0
    right: int = 0
    per_class: Counter[str] = field(default_factory=Counter)
    per_class_right: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    gold_targets: int = 0
    targets_suggested: int = 0
    targets_right: int = 0

    def figures(self) -> dict[str, Any]:
        macro = [self.per_class_right[c] / n for c, n in self.per_class.items() if n]
        return {
            "quotes": self.quotes,
            "suggested_share": _ratio(self.suggested, self.quotes),
            "stance_accuracy": _ratio(self.right, self.suggested),
            "stance_macro_accuracy": round(sum(macro) / len(macro), 3) if macro else None,
            "per_stance": {c: f"{self.per_class_right[c]}/{n}" for c, n in sorted(self.per_class.items())},
            "gold_targets": self.gold_targets,
            "target_accuracy": _ratio(self.targets_right, self.targets_suggested),
            "targets_suggested": self.targets_suggested,
            "target_accuracy_all": _ratio(self.targets_right, self.gold_targets),
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


# -- gold ----------------------------------------------------------------------------------
def seed_gold(path: Path = SEED) -> tuple[dict[str, str], list[GoldStance]]:
    """The seed article's stances: attrs ``stance`` or the label of a stance relation, as the editor stores them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    spans = {s["id"]: s for s in data["spans"]}
    out = []
    structural = {"SPEAKER", "CUE", "TARGET"}
    for s in data["spans"]:
        rels = [r for r in data["relations"] if r["head"] == s["id"]]
        stance_rel = next((r for r in rels if r["label"] not in structural), None)
        stance = (s.get("attrs") or {}).get("stance") or (stance_rel["label"] if stance_rel else None)
        if s["label"] != "QUOTE" or not stance:
            continue
        target = spans[stance_rel["child"]]["text"] if stance_rel else None
        cue = next(((spans[r["child"]]["start"], spans[r["child"]]["end"]) for r in rels if r["label"] == "CUE"), None)
        speaker = next(
            ((spans[r["child"]]["start"], spans[r["child"]]["end"]) for r in rels if r["label"] == "SPEAKER"), None
        )
        out.append(
            GoldStance(
                data["id"],
                s["id"],
                ((s["start"], s["end"]),),
                stance,
                target,
                cue,
                speaker,
                (s.get("attrs") or {}).get("speaker_name"),
            )
        )
    return {data["id"]: data["text"]}, out


def dev_gold(polnear: Path = POLNEAR, stances: Path = STANCE_DEV) -> tuple[dict[str, str], list[GoldStance]]:
    """stance-dev joined with polnear-dev on (article id, quote id), each quote tagged with its split."""
    arts = {r["id"]: r for r in map(json.loads, polnear.open(encoding="utf-8"))}
    texts: dict[str, str] = {}
    out: list[GoldStance] = []
    for n, line in enumerate(stances.open(encoding="utf-8")):
        rec = json.loads(line)
        art = arts[rec["id"]]
        texts[rec["id"]] = art["text"]
        quotes = {q["id"]: q for q in art["quotes"]}
        entries = sorted(rec["stances"], key=lambda s: quotes[s["quote_id"]]["content_spans"][0]["start"])
        for i, s in enumerate(entries):
            q = quotes[s["quote_id"]]
            if len(entries) > BIG_ARTICLE:
                split = "tuning" if i < len(entries) // 2 else "reporting"
            else:
                split = "tuning" if n % 2 == 0 else "reporting"
            cue = (q["cue_start"], q["cue_end"]) if q.get("cue_start") is not None else None
            speaker = (q["speaker_start"], q["speaker_end"]) if q.get("speaker_start") is not None else None
            out.append(
                GoldStance(
                    rec["id"],
                    s["quote_id"],
                    tuple((c["start"], c["end"]) for c in q["content_spans"]),
                    s["stance"],
                    s["target_name"],
                    cue,
                    speaker,
                    q.get("speaker_text"),
                    split,
                )
            )
    return texts, out


# -- matching and scoring -------------------------------------------------------------------
def _letters(text: str, fragments: Iterable[tuple[int, int]]) -> set[int]:
    return {i for s, e in fragments for i in range(s, e) if text[i].isalnum()}


def suggested_stance(ann: Annotations, text: str, gold: GoldStance, stances: tuple[str, ...]) -> Suggested:
    """The stance and target text of the suggested quote that best covers ``gold``; ``(None, None)`` if none."""
    wanted = _letters(text, gold.fragments)
    best, best_share = None, 0.0
    for q in ann.spans_labelled("QUOTE"):
        share = len(wanted & _letters(text, [(q.start, q.end)])) / max(1, len(wanted))
        if share > best_share:
            best, best_share = q, share
    if best is None or best_share < OVERLAP or not best.attrs.get("stance"):
        return NOTHING
    target = next((ann.get_span(r.child) for r in ann.relations_from(best.id) if r.label in stances), None)
    confidence = float(best.attrs.get("stance_confidence") or 0.0)
    return str(best.attrs["stance"]), (text[target.start : target.end] if target is not None else None), confidence


def same_person(suggested: str, gold: str, text: str) -> bool:
    """Whether a target mention names the gold target: equal words, or the mention is the name's last words."""
    a, b = _name_words(suggested), _name_words(gold)
    if not a or not b:
        return False
    return a == b or b[-len(a) :] == a or a[-len(b) :] == b or _acronym(a, b) or _acronym(b, a)


def _acronym(short: list[str], long: list[str]) -> bool:
    """``EPA`` names the ``Environmental Protection Agency``."""
    initials = "".join(w[0] for w in long if w not in ("of", "and", "for", "the"))
    return len(short) == 1 and len(long) > 1 and short[0].replace(".", "") == initials


def _name_words(name: str) -> list[str]:
    words = re.sub(r"(?:'s|’s|'|’)(?=\s|$)", "", name.lower()).split()
    while words and words[0].rstrip(".") in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "the"):
        words = words[1:]
    return words


def tally(
    texts: dict[str, str],
    golds: list[GoldStance],
    suggestions: dict[tuple[str, str], Suggested],
    threshold: float = 0.0,
) -> Tally:
    """Counts over ``golds``; suggestions less sure than ``threshold`` count as none (hidden in the app)."""
    t = Tally()
    for g in golds:
        t.quotes += 1
        stance, target, confidence = suggestions.get((g.article_id, g.quote_id), NOTHING)
        if confidence < threshold:
            stance, target = None, None
        if g.target_name:
            t.gold_targets += 1
            if target is not None:
                t.targets_suggested += 1
                t.targets_right += same_person(target, g.target_name, texts[g.article_id])
        if stance is None:
            continue
        t.suggested += 1
        t.per_class[g.stance] += 1
        t.confusion[(g.stance, stance)] += 1
        if stance == g.stance:
            t.right += 1
            t.per_class_right[g.stance] += 1
    return t


def model_suggestions(
    loaded: LoadedPipeline, scheme: LabelScheme, texts: dict[str, str], golds: list[GoldStance]
) -> dict[tuple[str, str], Suggested]:
    """Pre-annotate the articles and read each gold quote's suggested stance off the model layer."""
    layers = {a.article_id: a for a in preannotate_texts(loaded, texts.items(), scheme)}
    return {
        (g.article_id, g.quote_id): suggested_stance(layers[g.article_id], texts[g.article_id], g, scheme.stance_labels)
        for g in golds
    }


def oracle_suggestions(
    loaded: LoadedPipeline, scheme: LabelScheme, texts: dict[str, str], golds: list[GoldStance]
) -> dict[tuple[str, str], Suggested]:
    """The suggester run on the gold quotes themselves (gold fragments, cue and speaker)."""
    suggester = StanceSuggester()
    out: dict[tuple[str, str], Suggested] = {}
    by_article: dict[str, list[GoldStance]] = {}
    for g in golds:
        by_article.setdefault(g.article_id, []).append(g)
    for article_id, items in by_article.items():
        text = texts[article_id]
        doc = loaded.nlp(text)
        quotations = [
            Quotation(
                g.fragments,
                "direct" if text[g.fragments[0][0] - 1 : g.fragments[0][0]] in "\"“'‘" else "indirect",
                Mention(g.speaker[0], g.speaker[1], text[g.speaker[0] : g.speaker[1]]) if g.speaker else None,
                Cue(g.cue[0], g.cue[1], text[g.cue[0] : g.cue[1]]) if g.cue else None,
                g.speaker_text,
            )
            for g in items
        ]
        for g, guess in zip(items, suggester.suggest(doc, quotations, scheme.stance_labels), strict=True):
            target = text[guess.target.start : guess.target.end] if guess and guess.target else None
            out[(g.article_id, g.quote_id)] = (guess.stance, target, guess.confidence) if guess else NOTHING
            EVIDENCE[(g.article_id, g.quote_id)] = (guess.evidence, guess.confidence) if guess else ((), 0.0)
    return out


def stance_figures(
    loaded: LoadedPipeline, scheme: LabelScheme, oracle: bool = False, show: int = 0, split: str = "all"
) -> dict[str, dict[str, Any]]:
    """The figures per data set: seed gold, stance-dev tuning half, reporting half and whole."""
    results: dict[str, dict[str, Any]] = {}
    get = oracle_suggestions if oracle else model_suggestions
    for name, (texts, golds) in (("seed", seed_gold()), ("stance-dev", dev_gold())):
        suggestions = get(loaded, scheme, texts, golds)
        parts = (
            {"all": golds}
            if name == "seed"
            else {
                "tuning": [g for g in golds if g.split == "tuning"],
                "reporting": [g for g in golds if g.split == "reporting"],
                "all": golds,
            }
        )
        for part, items in parts.items():
            results[f"{name} {part}" if name != "seed" else name] = tally(texts, items, suggestions).figures()
        if name != "seed":
            tuned = best_threshold(texts, parts["tuning"], suggestions)
            for part, items in parts.items():
                figures = tally(texts, items, suggestions, tuned).figures()
                results[f"{name} {part} @{tuned:.2f}"] = {"threshold": tuned, **figures}
        if show:
            _show(texts, [g for g in golds if split in ("all", g.split)], suggestions, show)
    return results


def best_threshold(
    texts: dict[str, str], golds: list[GoldStance], suggestions: dict[tuple[str, str], Suggested]
) -> float:
    """The confidence threshold with the best macro accuracy on ``golds`` that keeps MIN_SHARE suggested."""
    candidates = sorted({round(c, 2) for _, _, c in suggestions.values()} | {0.0})
    best, best_macro = 0.0, -1.0
    for threshold in candidates:
        figures = tally(texts, golds, suggestions, threshold).figures()
        if (figures["suggested_share"] or 0.0) < MIN_SHARE:
            break
        macro = figures["stance_macro_accuracy"] or 0.0
        if macro > best_macro:
            best, best_macro = threshold, macro
    return best


def _show(
    texts: dict[str, str],
    golds: list[GoldStance],
    suggestions: dict[tuple[str, str], Suggested],
    limit: int,
) -> None:
    shown = 0
    for g in golds:
        stance, target, _ = suggestions.get((g.article_id, g.quote_id), NOTHING)
        if stance == g.stance and (not g.target_name or (target and same_person(target, g.target_name, ""))):
            continue
        if shown >= limit:
            break
        shown += 1
        text = texts[g.article_id]
        quote = " ".join(text[s:e] for s, e in g.fragments)[:160].replace("\n", " ")
        cue = text[g.cue[0] : g.cue[1]] if g.cue else None
        print(f"[{g.split}] gold {g.stance}->{g.target_name}  got {stance}->{target}  cue={cue!r}  {quote!r}")
        if (g.article_id, g.quote_id) in EVIDENCE:
            print("      ", EVIDENCE[(g.article_id, g.quote_id)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--oracle", action="store_true", help="run on the gold quotes instead of the found ones")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N wrong suggestions")
    parser.add_argument("--split", default="tuning", choices=("tuning", "reporting", "seed", "all"))
    parser.add_argument("--pipeline", default=None)
    args = parser.parse_args(argv)
    scheme = LabelScheme.from_dict(json.loads((ROOT / "resources" / "label_scheme.json").read_text(encoding="utf-8")))
    loaded = load_pipeline(args.pipeline)
    for name, figures in stance_figures(loaded, scheme, args.oracle, args.show, args.split).items():
        print(name, json.dumps(figures))


if __name__ == "__main__":
    main()
