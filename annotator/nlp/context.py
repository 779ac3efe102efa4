"""The working state of attribution on one Doc: fragments, cues, look-ups, attributions under construction."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .cues import CueLexicon
from .marks import QuotedFragment, find_fragments
from .speakers import Mention, according_to_source, mention_of, nearby_mention, noun_speaker, subject_of

# "MARENHOLM —", "WASHINGTON (AP) —", "PARIS, March 3 —" opening a paragraph
DATELINE = re.compile(
    r"^([A-Z][A-Z.'\-]+(?:[ ,]+[A-Z][A-Za-z.'\-]*)*(?:,? [A-Z][a-z]{2,}\.? \d{1,2})?(?: ?\([A-Za-z. ]+\))? ?(?:—|–|--) ?)",
    re.MULTILINE,
)


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


def alnum_count(text: str, start: int, end: int) -> int:
    return sum(1 for c in text[start:end] if c.isalnum())


def char_ranges(doc: Doc, token_ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in token_ranges]


class DocContext:
    """Per-document look-ups shared by the attribution steps."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.parsed = doc.has_annotation("DEP")
        self.fragments = find_fragments(self.text)
        self.datelines = [m.span(1) for m in DATELINE.finditer(self.text)]
        self.f_starts = [f.start for f in self.fragments]
        self.f_ends = [f.end for f in self.fragments]
        tagged = doc.has_annotation("TAG")
        self.cues = [c for c in lexicon.find(doc) if self._valid(c, tagged)]
        self.cue_starts = [c.start for c in self.cues]
        # a quote's own subject speaks inside a speech noun's clause: "her claim that she 'never ...'"
        self.cue_verbs = {c.root.i for c in self.cues if not self.is_noun_cue(c)}

    def _valid(self, cue: Span, tagged: bool) -> bool:
        if self.fragment_at(cue.start_char) is not None:
            return False
        if self.lexicon.base_form(cue) == "according to":
            return True
        # "Trump claims that ...": a verb tagged as a plural noun still has its subject, a name or
        # pronoun ("Insurance claims from the flood reached ..." is a noun with a compound)
        if not tagged or cue[0].tag_.startswith("VB"):
            return True
        if any(c.dep_ == "nsubj" and (c.pos_ in ("PROPN", "PRON") or c.ent_type_) for c in cue[0].children):
            return True
        return self.parsed and self.is_noun_cue(cue) and noun_speaker(cue[0]) is not None  # "her warning that"

    def is_noun_cue(self, cue: Span) -> bool:
        """``her warning``, ``his answer``: a speech noun (not a verb the tagger took for a noun)."""
        word = cue[0]
        return (
            len(cue) == 1
            and word.tag_.startswith("NN")
            and self.lexicon.is_noun(word.text)
            and not any(c.dep_ == "nsubj" for c in word.children)
        )

    def without_datelines(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Ranges with any dateline cut off their start: a dateline is never part of a quote."""
        out = []
        for s, e in ranges:
            for ds, de in self.datelines:
                if ds <= s < de:
                    s = de
            if e > s:
                out.append((s, e))
        return out

    def opens_paragraph(self, position: int) -> bool:
        """Only quote marks and spaces stand between the paragraph start and ``position``."""
        start = self.text.rfind("\n", 0, position) + 1
        return not self.text[start:position].strip("\"“'‘ \t")

    def reads_as_speech(self, fragment: QuotedFragment) -> bool:
        """Quoted words that close a sentence or clause (``"We will win."``, ``"We will win,"``),
        or close their paragraph, rather than a title used in a sentence (``"Storm Warning" flashed``)."""
        content = self.text[fragment.start : fragment.end].rstrip("\"”'’ ")
        if content[-1:] in (".", "!", "?", ",", ";", ":", "—", "…"):
            return True
        line_end = self.text.find("\n", fragment.end)
        rest = self.text[fragment.end : len(self.text) if line_end < 0 else line_end]
        return not rest.strip("\"”'’ .")

    def in_dateline(self, start: int, end: int) -> bool:
        return any(ds < end and start < de for ds, de in self.datelines)

    def is_speech_noun(self, token: Token) -> bool:
        """``claim``, ``remarks``: a noun of the lexicon's ``noun`` frame."""
        return token.tag_.startswith("NN") and self.lexicon.is_noun(token.text)

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
            elif self.is_noun_cue(cue):
                token = noun_speaker(cue[0])
            else:
                token = subject_of(cue.root, self.cue_verbs)
            return token, mention_of(token) if token is not None else None
        mention = nearby_mention(self.doc, cue, after=False) if after_quote else None
        return None, mention or nearby_mention(self.doc, cue, after=True)
