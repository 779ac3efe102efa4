"""Quotes introduced by a colon: after any verb phrase with a subject, and in round-up paragraphs.

Also ``She continued, "..."``: a quote after a comma that follows a verb without an object.

``The mayor put it bluntly: "..."`` and ``X had one message for them: "..."`` name their speaker
as the subject of the clause before the colon, whatever its verb: the colon and the quotation
marks are the cue, not the lexicon. A round-up paragraph opens with a person (and what they are:
``Lena Ortiz, a nurse from Dayton: ...``) and a colon; in quotation marks one such paragraph is
enough, without them at least two paragraphs of the article must have that shape, so that a
lone ``Correction: ...`` or ``Sources: ...`` line is never taken for speech.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .complements import is_passive
from .context import Attribution, DocContext
from .speakers import mention_of, subject_of

_OPENERS = ('"', "“", "'", "‘", "``")
_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NOT_SUBJECTS = frozenset({"it", "this", "that", "there", "what", "which", "here"})
_PREFIX_TOKENS = 16
_ROUNDUP = re.compile(r"^([^:\n\"“”]{3,160}?):[ \t]+(\S[^\n]*)$", re.MULTILINE)


def _stretch(ctx: DocContext, colon: int, floor: int) -> Span:
    """The tokens before the colon, back to the start of the sentence or paragraph."""
    doc = ctx.doc
    lo = colon
    while lo > floor and colon - lo < _PREFIX_TOKENS:
        t = doc[lo - 1]
        if t.text in (".", "!", "?", ":", ";") or "\n" in t.text or t.text in _OPENERS or t.text in ("”", "’", "''"):
            break
        lo -= 1
    return doc[lo:colon]


def _tops(stretch: Span) -> list[Token]:
    return [t for t in stretch if not (stretch.start <= t.head.i < stretch.end) or t.head.i == t.i]


def _person(token: Token) -> bool:
    return token.ent_type_ in _SPEAKER_ENTITIES or token.pos_ == "PRON" and token.lower_ not in _NOT_SUBJECTS


def colon_speaker(ctx: DocContext, first: int, floor: int) -> tuple[Span | None, Token] | None:
    """``(cue, speaker)`` of a quote starting at token ``first`` right after ``X did Y:``, else ``None``.

    The cue is the verb of the clause before the colon (``None`` in a round-up line, where the
    person and their affiliation stand alone before the colon).
    """
    doc = ctx.doc
    colon = first - 1
    while colon >= 0 and doc[colon].text in _OPENERS or (colon >= 0 and doc[colon].is_space):
        colon -= 1
    if colon >= 1 and doc[colon].text == ",":
        return _comma_speaker(ctx, colon)
    if colon < 1 or not doc[colon].text.endswith(":"):  # ":" or "):" after "(D-Ore.)"
        return None
    stretch = _stretch(ctx, colon, floor)
    if len(stretch) == 0:
        return None
    for top in _tops(stretch):
        if top.pos_ in ("VERB", "AUX"):
            subject = next((c for c in top.children if c.dep_ in ("nsubj", "nsubjpass") and c.i >= stretch.start), None)
            if subject is None or subject.lower_ in _NOT_SUBJECTS or subject.is_punct:
                continue
            if subject.ent_type_ or subject.pos_ in ("PROPN", "PRON", "NOUN"):
                return doc[top.i : top.i + 1], subject
        if top.ent_type_ == "PERSON" and stretch.start == floor_of_paragraph(ctx, stretch.start):
            return None, top
    return None


def _comma_speaker(ctx: DocContext, comma: int) -> tuple[Span | None, Token] | None:
    """``She continued, "..."``, ``while chanting, "..."``: a verb without an object, then a comma."""
    verb = ctx.doc[comma - 1]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp") and c.i < comma]
    if verb.pos_ != "VERB" or is_passive(verb) or objects:
        return None
    subject = subject_of(verb, ctx.cue_verbs)
    if subject is None or subject.lower_ in _NOT_SUBJECTS or subject.is_punct or subject.i > verb.i:
        return None
    return ctx.doc[verb.i : verb.i + 1], subject


def floor_of_paragraph(ctx: DocContext, token_index: int) -> int:
    """The first token of the paragraph holding ``token_index``."""
    doc = ctx.doc
    i = token_index
    while i > 0 and "\n" not in doc[i - 1].text:
        i -= 1
    return i


def roundup_paragraphs(ctx: DocContext, atts: list[Attribution]) -> None:
    """``Name, affiliation: words`` paragraphs without quotation marks, when the article has several."""
    found: list[tuple[int, int, Token]] = []
    for match in _ROUNDUP.finditer(ctx.text):
        if ctx.fragments_overlapping(match.start(), match.end()):
            continue
        prefix = ctx.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if prefix is None or len(prefix) > _PREFIX_TOKENS:
            continue
        person = next((t for t in _tops(prefix) if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"), None)
        if person is not None and len(match.group(2).split()) >= 4:
            found.append((match.start(2), match.end(2), person))
    if len(found) < 2:
        return
    # a cue inside a round-up line is part of what the person said
    atts[:] = [
        a for a in atts if a.fragments or not all(any(s <= rs and re <= e for s, e, _ in found) for rs, re in a.ranges)
    ]
    for start, end, person in found:
        end = len(ctx.text[:end].rstrip())
        atts.append(Attribution([(start, end)], "direct", None, person, mention_of(person)))
