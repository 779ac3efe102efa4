"""Actor stances: an actor taking a stance in the reporter's words, without a quote.

*Several **Green** lawmakers demanded the minister's resignation*, *Democrats **praised** Pelosi*:
the guidelines put the stance on the actor's own span, aimed at the target. Found from the parse:
a verb of the stance lexicon's cues (not the cue of a quotation) whose subject is, or is
qualified by, a named entity, and whose object names another one (the target).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython, no stub
from spacy.tokens import Doc, Span, Token

from .stance_lexicon import MAX_PHRASE, StanceLexicon, normalise_word
from .targets import TargetChooser, TargetMention

ACTOR_CONFIDENCE = 0.6  # one cue, no quote to read: as sure as a quote with a stance cue alone
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class ActorStance:
    """A stance of the actor entity at ``[start, end)`` toward ``target``."""

    start: int
    end: int
    label: str
    stance: str
    confidence: float
    target: TargetMention
    cue: str


def actor_stances(
    doc: Doc,
    lexicon: StanceLexicon,
    chooser: TargetChooser,
    quote_cues: Iterable[tuple[int, int]],
    allowed: set[str],
) -> list[ActorStance]:
    """Every actor stance of ``doc``, in reading order; ``quote_cues`` are the quotations' cue ranges."""
    if not doc.has_annotation("DEP"):
        return []
    taken = [range(s, e) for s, e in quote_cues]
    entity_of = {t.i: e for e in doc.ents if e.label_ in _ACTOR_LABELS for t in e}
    out: list[ActorStance] = []
    for first, end, stance in _cue_matches(doc, lexicon):
        if stance == lexicon.default or stance not in allowed:
            continue
        verb = doc[first]
        if not verb.tag_.startswith("VB") or any(verb.idx in r for r in taken):
            continue
        actor = _actor(verb, entity_of)
        if actor is None:
            continue
        target = _target(verb, doc[first:end], actor, entity_of, chooser)
        if target is None:
            continue
        out.append(
            ActorStance(
                actor.start_char, actor.end_char, actor.label_, stance, ACTOR_CONFIDENCE, target, doc[first:end].text
            )
        )
    return out


def _cue_matches(doc: Doc, lexicon: StanceLexicon) -> list[tuple[int, int, str]]:
    """Stance cues anywhere in ``doc``: candidate first words picked in C (token hashes), phrases checked after."""
    firsts = {hash_string(words[0]) for words in lexicon.cues}
    lowers = doc.to_array(LOWER)
    found: list[tuple[int, int, str]] = []
    for i in numpy.flatnonzero(numpy.isin(lowers, list(firsts))):
        window = [normalise_word(t.text) for t in doc[int(i) : int(i) + MAX_PHRASE]]
        match = next(iter(lexicon.matches(window, lexicon.cues)), None)
        if match is not None and match[0] == 0:
            found.append((int(i), int(i) + match[1], match[2]))
    return found


def _actor(verb: Token, entity_of: dict[int, Span]) -> Span | None:
    """The entity that is the verb's subject, or qualifies it (``Green lawmakers``, ``who`` -> its noun)."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ == "relcl":
        subject = verb.head
    if subject is None:
        return None
    if subject.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
        subject = verb.head
    if subject.i in entity_of:
        return entity_of[subject.i]
    for child in subject.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i in entity_of:
            return entity_of[child.i]
    return None


def _target(
    verb: Token, phrase: Span, actor: Span, entity_of: dict[int, Span], chooser: TargetChooser
) -> TargetMention | None:
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    objects += [c for t in phrase for c in t.children if c.dep_ == "pobj"]
    for obj in objects:  # the object itself or its owner ("the minister's resignation"), nothing deeper
        for t in (obj, *(c for c in obj.children if c.dep_ in ("poss", "compound"))):
            ent = entity_of.get(t.i)
            if ent is not None and ent.start != actor.start and ent.label_ != "GPE":
                return chooser.mention_of(ent, f"object of {verb.text!r}")
    return None
