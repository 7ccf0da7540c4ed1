"""Text normalisation, so obfuscation does not walk past the detectors.

Two views of a text are used:

* `clean` — NFKC, invisible (zero-width, bidi, soft hyphen) characters removed, and
  look-alike letters folded to Latin inside words that mix scripts. Case and digits are
  kept, so secrets, IBANs and card numbers still match their formats.
* `fold` — `clean`, lower-cased, with leetspeak folded inside words that mix letters and
  digits (``h34lth`` → ``health``). Keyword and phrase detectors match this view.

Both are idempotent: ``clean(clean(t)) == clean(t)`` and ``fold(fold(t)) == fold(t)``.
Whole-word Cyrillic or Greek stays as it is, so Russian text is still Russian.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from guardrail._scan import Runs, is_word_char, sub_from

# Zero-width, joiners, bidi controls, soft hyphen, word joiner, BOM, variation selectors,
# Mongolian vowel separator, and the Unicode "tag" block used to smuggle hidden text.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)

# Look-alikes of Latin letters from Cyrillic, Greek and other blocks (subset of Unicode
# confusables.txt that maps to a single ASCII letter).
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y", "ɡ": "g", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J",
    "Ԁ": "D", "Һ": "H", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y", "Ӏ": "I",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin extensions and symbols that NFKC leaves alone
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʀ": "r", "ʏ": "y", "ᴀ": "a", "ᴄ": "c",
    "ᴅ": "d", "ᴇ": "e", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u",
    "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ℓ": "l", "∕": "/", "⁄": "/", "‐": "-", "‑": "-",
    "‒": "-", "–": "-", "—": "-", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"',
}  # fmt: skip
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)
_PUNCT_TABLE = str.maketrans({k: v for k, v in _CONFUSABLES.items() if not v.isalpha()})
_NON_ASCII_WORD = re.compile(r"\w*[^\x00-\x7f]\w*")
_LATIN = re.compile(r"[a-zA-Z]")

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
     "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e", "£": "l"}
)  # fmt: skip
# A word with at least one letter and at least one leet character inside it.
_LEET_WORD = re.compile(
    r"(?<![\w@$!|+€£])(?=[\w@$!|+€£]*[a-z])(?=[\w@$!|+€£]*[0-9@$!|+€£])[\w@$!|+€£]{2,}"
)


def _fold_mixed_script(match: re.Match[str]) -> str:
    word = match.group(0)
    if _LATIN.search(word):
        return word.translate(_CONFUSABLE_TABLE)
    return word.translate(_PUNCT_TABLE)


def _fold_disguised(match: re.Match[str]) -> str:
    # In mostly-Latin text, a word spelled only with look-alike letters ("сорү") is a
    # disguise; in Russian or Greek text the same word is just a word.
    word = match.group(0)
    letters = [ch for ch in word if ch.isalpha()]
    if letters and all(ch in _CONFUSABLES or ch.isascii() for ch in letters):
        return word.translate(_CONFUSABLE_TABLE)
    return word.translate(_PUNCT_TABLE)


_CYRILLIC_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")


def _looks_disguised(text: str) -> bool:
    """Latin text wearing Cyrillic/Greek look-alikes, rather than real Russian or Greek.

    Real Russian uses many letters with no Latin twin (и, л, д, я, ы...); a text whose
    Cyrillic letters are almost all twins of Latin ones is a disguise, even when nearly
    every word is disguised.
    """
    foreign = _CYRILLIC_GREEK.findall(text)
    if not foreign:
        return False
    # more Latin letters than foreign ones: stop counting as soon as that is known
    for latin, _ in enumerate(_LATIN.finditer(text), 1):
        if latin > len(foreign):
            return True
    distinctive = sum(1 for ch in foreign if ch not in _CONFUSABLES)
    return distinctive / len(foreign) < 0.15


_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")


def _fold_words(text: str, folder: Callable[[re.Match[str]], str]) -> str:
    """``_NON_ASCII_WORD.sub(folder, text)``, looking only around non-ASCII characters.

    A match starts where the run of word characters before a non-ASCII character does
    (or at that character); in mostly-ASCII text only those few places are tried.
    """
    places = [m.start() for m in _NON_ASCII_CHAR.finditer(text, 0)]
    if len(places) * 8 > len(text):
        return _NON_ASCII_WORD.sub(folder, text)
    runs = Runs(text, r"\w")
    starts = [runs.start(q - 1) if q and is_word_char(text[q - 1]) else q for q in places]
    return sub_from(_NON_ASCII_WORD, text, starts, folder)


@lru_cache(maxsize=1024)
def clean(text: str) -> str:
    """NFKC, invisibles removed, mixed-script look-alikes folded to Latin."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    for _ in range(3):  # folding can tip the script balance; stop at a fixed point
        folder = _fold_disguised if _looks_disguised(text) else _fold_mixed_script
        folded = _fold_words(text, folder)
        if folded == text:
            break
        text = folded
    return unicodedata.normalize("NFKC", text)


_DOMAIN_TAIL = re.compile(r"\.[a-z]{2,}")


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    if "@" in word and _DOMAIN_TAIL.match(match.string, match.end()):
        # an e-mail address: keep it readable for anything that quotes it
        return word
    return word.translate(_LEET)


_LEET_CHAR = re.compile(r"[0-9@$!|+€£]")


@lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """`clean`, lower-cased, with leetspeak inside words folded to letters."""
    text = clean(text).lower()
    # A leet word is a whole run of word and leet characters holding a leet character;
    # only runs around one are tried (same result as _LEET_WORD.sub over the text).
    runs = Runs(text, r"[\w@$!|+€£]")
    starts = [runs.start(m.start()) for m in _LEET_CHAR.finditer(text)]
    return sub_from(_LEET_WORD, text, starts, _unleet)


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _drop_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group(0) if not unicodedata.combining(ch))


def strip_accents(text: str) -> str:
    """Remove combining marks (``é`` → ``e``) for accent-insensitive keyword matching."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    # Combining marks are never ASCII: only the non-ASCII runs need looking at.
    return unicodedata.normalize("NFC", _NON_ASCII_RUN.sub(_drop_combining, decomposed))
