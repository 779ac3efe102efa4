"""Names of people in news text: titles, gender cues, clean forms, and the longest form an article uses.

Pure rules (standard library only) shared by pre-annotation (:mod:`annotator.nlp.names`, which
resolves pronouns over spaCy's entities) and the quote tools (speaker names, the who-said-what
summary), so that a title or a pronoun means the same in both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from .annotations import Annotations
from .span import Span

#: Labels of spans whose text is a name (the summary's and the speaker-name popup's vocabulary).
NAME_LABELS = ("PERSON", "ORG")
#: Pronouns that name nobody by themselves: a speaker name is never one of them.
PRONOUNS = frozenset({"he", "she", "they", "we"})

TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sen sen. rep rep. gov gov. lt. gen gen. col. sgt. prof prof. "
    "president senator representative governor mayor secretary minister judge justice ambassador "
    "sir dame lord lady madam st. sen.-elect speaker chairman chairwoman".split()
)
FEMALE_WORDS = frozenset(
    "mrs mrs. ms ms. miss madam dame lady she her spokeswoman congresswoman chairwoman businesswoman "
    "woman wife mother daughter sister queen actress grandmother councilwoman assemblywoman".split()
)
MALE_WORDS = frozenset(
    "mr mr. sir lord he him his spokesman congressman chairman businessman man husband father son "
    "brother king actor grandfather councilman assemblyman".split()
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_name(text: str) -> str:
    """A name without leading titles or trailing possessive: ``Mr. Okafor's`` -> ``Okafor``."""
    words = _POSSESSIVE.sub("", " ".join(text.split())).split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def pronoun_gender(word: str) -> str | None:
    """``m`` / ``f`` for third-person singular pronouns, ``None`` for any other word."""
    w = word.lower()
    if w in ("he", "him", "his", "himself"):
        return "m"
    if w in ("she", "her", "hers", "herself"):
        return "f"
    return None


def name_counts(text: str, state: Annotations, pending: Sequence[Span]) -> Counter[str]:
    """How often each PERSON/ORG text occurs as a span (own or suggested)."""
    return Counter(" ".join(text[s.start : s.end].split()) for s in (*state.spans, *pending) if s.label in NAME_LABELS)


def roll_name_counts(
    counts: Counter[str], text: str, before: Annotations, after: Annotations, touched: Iterable[str]
) -> Counter[str]:
    """:func:`name_counts` of ``after`` from those of ``before``, when only the ``touched`` spans differ
    and the pending suggestions are the same: a new counter, the touched spans' names taken out and put back."""
    rolled = Counter(counts)
    for span_id in touched:
        for layer, step in ((before, -1), (after, 1)):
            span = layer.get_span(span_id)
            if span is not None and span.label in NAME_LABELS:
                rolled[" ".join(text[span.start : span.end].split())] += step
    return +rolled  # drops the names no span has any more


def entity_names(text: str, state: Annotations, pending: Sequence[Span]) -> list[str]:
    """Distinct PERSON/ORG texts of the article, longest form first ("Dmitry Peskov" before "Peskov")."""
    return sorted(name_counts(text, state, pending), key=lambda n: (-len(n), n))


def canonical_name(mention: str, counts: Counter[str]) -> str:
    """One name for all forms of an entity in the summary: the most frequent longer form the article
    uses at least twice ("Sessions" -> "Jeff Sessions"), so that a one-off mis-recognised span
    ("Beyond Jeff Sessions" from a headline) never wins."""
    wanted = " ".join(mention.split())
    if not wanted:
        return wanted
    longer = [n for n in counts if n != wanted and counts[n] >= 2 and contains_name(n, wanted)]
    return max(longer, key=lambda n: (counts[n], len(n))) if longer else wanted


def contains_name(longer: str, name: str) -> bool:
    """Whether ``longer`` holds ``name`` as whole words ("Jeff Sessions" holds "Sessions", not "Session")."""
    # The substring test first: it settles almost every pair without the regular expression.
    return name in longer and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", longer) is not None


def resolve_name(mention: str, names: Sequence[str]) -> str:
    """The first of ``names`` (longest first, or most frequent first) that contains ``mention`` as whole
    words ("Peskov" -> "Dmitry Peskov"); the mention itself when none does. A leading title goes
    (``Mr.``, ``Sen.``: those of :data:`TITLES`); a pronoun resolves to nothing."""
    words = mention.split()
    if len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    wanted = " ".join(words)
    if not wanted or wanted.lower() in PRONOUNS:
        return ""
    for name in names:  # longest first
        if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", name):
            return name
    return wanted
