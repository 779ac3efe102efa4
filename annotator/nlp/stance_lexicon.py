"""The stance lexicon: cue words and quote words that point to a stance, from ``resources/stance_cues.txt``.

A plain text file in sections (``[accusing cues]``, ``[accusing words]``, ``[accusing negated]``,
``[default]``, ``[negators]``), so that a project extends it for its own codebook the way it
extends ``cues.txt``. Stance names are whatever the file says; the suggester keeps only those the
project's label scheme has. Words are matched in every inflection without a lemmatizer (the
pipeline runs without one), phrases with their first word inflected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import resources_dir
from .cues import inflections, lexicon_lines

_SECTION = re.compile(r"^\[\s*([^\]]+?)\s*\]$")
_KINDS = ("cues", "words", "negated")
_NEGATION = re.compile(r"n['’]t\b")
MAX_PHRASE = 6
_SINGLE = ("default", "denial", "charge", "negative", "positive", "negated claim")  # sections of one stance name


class StanceLexiconError(ValueError):
    """A stance lexicon file that cannot be read: names the file, the line and what is wrong."""


def normalise_word(word: str) -> str:
    """Lower case, straight apostrophes, ``n't`` as ``not``: how quote words and entries are compared."""
    word = word.lower().replace("’", "'")
    return "not" if word == "n't" else word


def _entry_words(entry: str) -> tuple[str, ...]:
    entry = _NEGATION.sub(" not", entry.lower().replace("’", "'"))
    return tuple(entry.replace("-", " - ").split())  # spaCy splits "cover-up" into three tokens


def default_stance_file() -> Path:
    """``resources/stance_cues.txt`` of a checkout, or the copy inside the installed package."""
    path = resources_dir() / "stance_cues.txt"
    if not path.is_file():
        raise FileNotFoundError("resources/stance_cues.txt is missing from this installation of annotator")
    return path


@dataclass
class StanceLexicon:
    """Word and phrase forms mapped to stances, for cues and for quote words; negation and the default."""

    cues: dict[tuple[str, ...], str] = field(default_factory=dict)
    words: dict[tuple[str, ...], str] = field(default_factory=dict)
    negated: dict[str, str] = field(default_factory=dict)
    ally_roles: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Roles that speak for someone (``[ally roles]``: spokeswoman, lawyer, running mate)."""
    criticism: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Words naming criticism (``[criticism]``): a quote that names it answers it, taking :attr:`denial`."""
    negators: set[str] = field(default_factory=set)
    default: str | None = None
    _first_words: dict[int, tuple[int, frozenset[str]]] = field(default_factory=dict, repr=False, compare=False)
    denial: str | None = None
    """The stance of a speaker denying a charge against themselves (``[denial]``)."""
    charge: str | None = None
    """The stance a denial answers (``[charge]``): a denial after it takes :attr:`denial`."""
    negative: str | None = None
    """The stance a clearly negative quote leans to (``[negative]``, by VADER's sentiment)."""
    positive: str | None = None
    """The stance a clearly positive quote leans to (``[positive]``)."""
    negated_claim: str | None = None
    """The stance of a quote whose main statement is negated (``[negated claim]``: "it is not ...")."""

    @classmethod
    def load(cls, extra_files: Iterable[Path | str] = (), include_default: bool = True) -> StanceLexicon:
        """The shipped lexicon plus the user's files (same format; later files add words)."""
        lexicon = cls()
        files = [default_stance_file()] if include_default else []
        for path in [*files, *(Path(f) for f in extra_files)]:
            lexicon.read(path)
        return lexicon

    def read(self, path: Path) -> None:
        """Add the entries of one file; a line outside a known section is an error naming file and line."""
        section: tuple[str, str] | None = None
        for number, line in lexicon_lines(path):
            header = _SECTION.match(line)
            if header:
                section = _parse_section(header.group(1).lower(), path, number)
                continue
            if section is None:
                raise StanceLexiconError(f"{path}:{number}: {line!r} comes before any [section] header")
            self.add(section, line, path, number)

    def add(self, section: tuple[str, str], entry: str, path: Path | str = "<entries>", number: int = 0) -> None:
        stance, kind = section
        if kind in _SINGLE:
            setattr(self, kind.replace(" ", "_"), entry.lower())
        elif kind == "negators":
            self.negators.add(normalise_word(entry))
        elif kind in ("criticism", "ally roles"):
            words = _entry_words(entry)
            table = self.criticism if kind == "criticism" else self.ally_roles
            for form in inflections(words[0]) if words[0].isalpha() else {words[0]}:
                table.setdefault((form, *words[1:]), kind)
        elif kind == "negated":
            self.negated[stance] = entry.lower()
        else:
            table = self.cues if kind == "cues" else self.words
            words = _entry_words(entry)
            if not words:
                raise StanceLexiconError(f"{path}:{number}: empty entry")
            for form in inflections(words[0]) if words[0].isalpha() else {words[0]}:
                table.setdefault((form, *words[1:]), stance)

    def stances(self) -> set[str]:
        """Every stance name the lexicon mentions."""
        named = set(self.cues.values()) | set(self.words.values()) | set(self.negated) | set(self.negated.values())
        singles = (getattr(self, kind.replace(" ", "_")) for kind in _SINGLE)
        return named | {stance for stance in singles if stance}

    def _firsts(self, table: dict[tuple[str, ...], str]) -> frozenset[str]:
        key = id(table)
        cached = self._first_words.get(key)
        if cached is None or cached[0] != len(table):
            cached = (len(table), frozenset(words[0] for words in table))
            self._first_words[key] = cached
        return cached[1]

    def matches(self, words: Sequence[str], table: dict[tuple[str, ...], str]) -> list[tuple[int, int, str]]:
        """``(first, end, stance)`` of every entry found in ``words`` (normalised), longest match first at each place."""
        found: list[tuple[int, int, str]] = []
        firsts = self._firsts(table)
        i = 0
        while i < len(words):
            if words[i] not in firsts:  # most words start no entry: one set look-up
                i += 1
                continue
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                stance = table.get(tuple(words[i : i + n]))
                if stance is not None:
                    found.append((i, i + n, stance))
                    i += n - 1
                    break
            i += 1
        return found


def _parse_section(name: str, path: Path, number: int) -> tuple[str, str]:
    if name in (*_SINGLE, "negators", "criticism", "ally roles"):
        return "", name
    parts = name.rsplit(" ", 1)
    if len(parts) != 2 or parts[1] not in _KINDS:
        raise StanceLexiconError(
            f"{path}:{number}: section [{name}] should be one of [{'], ['.join(_SINGLE)}], [negators], [criticism], [ally roles] "
            "or [<stance> cues|words|negated]"
        )
    return parts[0], parts[1]
