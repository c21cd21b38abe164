"""Normalisation: the plain form of a text in which every word of the grammar is matched.

Users on Zalo often type without diacritics, so texts are lower-cased and their marks stripped
(``đ`` → ``d``); where the plain form is ambiguous ("toi", "mot"), what the marks said is kept as
an upper-case marker that a user cannot type. The patterns of `spans` and `parts` match this form.
"""

from __future__ import annotations

import re
import unicodedata

# Markers for words whose plain form is ambiguous. They are upper case, and the normalised text
# is otherwise lower case, so a user cannot type them.
NEXT = "NEXT"  # "tới": next/coming
TOI_UNKNOWN = "TOI"  # "toi" typed without diacritics: evening or next
ONE = "ONE"  # "một": the number one (not "mốt")

_LETTERS = re.compile(r"[^\W\d_]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})

W = r"(?![a-zA-Z])"
"""Put after a word in a pattern: the word ends here."""


def _strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics (``đ`` → ``d``)."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("đ", "d")


def _mark_ambiguous_word(match: re.Match[str]) -> str:
    """Keep what the diacritics say about "toi" and "mot" before they are stripped."""
    word = match.group()
    plain = _strip_marks(word)
    if plain == "toi":
        return {"tối": "toi", "tới": NEXT}.get(word, TOI_UNKNOWN)
    if plain == "mot":
        return "mot" if word in ("mốt", "mot") else ONE
    return word


def normalise(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced form of ``text`` (see `handlers.timeparse`)."""
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).lower())
    marked = _LETTERS.sub(_mark_ambiguous_word, lowered.translate(_DASHES))
    return " ".join(_strip_marks(marked).split())
