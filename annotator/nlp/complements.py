"""What a reporting verb reports: the complement of a cue, read off the dependency parse.

Only the shapes in which a verb reports speech or thought count, as its *frames* in the cue
lexicon say (``resources/cues.txt``): every cue takes a clausal complement (``ccomp``: *said the
plan would fail*; ``xcomp``: *urged the council to act*); a parenthetical cue reports the clause it
interrupts (*The plan, she said, would fail*); some verbs also report an object with a
prepositional predicate: ``of``/``for`` (*accused the mayor of corruption*), ``-ing`` variants that
need a gerund (*praised the mayor for acting quickly*, not *praised the plan for its cost*),
``as`` (*dismissed the report as a smear*) and ``as-someone``, whose object must be a person or
group (*described her as a liar*, not *described the painting as a rare example*). A bare object
is never what was said (*posted a photo*, *reported record profits*). ``according to S, [X]``
reports its sentence. Time phrases and datelines at the edges are not part of what was said.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .cues import CLAUSE

_CLAUSES = frozenset({"ccomp", "xcomp"})
_OBJECTS = frozenset({"dobj", "oprd", "obj"})
_ANIMATE_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PERSONAL = frozenset({"him", "her", "them", "me", "us", "you", "himself", "herself", "themselves", "it"})
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon. tue. tues. wed. thu. thurs. fri. sat. sun.".split()
)
_TIME_WORDS = WEEKDAYS | frozenset(
    "today tonight yesterday tomorrow morning afternoon evening night week weekend month year earlier later "
    "ago recently".split()
)
_NOUN_PREPS = frozenset({"about", "on", "over", "against"})
_ADVERBIAL = frozenset({"prep", "npadvmod", "advmod", "tmod", "obl"})


def _subtree_indices(token: Token) -> range:
    return range(token.left_edge.i, token.right_edge.i + 1)


def _trim(indices: list[int], sentence: Span, cue: Span, text: str) -> list[int]:
    """Keep the indices in the cue's sentence and paragraph, without punctuation at the edges.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    doc = sentence.doc
    para_start = text.rfind("\n", 0, cue.start_char) + 1
    para_end = text.find("\n", cue.end_char)
    para_end = len(text) if para_end < 0 else para_end
    kept = [i for i in indices if sentence.start <= i < sentence.end and para_start <= doc[i].idx < para_end]
    while kept and (doc[kept[0]].is_punct or doc[kept[0]].is_space or doc[kept[0]].dep_ == "cc"):
        if doc[kept[0]].text in ('"', "“", "'", "‘") and len(kept) > 1:
            break
        kept.pop(0)
    while kept and (
        doc[kept[-1]].is_space or (doc[kept[-1]].is_punct and doc[kept[-1]].text not in ('"', "”", "'", "’"))
    ):
        kept.pop()
    return kept


def is_time(token: Token) -> bool:
    """A word of a time phrase: a DATE or TIME entity, a weekday, ``yesterday``, ``last week``."""
    return token.ent_type_ in ("DATE", "TIME") or token.lower_ in _TIME_WORDS


def _time_phrase(token: Token, kept: set[int]) -> range | None:
    """The adverbial time phrase (``on Thursday``, ``last week``) headed by an ancestor of ``token``."""
    head = token
    while head.dep_ not in _ADVERBIAL and head.head.i != head.i and head.head.i in kept:
        head = head.head
    span = range(head.left_edge.i, head.right_edge.i + 1)
    if head.dep_ not in _ADVERBIAL or len(span) > 6 or not all(i in kept for i in span):
        return None
    words = [t for t in token.doc[span.start : span.stop] if not t.is_punct]
    if any(is_time(t) for t in words) and all(is_time(t) or t.pos_ in ("ADP", "DET", "ADJ", "NUM") for t in words):
        return span
    return None


def _strip_time_edges(indices: list[int], doc: Doc) -> list[int]:
    """Drop the time phrases of the act of saying from a complement's edges.

    ``said on Thursday [he ...]`` and ``[...], on Thursday`` when the parser hung them on the
    reported clause; a time phrase inside the clause (``would resign on Thursday``) is what was said.
    """
    kept = list(indices)
    for _ in range(4):
        changed = False
        for edge in (0, -1):
            if not kept:
                return kept
            phrase = _time_phrase(doc[kept[edge]], set(kept))
            if phrase is not None and edge == -1 and (phrase.start == 0 or doc[phrase.start - 1].text != ","):
                phrase = None
            if phrase is not None and len(phrase) < len(kept):
                kept = [i for i in kept if i not in phrase]
                changed = True
            while kept and doc[kept[edge]].is_punct and doc[kept[edge]].text not in ('"', "“", "”", "'", "’", "‘"):
                kept.pop(edge)
        if not changed:
            break
    return kept


def is_passive(verb: Token) -> bool:
    """``was asked about``, ``when told of``: the subject is the addressee, not the speaker."""
    deps = {c.dep_ for c in verb.children}
    if "agent" in deps:
        return False
    if "auxpass" in deps or "nsubjpass" in deps:
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "amod", "relcl") and "aux" not in deps


def _has_subject(clause: Token) -> bool:
    """A finite verb heading a reported clause needs a subject; other heads (a misparsed headline) pass."""
    if clause.tag_ not in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children
    ):
        return True
    return any(c.dep_ == "conj" and _has_subject(c) for c in clause.children)


def _animate(token: Token) -> bool:
    return token.ent_type_ in _ANIMATE_ENTITIES or token.lower_ in _PERSONAL


def _gerund(prep: Token) -> bool:
    return any(c.dep_ == "pcomp" or (c.dep_ == "pobj" and c.tag_ == "VBG") for c in prep.children)


def _takes(prep: Token, frames: frozenset[str], obj: Token | None) -> bool:
    """Whether a prepositional phrase after a cue verb fits one of the verb's frames."""
    word = prep.lower_
    if word in frames and (obj is not None or word not in ("of", "for", "as")):
        return True
    if word == "as" and "as-someone" in frames and obj is not None and _animate(obj):
        return True
    return f"{word}-ing" in frames and _gerund(prep)


def _predicate(
    verb: Token, children: list[Token], frames: frozenset[str], speech_noun: Callable[[Token], bool]
) -> set[int]:
    """``accused [the mayor of lying]``: an object and a prepositional predicate the frames allow.

    A bare object is reported only by a verb with the ``object`` frame (``denied [the report]``),
    ``object-someone`` with a person or group (``attacked [the senator]``), or when it is itself
    something said (``rejected [that argument]``, ``mocked [the complaint]``).
    """
    obj = next((c for c in children if c.dep_ in _OBJECTS and c.i > verb.i), None)
    candidates = [c for c in children if c.dep_ == "prep" and c.i > verb.i]
    if obj is not None:  # the parser often hangs "for ..." on the object instead of the verb
        candidates += [c for c in obj.children if c.dep_ == "prep"]
    preps = [p for p in candidates if _takes(p, frames, obj) and not all(is_time(t) for t in p.subtree if t.i != p.i)]
    if not preps:
        if obj is None or not (
            "object" in frames or ("object-someone" in frames and _animate(obj)) or speech_noun(obj)
        ):
            return set()
        return set(_subtree_indices(obj))
    parts = ([obj] if obj is not None else []) + preps
    # one predicate from the object to its last phrase: "mocked [the fuss over X as Y]"
    return set(range(min(c.left_edge.i for c in parts), max(c.right_edge.i for c in parts) + 1))


def verb_complement(
    cue: Span, frames: frozenset[str], text: str, speech_noun: Callable[[Token], bool] = lambda t: False
) -> list[int]:
    """Token indices of what the cue verb reports, in order; empty when it reports nothing."""
    verb = cue.root
    if is_passive(verb):
        return []
    sentence = verb.sent
    children = [c for t in cue for c in t.children if c.i not in range(cue.start, cue.end)]
    # a clausal complement states something: it has a subject ("claims [reached $1 billion]" does not)
    clauses = [c for c in children if c.dep_ == "xcomp" or (c.dep_ == "ccomp" and _has_subject(c))]
    clauses = clauses if CLAUSE in frames else []
    indices: set[int] = set()
    if clauses:
        for c in clauses:
            indices.update(_subtree_indices(c))
        for c in children:
            if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i:
                indices.update(_subtree_indices(c))
    elif verb.dep_ == "parataxis" and verb.head.i != verb.i:
        skip = set(_subtree_indices(verb))
        indices.update(i for i in _subtree_indices(verb.head) if i not in skip)
    else:
        indices = _predicate(verb, children, frames, speech_noun)
    indices.difference_update(range(cue.start, cue.end))
    kept = _trim(sorted(indices), sentence, cue, text)
    return _trim(_strip_time_edges(kept, cue.doc), sentence, cue, text)


def noun_complement(cue: Span, text: str) -> list[int]:
    """What a speech noun reports: its that-clause (``the claim [that X]``), its topic (``his comment
    [about X]``) or what follows its colon (``her answer: [X]``)."""
    noun = cue.root
    sentence = noun.sent
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "appos") and child.i > noun.i:
            marks = [c for c in child.children if c.dep_ == "mark" and c.lower_ == "that"]
            if marks:
                indices = [i for i in _subtree_indices(child) if i != marks[0].i]
                return _trim(indices, sentence, cue, text)
    for child in noun.children:  # "his comment about X", "her warning over X"
        if child.dep_ == "prep" and child.lower_ in _NOUN_PREPS and child.i > noun.i and len(list(child.children)):
            if not all(is_time(t) for t in child.subtree if t.i != child.i):
                return _trim(list(_subtree_indices(child)), sentence, cue, text)
    colon = next((t for t in cue.doc[cue.end : min(sentence.end, cue.end + 4)] if t.text == ":"), None)
    if colon is None or any(t.is_sent_start for t in cue.doc[cue.end : colon.i + 1]):
        return []
    indices = list(range(colon.i + 1, sentence.end))
    return _trim(indices, sentence, cue, text)


def according_to_content(cue: Span, text: str) -> list[int]:
    """Token indices of the statement an ``according to X`` phrase attributes to X."""
    according = cue[0]
    head = according.head
    if head.i == according.i:
        return []
    sentence = according.sent
    if head.dep_ not in ("ROOT",) and head.head.i != head.i:
        # attached to a noun or an inner clause: the whole sentence is still what X reports
        head = sentence.root
    skip = set(_subtree_indices(according))
    kept = _trim([i for i in _subtree_indices(head) if i not in skip], sentence, cue, text)
    return _trim(_strip_time_edges(kept, cue.doc), sentence, cue, text)


def contiguous_ranges(indices: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive token indices as half-open ``(start, end)`` pairs."""
    ranges: list[tuple[int, int]] = []
    for i in indices:
        if ranges and ranges[-1][1] == i:
            ranges[-1] = (ranges[-1][0], i + 1)
        else:
            ranges.append((i, i + 1))
    return ranges
