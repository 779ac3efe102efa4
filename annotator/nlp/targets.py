"""Targets of stances: which mention of the article a quotation's stance is about.

The guidelines' order of preference, read off the parse rather than from word lists:

1. the speaker, when the speaker defends themselves (``I never met ...``);
2. the object of a stance cue (``accused **him** of``, ``mocked controversy over **Sessions**``);
3. a name inside the quote, its grammatical subject first, then its objects, then the others;
4. a pronoun inside the quote that stands for somebody other than the speaker (resolved to the
   nearest earlier mention of that person);
5. a name elsewhere in the quote's sentence;
6. the person the article is most about, other than the speaker (the one named most often): in
   political news a charge or a defence without a name in reach is usually about the main rival.

Only named mentions (entities) are offered, so that every target is a span the layer already has,
and never the speaker's own name (except in case 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .names import NameResolver, clean_name, missed_surnames, pronoun_gender
from .quotes import Quotation
from .stance_evidence import means_speaker
from .stance_lexicon import StanceLexicon, normalise_word

#: Entity labels a stance can be aimed at: people, groups, organisations (places are not targets).
TARGET_LABELS = ("PERSON", "ORG", "NORP")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "poss", "attr", "appos"})
_OBJECT_SEARCH = 8
_FIRST_PERSON = frozenset({"i", "me", "my", "myself"})
_ROLE_WINDOW = 6  # tokens before a speaker mention and after it searched for "X's spokeswoman"
_RECENT = 1500  # characters before a quote in which a pronoun's person was named  # tokens of the cue object's subtree searched for a name


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
        self._names: dict[tuple[int, int], str] = {}
        self.ents = [e for e in doc.ents if e.label_ in TARGET_LABELS and clean_name(e.text)]
        # A country named in the quote can be its target ("NATO member Estonia"), never by reach
        self._place_of_token = {t.i: e for e in doc.ents if e.label_ == "GPE" for t in e}
        self.ents = sorted(self.ents + missed_surnames(doc, self.ents), key=lambda e: e.start)
        self._ent_of_token = {t.i: e for e in self.ents for t in e}
        self.salience: dict[str, int] = {}
        for e in self.ents:
            key = self._key(e)
            self.salience[key] = self.salience.get(key, 0) + 1

    def is_person(self, ent: Span) -> bool:
        """A PERSON entity, or another whose name is a person's surname in this article (NER mixes them up)."""
        if ent.label_ == "PERSON":
            return True
        return " " not in clean_name(ent.text) and any(
            p.name.lower().split()[-1] == self._key(ent) for p in self.resolver.people if " " in p.name
        )

    def _key(self, ent: Span) -> str:
        words = self.name_of(ent).lower().split()
        return words[-1] if words else ""

    # -- naming ---------------------------------------------------------------------------
    def name_of(self, ent: Span) -> str:
        """Whom an entity means: the longest form of a person's name, else the name as written."""
        key = (ent.start, ent.end)
        if key not in self._names:
            name = clean_name(ent.text)
            full = ent.label_ == "PERSON" or " " not in name
            self._names[key] = self.resolver.full_name(name, ent.start_char) if full else name
        return self._names[key]

    def mention_of(self, ent: Span, why: str) -> TargetMention:
        """The target mention of an entity, with the name of whom it means."""
        return self._mention(ent, why)

    def _mention(self, ent: Span, why: str) -> TargetMention:
        head = ent.root.head
        if ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound") and head.i == ent.end and head.pos_ == "NOUN":
            group = self.doc[ent.start : head.i + 1]  # "American media", "Democratic lawmakers": the group
            return TargetMention(group.start_char, group.end_char, ent.label_, clean_name(group.text), why)
        return TargetMention(ent.start_char, ent.end_char, ent.label_, self.name_of(ent), why)

    def _is_speaker(self, ent: Span, quotation: Quotation) -> bool:
        m = quotation.speaker
        if m is not None and ent.start_char < m.end and m.start < ent.end_char:
            return True
        return self._same_name(ent, quotation)

    def _same_name(self, ent: Span, quotation: Quotation) -> bool:
        """Whether ``ent`` names the speaker (same surname as the speaker's name)."""
        if not quotation.speaker_name:
            return False
        speaker = clean_name(quotation.speaker_name).lower().split()
        name = self.name_of(ent).lower().split()
        return bool(speaker and name) and speaker[-1] == name[-1]

    # -- choosing -------------------------------------------------------------------------
    def choose(
        self,
        quotation: Quotation,
        tokens: list[Token],
        cue: Span | None,
        speaker_is_target: bool = False,
        self_defence: bool = False,
    ) -> TargetMention | None:
        """The target of ``quotation``'s stance, or ``None`` when no mention fits.

        ``speaker_is_target``: the speaker denies their own acts; ``self_defence``: the stance is a
        defence, so a quote about "me" with nobody else named defends the speaker.
        """
        if speaker_is_target:
            found = self._speaker(quotation)
            if found is not None:
                return found
        inside = {t.i for t in tokens}
        if cue is not None:
            found = self._cue_object(quotation, cue, inside)
            if found is not None:
                return found
        found = self.named_inside(quotation, tokens)
        if found is not None and found.label != "GPE":
            return found
        place, found = found, None
        if self_defence and any(
            t.lower_ in _FIRST_PERSON or (t.dep_ in _SUBJECT_DEPS and means_speaker(t, quotation, self.resolver))
            for t in tokens
        ):
            found = self._speaker(quotation)  # "those knocking me", "that makes me smart": about the speaker
            if found is not None:
                return found
        found = self._pronoun_inside(quotation, tokens) or place  # a person meant beats a place named
        if found is not None:
            return found
        found = self._clause_subject(quotation, tokens, inside, cue)
        if found is not None:
            return found
        found = self._in_sentence(quotation, tokens, inside)
        if found is not None:
            return found
        return self._most_salient(quotation)

    def _most_salient(self, quotation: Quotation) -> TargetMention | None:
        people = [e for e in self.ents if e.label_ == "PERSON" and e.start_char < quotation.start]
        people = [e for e in people if not self._is_speaker(e, quotation)]
        if not people:
            return None
        best = max(people, key=lambda e: (self.salience.get(self._key(e), 0), e.start_char))
        top = self.salience.get(self._key(best), 0)
        if top < 2:
            return None
        return self._mention(best, "the person the article names most, other than the speaker")

    def ally_of(
        self, quotation: Quotation, lexicon: StanceLexicon, inside: set[int] | frozenset[int] = frozenset()
    ) -> TargetMention | None:
        """Whom the speaker speaks for: a name next to an [ally roles] word around the speaker mention.

        ``Sessions spokeswoman Sarah Isgur Flores``, ``Rudy Giuliani, Trump's lawyer``, ``a spokesman
        for the Kremlin``: the name must not be the speaker's own, nor one in the quote (``inside``:
        its token indices), which is what the speaker talks about, not whom they speak for.
        """
        m = quotation.speaker
        if m is None:
            return None
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        lo = max(0, span.start - _ROLE_WINDOW)
        hi = min(len(self.doc), span.end + _ROLE_WINDOW)
        window = [t for t in self.doc[lo:hi] if not (t.is_quote or t.text in (".", "\n", "\n\n") or t.i in inside)]
        words = [normalise_word(t.text) for t in window]
        if not lexicon.matches(words, lexicon.ally_roles):
            return None
        near = [self._ent_of_token.get(t.i) for t in window]
        for ent in dict.fromkeys(e for e in near if e is not None):
            # the head of the speaker mention, not any name in it: "Trump campaign spokesman Jason Miller"
            named = self._same_name(ent, quotation) or (ent.start <= span.root.i < ent.end)
            if not named and self.is_person(ent):
                return self._mention(ent, "the speaker speaks for them")
        return None

    def subject_target(self, subject: Token, quotation: Quotation) -> TargetMention | None:
        """The mention a subject of the quote means: its entity, or the person its pronoun stands for."""
        ent = self._ent_of_token.get(subject.i)
        if ent is not None:
            return None if self._is_speaker(ent, quotation) else self._mention(ent, "subject of a negated act")
        if pronoun_gender(subject.text) is None:
            return None
        name = self.resolver.pronoun(subject.text, subject.idx)
        return self._latest_named(name, subject.idx, f"{subject.text!r}, subject of a negated act") if name else None

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
        # the cue's object is whom the cue is about, even when the found quote starts with it
        objects = [c for c in root.children if c.dep_ in ("dobj", "dative")]
        for prep in (c for c in root.children if c.dep_ == "prep" and c.i not in inside and c.i > root.i):
            objects += [c for c in prep.children if c.dep_ == "pobj" and c.i not in inside]
        for obj in objects:
            place = self._place_of_token.get(obj.i)
            if place is not None and place.root.i == obj.i:  # "dismissed NATO member Estonia": the country
                return self._mention(place, f"object of the cue {cue.text!r}")
            if obj.i in self._ent_of_token and not self._is_speaker(self._ent_of_token[obj.i], quotation):
                return self._mention(self._ent_of_token[obj.i], f"object of the cue {cue.text!r}")
            if pronoun_gender(obj.text) is not None:
                name = self._salient_pronoun(obj.text, quotation) or self.resolver.pronoun(obj.text, obj.idx)
                if name:
                    found = self._latest_named(name, obj.idx, f"{obj.text!r}, object of the cue {cue.text!r}")
                    if found is not None:
                        return found
            for t in list(obj.subtree)[:_OBJECT_SEARCH]:
                ent = self._ent_of_token.get(t.i)
                if ent is not None and t.i not in inside and not self._is_speaker(ent, quotation):
                    return self._mention(ent, f"named in the object of the cue {cue.text!r}")
        return None

    def named_inside(self, quotation: Quotation, tokens: list[Token]) -> TargetMention | None:
        """A name inside the quote other than the speaker's: its subject first, then its objects, then the others."""
        ranked: list[tuple[int, int, Span]] = []
        seen: set[int] = set()
        for t in tokens:
            ent = self._ent_of_token.get(t.i) or self._place_of_token.get(t.i)
            if ent is None or ent.start in seen or self._is_speaker(ent, quotation):
                continue
            seen.add(ent.start)
            role = ent.root.dep_
            rank = 0 if role in _SUBJECT_DEPS else 1 if role in _OBJECT_DEPS else 2
            ranked.append((rank + (3 if ent.label_ == "GPE" else 0), ent.start, ent))
        if not ranked:
            return None
        ranked.sort(key=lambda r: (r[0], r[1]))
        return self._mention(ranked[0][2], "named in the quote")

    def _pronoun_inside(self, quotation: Quotation, tokens: list[Token]) -> TargetMention | None:
        for t in tokens:
            if pronoun_gender(t.text) is None:
                continue
            name = self._salient_pronoun(t.text, quotation) or self.resolver.pronoun(t.text, quotation.start)
            if not name or (
                quotation.speaker_name
                and clean_name(name).split()[-1:] == clean_name(quotation.speaker_name).split()[-1:]
            ):
                continue
            found = self._latest_named(name, quotation.start, f"{t.text!r} in the quote")
            if found is not None:
                return found
        return None

    def _salient_pronoun(self, word: str, quotation: Quotation) -> str | None:
        """The most-named person of compatible gender among those named in the last few sentences."""
        wanted = pronoun_gender(word)
        recent = [p for p in self.resolver.people if quotation.start - _RECENT < p.start < quotation.start]
        fits = [p for p in recent if self.resolver.gender_of(p) in (wanted, "?")]
        speaker = clean_name(quotation.speaker_name or "").lower().split()[-1:]
        fits = [p for p in fits if p.name.lower().split()[-1:] != speaker]
        if not fits:
            return None
        best = max(fits, key=lambda p: (self.salience.get(p.name.lower().split()[-1], 0), p.start))
        return self.resolver.full_name(best.name, best.start + 1)

    def _clause_subject(
        self, quotation: Quotation, tokens: list[Token], inside: set[int], cue: Span | None
    ) -> TargetMention | None:
        """The named subject of the clause a quoted fragment sits in: ``tweeted that Machado was "disgusting"``.

        The quote says this about its subject, though the name is in the reporter's words.
        """
        stop = {t.i for t in cue} if cue is not None else set()
        for t in tokens:
            head = t
            for _ in range(3):
                head = head.head
                if head.i in stop or head.i == head.head.i and head.i not in inside:
                    break
                for c in head.children:
                    ent = self._ent_of_token.get(c.i)
                    if c.dep_ in _SUBJECT_DEPS and c.i not in inside and ent is not None:
                        if not self._is_speaker(ent, quotation):
                            return self._mention(ent, "subject of the clause around the quote")
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
