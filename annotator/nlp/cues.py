"""The cue lexicon: reporting verbs and phrases, matched in every inflection without a lemmatizer.

The lexicon is a plain text file (``resources/cues.txt``): one verb in its base form or one
phrase per line, ``#`` starts a comment. Users extend it with files of the same format.
A line may name the verb's *frames* after a colon, the shapes of complement in which it reports
what was said (see :mod:`.complements`): ``accuse: clause of`` reports ``accused X of Y``,
``praise: clause for-ing`` reports ``praised X for doing Y`` but not ``praised X for its Y``.
A verb without frames takes only ``clause`` (a that-clause, a bare clause or a to-infinitive).
Inflections are generated here (``say`` -> says, said, saying) so that the pipeline can run
without its lemmatizer, which costs about a sixth of the small English model's throughput.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..paths import resources_dir

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"),
    "go": ("went", "gone"),
    "swear": ("swore", "sworn"),
    "tweet": ("tweeted",),
    "forecast": ("forecast",),
    "foresee": ("foresaw", "foreseen"),
    "teach": ("taught",),
}
_VOWELS = set("aeiou")


def inflections(verb: str) -> set[str]:
    """Every form of an English verb: base, third person, past, participle, gerund.

    Regular rules over-generate on purpose (``visit`` also yields ``visitted``): a form that
    never occurs costs nothing, a missing one loses a cue.
    """
    v = verb.lower()
    forms = {v, *(_IRREGULAR.get(v, ()))}
    if v.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(v + "es")
    elif v.endswith("y") and len(v) > 1 and v[-2] not in _VOWELS:
        forms.add(v[:-1] + "ies")
    else:
        forms.add(v + "s")
    if v.endswith("e"):
        forms |= {v + "d", v[:-1] + "ing"}
    elif v.endswith("y") and len(v) > 1 and v[-2] not in _VOWELS:
        forms |= {v[:-1] + "ied", v + "ing"}
    else:
        forms |= {v + "ed", v + "ing"}
        if len(v) >= 3 and v[-1] not in _VOWELS | {"w", "x", "y"} and v[-2] in _VOWELS and v[-3] not in _VOWELS:
            forms |= {v + v[-1] + "ed", v + v[-1] + "ing"}
    return forms


CLAUSE = "clause"
_PREP_FRAMES = frozenset({"of", "for", "as", "about", "over", "against", "to"})
NOUN = "noun"
FRAMES = frozenset(
    {CLAUSE, NOUN, "object", "object-someone", "as-someone", *_PREP_FRAMES, *(f"{p}-ing" for p in _PREP_FRAMES)}
)


def lexicon_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of the lines of a lexicon file that say something: ``#`` comments
    dropped, runs of white space made one space. The cue and the stance lexicon files read alike."""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = " ".join(raw.split("#", 1)[0].split())
        if line:
            yield number, line


def read_cue_file(path: Path) -> list[str]:
    """The entries of one lexicon file (``entry`` or ``entry: frames``), lower-cased, comments dropped.

    Raises ``ValueError`` naming the file and line of an unknown frame.
    """
    entries = []
    for number, line in lexicon_lines(path):
        entry = line.lower()
        _, _, frames = entry.partition(":")
        unknown = sorted(set(frames.split()) - FRAMES)
        if unknown:
            raise ValueError(
                f"{path}:{number}: unknown frame {', '.join(unknown)} (known: {', '.join(sorted(FRAMES))})"
            )
        entries.append(entry)
    return entries


def default_cue_file() -> Path:
    """``resources/cues.txt`` of a checkout, or the copy inside the installed package."""
    path = resources_dir() / "cues.txt"
    if not path.is_file():
        raise FileNotFoundError("resources/cues.txt is missing from this installation of annotator")
    return path


@dataclass
class CueLexicon:
    """Reporting verbs (every form mapped to its base form) and multi-word cue phrases."""

    verbs: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)
    frames: dict[str, frozenset[str]] = field(default_factory=dict)
    nouns: dict[str, str] = field(default_factory=dict)
    _matchers: dict[int, tuple[Matcher, PhraseMatcher]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, extra_files: Iterable[Path | str] = (), include_default: bool = True) -> CueLexicon:
        """The shipped lexicon plus the user's files (same format)."""
        files = [default_cue_file()] if include_default else []
        files += [Path(f) for f in extra_files]
        return cls.from_entries(entry for f in files for entry in read_cue_file(f))

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> CueLexicon:
        lexicon = cls()
        for line in entries:
            entry, _, frames = line.partition(":")
            words = entry.split()
            if not words:
                continue
            key = " ".join(words)
            lexicon.frames[key] = lexicon.frames.get(key, frozenset()) | frozenset(frames.split() or [CLAUSE])
            if NOUN in frames.split() and len(words) == 1:
                for form in (key, key + "es" if key.endswith(("s", "sh", "ch", "x")) else key + "s"):
                    lexicon.nouns.setdefault(form, key)
                    lexicon.verbs.setdefault(form, key)
            if len(words) == 1:
                for form in inflections(words[0]):
                    lexicon.verbs.setdefault(form, words[0])
            else:
                for form in inflections(words[0]):
                    lexicon.phrases.setdefault(" ".join([form, *words[1:]]), entry)
        return lexicon

    def _matchers_for(self, vocab: Vocab) -> tuple[Matcher, PhraseMatcher]:
        key = id(vocab)
        if key not in self._matchers:
            words = Matcher(vocab)
            words.add("CUE", [[{"LOWER": {"IN": sorted(self.verbs)}}]])
            phrases = PhraseMatcher(vocab, attr="LOWER")
            phrases.add("CUE", [Doc(vocab, words=p.split()) for p in sorted(self.phrases)])
            self._matchers[key] = (words, phrases)
        return self._matchers[key]

    def find(self, doc: Doc) -> list[Span]:
        """Cue candidates of ``doc`` in reading order: phrases first, words not inside a phrase.

        Part of speech is checked by the caller, which knows whether the pipeline has a tagger.
        """
        words, phrases = self._matchers_for(doc.vocab)
        found: list[Span] = []
        taken: set[int] = set()
        for _, start, end in phrases(doc):
            found.append(doc[start:end])
            taken.update(range(start, end))
        for _, start, end in words(doc):
            if start not in taken:
                found.append(doc[start:end])
        found.sort(key=lambda s: s.start)
        return found

    def base_form(self, cue: Span) -> str:
        text = cue.text.lower()
        return self.phrases.get(text) or self.verbs.get(text, text)

    def is_noun(self, word: str) -> bool:
        """A speech noun in any number (``claim``, ``warnings``): a cue when used as a noun, and a reported object."""
        return word.lower() in self.nouns

    def frames_of(self, base_form: str) -> frozenset[str]:
        """The complement frames of a cue's base form (``clause`` for a cue the lexicon does not know)."""
        return self.frames.get(base_form, frozenset({CLAUSE}))
