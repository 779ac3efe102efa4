"""Experiment: a spaCy ``textcat`` stance classifier against the rules (``python -m benchmarks.stance_textcat_experiment``).

Asked by #17: does a learned component beat the rules? On the gold quotes (``--oracle`` mode of
:mod:`benchmarks.stance_scores`, so that the quote finder's misses do not blur the comparison):

* **Input** of the classifier, per quote, one text of word-like tokens: the quote's words
  (lower case), ``cue_<word>`` for the cue's words, ``rule_<stance>`` for the rules' answer and
  ``ev_<stance>_<kind>`` for each piece of rule evidence (cue, word, negated word, sentiment,
  negated claim, negated act, self-denial, answer, ally, question ...). Variants leave out groups.
* **Model**: spaCy's ``textcat`` (exclusive classes) with the bag-of-words architecture
  ``spacy.TextCatBOW.v3`` (no tok2vec: 82 examples), trained with spaCy's own training API
  (``nlp.initialize`` + ``nlp.update``), a fixed seed and epoch count.
* **Choice**: 5-fold cross-validation over the tuning half (folds are contiguous runs of quotes in
  article order, so that one article's quotes stay mostly together), macro accuracy, against the
  rules on the same folds. The best variant is then trained on the whole tuning half and scored
  once on the reporting half, beside the rules. The seed is never trained on (it stays held out).

Timing-free; prints JSON lines (about 7 minutes on the shared 2-core machine). Nothing here is
used by the app: it records the experiment's figures.

**Result (1 December 2026, rules as of this commit), dropped.** Cross-validated macro accuracy
over the tuning half: words alone 0.17-0.20, words + cue 0.17-0.18, rule evidence 0.34-0.56, rule
evidence + cue 0.32-0.57 (best: 20 epochs, classes balanced), everything 0.28-0.33; the rules on
the same folds 0.66 (not held out: they were tuned on these quotes). Reporting half: the chosen
classifier 0.40 (accuracy 0.49) against the rules' 0.44 (0.52). The classifier learns little more
than "trust the rules" and loses on the rare stances; 82 labelled quotes are too few for it.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import spacy
from spacy.training import Example

from annotator.domain import LabelScheme
from annotator.nlp import load_pipeline

from . import stance_scores as S

STANCES = ("accusing", "defending", "dismissive", "supportive", "neutral")
EPOCHS = 20
FOLDS = 5
SEED = 0
_KINDS = (
    ("cue ", "cue"),
    ("negated '", "negword"),
    ("word ", "word"),
    ("sentiment", "sentiment"),
    ("claim negated", "claim"),
    ("did not do", "omission"),
    ("denies", "selfdenial"),
    ("denial right after", "answer"),
    ("answers the criticism", "rebuttal"),
    ("speaks for", "ally"),
    ("a question", "question"),
    ("praises", "selfpraise"),
    ("no side", "prior"),
)
VARIANTS = {
    "words": ("words",),
    "words+cue": ("words", "cue"),
    "rules": ("rule", "evidence"),
    "rules+cue": ("rule", "evidence", "cue"),
    "all": ("words", "cue", "rule", "evidence"),
}


def features(text: str, gold: S.GoldStance, evidence: Sequence[str], rule: str | None, groups: Sequence[str]) -> str:
    """The classifier's input text for one quote (see the module docstring)."""
    out: list[str] = []
    if "words" in groups:
        quote = " ".join(text[s:e] for s, e in gold.fragments).lower()
        out += re.findall(r"[a-z']+", quote)
    if "cue" in groups and gold.cue:
        out += [f"cue_{w}" for w in re.findall(r"[a-z]+", text[gold.cue[0] : gold.cue[1]].lower())]
    if "rule" in groups and rule:
        out.append(f"rule_{rule}")
    if "evidence" in groups:
        for e in evidence:
            stance = e.split("+", 1)[0].split(":", 1)[0]
            kind = next((k for key, k in _KINDS if key in e), "other")
            out.append(f"ev_{stance}_{kind}")
    return " ".join(out) or "empty"


def train(texts: Sequence[str], labels: Sequence[str], epochs: int = EPOCHS, balanced: bool = False) -> Any:
    """A blank English pipeline with one exclusive ``textcat``, trained by spaCy's training loop.

    ``balanced``: every stance is repeated up to the count of the most frequent one, so that the
    rare stances (macro accuracy weighs them equally) are not drowned by accusing and neutral.
    """
    spacy.util.fix_random_seed(SEED)
    nlp = spacy.blank("en")
    config = {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "ngram_size": 1,
            "no_output_layer": False,
        }
    }
    textcat = nlp.add_pipe("textcat", config=config)
    for stance in STANCES:
        textcat.add_label(stance)
    examples = [
        Example.from_dict(nlp.make_doc(t), {"cats": {s: float(s == y) for s in STANCES}})
        for t, y in zip(texts, labels, strict=True)
    ]
    optimizer = nlp.initialize(lambda: examples)
    if balanced:
        counts = Counter(labels)
        most = max(counts.values())
        examples = [e for e, y in zip(examples, labels, strict=True) for _ in range(max(1, round(most / counts[y])))]
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def predict(nlp: Any, texts: Sequence[str]) -> list[str]:
    return [max(doc.cats, key=doc.cats.get) for doc in nlp.pipe(texts)]


def macro(golds: Sequence[str], guesses: Sequence[str | None]) -> dict[str, Any]:
    per, right = Counter(golds), Counter(g for g, p in zip(golds, guesses, strict=True) if g == p)
    classes = [c for c in STANCES if per[c]]
    return {
        "accuracy": round(sum(right.values()) / max(1, len(golds)), 3),
        "macro": round(sum(right[c] / per[c] for c in classes) / max(1, len(classes)), 3),
        "per_stance": {c: f"{right[c]}/{per[c]}" for c in classes},
    }


def main() -> None:
    scheme = LabelScheme.from_dict(json.loads((S.ROOT / "resources" / "label_scheme.json").read_text(encoding="utf-8")))
    loaded = load_pipeline(None)
    texts, golds = S.dev_gold()
    rules = S.oracle_suggestions(loaded, scheme, texts, golds)
    rows = []
    for g in golds:
        stance = rules[(g.article_id, g.quote_id)][0]
        evidence = S.EVIDENCE[(g.article_id, g.quote_id)][0]
        rows.append((g, stance, evidence))
    tuning = [r for r in rows if r[0].split == "tuning"]
    reporting = [r for r in rows if r[0].split == "reporting"]
    folds = [tuning[i * len(tuning) // FOLDS : (i + 1) * len(tuning) // FOLDS] for i in range(FOLDS)]

    def inputs(part: Sequence[tuple[S.GoldStance, str | None, Sequence[str]]], groups: Sequence[str]) -> list[str]:
        return [features(texts[g.article_id], g, ev, rule, groups) for g, rule, ev in part]

    cv_rules = [r[1] for fold in folds for r in fold]
    cv_gold = [r[0].stance for fold in folds for r in fold]
    print(json.dumps({"cv": "rules", **macro(cv_gold, cv_rules)}))
    scores: dict[tuple[str, int, bool], dict[str, Any]] = {}
    for name, groups in VARIANTS.items():
        for epochs in (EPOCHS, 3 * EPOCHS):
            for balanced in (False, True):
                guesses: list[str | None] = []
                for k, held in enumerate(folds):
                    train_part = [r for i, f in enumerate(folds) if i != k for r in f]
                    nlp = train(inputs(train_part, groups), [r[0].stance for r in train_part], epochs, balanced)
                    guesses += predict(nlp, inputs(held, groups))
                scores[(name, epochs, balanced)] = macro(cv_gold, guesses)
                print(
                    json.dumps({"cv": name, "epochs": epochs, "balanced": balanced, **scores[(name, epochs, balanced)]})
                )
    best = max(scores, key=lambda n: scores[n]["macro"])
    name, epochs, balanced = best
    nlp = train(inputs(tuning, VARIANTS[name]), [r[0].stance for r in tuning], epochs, balanced)
    rep_gold = [r[0].stance for r in reporting]
    print(json.dumps({"reporting": "rules", **macro(rep_gold, [r[1] for r in reporting])}))
    chosen = f"textcat {name}, {epochs} epochs{', balanced' if balanced else ''} (chosen by cross-validation)"
    print(json.dumps({"reporting": chosen, **macro(rep_gold, predict(nlp, inputs(reporting, VARIANTS[name])))}))


if __name__ == "__main__":
    main()
