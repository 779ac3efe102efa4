"""Attribution: tie quoted fragments and reported clauses to their cue and speaker.

Works on one processed Doc. Quote marks are found on the raw text; cues with the spaCy
matcher; only the few tokens around each quote or cue are visited in Python, never the whole
document, so the finder adds little to the cost of the pipeline itself.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..domain.quote_kind import stands_alone
from .colons import colon_speaker, roundup_paragraphs
from .complements import according_to_content, contiguous_ranges, is_passive, noun_complement, verb_complement
from .context import Attribution, DocContext, alnum_count, char_ranges
from .cues import CueLexicon
from .runs import cut_nested, inherit
from .speakers import Mention, according_to_source, mention_of

_SENTENCE_END = frozenset({".", "!", "?"})
_AFTER_WINDOW = 14
_BEFORE_WINDOW = 30
_QUOTED_SHARE = 0.5  # a complement at least this much in quote marks is that direct quote ...
_PARAPHRASE_CHARS = 5  # ... unless this many letters of paraphrase around the marks make it a mixed quote
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}):\s+")


def attribute(doc: Doc, lexicon: CueLexicon) -> list[Attribution]:
    """Every attribution of ``doc``: reported clauses first, then quotes, then inheritance."""
    ctx = DocContext(doc, lexicon)
    owner: dict[int, int] = {}  # fragment -> attribution
    direct_cue: dict[int, Span] = {}  # fragment -> cue whose complement it is
    atts: list[Attribution] = []
    if ctx.parsed:
        _reported_clauses(ctx, atts, owner, direct_cue)
    _quoted_fragments(ctx, atts, owner, direct_cue)
    inherit(ctx, atts, owner)
    if ctx.parsed:
        roundup_paragraphs(ctx, atts)
    cut_nested(atts, ctx.text)
    if ctx.datelines:
        for a in atts:
            a.ranges = ctx.without_datelines(a.ranges)
            if a.speaker is not None and ctx.in_dateline(a.speaker.start, a.speaker.end):
                a.speaker, a.speaker_token = None, None
    return [a for a in atts if a.ranges]


def _nested_subject(ctx: DocContext, fi: int, cue: Span | None) -> Token | None:
    """The subject standing right before a partial quote, unless a cue's complement governs it."""
    tokens = ctx.tokens_of(ctx.fragments[fi])
    root = tokens.root
    before = ctx.doc[tokens.start - 2] if tokens.start >= 2 else None
    if before is None or before.dep_ not in _SUBJECT_DEPS or before.head.i != root.i:
        return None
    if root.head.i in ctx.cue_verbs or (cue is not None and root.head.i == cue.root.i and not ctx.is_noun_cue(cue)):
        return None
    # "said she expects the council "to ..."": a chain of clauses up to a cue verb reports the cue's
    # speaker; inside a noun's clause ("the claim that he "did not ..."") the subject speaks
    head = root.head
    while head.i != head.head.i and head.pos_ in ("VERB", "AUX") and head.dep_ in ("ccomp", "xcomp", "conj"):
        if head.head.i in ctx.cue_verbs:
            return None
        head = head.head
    return before


def _reported_clauses(
    ctx: DocContext, atts: list[Attribution], owner: dict[int, int], direct_cue: dict[int, Span]
) -> None:
    doc, text = ctx.doc, ctx.text
    for cue in ctx.cues:
        base = ctx.lexicon.base_form(cue)
        if base == "according to":
            if cue[0].head.i in ctx.cue_verbs:
                continue  # "..., Mr. X told reporters, according to Reuters": a second-hand source
            indices = according_to_content(cue, text) if according_to_source(cue) is not None else []
        elif ctx.is_noun_cue(cue):
            indices = noun_complement(cue, text)
        else:
            indices = verb_complement(cue, ctx.lexicon.frames_of(base), text, ctx.is_speech_noun)
        if not indices:
            continue
        ranges = char_ranges(doc, contiguous_ranges(indices))
        total = sum(alnum_count(text, s, e) for s, e in ranges)
        overlapping = sorted({fi for s, e in ranges for fi in ctx.fragments_overlapping(s, e)})
        quoted = sum(
            alnum_count(text, max(s, ctx.f_starts[fi]), min(e, ctx.f_ends[fi]))
            for s, e in ranges
            for fi in overlapping
            if ctx.f_starts[fi] < e and s < ctx.f_ends[fi]
        )
        if total < 4:
            continue
        if (
            overlapping
            and quoted / total >= _QUOTED_SHARE
            and not _paraphrased(ctx, cue, ranges, overlapping, total - quoted)
        ):
            for fi in overlapping:
                direct_cue.setdefault(fi, cue)
            continue
        consumed = [fi for fi in overlapping if fi not in owner and _nested_subject(ctx, fi, cue) is None]
        if consumed:
            lo = min(ranges[0][0], ctx.f_starts[consumed[0]])
            hi = max(ranges[-1][1], ctx.f_ends[consumed[-1]])
            ranges = [(lo, hi)] if len(ranges) == 1 else _merge(ranges + [(lo, hi)])
        token, mention = ctx.speaker_for(cue)
        att = Attribution(ranges, "mixed" if consumed else "indirect", cue, token, mention)
        for fi in consumed:
            owner[fi] = len(atts)
        atts.append(att)


def _paraphrased(
    ctx: DocContext, cue: Span, ranges: list[tuple[int, int]], overlapping: list[int], unquoted: int
) -> bool:
    """``says voter fraud "would be ..."``: words of the reporter's own around a quoted fragment.

    The complement is then a mixed quote (paraphrase and fragment together), not the fragment
    alone; a leading ``that`` does not count, nor do words of another sentence. Only a cue before
    the quote reports in the reporter's words (``"...," she said`` is a direct quote).
    """
    if unquoted < _PARAPHRASE_CHARS or cue.end_char > ctx.f_starts[overlapping[0]]:
        return False
    start = ranges[0][0]
    if ctx.text.startswith(("that ", "That "), start):
        unquoted -= 4
    first = ctx.f_starts[overlapping[0]]
    return unquoted >= _PARAPHRASE_CHARS and not any(c in ".!?" for c in ctx.text[start:first])


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _after_cue(ctx: DocContext, fi: int, tokens: Span) -> Span | None:
    """``"...," he said``: a cue right after the closing mark, before the sentence ends."""
    doc, fragment = ctx.doc, ctx.fragments[fi]
    content = ctx.text[fragment.start : fragment.end].rstrip("\"”'’ ")
    if content.endswith(".") or not fragment.closed:
        return None
    last = tokens.end
    limit = min(len(doc), last + _AFTER_WINDOW)
    next_fragment = ctx.f_starts[fi + 1] if fi + 1 < len(ctx.fragments) else len(ctx.text)
    for i in range(last, limit):
        t = doc[i]
        if t.idx >= next_fragment or "\n" in t.text or (t.text in _SENTENCE_END and i > last):
            limit = i
            break
    found = ctx.cues_between(last, limit - 1)
    if found and ctx.parsed and is_passive(found[0].root):
        return None  # '"Harbour Song," posted on the website, ...': the quoted words are a title
    return found[0] if found else None


def _before_cue(ctx: DocContext, fi: int, tokens: Span) -> tuple[Span | None, bool]:
    """A cue earlier in the sentence, and whether the quote starts it or follows ``,`` or ``:``."""
    doc = ctx.doc
    first = tokens.start
    standalone = stands_alone(ctx.text, doc[first].idx)  # the product's one rule (domain.quote_kind)
    lo = first
    previous_end = ctx.f_ends[fi - 1] if fi > 0 else -1
    while lo > 0 and first - lo < _BEFORE_WINDOW:
        t = doc[lo - 1]
        if t.text in _SENTENCE_END or "\n" in t.text or t.idx < previous_end:
            break
        lo -= 1
    found = ctx.cues_between(lo, first - 1)
    return (found[-1] if found else None), standalone


def _transcript_speaker(ctx: DocContext, fi: int) -> Attribution | None:
    """``"HOST: Will you run again?"``: a transcript turn names its speaker before a colon."""
    fragment = ctx.fragments[fi]
    if not ctx.opens_paragraph(fragment.start):
        return None  # 'The leaflet "FAQ: How to ..."' is a title, not a turn
    match = _TRANSCRIPT_LABEL.match(ctx.text, fragment.start, fragment.end)
    if match is None:
        return None
    label = ctx.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
    cue = ctx.doc.char_span(match.end(1), match.end(1) + 1, alignment_mode="expand")
    if label is None:
        return None
    mention = Mention(match.start(1), match.end(1), match.group(1), None)
    return Attribution([(match.end(), fragment.end)], "direct", cue, label.root, mention, fragments=[fi])


def _object_of(ctx: DocContext, tokens: Span, cue: Span) -> bool:
    """Whether the quoted words lie in the cue verb's object, a shape its frames did not report."""
    if not ctx.parsed:
        return False
    token = tokens.root
    for _ in range(12):
        if token.head.i == cue.root.i:
            return token.dep_ in ("dobj", "obj", "dative")
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _subject_start(ctx: DocContext, tokens: Span) -> int:
    """``The country "has made ..."``: a mixed quote starts at the subject of its quoted words."""
    before = ctx.doc[tokens.start - 2] if tokens.start >= 2 else None
    fragment_start = ctx.doc[tokens.start].idx
    if before is None or before.dep_ not in _SUBJECT_DEPS or before.head.i != tokens.root.i:
        return fragment_start
    if ctx.doc[tokens.start - 1].text not in ('"', "“", "'", "‘", "``"):
        return fragment_start
    first = before.left_edge
    if first.i < tokens.start - 8 or ctx.fragment_at(first.idx) is not None:
        return fragment_start
    return first.idx


def _colon_quote(ctx: DocContext, fi: int, tokens: Span) -> Attribution | None:
    """``X put it bluntly: "..."``, ``Name, affiliation: "..."``: a sentence quoted after a colon."""
    fragment = ctx.fragments[fi]
    content = ctx.text[fragment.start : fragment.end].rstrip("\"”'’ ")
    if len(content.split()) < 3 or not (content[-1:] in _SENTENCE_END or _ends_paragraph(ctx, fragment.end)):
        return None  # a title or a name in quotation marks after a colon is not speech
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None  # 'a record: "eleven wins and no losses."' lists, it does not speak
    found = colon_speaker(ctx, tokens.start, 0)
    if found is None:
        return None
    cue, speaker = found
    return Attribution([(fragment.start, fragment.end)], "direct", cue, speaker, mention_of(speaker), fragments=[fi])


def _ends_paragraph(ctx: DocContext, position: int) -> bool:
    rest = ctx.text[position : ctx.text.find("\n", position) if "\n" in ctx.text[position:] else len(ctx.text)]
    return not rest.strip("\"”'’ .")


def _quoted_fragments(
    ctx: DocContext, atts: list[Attribution], owner: dict[int, int], direct_cue: dict[int, Span]
) -> None:
    for fi, fragment in enumerate(ctx.fragments):
        if fi in owner:
            continue
        turn = _transcript_speaker(ctx, fi)
        if turn is not None:
            owner[fi] = len(atts)
            atts.append(turn)
            continue
        tokens = ctx.tokens_of(fragment)
        before, standalone = _before_cue(ctx, fi, tokens)
        kind = "direct" if standalone and not fragment.single else "mixed"
        after_cue = _after_cue(ctx, fi, tokens)
        if not standalone:  # a partial quote belongs to the cue whose complement holds it
            cue = direct_cue.get(fi) or after_cue
        elif after_cue is None and before is not None and tokens.start - before.end <= 3:
            cue = before  # 'adding, "..."' and 'said: "..."'
        else:
            cue = after_cue or direct_cue.get(fi)
        after = cue is not None and cue is after_cue
        if cue is None and ctx.parsed and standalone and (before is None or tokens.start - before.end > 3):
            introduced = _colon_quote(ctx, fi, tokens)
            if introduced is not None:
                owner[fi] = len(atts)
                atts.append(introduced)
                continue
        if cue is None and ctx.parsed:
            subject = _nested_subject(ctx, fi, None)
            if subject is not None:
                owner[fi] = len(atts)
                atts.append(
                    Attribution(
                        [(fragment.start, fragment.end)], "mixed", None, subject, mention_of(subject), fragments=[fi]
                    )
                )
                continue
        if cue is None and before is not None and not standalone and _object_of(ctx, tokens, before):
            continue  # 'posted the lyrics of "Harbour Song"': quoted words inside a plain object
        cue = cue or before
        if cue is None:
            continue
        token, mention = ctx.speaker_for(cue, after_quote=after)
        owner[fi] = len(atts)
        start = _subject_start(ctx, tokens) if kind == "mixed" and ctx.parsed else fragment.start
        atts.append(Attribution([(start, fragment.end)], kind, cue, token, mention, fragments=[fi]))
