"""Helpers for scanning long texts in one cheap pass, without changing what a regex finds.

Python's regex engine is fast only when a pattern starts with literal characters: then it
skips ahead with a string search. Patterns that start with ``\\b``, a look-behind or a
case-insensitive word try every position of the text, which costs a microsecond or more
per character on the long histories agents resend every turn. The scanners here find
the few positions where such a pattern *can* start (from literal anchors) so the exact
pattern is tried only there, which keeps results identical and the cost linear.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

import re2

# The only characters that Python's case-insensitive matching equates with an ASCII
# letter, besides the other case of that letter: İ and ı (i), ſ (s), K (Kelvin, k).
# ``str.lower`` handles K; İ would lower to two characters and shift every position.
_CASE_EXTRAS = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}


def fold_ascii_case(text: str) -> str:
    """``text`` lower-cased with the same length, so positions carry over.

    Wherever a case-insensitive pattern made of lower-case ASCII letters matches
    ``text``, the same letters stand in the result at the same place; scan the result for
    literal anchors, then match the real pattern on ``text``.
    """
    if not text.isascii():
        for odd, letter in _CASE_EXTRAS.items():
            if odd in text:  # rare: replace() is fast, translate() with a dict is not
                text = text.replace(odd, letter)
    return text.lower()


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` is matched by ``\\w`` in a str pattern (what ``\\b`` looks at)."""
    return ch.isalnum() or ch == "_"


class Runs:
    """Maximal runs of one character class in a text, found from a position inside them.

    ``char_class`` is a one-character regex class (``r"[\\w.-]"``). A run is measured by
    that class matched forwards from the position and, on the reversed text, backwards,
    both in C. Positions should be asked in increasing order: each run is measured once
    however many positions fall inside it.
    """

    def __init__(self, text: str, char_class: str) -> None:
        self._text = text
        self._run = _run_regex(char_class)
        self._reversed: str | None = None
        self._lo = self._hi = -1

    def start(self, pos: int) -> int:
        """Where the run holding ``pos`` starts (``pos`` itself when it is outside any run)."""
        return self.span(pos)[0]

    def span(self, pos: int) -> tuple[int, int]:
        """The run holding ``pos`` as (start, end); ``(pos, pos)`` outside any run."""
        if self._lo <= pos < self._hi:
            return self._lo, self._hi
        text = self._text
        ahead = self._run.match(text, pos)
        if ahead is None:
            return pos, pos
        if self._reversed is None:
            self._reversed = text[::-1]
        size = len(text)
        behind = self._run.match(self._reversed, size - 1 - pos)
        self._lo = size - behind.end() if behind is not None else pos
        self._hi = ahead.end()
        return self._lo, self._hi


@lru_cache(maxsize=64)
def _run_regex(char_class: str) -> re.Pattern[str]:
    return re.compile(f"(?:{char_class})+")


# Below this many characters scanned in all, plain ``in`` tests beat building an RE2 set.
_SET_THRESHOLD = 200_000


def present(needles: Iterable[str], haystack: str) -> frozenset[str]:
    """The needles that occur in ``haystack`` (``needle in haystack``), all found at once.

    Checking each value of a long tool result against long instructions one by one costs
    needles × haystack; one RE2 pass with every needle as a literal costs the haystack
    once.
    """
    wanted = set(needles)
    if len(wanted) * len(haystack) < _SET_THRESHOLD:
        return frozenset(n for n in wanted if n in haystack)
    found = {n for n in wanted if not n}
    literal = [n for n in wanted if n]
    options = re2.Options()
    options.literal = True
    matcher = re2.Set.SearchSet(options)
    for needle in literal:
        matcher.Add(needle)
    matcher.Compile()
    found.update(literal[i] for i in matcher.Match(haystack) or ())
    return frozenset(found)


def finditer_from(
    regex: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text)`` yields, trying ``regex`` only at ``starts``.

    Exact when every match begins at one of ``starts`` or where the previous match ended
    (tried too), and no match is empty. ``match`` at a position still sees the text
    before it, so look-behinds and ``\\b`` behave as in a full scan.
    """
    end = 0
    size = len(text)
    for start in sorted(set(starts)):
        if start < end:
            continue
        m = regex.match(text, start)
        while m is not None:
            yield m
            end = m.end()
            m = regex.match(text, end) if end < size else None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def ascii_bytes(text: str) -> bytes:
    """One byte per character, for RE2 scans whose positions must index ``text``.

    ASCII stays as it is; every other character becomes ``\\x1a`` (SUB), so an anchor
    standing for "any non-ASCII character" (a curly quote, say) is ``\\x1a``.
    """
    if not text.isascii():
        text = _NON_ASCII.sub("\x1a", text)
    return text.encode("ascii")


def sub_from(
    regex: re.Pattern[str],
    text: str,
    starts: Iterable[int],
    replace: Callable[[re.Match[str]], str],
) -> str:
    """What ``regex.sub(replace, text)`` returns, trying ``regex`` only at ``starts``.

    Same conditions as `finditer_from`.
    """
    out: list[str] = []
    last = 0
    for m in finditer_from(regex, text, starts):
        out.append(text[last : m.start()])
        out.append(replace(m))
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


class Anchors:
    """Where any of some lower-case literal anchors starts in a text, case-insensitively.

    ``pattern`` is an alternation of lower-case ASCII literals (small regex syntax such as
    ``[- ]?`` allowed, nothing that needs Unicode classes). RE2 finds the anchors in one
    pass over `fold_ascii_case` of the text; anchors overlapping a reported one are looked
    for inside its span, so every starting position is found.
    """

    def __init__(self, pattern: str) -> None:
        self._all = re2.compile(pattern.encode())
        self._at = re.compile(pattern)

    def positions(self, text: str) -> Iterator[int]:
        """Every position of ``text`` where an anchor starts, in order."""
        folded = fold_ascii_case(text)
        for m in self._all.finditer(ascii_bytes(folded)):
            start, end = m.span()
            yield start
            for inner in range(start + 1, end):
                if self._at.match(folded, inner):
                    yield inner


class Pieces:
    """Texts joined into one string, so the pieces holding a substring are found by a few
    string searches instead of a test per piece: a thousand-line result is asked about
    every value an answer sends."""

    def __init__(self, pieces: Sequence[str]) -> None:
        self._joined = "\n".join(pieces)
        self._starts: list[int] = []
        at = 0
        for piece in pieces:
            self._starts.append(at)
            at += len(piece) + 1

    def holding(self, sub: str) -> Iterator[int]:
        """The positions of the pieces holding ``sub`` (which holds no newline), in order."""
        if not sub:  # every piece holds the empty string
            yield from range(len(self._starts))
            return
        joined, starts = self._joined, self._starts
        pos = joined.find(sub)
        while pos >= 0:
            k = bisect_right(starts, pos) - 1
            yield k
            if k + 1 == len(starts):
                return
            pos = joined.find(sub, starts[k + 1])
