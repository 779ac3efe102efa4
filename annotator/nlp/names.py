"""Who a speaker mention means: pronouns and short names resolved to the fullest name in the text.

Deliberately simple and predictable: a pronoun means the most recent person of compatible
gender mentioned outside quotation marks; a surname or ``Mr. X`` means the longest person name
of the article that ends with the same surname. Gender comes from the article itself, never from
a list of first names: a title or role noun just before a mention (``Ms.``, ``spokeswoman``), or
the first third-person pronoun after the mention in the same sentence when no other person
stands between (``Lena Ortiz said she ...``, ``Ortiz and her aides``); what one mention shows
holds for every mention of the same surname. Unknown gender is compatible with either pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython, no stub
from spacy.tokens import Doc, Span

from annotator.domain.names import FEMALE_WORDS, MALE_WORDS, TITLES, clean_name, pronoun_gender

__all__ = ["TITLES", "NameResolver", "PersonMention", "clean_name", "missed_surnames", "pronoun_gender"]


@dataclass(frozen=True)
class PersonMention:
    """A PERSON entity of the article, cleaned, with what is known of its gender (``f``, ``m`` or ``?``)."""

    start: int
    end: int
    name: str
    gender: str
    quoted: bool


def _gender(doc: Doc, ent: Span) -> str:
    """``f``/``m`` from a title or role noun just before ``ent``, else from the next pronoun after it."""
    context = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    if any(w in FEMALE_WORDS for w in context):
        return "f"
    if any(w in MALE_WORDS for w in context):
        return "m"
    sentence_end = ent.sent.end if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else len(doc)
    for token in doc[ent.end : min(sentence_end, ent.end + 12)]:
        if token.ent_type_ == "PERSON" or token.text in ('"', "“", "”"):
            return "?"
        gender = pronoun_gender(token.text)
        if gender is not None:
            return gender
        if token.lower_ in ("they", "them", "their", "it", "its"):
            return "?"
    return "?"


def _proper_part(ent: Span) -> Span:
    """The entity without leading or trailing words that are not proper nouns (``Beyond Ruth Adler`` from a headline)."""
    if not ent.doc.has_annotation("TAG"):
        return ent
    start, end = ent.start, ent.end
    while start < end - 1 and ent.doc[start].tag_ not in ("NNP", "NNPS"):
        start += 1
    while end > start + 1 and ent.doc[end - 1].tag_ not in ("NNP", "NNPS"):
        end -= 1
    return ent.doc[start:end]


class NameResolver:
    """Resolves speaker mentions of one document to the person meant."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]]) -> None:
        people: list[tuple[Span, str]] = []
        for ent in doc.ents:
            name = clean_name(_proper_part(ent).text)
            if name:
                people.append((ent, name))
        # NER labels one surname PERSON here and ORG there: a known surname is a person everywhere
        surnames = {n.split()[-1].lower() for e, n in people if e.label_ == "PERSON" and len(n.split()) > 1}
        self.people: list[PersonMention] = []
        for ent, name in people:
            if ent.label_ != "PERSON" and not (len(name.split()) == 1 and name.lower() in surnames):
                continue
            inside = any(s <= ent.start_char and ent.end_char <= e for s, e in quoted)
            self.people.append(PersonMention(ent.start_char, ent.end_char, name, _gender(doc, ent), inside))
        self._text = doc.text
        self._gender_of_surname: dict[str, str] = {}
        for p in self.people:
            if p.gender != "?":
                self._gender_of_surname.setdefault(p.name.split()[-1].lower(), p.gender)

    def full_name(self, name: str, before: int) -> str:
        """The longest person name sharing the surname of ``name``, preferring earlier mentions."""
        name = clean_name(name)
        if not name:
            return name
        surname = name.split()[-1].lower()
        same = [p for p in self.people if p.name.split()[-1].lower() == surname]
        earlier = [p for p in same if p.start < before] or same
        best = max(earlier, key=lambda p: (len(p.name.split()), -p.start), default=None)
        return best.name if best is not None and len(best.name) > len(name) else name

    def gender_of(self, person: PersonMention) -> str:
        if person.gender != "?":
            return person.gender
        return self._gender_of_surname.get(person.name.split()[-1].lower(), "?")

    def pronoun(self, word: str, position: int) -> str | None:
        """The full name of the most recent compatible person before ``position``, outside quotes.

        A person known to match the pronoun's gender wins over a later one of unknown gender in
        the same paragraph: the article's evidence beats none.
        """
        wanted = pronoun_gender(word)
        if wanted is None:
            return None
        unknown: PersonMention | None = None
        for person in reversed(self.people):
            if person.start >= position or person.quoted:
                continue
            gender = self.gender_of(person)
            if gender == wanted:
                if unknown is None or self._paragraph(person.start) == self._paragraph(unknown.start):
                    return self.full_name(person.name, person.start + 1)
                break
            if gender == "?" and unknown is None:
                unknown = person
        return self.full_name(unknown.name, unknown.start + 1) if unknown is not None else None

    def _paragraph(self, position: int) -> int:
        return self._text.count("\n", 0, position)


def missed_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
    """Surnames of the article's people that the entity recogniser missed (``Attorney General Sessions``).

    A proper noun equal to the last word of a two-word PERSON name of the same article, outside
    every entity, becomes a PERSON mention, so that it can be a target.
    """
    surnames = {
        clean_name(e.text).split()[-1].lower()
        for e in ents
        if e.label_ == "PERSON" and len(clean_name(e.text).split()) > 1
    }
    if not surnames or not doc.has_annotation("TAG"):
        return []
    inside = {t.i for e in doc.ents for t in e}
    lowers = doc.to_array(LOWER)
    found = []
    for i in numpy.flatnonzero(numpy.isin(lowers, [hash_string(s) for s in surnames])):  # in C, not per token
        token = doc[int(i)]
        if token.i not in inside and token.tag_ in ("NNP", "NNPS"):
            found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return found
