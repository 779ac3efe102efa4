"""Full-text search on the team server, matching what the project file's search matches.

The search box's text is parsed as the file's engine parses it (:func:`storage.search_query.parse`)
and each part becomes a ``tsquery`` over the ``annotator_search`` configuration (schema version 3):
a word is a prefix (``'pension':*``) OR-ed with the prefixes of its Porter stem forms (the stemmer
the file uses, so that both engines find the same forms); a phrase, or a word with punctuation
inside (``U.S.``), is its pieces side by side (``<->``), the last a prefix; short words are whole;
the parts are AND-ed. The pieces are given to ``to_tsquery`` as quoted text, so the server's own
parser splits and folds them exactly as it split and folded the articles (``U.S.`` is one token
there, two in SQLite). Nothing typed in the box is tsquery syntax.
"""

from __future__ import annotations

from ..search_query import SearchTerm, is_prefix, parse
from .schema import SEARCH_CONFIG

#: The SQL of a query given as ``%(query)s``; compare with the ``search`` column.
TSQUERY_SQL = f"to_tsquery('{SEARCH_CONFIG}', %(query)s)"


def tsquery(text: str) -> str:
    """The ``to_tsquery`` input for a search box's ``text`` ('' when there is nothing to search)."""
    return " & ".join(_term(term) for term in parse(text))


def _term(term: SearchTerm) -> str:
    if term.phrase:
        chunks = [_trimmed(chunk) for chunk in term.text.split()]
        pieces = [_lexeme(chunk) for chunk in chunks if chunk]
        if term.last_is_prefix:
            pieces[-1] += ":*"
        return pieces[0] if len(pieces) == 1 else f"({' <-> '.join(pieces)})"
    # The word in the case it was typed, so that the server folds it as it folded the articles (a
    # C-locale server folds ASCII letters only); the stem forms come lower-cased from the stemmer.
    word, *stems = term.forms
    forms = [_lexeme(_trimmed(term.text)) + (":*" if is_prefix(word) else "")]
    forms += [_lexeme(stem) + (":*" if is_prefix(stem) else "") for stem in stems]
    return forms[0] if len(forms) == 1 else f"({' | '.join(forms)})"


def _trimmed(chunk: str) -> str:
    """``chunk`` without the punctuation around its words: ``(U.S.)`` is ``U.S``, ``/pension`` is
    ``pension`` (the server's parser would read a leading ``/`` as a file name)."""
    wordy = [i for i, c in enumerate(chunk) if c.isalnum() or c == "_"]
    return chunk[wordy[0] : wordy[-1] + 1] if wordy else ""


def _lexeme(text: str) -> str:
    """``text`` as one quoted operand of ``to_tsquery`` (its quote and backslash escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
