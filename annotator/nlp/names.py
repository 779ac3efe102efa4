"""Who a speaker mention means: pronouns and short names resolved to the fullest name in the text.

Deliberately simple and predictable: a pronoun means the most recent person of compatible
gender mentioned outside quotation marks; a surname or ``Mr. X`` means the longest person name
of the article that ends with the same surname. Gender comes from titles, role nouns next to the
name (``spokeswoman``) and a short list of common first names; unknown gender is compatible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sen sen. rep rep. gov gov. lt. gen gen. col. sgt. prof prof. "
    "president senator representative governor mayor secretary minister judge justice ambassador "
    "sir dame lord lady madam st. sen.-elect speaker chairman chairwoman".split()
)
_FEMALE_WORDS = frozenset(
    "mrs mrs. ms ms. miss madam dame lady she her spokeswoman congresswoman chairwoman businesswoman "
    "woman wife mother daughter sister queen actress grandmother councilwoman assemblywoman".split()
)
_MALE_WORDS = frozenset(
    "mr mr. sir lord he him his spokesman congressman chairman businessman man husband father son "
    "brother king actor grandfather councilman assemblyman".split()
)
# Common first names whose gender is unambiguous; a name missing here is simply "unknown".
_FEMALE_NAMES = frozenset(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret "
    "sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura "
    "sharon cynthia kathleen amy angela shirley anna ruth brenda pamela nicole katherine samantha "
    "christine emma catherine debra virginia rachel carolyn janet maria heather diane julie joyce "
    "victoria kelly christina joan evelyn lauren judith olivia martha cheryl megan andrea hannah "
    "jacqueline ann jean alice kathryn gloria teresa doris sara janice julia marie madison grace judy "
    "theresa beverly denise marilyn amber danielle rose brittany diana abigail natalie jane lori "
    "hillary chelsea melania ivanka kellyanne hope elena sonia ruth condoleezza nikki kamala "
    "elizabeth theresa angela marine huma donna tulsi ilhan alexandria susan valerie samantha".split()
)
_MALE_NAMES = frozenset(
    "james robert john michael william david richard joseph thomas charles christopher daniel matthew "
    "anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward "
    "jason jeffrey jeff ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon "
    "benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam "
    "henry nathan douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah "
    "gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert "
    "willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby "
    "philip johnny barack bill mike mitch chuck ted marco rand jeb newt rudy reince sean rex vladimir "
    "dmitry sergey sergei nikolai alexey alexei boris viktor igor xi kim benjamin emmanuel recep "
    "hassan bashar mahmoud abdel narendra shinzo justin tim bernie joe hunter eric jared".split()
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_name(text: str) -> str:
    """A name without leading titles or trailing possessive: ``Mr. Peskov's`` -> ``Peskov``."""
    words = _POSSESSIVE.sub("", " ".join(text.split())).split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class PersonMention:
    """A PERSON entity of the article, cleaned, with what is known of its gender (``f``, ``m`` or ``?``)."""

    start: int
    end: int
    name: str
    gender: str
    quoted: bool


def _gender(doc: Doc, ent: Span) -> str:
    context = [t.lower_ for t in doc[max(0, ent.start - 3) : ent.start]]
    if any(w in _FEMALE_WORDS for w in context[-2:]):
        return "f"
    if any(w in _MALE_WORDS for w in context[-2:]):
        return "m"
    first = clean_name(ent.text).split()
    if len(first) > 1:
        if first[0].lower() in _FEMALE_NAMES:
            return "f"
        if first[0].lower() in _MALE_NAMES:
            return "m"
    return "?"


def pronoun_gender(word: str) -> str | None:
    """``m`` / ``f`` for third-person singular pronouns, ``None`` for any other word."""
    w = word.lower()
    if w in ("he", "him", "his", "himself"):
        return "m"
    if w in ("she", "her", "hers", "herself"):
        return "f"
    return None


def _proper_part(ent: Span) -> Span:
    """The entity without leading or trailing words that are not proper nouns (``Beyond Jeff Sessions``)."""
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
        """The full name of the most recent compatible person before ``position``, outside quotes."""
        wanted = pronoun_gender(word)
        if wanted is None:
            return None
        for person in reversed(self.people):
            if person.start >= position or person.quoted:
                continue
            if self.gender_of(person) in (wanted, "?"):
                return self.full_name(person.name, person.start + 1)
        return None
