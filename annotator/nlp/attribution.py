"""Attribution: tie quoted fragments and reported clauses to their cue and speaker.

Works on one processed Doc. Quote marks are found on the raw text; cues with the spaCy
matcher; only the few tokens around each quote or cue are visited in Python, never the whole
document, so the finder adds little to the cost of the pipeline itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .complements import according_to_content, contiguous_ranges, verb_complement
from .cues import CueLexicon
from .marks import QuotedFragment, find_fragments
from .speakers import Mention, according_to_source, mention_of, nearby_mention, subject_of

_SENTENCE_END = frozenset({".", "!", "?"})
_AFTER_WINDOW = 14
_BEFORE_WINDOW = 30
_QUOTED_SHARE = 0.5  # a complement at least this much in quote marks is that direct quote
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class Attribution:
    """A quotation under construction: character ranges, kind, cue and speaker."""

    ranges: list[tuple[int, int]]
    kind: str
    cue: Span | None = None
    speaker_token: Token | None = None
    speaker: Mention | None = None
    nested_in: int | None = None
    fragments: list[int] = field(default_factory=list)


def _alnum(text: str, start: int, end: int) -> int:
    return sum(1 for c in text[start:end] if c.isalnum())


def _char_ranges(doc: Doc, token_ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in token_ranges]


class _Context:
    """Per-document look-ups shared by the attribution steps."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.parsed = doc.has_annotation("DEP")
        self.fragments = find_fragments(self.text)
        self.f_starts = [f.start for f in self.fragments]
        self.f_ends = [f.end for f in self.fragments]
        tagged = doc.has_annotation("TAG")
        self.cues = [c for c in lexicon.find(doc) if self._valid(c, tagged)]
        self.cue_starts = [c.start for c in self.cues]
        self.cue_verbs = {c.root.i for c in self.cues}

    def _valid(self, cue: Span, tagged: bool) -> bool:
        if self.fragment_at(cue.start_char) is not None:
            return False
        if self.lexicon.base_form(cue) == "according to":
            return True
        return not tagged or cue[0].tag_.startswith("VB")

    def fragment_at(self, position: int) -> int | None:
        i = bisect_right(self.f_starts, position) - 1
        return i if i >= 0 and position < self.f_ends[i] + 1 else None

    def fragments_overlapping(self, start: int, end: int) -> list[int]:
        lo = max(0, bisect_right(self.f_ends, start))
        hi = bisect_left(self.f_starts, end)
        return list(range(lo, hi))

    def tokens_of(self, fragment: QuotedFragment) -> Span:
        span = self.doc.char_span(fragment.start, fragment.end, alignment_mode="expand")
        assert span is not None
        return span

    def cues_between(self, first: int, last: int) -> list[Span]:
        return self.cues[bisect_left(self.cue_starts, first) : bisect_left(self.cue_starts, last + 1)]

    def speaker_for(self, cue: Span, after_quote: bool | None = None) -> tuple[Token | None, Mention | None]:
        if self.parsed:
            if self.lexicon.base_form(cue) == "according to":
                token = according_to_source(cue)
            else:
                token = subject_of(cue.root, self.cue_verbs)
            return token, mention_of(token) if token is not None else None
        mention = nearby_mention(self.doc, cue, after=False) if after_quote else None
        return None, mention or nearby_mention(self.doc, cue, after=True)


def attribute(doc: Doc, lexicon: CueLexicon) -> list[Attribution]:
    """Every attribution of ``doc``: reported clauses first, then quotes, then inheritance."""
    ctx = _Context(doc, lexicon)
    owner: dict[int, int] = {}  # fragment -> attribution
    direct_cue: dict[int, Span] = {}  # fragment -> cue whose complement it is
    atts: list[Attribution] = []
    if ctx.parsed:
        _reported_clauses(ctx, atts, owner, direct_cue)
    _quoted_fragments(ctx, atts, owner, direct_cue)
    _inherit(ctx, atts, owner)
    _cut_nested(atts, ctx.text)
    return [a for a in atts if a.ranges]


def _nested_subject(ctx: _Context, fi: int, cue: Span | None) -> Token | None:
    """The subject standing right before a partial quote, unless a cue's complement governs it."""
    tokens = ctx.tokens_of(ctx.fragments[fi])
    root = tokens.root
    before = ctx.doc[tokens.start - 2] if tokens.start >= 2 else None
    if before is None or before.dep_ not in _SUBJECT_DEPS or before.head.i != root.i:
        return None
    if root.head.i in ctx.cue_verbs or (cue is not None and root.head.i == cue.root.i):
        return None
    return before


def _reported_clauses(
    ctx: _Context, atts: list[Attribution], owner: dict[int, int], direct_cue: dict[int, Span]
) -> None:
    doc, text = ctx.doc, ctx.text
    for cue in ctx.cues:
        base = ctx.lexicon.base_form(cue)
        if base == "according to":
            if cue[0].head.i in ctx.cue_verbs:
                continue  # "..., Mr. X told reporters, according to Reuters": a second-hand source
            indices = according_to_content(cue, text)
        else:
            indices = verb_complement(cue, base, text)
        if not indices:
            continue
        ranges = _char_ranges(doc, contiguous_ranges(indices))
        total = sum(_alnum(text, s, e) for s, e in ranges)
        overlapping = sorted({fi for s, e in ranges for fi in ctx.fragments_overlapping(s, e)})
        quoted = sum(
            _alnum(text, max(s, ctx.f_starts[fi]), min(e, ctx.f_ends[fi]))
            for s, e in ranges
            for fi in overlapping
            if ctx.f_starts[fi] < e and s < ctx.f_ends[fi]
        )
        if total < 4:
            continue
        if overlapping and quoted / total >= _QUOTED_SHARE:
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


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _after_cue(ctx: _Context, fi: int, tokens: Span) -> Span | None:
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
    return found[0] if found else None


def _before_cue(ctx: _Context, fi: int, tokens: Span) -> tuple[Span | None, bool]:
    """A cue earlier in the sentence, and whether the quote starts it or follows ``,`` or ``:``."""
    doc = ctx.doc
    first = tokens.start
    i = first - 1
    while i >= 0 and doc[i].text in ('"', "“", "'", "‘", "``", "''") or (i >= 0 and doc[i].is_space):
        i -= 1
    standalone = (
        i < 0 or doc[i].text in (",", ":", "—", "–", "-") or doc[i].text in _SENTENCE_END or "\n" in doc[i].text
    )
    lo = first
    previous_end = ctx.f_ends[fi - 1] if fi > 0 else -1
    while lo > 0 and first - lo < _BEFORE_WINDOW:
        t = doc[lo - 1]
        if t.text in _SENTENCE_END or "\n" in t.text or t.idx < previous_end:
            break
        lo -= 1
    found = ctx.cues_between(lo, first - 1)
    return (found[-1] if found else None), standalone


def _quoted_fragments(
    ctx: _Context, atts: list[Attribution], owner: dict[int, int], direct_cue: dict[int, Span]
) -> None:
    for fi, fragment in enumerate(ctx.fragments):
        if fi in owner:
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
        cue = cue or before
        if cue is None:
            continue
        token, mention = ctx.speaker_for(cue, after_quote=after)
        owner[fi] = len(atts)
        atts.append(Attribution([(fragment.start, fragment.end)], kind, cue, token, mention, fragments=[fi]))


def _inherit(ctx: _Context, atts: list[Attribution], owner: dict[int, int]) -> None:
    """Fragments without their own cue join their run, their paragraph or the paragraph before."""
    frags = ctx.fragments
    for fi, fragment in enumerate(frags):
        if fi in owner:
            continue
        mate = next((owner[j] for j in range(len(frags)) if frags[j].run == fragment.run and j in owner), None)
        if mate is None and fi > 0 and frags[fi - 1].paragraph == fragment.paragraph and fi - 1 in owner:
            mate = owner[fi - 1]
        if mate is not None and atts[mate].fragments:
            atts[mate].ranges.append((fragment.start, fragment.end))
            atts[mate].fragments.append(fi)
            owner[fi] = mate
            continue
        paragraph_start = ctx.text.rfind("\n", 0, fragment.start) + 1
        opens_paragraph = not ctx.text[paragraph_start : fragment.start].strip("\"“'‘ \t")
        previous = _last_in_previous_paragraph(ctx, atts, paragraph_start) if opens_paragraph else None
        if previous is not None:
            owner[fi] = len(atts)
            atts.append(
                Attribution(
                    [(fragment.start, fragment.end)],
                    "direct",
                    None,
                    previous.speaker_token,
                    previous.speaker,
                    fragments=[fi],
                )
            )
        elif opens_paragraph and len(ctx.text[fragment.start : fragment.end].split()) >= 3:
            owner[fi] = len(atts)
            atts.append(Attribution([(fragment.start, fragment.end)], "direct", fragments=[fi]))


def _last_in_previous_paragraph(ctx: _Context, atts: list[Attribution], paragraph_start: int) -> Attribution | None:
    text = ctx.text
    end = paragraph_start - 1
    while end > 0 and not text[text.rfind("\n", 0, end) + 1 : end].strip():
        end = text.rfind("\n", 0, end)
        if end < 0:
            return None
    start = text.rfind("\n", 0, max(end, 0)) + 1
    candidates = [a for a in atts if a.speaker is not None and any(start <= s < end for s, _ in a.ranges)]
    return max(candidates, key=lambda a: max(s for s, _ in a.ranges), default=None)


def _cut_nested(atts: list[Attribution], text: str) -> None:
    """Cut an attribution's ranges around other attributions' quotes lying inside them."""
    quoted = [(s, e, n) for n, a in enumerate(atts) if a.fragments for s, e in a.ranges]
    for n, att in enumerate(atts):
        if att.fragments:
            continue
        pieces = list(att.ranges)
        for s, e, m in quoted:
            if m == n:
                continue
            cut: list[tuple[int, int]] = []
            for ps, pe in pieces:
                if s < pe and ps < e and not (s <= ps and pe <= e and att.kind == "mixed"):
                    cut += [(ps, s), (e, pe)]
                else:
                    cut.append((ps, pe))
            pieces = [(a, b) for a, b in cut if b > a]
        att.ranges = [_strip(text, p) for p in pieces if p[1] - p[0] > 1]
        att.ranges = [r for r in att.ranges if r[1] > r[0]]


def _strip(text: str, piece: tuple[int, int]) -> tuple[int, int]:
    """A piece without the white space, commas and orphan quote marks left at its edges by cutting."""
    s, e = piece
    while s < e and text and not (text[s].isalnum() or text[s] in "[($"):
        s += 1
    while e > s and text and not (text[e - 1].isalnum() or text[e - 1] in ".?!)]%"):
        e -= 1
    return s, e
