"""Who might have said a quote, and what a stance might be about: candidate lists for the quote tools.

Plain Python (no Qt) so that the ranking is tested on its own and shared by every front end; the
name rules (titles, pronouns, the longest form of a name) are :mod:`annotator.domain.names`. Candidates come from the
annotator's spans, the model's pending suggestions, and a simple rule that finds pronouns and
"a spokeswoman"-like noun phrases near the quote (mentions no entity recogniser finds).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..domain import Annotations, Span
from .mention_context import MentionContext
from .mentions import Mention

#: Labels of spans that can speak. GPE is included for "Russia says"; it ranks after people.
SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "SPEAKER", "GPE")
_LESS_LIKELY = ("GPE",)
#: How far (code points) a subject may sit from its cue and still count as the cue's subject.
CUE_REACH = 40

_PRONOUN = re.compile(r"\b(?:he|she|they|we)\b", re.IGNORECASE)
_ROLE_NOUNS = (
    "spokesman|spokeswoman|spokesperson|spokespeople|official|officials|aide|aides|adviser|advisers|advisor|"
    "minister|lawmaker|lawmakers|senator|diplomat|diplomats|source|sources|analyst|analysts|critic|critics|"
    "embassy|ministry|administration|government|campaign|lawyer|attorney|president|leader|leaders"
)
_ROLE_PHRASE = re.compile(rf"\b(?:an?|the|one|two|several|some|other)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLE_NOUNS})\b",
                          re.IGNORECASE)
_NAME_BEFORE = re.compile(r"((?:Mr|Mrs|Ms|Dr|Sen|Rep)\.\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*$")
_NAME_AFTER = re.compile(r"^\s*((?:Mr|Mrs|Ms|Dr|Sen|Rep)\.\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")


@dataclass(frozen=True)
class Candidate:
    """One mention offered in a popup: where it is, what it says, and why it ranks where it does."""

    mention: Mention
    text: str
    reason: str
    span_id: str | None = None  # the annotator's own span, when it is one
    context: MentionContext | None = None  # sentence, distance and person, for the pickers

    @property
    def is_suggestion(self) -> bool:
        return self.mention.suggestion_id is not None


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """The line (news paragraph) around ``position`` as ``[start, end)``."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def _span_mentions(state: Annotations, pending: Sequence[Span], labels: Sequence[str]) -> list[Candidate]:
    found: dict[tuple[int, int], Candidate] = {}
    for span in state.sorted_spans():
        if span.label in labels:
            found.setdefault((span.start, span.end), Candidate(Mention(span.start, span.end, span.label), "", "", span.id))
    for span in pending:
        if span.label in labels:
            found.setdefault(
                (span.start, span.end), Candidate(Mention(span.start, span.end, span.label, span.id), "", "")
            )
    return list(found.values())


def _rule_mentions(text: str, lo: int, hi: int, taken: Iterable[tuple[int, int]]) -> list[Candidate]:
    """Pronouns and role phrases in ``text[lo:hi]`` that no span covers yet."""
    taken = list(taken)
    out: list[Candidate] = []
    for pattern in (_ROLE_PHRASE, _PRONOUN):
        for match in pattern.finditer(text, lo, hi):
            start, end = match.start(), match.end()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            out.append(Candidate(Mention(start, end, "SPEAKER"), "", ""))
    return out


def _names_at_cue(text: str, cue: Span | None, taken: Iterable[tuple[int, int]]) -> list[Candidate]:
    """A capitalised name right before or right after the cue ("Peskov told", "said Adam Schiff") that no
    span covers: names the entity recogniser missed. Offered as a new PERSON."""
    if cue is None:
        return []
    taken = list(taken)
    out = []
    before = _NAME_BEFORE.search(text, max(0, cue.start - 60), cue.start)
    after = _NAME_AFTER.match(text[cue.end:cue.end + 60])
    found = []
    if before:
        found.append((before.start(2), before.end(2)))
    if after:
        found.append((cue.end + after.start(2), cue.end + after.end(2)))
    for start, end in found:
        if not any(start < b and a < end for a, b in taken):
            out.append(Candidate(Mention(start, end, "PERSON"), "", ""))
    return out


def _quote_ranges(state: Annotations, pending: Sequence[Span]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in (*state.spans, *pending) if s.label == "QUOTE"]


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return _SENTENCE_END.search(text, lo, hi) is None


def _inverted_subject(gap: str) -> bool:
    """Whether words between a cue and a mention still make it the cue's subject ("said Rep. Adam Schiff")."""
    return not re.search(r"[,;:!?\"“”]", gap) and len(gap.split()) <= 2


def cue_of(
    text: str, quote: Span, state: Annotations, model: Annotations | None, pending: Sequence[Span]) -> Span | None:
    """The quote's linked cue, else the nearest cue span (own or suggested) in its paragraph."""
    layer = model if quote.is_suggestion and model is not None else state
    linked = layer.linked(quote.id, "CUE")
    if linked is not None:
        return linked
    p_start, p_end = paragraph_bounds(text, quote.start)
    cues = [s for s in (*state.spans, *pending) if s.label == "CUE" and p_start <= s.start < p_end]
    if not cues:
        return None
    return min(cues, key=lambda c: min(abs(c.start - quote.end), abs(quote.start - c.end)))


def speaker_candidates(
    text: str, quote: Span, state: Annotations, pending: Sequence[Span], cue: Span | None
) -> list[Candidate]:
    """Mentions that may be the speaker of ``quote``, most likely first.

    Rank: the subject next to the cue ("said Rep. Adam Schiff", "Mr. Peskov told"), then the
    nearest mention before the quote in its paragraph, then the rest of the paragraph, then
    earlier paragraphs nearest first. Mentions inside quotations are left out.
    """
    p_start, p_end = paragraph_bounds(text, quote.start)
    quotes = _quote_ranges(state, pending) + [(quote.start, quote.end)]
    spans = _span_mentions(state, pending, SPEAKER_LABELS)
    lo = text.rfind("\n", 0, max(p_start - 1, 0)) + 1 if p_start > 0 else 0
    covered = [(c.mention.start, c.mention.end) for c in spans]
    rules = _names_at_cue(text, cue, covered)
    rules += _rule_mentions(text, lo, p_end, covered + [(c.mention.start, c.mention.end) for c in rules])

    quotes.sort()
    quote_starts = [a for a, _ in quotes]
    reach = list(itertools.accumulate((b for _, b in quotes), max))

    def inside_quote(c: Candidate) -> bool:
        # Some quote starting at or before the mention reaches its end: one bisection, not a walk.
        i = bisect.bisect_right(quote_starts, c.mention.start) - 1
        return i >= 0 and reach[i] >= c.mention.end

    ranked: list[tuple[tuple[int, int, int], Candidate]] = []
    for cand in spans + rules:
        m = cand.mention
        if inside_quote(cand) or m.start < lo:
            continue
        same_paragraph = p_start <= m.start < p_end
        less = int(m.label in _LESS_LIKELY)
        if cue is not None and same_paragraph and 0 <= m.start - cue.end <= CUE_REACH \
                and _inverted_subject(text[cue.end:m.start]):
            key, reason = (0, less, m.start - cue.end), "after the cue"
        elif cue is not None and same_paragraph and 0 <= cue.start - m.end <= CUE_REACH \
                and _same_sentence(text, m.end, cue.start):
            key, reason = (1, less, cue.start - m.end), "subject of the cue"
        elif same_paragraph and m.end <= quote.start:
            key, reason = (2, less, quote.start - m.end), "before the quote"
        elif same_paragraph:
            key, reason = (3, less, abs(m.start - quote.end)), "in the paragraph"
        elif m.end <= quote.start:
            key, reason = (4, less, quote.start - m.end), "previous paragraph"
        else:
            continue
        ranked.append((key, Candidate(cand.mention, text[m.start:m.end], reason, cand.span_id)))
    ranked.sort(key=lambda item: item[0])
    return [c for _, c in ranked]


def target_candidates(
    text: str, span: Span, state: Annotations, pending: Sequence[Span], extra_labels: Sequence[str] = ()
) -> list[Candidate]:
    """Every entity or speaker mention of the article a stance could be about, nearest to ``span`` first.
    ``extra_labels``: the codebook's other span labels a stance may be about (a team's own labels)."""
    labels = tuple(dict.fromkeys((*SPEAKER_LABELS, "LOC", "FAC", "EVENT", *extra_labels)))
    out = []
    for cand in _span_mentions(state, pending, labels):
        if cand.span_id == span.id:
            continue
        m = cand.mention
        out.append(Candidate(m, text[m.start:m.end], m.label, cand.span_id))
    out.sort(key=lambda c: abs(c.mention.start - span.start))
    return out


def cue_candidates(text: str, quote: Span, state: Annotations, pending: Sequence[Span]) -> list[Candidate]:
    """Cue spans (own or suggested) of the quote's paragraph and the one before, nearest first."""
    p_start, p_end = paragraph_bounds(text, quote.start)
    lo = paragraph_bounds(text, p_start - 1)[0] if p_start > 0 else 0
    out = []
    for cand in _span_mentions(state, pending, ("CUE",)):
        m = cand.mention
        if lo <= m.start < p_end:
            distance = m.start - quote.end if m.start >= quote.end else quote.start - m.end
            reason = "after the quote" if m.start >= quote.end else "before the quote"
            out.append((abs(distance), Candidate(m, text[m.start:m.end], reason, cand.span_id)))
    out.sort(key=lambda item: item[0])
    return [c for _, c in out]
