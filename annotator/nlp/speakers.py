"""Speaker mentions: who a cue attributes words to, read off the dependency parse.

The speaker of a reporting verb is its subject (``Mr. Okafor told``, inverted ``said Rep. Ruth
Adler``); a verb without its own subject (``..., adding``; ``and warned``) borrows the subject of
the verb it hangs from; ``who said`` gives the noun the relative clause belongs to; ``according
to X`` and passive ``by X`` give X. The mention is the name as written: the entity when the head
word lies in one (plus a title just before it), otherwise the noun phrase up to its head word.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .complements import is_time
from .names import TITLES

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB = frozenset({"conj", "xcomp", "advcl", "pcomp", "acl", "ccomp", "parataxis"})
_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_MENTION_PARTS = frozenset({"compound", "det", "amod", "poss", "nmod", "nummod", "case", "quantmod", "advmod"})
_BAD_HEADS = frozenset({"this", "there", "what", "here"})


@dataclass(frozen=True)
class Mention:
    """A speaker mention as written: character offsets, text and entity label (if a named entity)."""

    start: int
    end: int
    text: str
    entity_label: str | None = None


def _entity_bounds(doc: Doc, token: Token) -> tuple[int, int] | None:
    if not token.ent_type_:
        return None
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def mention_of(token: Token) -> Mention | None:
    """The mention headed by ``token``: its entity, else its noun phrase up to the head word."""
    doc = token.doc
    if token.lower_ in _BAD_HEADS or token.is_punct or token.is_space or is_time(token):
        return None  # "Monday said ...": a time phrase is never a speaker
    bounds = _entity_bounds(doc, token)
    if bounds is not None and doc[bounds[0]].ent_type_ in _SPEAKER_ENTITIES:
        start, end = bounds
        while (
            start > 0
            and doc[start - 1].is_title
            and doc[start - 1].lower_ in TITLES
            and doc[start - 1].head.i == token.i
        ):
            start -= 1
        span: Span = doc[start:end]
        return Mention(span.start_char, span.end_char, span.text, doc[bounds[0]].ent_type_)
    start = token.i
    for left in reversed(list(token.lefts)):
        if left.dep_ not in _MENTION_PARTS or left.is_punct or left.right_edge.i >= token.i:
            break
        start = left.left_edge.i
    while start < token.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    span = doc[start : token.i + 1]
    return Mention(span.start_char, span.end_char, span.text, None)


def subject_of(verb: Token, cue_verbs: set[int], max_steps: int = 4) -> Token | None:
    """The subject a reporting verb attributes to, climbing through verbs without a subject.

    ``cue_verbs`` (token indices of other cues) lets ``"...," he said, adding "..."`` climb from
    ``adding`` past a quoted clause straight to the cue whose subject speaks.
    """
    token = verb
    for _ in range(max_steps):
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.dep_ == "nsubjpass":
                agent = next((c for c in token.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    return pobj
            return subject  # a relative pronoun ("officials who said") is the mention as written
        if token.dep_ == "relcl":
            return token.head
        if token.dep_ not in _CLIMB or token.head is token:
            return None
        head = token.head
        # a participle hanging off the quoted clause of another cue: that cue's subject speaks
        if token.dep_ in ("advcl", "conj") and head.dep_ == "ccomp" and head.head.i in cue_verbs:
            head = head.head
        token = head
    return None


_MAKING_DEPS = frozenset({"dobj", "attr", "pobj", "nsubjpass"})


def noun_speaker(noun: Token) -> Token | None:
    """Who a speech noun belongs to: ``[her] warning``, ``the claim [by X]``, ``[X] issued a statement``."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.ent_type_ in _SPEAKER_ENTITIES or pobj.pos_ in ("PROPN", "PRON")):
                return pobj
    if noun.dep_ in _MAKING_DEPS:
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if verb.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in _BAD_HEADS | {"it"} and not subject.is_punct:
                return subject
    return None


def according_to_source(cue: Span) -> Token | None:
    """X of ``according to X``: the object of the preposition that ends the phrase.

    A bare singular common noun is a standard, not a source (``according to plan``, ``sorted
    according to size``); ``according to officials`` and ``according to the report`` are sources.
    """
    last = cue[-1]
    source = next((c for c in last.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    if source.tag_ == "NN" and not source.ent_type_ and not any(c.dep_ in ("det", "poss") for c in source.children):
        return None
    return source


def nearby_mention(doc: Doc, cue: Span, after: bool) -> Mention | None:
    """Without a parser: the capitalised words or pronoun next to the cue (``he said``, ``said Mr. X``)."""
    if after:
        tokens = [t for t in doc[cue.end : cue.end + 5]]
    else:
        tokens = list(reversed(doc[max(0, cue.start - 5) : cue.start]))
    picked: list[Token] = []
    for t in tokens:
        if t.is_punct or t.is_space or not (t.is_title or t.is_upper or t.lower_ in ("he", "she", "they")):
            break
        picked.append(t)
        if t.lower_ in ("he", "she", "they"):
            break
    if not picked:
        return None
    first, last = min(picked, key=lambda t: t.i), max(picked, key=lambda t: t.i)
    span = doc[first.i : last.i + 1]
    return Mention(span.start_char, span.end_char, span.text, None)
