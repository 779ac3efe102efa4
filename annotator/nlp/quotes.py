"""The quotation finder: direct, mixed and indirect quotations with their cue and speaker.

Rules, not a trained model, so that every suggestion can be explained:

* direct: text in quotation marks (see :mod:`.marks`), attributed by the cue right after it
  (``"...," he said``), the cue whose complement it is, or a cue before it (``adding, "..."``);
  fragments of a split quote or of a quote running over paragraphs share one attribution;
  a paragraph that is only a quote inherits the speaker of the paragraph before.
* mixed: a partial quote inside reported speech (``said she "never approved ..."``), or quoted words
  whose subject stands just before the mark (``the claim that she "had no part ..."``).
* introduced by a colon: after any clause with a subject (``X put it bluntly: "..."``) or in
  round-up paragraphs (``Name, affiliation: ...``), see :mod:`.colons`.
* indirect: the complement of a reporting verb in a frame the verb takes (see :mod:`.complements`
  and the frames in ``resources/cues.txt``), the clause of a speech noun (``her warning that
  ...``) or ``according to X``.

Datelines and the time phrases of the saying are never part of a quote or a speaker.

Results are plain :class:`Quotation` values, also written to ``doc.spans`` (``quotes`` labelled
by kind, ``cues``, ``speakers``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from .attribution import attribute
from .context import Attribution
from .cues import CueLexicon
from .names import NameResolver, pronoun_gender
from .speakers import Mention, mention_of

DIRECT, INDIRECT, MIXED = "direct", "indirect", "mixed"


@dataclass(frozen=True)
class Cue:
    """The word or phrase that attributes a quotation: ``said``, ``told``, ``according to``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quotation:
    """One attribution: its quoted fragments (several when split), kind, speaker mention and cue.

    ``speaker_name`` is the person or body meant (``he`` -> ``Ruth Adler``); ``None`` when the
    source is unknown.
    """

    fragments: tuple[tuple[int, int], ...]
    kind: str
    speaker: Mention | None = None
    cue: Cue | None = None
    speaker_name: str | None = None

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class QuoteFinder:
    """Finds quotations in processed docs; cue words come from ``resources/cues.txt`` plus extra files."""

    lexicon: CueLexicon = field(default_factory=CueLexicon.load)

    @classmethod
    def with_cue_files(cls, extra_files: Iterable[Path | str]) -> QuoteFinder:
        return cls(CueLexicon.load(extra_files))

    def __call__(self, doc: Doc) -> list[Quotation]:
        return self.find(doc)

    def find(self, doc: Doc) -> list[Quotation]:
        """The quotations of ``doc`` in reading order; also stored in ``doc.spans``."""
        attributions = attribute(doc, self.lexicon)
        quoted = [r for a in attributions if a.kind != INDIRECT for r in a.ranges]
        resolver = NameResolver(doc, quoted)
        quotations = [self._quotation(doc, a, resolver) for a in attributions]
        quotations = [q for q in quotations if q.fragments]
        quotations.sort(key=lambda q: (q.start, q.end))
        _store_spans(doc, quotations)
        return quotations

    @staticmethod
    def _quotation(doc: Doc, att: Attribution, resolver: NameResolver) -> Quotation:
        cue = Cue(att.cue.start_char, att.cue.end_char, att.cue.text) if att.cue is not None else None
        name = speaker_name(att.speaker, att.speaker_token, resolver) if att.speaker is not None else None
        return Quotation(tuple(sorted(att.ranges)), att.kind, att.speaker, cue, name)


def speaker_name(mention: Mention, token: Token | None, resolver: NameResolver) -> str:
    """The person or body a mention means: full names for people, the text as written otherwise."""
    text = mention.text
    if token is not None and token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":
        antecedent = mention_of(token.head.head)  # "officials who said": the officials
        if antecedent is not None:
            return speaker_name(antecedent, token.head.head, resolver)
    if pronoun_gender(text) is not None:
        return resolver.pronoun(text, mention.start) or text
    if mention.entity_label is not None or (token is not None and token.pos_ == "PROPN"):
        return resolver.full_name(text, mention.start) or text
    return text


def _store_spans(doc: Doc, quotations: list[Quotation]) -> None:
    quotes: list[Span] = []
    cues: list[Span] = []
    speakers: list[Span] = []
    for n, q in enumerate(quotations):
        for start, end in q.fragments:
            span = doc.char_span(start, end, label=q.kind, alignment_mode="expand", span_id=f"quote-{n}")
            if span is not None:
                quotes.append(span)
        for part, group in ((q.cue, cues), (q.speaker, speakers)):
            if part is not None:
                span = doc.char_span(
                    part.start,
                    part.end,
                    label="CUE" if group is cues else "SPEAKER",
                    alignment_mode="expand",
                    span_id=f"quote-{n}",
                )
                if span is not None:
                    group.append(span)
    doc.spans["quotes"] = quotes
    doc.spans["cues"] = cues
    doc.spans["speakers"] = speakers
