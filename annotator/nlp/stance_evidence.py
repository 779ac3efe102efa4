"""What a quote's grammar says about a stance: negation, denials, negated claims and acts, answers.

Helpers of :mod:`.stance`, read off the dependency parse rather than word lists (only the
negators come from the lexicon):

* a speaker denying a past act of their own (``I never met``, ``Ada Park said she did not ...``);
* a statement or belief negated (``It is not true``, ``I don't think ...``): a wave-off;
* somebody else's act negated (``Trump has not paid any taxes``, ``she never apologised``): a
  charge of omission, aimed at the subject of the negated verb;
* a denial right after a quote charging the speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .names import NameResolver, clean_name, pronoun_gender
from .quotes import Quotation
from .stance_lexicon import StanceLexicon, normalise_word

if TYPE_CHECKING:
    from .stance import StanceGuess

_NEGATION_WINDOW = 3
_FIRST_PERSON = frozenset({"i", "we"})
_MODALS = frozenset({"can", "could", "would", "will", "may", "might", "should", "must", "ca", "wo", "shall"})
_PAST_AUX = frozenset({"did", "have", "has", "had", "was", "were"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: verbs of statement and belief: negating them negates a claim ("it is not true", "I don't think")
_CLAIM_VERBS = frozenset(
    "be is are was were been being am 's 're 'm believe believes believed think thinks thought know knows knew"
    " known agree agrees agreed expect expects expected see sees saw seen mean means meant say says said make"
    " makes made buy buys bought".split()
)
_ANSWER_DISTANCE = 600  # characters: an answer follows the charge in the next paragraph or two


def negated(tokens: list[Token], index: int, negators: set[str]) -> bool:
    """A negator in the few words before, or a negator among the children of the word or its head."""
    lo = max(0, index - _NEGATION_WINDOW)
    if any(normalise_word(t.text) in negators for t in tokens[lo:index]):
        return True
    token = tokens[index]
    heads = (token, token.head)
    return any(c.dep_ == "neg" for h in heads for c in h.children)


def speaker_words(quotation: Quotation) -> set[str]:
    """The speaker's surname, lower case (empty when the speaker is not named)."""
    return {w.lower() for w in clean_name(quotation.speaker_name or "").split()[-1:]}


def means_speaker(
    subject: Token, quotation: Quotation, resolver: NameResolver | None, reported: bool | None = None
) -> bool:
    """Whether a subject stands for the speaker: ``I``/``we``, the speaker's surname, or a pronoun for them.

    A third-person pronoun means the speaker only in reported words (``Park said she never met``,
    ``reported``: by default, whether the quote is not a direct one): in the speaker's own words
    ``she`` is somebody else.
    """
    if subject.lower_ in _FIRST_PERSON or subject.lower_ in speaker_words(quotation):
        return True
    reported = quotation.kind != "direct" if reported is None else reported
    if resolver is None or not reported or pronoun_gender(subject.text) is None:
        return False
    name = resolver.pronoun(subject.text, subject.idx)
    if not name:
        return False
    return {w.lower() for w in clean_name(name).split()[-1:]} == speaker_words(quotation)


def _subjects(tokens: list[Token], quotation: Quotation) -> list[tuple[Token, bool]]:
    """The subjects of the quote's verbs, also one just outside its words (``said he "never met ..."``).

    Each with whether it is in reported words (outside the quotation marks, or an indirect quote).
    """
    inside = {t.i for t in tokens}
    indirect = quotation.kind != "direct"
    found = [(t, indirect) for t in tokens if t.dep_ in _SUBJECTS]
    for verb in tokens:
        found += [(c, True) for c in verb.children if c.dep_ in _SUBJECTS and c.i not in inside]
    return found


def _past_negated(verb: Token, negators: set[str]) -> bool:
    """A negated past act (``did not``, ``have never``, ``had no contact``), not a modal's position."""
    children = list(verb.children)
    if any(c.lower_ in _MODALS for c in children):
        return False
    past = verb.tag_ in ("VBD", "VBN") or any(c.lower_ in _PAST_AUX for c in children)
    negation = any(c.dep_ == "neg" or normalise_word(c.text) in negators for c in children)
    no_object = any(
        c.dep_ == "dobj" and (c.lower_ == "nothing" or any(d.lower_ == "no" for d in c.children)) for c in children
    )
    return past and (negation or no_object)


def self_denial(
    tokens: list[Token], quotation: Quotation, negators: set[str], resolver: NameResolver | None = None
) -> bool:
    """``I never met ...``, ``we did nothing wrong``, ``Sessions had no contact``: the speaker denies a past act.

    The subject is the speaker (see :func:`means_speaker`); the verb is negated and in the past
    (``did not``, ``have never``), not a modal (``we can't afford``), which is a position, not a denial.
    """
    return any(
        means_speaker(t, quotation, resolver, reported) and _past_negated(t.head, negators)
        for t, reported in _subjects(tokens, quotation)
    )


def negated_act(
    tokens: list[Token], quotation: Quotation, negators: set[str], resolver: NameResolver | None = None
) -> Token | None:
    """The subject of somebody else's negated past act (``Trump has not paid``, ``she didn't want``), or ``None``.

    A charge of omission: the subject is a name or a third-person pronoun, not the speaker, and
    the verb is not one of statement or belief (those are negated claims).
    """
    for t, reported in _subjects(tokens, quotation):
        if t.lower_ in _FIRST_PERSON or t.lower_ in ("it", "this", "that", "there", "you", "nothing", "nobody"):
            continue
        if t.pos_ not in ("PROPN", "PRON") and not t.ent_type_:
            continue
        if t.head.lower_ in _CLAIM_VERBS or means_speaker(t, quotation, resolver, reported):
            continue
        if _past_negated(t.head, negators):
            return t
    return None


def negated_claim(tokens: list[Token], negators: set[str]) -> bool:
    """``It is not what worked``, ``that is not true``, ``I don't believe ...``: a statement or belief negated.

    A negated main verb of the quote that states or believes (not a modal's: ``we can't afford``
    states a position; not an act: ``he did not pay`` is a charge, see :func:`negated_act`).
    """
    roots = [t for t in tokens if t.dep_ == "ROOT" or (t.dep_ == "ccomp" and t.head not in tokens)]
    for verb in roots:
        if verb.lower_ not in _CLAIM_VERBS and verb.pos_ in ("VERB",):
            continue
        children = list(verb.children)
        if any(c.lower_ in _MODALS for c in children):
            continue
        if any(c.dep_ == "neg" or normalise_word(c.text) in negators for c in children):
            return True
    return False


def answers(
    quotation: Quotation, previous: list[tuple[Quotation, StanceGuess | None]], tokens: list[Token], lex: StanceLexicon
) -> bool:
    """Whether the quote is a denial answering a charge against its speaker made just before."""
    if not quotation.speaker_name or not any(normalise_word(t.text) in lex.negators for t in tokens):
        return False
    speaker = clean_name(quotation.speaker_name).lower().split()[-1:]
    for earlier, guess in reversed(previous):
        if quotation.start - earlier.end > _ANSWER_DISTANCE:
            break
        if guess is None or guess.target is None or earlier.speaker_name == quotation.speaker_name:
            continue
        if guess.stance == lex.charge and speaker and guess.target.name.lower().split()[-1:] == speaker:
            return True
    return False
