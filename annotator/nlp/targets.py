"""Targets of stances: which mention of the article a quotation's stance is about.

The guidelines' order of preference, read off the parse rather than from word lists:

1. the speaker, when the speaker defends themselves (``I never met ...``);
2. the object of a stance cue (``accused **him** of``, ``mocked controversy over **Sessions**``);
3. a name inside the quote, its grammatical subject first, then its objects, then the others;
4. a pronoun inside the quote that stands for somebody other than the speaker (resolved to the
   nearest earlier mention of that person);
5. a name elsewhere in the quote's sentence.

Only named mentions (entities) are offered, so that every target is a span the layer already has,
and never the speaker's own name (except in case 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .names import NameResolver, clean_name, pronoun_gender
from .quotes import Quotation

#: Entity labels a stance can be aimed at: people, groups, organisations (places are not targets).
TARGET_LABELS = ("PERSON", "ORG", "NORP")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "poss", "attr", "appos"})
_OBJECT_SEARCH = 8  # tokens of the cue object's subtree searched for a name


@dataclass(frozen=True)
class TargetMention:
    """A target: the entity mention's offsets, its label and the name of whom it means."""

    start: int
    end: int
    label: str
    name: str
    why: str = ""


class TargetChooser:
    """Chooses targets in one doc; built once per doc (entities and names are indexed once)."""

    def __init__(self, doc: Doc, resolver: NameResolver) -> None:
        self.doc = doc
        self.resolver = resolver
        self.ents = [e for e in doc.ents if e.label_ in TARGET_LABELS and clean_name(e.text)]
        self._ent_of_token = {t.i: e for e in self.ents for t in e}

    # -- naming ---------------------------------------------------------------------------
    def name_of(self, ent: Span) -> str:
        name = clean_name(ent.text)
        return self.resolver.full_name(name, ent.start_char) if ent.label_ == "PERSON" or " " not in name else name

    def _mention(self, ent: Span, why: str) -> TargetMention:
        return TargetMention(ent.start_char, ent.end_char, ent.label_, self.name_of(ent), why)

    def _is_speaker(self, ent: Span, quotation: Quotation) -> bool:
        m = quotation.speaker
        if m is not None and ent.start_char < m.end and m.start < ent.end_char:
            return True
        if not quotation.speaker_name:
            return False
        speaker = clean_name(quotation.speaker_name).lower().split()
        name = self.name_of(ent).lower().split()
        return bool(speaker and name) and speaker[-1] == name[-1]

    # -- choosing -------------------------------------------------------------------------
    def choose(
        self, quotation: Quotation, tokens: list[Token], cue: Span | None, speaker_is_target: bool = False
    ) -> TargetMention | None:
        """The target of ``quotation``'s stance, or ``None`` when no mention fits."""
        if speaker_is_target:
            found = self._speaker(quotation)
            if found is not None:
                return found
        inside = {t.i for t in tokens}
        if cue is not None:
            found = self._cue_object(quotation, cue, inside)
            if found is not None:
                return found
        found = self._named_inside(quotation, tokens)
        if found is not None:
            return found
        found = self._pronoun_inside(quotation, tokens)
        if found is not None:
            return found
        return self._in_sentence(quotation, tokens, inside)

    def _speaker(self, quotation: Quotation) -> TargetMention | None:
        m = quotation.speaker
        if m is not None:
            for ent in self.ents:
                if ent.start_char < m.end and m.start < ent.end_char:
                    return self._mention(ent, "the speaker defends themselves")
        if quotation.speaker_name:
            return self._latest_named(quotation.speaker_name, quotation.start, "the speaker defends themselves")
        return None

    def _latest_named(self, name: str, before: int, why: str) -> TargetMention | None:
        surname = clean_name(name).lower().split()[-1:]
        earlier = [e for e in self.ents if e.start_char < before and self.name_of(e).lower().split()[-1:] == surname]
        return self._mention(earlier[-1], why) if earlier else None

    def _cue_object(self, quotation: Quotation, cue: Span, inside: set[int]) -> TargetMention | None:
        root = cue.root
        objects = [c for c in root.children if c.dep_ in ("dobj", "dative") and c.i not in inside]
        for prep in (c for c in root.children if c.dep_ == "prep" and c.i not in inside):
            objects += [c for c in prep.children if c.dep_ == "pobj" and c.i not in inside]
        for obj in objects:
            if obj.i in self._ent_of_token and not self._is_speaker(self._ent_of_token[obj.i], quotation):
                return self._mention(self._ent_of_token[obj.i], f"object of the cue {cue.text!r}")
            if pronoun_gender(obj.text) is not None:
                name = self.resolver.pronoun(obj.text, obj.idx)
                if name:
                    found = self._latest_named(name, obj.idx, f"{obj.text!r}, object of the cue {cue.text!r}")
                    if found is not None:
                        return found
            for t in list(obj.subtree)[:_OBJECT_SEARCH]:
                ent = self._ent_of_token.get(t.i)
                if ent is not None and t.i not in inside and not self._is_speaker(ent, quotation):
                    return self._mention(ent, f"named in the object of the cue {cue.text!r}")
        return None

    def _named_inside(self, quotation: Quotation, tokens: list[Token]) -> TargetMention | None:
        ranked: list[tuple[int, int, Span]] = []
        seen: set[int] = set()
        for t in tokens:
            ent = self._ent_of_token.get(t.i)
            if ent is None or ent.start in seen or self._is_speaker(ent, quotation):
                continue
            seen.add(ent.start)
            role = ent.root.dep_
            rank = 0 if role in _SUBJECT_DEPS else 1 if role in _OBJECT_DEPS else 2
            ranked.append((rank, ent.start, ent))
        if not ranked:
            return None
        ranked.sort(key=lambda r: (r[0], r[1]))
        return self._mention(ranked[0][2], "named in the quote")

    def _pronoun_inside(self, quotation: Quotation, tokens: list[Token]) -> TargetMention | None:
        for t in tokens:
            if pronoun_gender(t.text) is None:
                continue
            name = self.resolver.pronoun(t.text, quotation.start)
            if not name or (
                quotation.speaker_name
                and clean_name(name).split()[-1:] == clean_name(quotation.speaker_name).split()[-1:]
            ):
                continue
            found = self._latest_named(name, quotation.start, f"{t.text!r} in the quote")
            if found is not None:
                return found
        return None

    def _in_sentence(self, quotation: Quotation, tokens: list[Token], inside: set[int]) -> TargetMention | None:
        if not tokens or not self.doc.has_annotation("SENT_START"):
            return None
        sentence = tokens[0].sent
        for ent in self.ents:
            if ent.start >= sentence.start and ent.end <= sentence.end and ent.start not in inside:
                if not self._is_speaker(ent, quotation):
                    return self._mention(ent, "named in the quote's sentence")
        return None
