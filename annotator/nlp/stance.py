"""Stance suggestions: for each quotation, a stance from the lexicon's evidence, a confidence and a target.

Rules that explain themselves, weighed in this order of strength:

* the cue's meaning (``accused``, ``slammed`` -> accusing; ``brushed off`` -> dismissive), from the
  ``cues`` sections of :class:`StanceLexicon`, looked up on the cue and the words right next to it;
* the quote's own words (``[<stance> words]``), where a negation next to a word turns it into the
  ``negated`` stance (``did nothing wrong``, ``never lied`` -> defending) or cancels it;
* a speaker denying in the first person (``I never met``, ``we did not``): defending themselves;
* who the speaker answers: a denial or wave-off right after a quote accusing the speaker defends
  or dismisses, aimed at the accuser;
* a question from an interviewer, figures and factual cues: the default stance.

Stance names come from the lexicon and are kept only when the project's scheme has them, so a
team's own codebook works with its own lexicon. Targets are chosen by :mod:`.targets`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .actors import ActorStance, actor_stances
from .names import NameResolver, pronoun_gender
from .quotes import Quotation
from .stance_evidence import answers, negated, negated_act, negated_claim, self_denial
from .stance_lexicon import StanceLexicon, normalise_word
from .targets import TargetChooser, TargetMention

CUE_WEIGHT = 3.0
DEFAULT_CUE_WEIGHT = 1.0  # a factual cue ("reported", "asked") does not stop the words from taking a side
SENTIMENT_WEIGHT = 1.0
SENTIMENT_FLOOR = 0.3  # |VADER compound| below this is no evidence
POSITIVE_FLOOR = 0.5  # news prose reads mildly positive ("plans to put to good use"): a higher bar
WORD_WEIGHT = 1.0
PHRASE_BONUS = 0.5
SELF_DENIAL_WEIGHT = 2.0
NEGATED_CLAIM_WEIGHT = 1.0
NEGATED_ACT_WEIGHT = 1.0
REBUTTAL_WEIGHT = 1.5
ALLY_WEIGHT = 1.5
ANSWER_WEIGHT = 1.5
QUESTION_WEIGHT = 2.0
DEFAULT_PRIOR = 0.4
CONFIDENCE_DAMPING = 1.0
_CUE_WINDOW = 2
#: verbs that hold back the cue they govern ("avoids condemning", "refused to blame", "stopped short of")
_WITHHOLDING = frozenset(
    "avoid avoids avoided avoiding refuse refuses refused refusing decline declines declined declining"
    " fail fails failed failing hesitate hesitates hesitated hesitating short".split()
)


@dataclass(frozen=True)
class StanceGuess:
    """A suggested stance for one quotation: the stance, a confidence in ``[0, 1]``, the target and why."""

    stance: str
    confidence: float
    target: TargetMention | None = None
    evidence: tuple[str, ...] = ()


@dataclass
class _Scores:
    values: dict[str, float] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def add(self, stance: str, weight: float, why: str) -> None:
        self.values[stance] = self.values.get(stance, 0.0) + weight
        self.evidence.append(f"{stance}+{weight:g}: {why}")

    def best(self) -> tuple[str, float, float]:
        ranked = sorted(self.values.items(), key=lambda kv: -kv[1])
        top, score = ranked[0]
        return top, score, sum(self.values.values())


@dataclass
class StanceSuggester:
    """Suggests stances for the quotations of a doc, from ``resources/stance_cues.txt`` plus extra files."""

    lexicon: StanceLexicon = field(default_factory=StanceLexicon.load)
    _last_chooser: tuple[Doc, TargetChooser] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def with_files(cls, extra_files: Iterable[Path | str]) -> StanceSuggester:
        return cls(StanceLexicon.load(extra_files))

    def suggest(
        self, doc: Doc, quotations: Sequence[Quotation], stances: Iterable[str] | None = None
    ) -> list[StanceGuess | None]:
        """One guess per quotation (``None`` when no stance of ``stances`` fits), in the order given."""
        allowed = set(stances) if stances is not None else self.lexicon.stances()
        chooser = self._chooser(doc, quotations)
        guesses: list[StanceGuess | None] = []
        previous: list[tuple[Quotation, StanceGuess | None]] = []
        for quotation in quotations:
            guess = self._guess(doc, quotation, allowed, chooser, previous)
            guesses.append(guess)
            previous.append((quotation, guess))
        return guesses

    def suggest_actors(
        self, doc: Doc, quotations: Sequence[Quotation], stances: Iterable[str] | None = None
    ) -> list[ActorStance]:
        """Stances actors take in the reporter's words (see :mod:`.actors`), outside the quotations' cues."""
        allowed = set(stances) if stances is not None else self.lexicon.stances()
        cues = [(q.cue.start, q.cue.end) for q in quotations if q.cue is not None]
        return actor_stances(doc, self.lexicon, self._chooser(doc, quotations), cues, allowed)

    def _chooser(self, doc: Doc, quotations: Sequence[Quotation]) -> TargetChooser:
        """The target chooser of ``doc``: built once for the quotes and the actors of one article."""
        last = self._last_chooser
        if last is not None and last[0] is doc:
            return last[1]
        resolver = NameResolver(doc, [f for q in quotations if q.kind != "indirect" for f in q.fragments])
        chooser = TargetChooser(doc, resolver)
        self._last_chooser = (doc, chooser)
        return chooser

    # -- evidence -------------------------------------------------------------------------
    def _guess(
        self,
        doc: Doc,
        quotation: Quotation,
        allowed: set[str],
        chooser: TargetChooser,
        previous: list[tuple[Quotation, StanceGuess | None]],
    ) -> StanceGuess | None:
        lex = self.lexicon
        scores = _Scores()
        tokens = _quote_tokens(doc, quotation)
        cue = doc.char_span(quotation.cue.start, quotation.cue.end, alignment_mode="expand") if quotation.cue else None
        cue_stance = self._cue_stance(doc, cue) if cue is not None else None
        if cue_stance is not None:
            weight = DEFAULT_CUE_WEIGHT if cue_stance[0] == lex.default else CUE_WEIGHT
            scores.add(cue_stance[0], weight, f"cue {cue_stance[1]!r}")
        words = [normalise_word(t.text) for t in tokens]
        for first, end, stance in lex.matches(words, lex.words):
            weight = WORD_WEIGHT + (PHRASE_BONUS if end - first > 1 else 0.0)
            phrase = " ".join(words[first:end])
            if negated(tokens, first, lex.negators):
                turned = lex.negated.get(stance)
                if turned is not None:
                    scores.add(turned, weight, f"negated {phrase!r}")
                continue
            scores.add(stance, weight, f"word {phrase!r}")
        self._sentiment(doc, quotation, scores)
        own_denial = self_denial(tokens, quotation, lex.negators, chooser.resolver)
        if own_denial and lex.denial is not None:
            scores.add(lex.denial, SELF_DENIAL_WEIGHT, "the speaker denies an act of their own")
        omission = None if own_denial else negated_act(tokens, quotation, lex.negators, chooser.resolver)
        praise = any(e.startswith(f"{lex.positive}+") and ": word " in e for e in scores.evidence)
        if omission is not None and lex.charge is not None and not praise:  # "X was qualified. X did not ...": praise
            scores.add(lex.charge, NEGATED_ACT_WEIGHT, f"{omission.text!r} did not do something")
        if lex.negated_claim is not None and not own_denial and negated_claim(tokens, lex.negators):
            scores.add(lex.negated_claim, NEGATED_CLAIM_WEIGHT, 'a claim negated ("it is not ...")')
        rebuttal = self._rebuttal(words)
        if rebuttal is not None and lex.denial is not None and scores.values.get(lex.negative or "", 0.0) < 1.5:
            scores.add(lex.denial, REBUTTAL_WEIGHT, f"answers the criticism it names ({rebuttal!r})")
        ally = chooser.ally_of(quotation, lex, {t.i for t in tokens}) if lex.ally_roles else None
        if ally is not None and lex.denial is not None and scores.values.get(lex.negative or "", 0.0) < 1.5:
            scores.add(lex.denial, ALLY_WEIGHT, f"the speaker speaks for {ally.name}")
        answer = lex.denial is not None and answers(quotation, previous, tokens, lex)
        if answer and lex.denial is not None:
            scores.add(lex.denial, ANSWER_WEIGHT, "a denial right after a charge against the speaker")
        if lex.default is not None:
            scores.add(lex.default, DEFAULT_PRIOR, "no side taken")
            if tokens and any(t.text == "?" for t in tokens[-3:]) and cue_stance is None:
                scores.add(lex.default, QUESTION_WEIGHT, "a question")
        scores.values = {k: v for k, v in scores.values.items() if k in allowed}
        if not scores.values:
            return None
        stance, top, total = scores.best()
        confidence = round(top / (total + CONFIDENCE_DAMPING), 3)
        if len(scores.evidence) == 1 and stance == lex.default:  # nothing but the prior: the least sure of all
            confidence = round(DEFAULT_PRIOR / (DEFAULT_PRIOR + 2 * CONFIDENCE_DAMPING), 3)
        self_praise = (
            stance == lex.positive and lex.denial in allowed and self._praises_self(tokens, quotation, chooser)
        )
        if self_praise and lex.denial is not None:
            stance = lex.denial  # praising oneself ("that makes me smart") is a defence of oneself
            scores.evidence.append(f"{stance}: the speaker praises themselves")
        target = None
        if stance != lex.default:
            own = stance == lex.denial and (own_denial or answer or self_praise)
            target = ally if ally is not None and stance == lex.denial and not own else None
            if target is None and omission is not None and stance == lex.charge:
                target = chooser.subject_target(omission, quotation)
            defence = stance == lex.denial
            target = target or chooser.choose(quotation, tokens, cue, speaker_is_target=own, self_defence=defence)
        return StanceGuess(stance, confidence, target, tuple(scores.evidence))

    @staticmethod
    def _praises_self(tokens: list[Token], quotation: Quotation, chooser: TargetChooser) -> bool:
        """Praise about "me" with nobody else named or meant (``he``, ``they``) in the quote: praise of oneself."""
        if not any(t.lower_ in ("me", "i", "my", "myself") for t in tokens):
            return False
        if any(pronoun_gender(t.text) is not None or t.lower_ in ("they", "them", "their") for t in tokens):
            return False
        return chooser.named_inside(quotation, tokens) is None

    def _rebuttal(self, words: list[str]) -> str | None:
        """A word naming criticism in the quote itself ("those knocking me", "critics say"): the speaker answers it."""
        lex = self.lexicon
        found = lex.matches(words, lex.criticism)
        return " ".join(words[found[0][0] : found[0][1]]) if found else None

    def _sentiment(self, doc: Doc, quotation: Quotation, scores: _Scores) -> None:
        """VADER's compound sentiment of the quote, as evidence for the [negative] or [positive] stance."""
        lex = self.lexicon
        if lex.negative is None and lex.positive is None:
            return
        # the fragments' own text: Doc.text would join every token of the article anew
        spans = (doc.char_span(start, end, alignment_mode="expand") for start, end in quotation.fragments)
        quoted = " ".join(span.text for span in spans if span is not None)
        compound = _analyser().polarity_scores(quoted)["compound"]
        stance = lex.negative if compound < 0 else lex.positive
        floor = SENTIMENT_FLOOR if compound < 0 else POSITIVE_FLOOR
        if stance is not None and abs(compound) >= floor:
            scores.add(stance, round(SENTIMENT_WEIGHT * abs(compound), 2), f"sentiment {compound:+.2f}")

    def _cue_stance(self, doc: Doc, cue: Span) -> tuple[str, str] | None:
        """The stance of the cue words, or of a phrase the cue starts or ends (``brushed off``, ``raising questions``)."""
        lex = self.lexicon
        lo = max(0, cue.start - _CUE_WINDOW)
        hi = min(len(doc), cue.end + _CUE_WINDOW)
        window = [normalise_word(t.text) for t in doc[lo:hi]]
        for first, end, stance in lex.matches(window, lex.cues):
            if lo + first < cue.end and lo + end > cue.start:  # the phrase touches the cue itself
                phrase = " ".join(window[first:end])
                if lex.default is not None and _cue_withheld(doc[lo + first], lex.negators):
                    return lex.default, f"{phrase}, withheld"  # "avoids condemning", "did not criticise"
                return stance, phrase
        return None


def _cue_withheld(word: Token, negators: set[str]) -> bool:
    """A cue verb negated or held back (``did not criticise``, ``avoids condemning``, ``refused to blame``).

    Such a cue takes no side: the speaker withholds the accusation or praise the verb names.
    """
    if any(c.dep_ == "neg" or normalise_word(c.text) in negators for c in word.children):
        return True
    if word.head.lower_ in _WITHHOLDING and word.head.i < word.i:
        return True
    before = [t for t in word.doc[max(0, word.i - 3) : word.i] if t.lower_ not in ("to", "of", "from")]
    return bool(before) and before[-1].lower_ in _WITHHOLDING  # the parse is often wrong here ("avoids" a noun)


@functools.cache
def _analyser() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _quote_tokens(doc: Doc, quotation: Quotation) -> list[Token]:
    out: list[Token] = []
    for start, end in quotation.fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.extend(span)
    return out
