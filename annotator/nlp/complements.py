"""What a reporting verb reports: the complement of a cue, read off the dependency parse.

``Peskov said on Thursday [he was unaware that ...]`` (clausal complement), ``urged officials
[to act]`` (open complement), ``accused [him of lying]`` and ``mocked [X as Y]`` (object and
its prepositional predicate), ``[Crops are withering], he noted`` (complement before the cue),
``[X is true], he said, [and Y]`` (a parenthetical cue), ``according to S, [X]``.
Adverbials of time and place (``on Thursday``, ``in a statement``) are not part of what was said.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

_CLAUSES = frozenset({"ccomp", "xcomp"})
_OBJECTS = frozenset({"dobj", "oprd", "obj"})
_PREDICATE_PREPS = frozenset({"of", "for", "as", "about", "over", "that", "against"})
# verbs whose object is the addressee: the object alone is not what was said
_ADDRESSEE_VERBS = frozenset(
    {"tell", "ask", "inform", "assure", "urge", "warn", "advise", "thank", "congratulate", "caution", "beg", "answer"}
)
_EDGE_JUNK = frozenset({"punct", "cc", "mark_comma"})


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


def _time_adverbials(clause: Token) -> set[int]:
    """``said on Friday he ...``: a time phrase the parser hung on the reported clause, before its subject."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None:
        return set()
    drop: set[int] = set()
    for left in clause.lefts:
        if left.i >= subject.i or left.dep_ not in ("prep", "npadvmod", "advmod", "punct"):
            continue
        if left.dep_ == "punct" or any(t.ent_type_ in ("DATE", "TIME") for t in left.subtree):
            drop.update(_subtree_indices(left))
    return drop


def is_passive(verb: Token) -> bool:
    """``was asked about``, ``when told of``: the subject is the addressee, not the speaker."""
    deps = {c.dep_ for c in verb.children}
    if "agent" in deps:
        return False
    if "auxpass" in deps or "nsubjpass" in deps:
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "amod", "relcl") and "aux" not in deps


def verb_complement(cue: Span, base_form: str, text: str) -> list[int]:
    """Token indices of what the cue verb reports, in order; empty when it reports nothing."""
    verb = cue.root
    if is_passive(verb):
        return []
    sentence = verb.sent
    children = [c for c in verb.children if c.i not in range(cue.start, cue.end)]
    clauses = [c for c in children if c.dep_ in _CLAUSES]
    indices: set[int] = set()
    if clauses:
        for c in clauses:
            indices.update(_subtree_indices(c))
            indices.difference_update(_time_adverbials(c))
        for c in children:
            if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i:
                indices.update(_subtree_indices(c))
    elif verb.dep_ == "parataxis" and verb.head.i != verb.i:
        skip = set(_subtree_indices(verb))
        indices.update(i for i in _subtree_indices(verb.head) if i not in skip)
    else:
        objects = [c for c in children if c.dep_ in _OBJECTS and c.i > verb.i]
        preps = [c for c in children if c.dep_ == "prep" and c.lower_ in _PREDICATE_PREPS and c.i > verb.i]
        if base_form.split()[0] in _ADDRESSEE_VERBS and not preps:
            return []
        for c in objects + preps:
            indices.update(_subtree_indices(c))
    indices.difference_update(range(cue.start, cue.end))
    return _trim(sorted(indices), sentence, cue, text)


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
    return _trim([i for i in _subtree_indices(head) if i not in skip], sentence, cue, text)


def contiguous_ranges(indices: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive token indices as half-open ``(start, end)`` pairs."""
    ranges: list[tuple[int, int]] = []
    for i in indices:
        if ranges and ranges[-1][1] == i:
            ranges[-1] = (ranges[-1][0], i + 1)
        else:
            ranges.append((i, i + 1))
    return ranges
