"""From a search box's text to what each engine's full-text search matches: prefixes and word forms.

The box's text is parsed once (:func:`parse`) into :class:`SearchTerm` parts, all of which an article
must match; each engine renders them in its own query language, so that the same text finds the
same articles in a project file and on a team server.

Every word is a prefix, OR-ed with the prefix of its Porter stem (``elections`` -> ``elect*``,
``accused`` -> ``accus*``), so that a word finds its other forms too (``pension`` finds
``pensions``, ``Lakhon`` finds ``Lakhonin``). A part in double quotes stays a phrase (its last word
a prefix), and so does a word written with punctuation inside (``U.S.``); words under three letters
are matched whole. The stem comes from SQLite's own Porter stemmer (an in-memory FTS5 table with
``tokenize='porter'``), so neither index holds stems and no stemmer is written here.

The file's index (``articles_fts``, tokenizer ``unicode61``) holds words as written:
:func:`match_expression` is its FTS5 query. The team server renders the same terms as a ``tsquery``
over its ``simple``-based configuration (``storage/postgres/search.py``): ``:*`` prefixes, ``|`` for
the forms, ``<->`` for phrases, the terms AND-ed.

Articles not yet in the index (imported by a program that did not index them, and read by one
that may not write) are matched by a scan with the same meaning: :func:`scan_patterns` turns the
box's text into one regular expression per AND-ed part, applied to the folded title and text by
:func:`scan_matches` (word starts for prefixes, diacritics and case folded as ``unicode61`` does).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass

#: Words and stems shorter than this match too much as prefixes ("eu*" finds "Europe"): matched whole.
MIN_STEM = 3

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)
_stemmer_lock = threading.Lock()
#: Combining diacritical marks (what is left of an accent once a letter is decomposed).
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@dataclass(frozen=True)
class SearchTerm:
    """One part of a search box's text that a found article must match.

    ``text`` is the part as typed (a word, a word with punctuation inside such as ``U.S.``, or the
    inside of a pair of double quotes); ``words`` its words, lower-cased. A single unquoted word also
    matches its other forms (``forms``); a phrase matches its words side by side, the last a prefix
    (``last_is_prefix``) unless it is short.
    """

    text: str
    words: tuple[str, ...]
    phrase: bool

    @property
    def forms(self) -> tuple[str, ...]:
        """What a single word matches as prefixes (whole, if short): itself, then its stem forms."""
        if self.phrase:
            return ()
        word = self.words[0]
        return tuple(dict.fromkeys((word, *_stem_forms(word))))

    @property
    def last_is_prefix(self) -> bool:
        return is_prefix(self.words[-1])


def parse(text: str) -> list[SearchTerm]:
    """The parts of a search box's ``text``, quoted phrases first ([] when there is nothing to search)."""
    terms = []
    for part, quoted in _parts(text):
        words = tuple(w.lower() for w in _WORD.findall(part))
        if words:  # "U.S.", "al-Assad": more than one word, side by side in the index
            terms.append(SearchTerm(part, words, phrase=quoted or len(words) > 1))
    return terms


def _parts(text: str) -> list[tuple[str, bool]]:
    """The parts of a search box's ``text`` as typed, each with whether it was in double quotes:
    the quoted phrases first, then the whitespace-separated chunks outside them. The one reading of
    the box's quoting, shared by :func:`parse` (the indexes) and :func:`scan_patterns` (the scan)."""
    text = text.replace("\x00", " ")
    quoted = [(phrase, True) for phrase in _PHRASE.findall(text)]
    return quoted + [(chunk, False) for chunk in _PHRASE.sub(" ", text).split()]


def is_prefix(word: str) -> bool:
    """Whether ``word`` is matched as a prefix: short words are not (``EU`` must not find ``Europe``)."""
    return len(word) >= MIN_STEM


def match_expression(text: str) -> str:
    """The FTS5 MATCH expression for a search box's ``text`` ('' when there is nothing to search)."""
    parts = [_phrase(list(t.words)) if t.phrase else _word(t) for t in parse(text)]
    return " AND ".join(parts)


#: Separates the AND-ed parts of :func:`scan_patterns` (a character no search box text keeps).
PART_SEPARATOR = "\x1f"


def scan_patterns(text: str) -> str:
    """The parts of ``text`` as regular expressions for :func:`scan_matches`, joined by
    :data:`PART_SEPARATOR` ('' when there is nothing to search): the same words, prefixes, stems
    and phrases as :func:`match_expression`."""
    parts = []
    for part, quoted in _parts(text.replace(PART_SEPARATOR, " ")):
        words = _WORD.findall(fold(part))  # folded before splitting, as the index's tokenizer does
        if len(words) == 1 and not quoted:
            forms = dict.fromkeys(_scan_word(form) for form in (words[0], *_stem_forms(words[0])))
            parts.append("|".join(forms))
        else:
            parts.append(_scan_phrase(words))
    return PART_SEPARATOR.join(p for p in parts if p)


def scan_matches(title: str | None, text: str | None, patterns: str) -> bool:
    """Whether an article's title and text hold every part of ``patterns`` (see :func:`scan_patterns`)."""
    compiled = _compiled(patterns)
    if not compiled:
        return False
    folded = fold(f"{title or ''}\n{text or ''}")
    return all(part.search(folded) for part in compiled)


def fold(text: str) -> str:
    """Lower case without diacritics, as the index's ``unicode61`` tokenizer folds words.

    Fast paths first (a scan folds every article the index lacks): ASCII needs only lower case, and
    text without decomposable letters is not decomposed."""
    text = text.casefold()
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKD", text):
        text = unicodedata.normalize("NFKD", text)
    return _DIACRITICS.sub("", text) if _DIACRITICS.search(text) else text


def _scan_word(word: str) -> str:
    """A word's start (or, short, the whole word) as a regular expression."""
    return _scan_phrase([word])


def _scan_phrase(words: list[str]) -> str:
    """Words side by side, the last a prefix unless short. The first is written before its
    start-of-word check (a fixed-width look-behind) so that the regex engine can look for it as
    a literal: about forty times faster than a leading look-behind."""
    pieces: list[str] = []
    for n, word in enumerate(words):
        literal = re.escape(word)
        piece = rf"{literal}(?<!\w{literal})" if n == 0 else literal
        if n < len(words) - 1 or len(word) < MIN_STEM:
            piece += r"(?!\w)"
        pieces.append(piece)
    return r"\W+".join(pieces)


@functools.lru_cache(maxsize=64)
def _compiled(patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns.split(PART_SEPARATOR) if p)


def _prefix(word: str) -> str:
    """A word as an FTS5 string, a prefix unless it is short."""
    return f'"{word}"*' if is_prefix(word) else f'"{word}"'


def _word(term: SearchTerm) -> str:
    terms = [_prefix(form) for form in term.forms]
    return terms[0] if len(terms) == 1 else f"({' OR '.join(terms)})"


def _phrase(words: list[str]) -> str:
    if not words:
        return ""
    quoted = f'"{" ".join(words)}"'
    return quoted + "*" if is_prefix(words[-1]) else quoted


def _stem_forms(word: str) -> tuple[str, ...]:
    """Prefixes that find the other forms of ``word``: its Porter stem, and, when Porter turned a
    final y into i ("stori"), the stem with its y ("story")."""
    stem = porter_stem(word)
    if len(stem) < MIN_STEM or stem == word:
        return ()
    forms = [stem]
    if stem.endswith("i"):
        forms.append(stem[:-1] + "y")
    return tuple(forms)


@functools.lru_cache(maxsize=4096)
def porter_stem(word: str) -> str:
    """SQLite's Porter stem of one word (the word itself when it has no single stem)."""
    with _stemmer_lock:
        conn = _stemmer()
        conn.execute("DELETE FROM words")
        conn.execute("INSERT INTO words(w) VALUES (?)", (word,))
        rows = conn.execute("SELECT term FROM words_vocab").fetchall()
    return rows[0][0] if len(rows) == 1 else word


@functools.lru_cache(maxsize=1)
def _stemmer() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.execute("CREATE VIRTUAL TABLE words USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, 'row')")
    return conn
