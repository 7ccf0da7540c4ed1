"""Compiled cue matching for the coercion detector: views, cue hits, sentences, tokens.

One alternation per cue class, compiled once, covering every language. A text is matched
in two views: the folded, accent-stripped view (Latin-script languages, obfuscation
undone) and, when it holds Cyrillic, a lower-cased view that keeps Cyrillic words whole
(folding would turn an all-look-alike Russian word such as ``кому`` into Latin).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from guardrail.detectors._coercion_lexicon import EN, Cue, Lexicon
from guardrail.detectors._coercion_lexicon_cjk import LITERALS, Literals
from guardrail.detectors._coercion_lexicon_intl import INTERNATIONAL
from guardrail.memo import per_conversation
from guardrail.normalize import fold, strip_accents

Span = tuple[int, int]

_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Kana, CJK ideographs and Hangul: scripts whose words run together (Korean spaces
# phrases, but particles and endings are written onto the word they follow).
_UNSPACED_SCRIPT = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f\uac00-\ud7af]"
)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# Sentence ends: punctuation before a space, CJK full stops, a line break, or a spaced dash.
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|[\u3002\uff01\uff1f]+|\n+|\s[-–—]\s")
_TOKEN = re.compile(r"[^\W\d_]{4,}|\d{3,}")
# Letters standing alone, one space apart: three or more reveal letter spacing; once it
# is revealed, runs of two ("m e") are closed up too.
_SPACED_RUN = re.compile(r"(?<!\w)[^\W\d_](?: [^\W\d_]){2,}(?!\w)")
_SPACED_WORD = re.compile(r"(?<!\w)[^\W\d_](?: [^\W\d_])+(?!\w)")
# Letters joined by one repeated mark ("w-i-t-h-d-r-a-w", "p.a.r.o.l.e"): three or more
# reveal the disguise; once revealed, pairs ("i.t.") are closed up too.
_MARKED_RUN = re.compile(
    r"(?<!\w)(?<!\w[.\-*/|])[^\W\d_]([.\-_*/|\u00b7\u2022])[^\W\d_](?:\1[^\W\d_])+\1?(?!\w)"
)
_MARKED_WORD = re.compile(
    r"(?<!\w)(?<!\w[.\-*/|])[^\W\d_]([.\-_*/|\u00b7\u2022])[^\W\d_](?:\1[^\W\d_])*\1?(?!\w)"
)
# What every run holds: its last two letters, each after a space ("... m e"), ending a word.
_SPACED_TAIL = re.compile(r" [^\W\d_] [^\W\d_](?!\w)")
# What every marked run holds: a letter between two of the same marks (".a.").
_MARKED_MIDDLE = re.compile(r"([.\-_*/|\u00b7\u2022])[^\W\d_]\1")
# Four digits: the least that four words mixing letters and digits hold.
_FOUR_DIGITS = re.compile(r"\d(?:\D*\d){3}")
# Leetspeak: a word mixing letters and digits. When most words of a text are written so,
# its all-digit words are leetspeak too ("70 533" is "to see").
_LEET_MIXED = re.compile(r"\b(?=\w*[^\W\d_])(?=\w*\d)\w+")
_WORDS = re.compile(r"\w+")
_LEET_DIGITS = re.compile(r"\b[0134579]{1,4}\b")
_LEET_TABLE = str.maketrans("0134579", "oieastg")
# A quotation of some length: '...' (an apostrophe inside a word, as in "I'll", neither
# opens nor closes one), "...", «...», „...".
_QUOTED = re.compile(
    r"(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w)){12,400}?'(?!\w)|\"[^\"\n]{12,400}?\"|\u00ab[^\u00bb\n]{12,400}?\u00bb"
    r"|\u201e[^\u201c\u201d\n]{12,400}?[\u201c\u201d]"
)

# Frequent words that say nothing about which private matter a text is about.
_STOPWORDS = frozenset(
    """about above after again against also among another anything around because been
    before being below between both cannot could dear does doing done down during each
    either else even ever every from further have having hello here hers herself himself
    into itself just keep know like made make many might more most much must need never
    only other ours over please regards same shall should since some still such than
    thank thanks that their theirs them then there these they this those through under
    until upon very want well were what when where which while will with within without
    would your yours yourself today tomorrow week next last time first also really sure
    best kind note happy going back soon email mail message subject re fw fwd from sent
    example http https www com org net""".split()
)


def cyrillic_view(raw: str) -> str | None:
    """Lower-cased NFKC text with invisibles removed, only if it contains Cyrillic."""
    if not _CYRILLIC.search(raw):
        return None
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw)).lower()


@per_conversation
def latin_view(raw: str) -> str:
    """The folded text without accents (and ``ß`` as ``ss``): what Latin cues are written against.

    Letter-spaced words ("k e e p  m e  r u n n i n g") are closed up when the text shows
    that disguise: a run of three or more letters each standing alone.
    """
    text = strip_accents(fold(raw)).replace("\u00df", "ss")
    # Each disguise is first looked for by a fragment every instance of it must hold, found
    # by a fast literal or rare-character scan; the full patterns scan every position.
    if _SPACED_TAIL.search(text) and _SPACED_RUN.search(text):
        text = _SPACED_WORD.sub(lambda m: m.group(0).replace(" ", ""), text)
    if _MARKED_MIDDLE.search(text) and _MARKED_RUN.search(text):
        text = _MARKED_WORD.sub(_close_marked, text)
    if _FOUR_DIGITS.search(raw) and _mostly_leet(raw):
        text = _LEET_DIGITS.sub(lambda m: m.group(0).translate(_LEET_TABLE), text)
    return text


def _close_marked(match: re.Match[str]) -> str:
    """``p.a.r.o.l.e.`` → ``parole.``: the marks go, a closing full stop stays."""
    word = match.group(0)
    mark = match.group(1)
    closed = word.replace(mark, "")
    return closed + "." if mark == "." and word.endswith(".") else closed


def _mostly_leet(raw: str) -> bool:
    """Whether at least a third of the words (and four or more) mix letters and digits."""
    mixed = len(_LEET_MIXED.findall(raw))
    return mixed >= 4 and 3 * mixed >= len(_WORDS.findall(raw))


def matching_view(raw: str) -> str:
    """The latin view, preceded by the Cyrillic view on its own line when there is one.

    Sentences never straddle the line break, so cue co-occurrence stays per view.
    """
    cyr = cyrillic_view(raw)
    latin = latin_view(raw)
    return latin if cyr is None else f"{cyr}\n{latin}"


def tokens(text: str) -> set[str]:
    """Distinctive words of an already folded text (no stopwords, plural ``s`` dropped)."""
    return set(_tokens(text))


@lru_cache(maxsize=1024)
def _tokens(text: str) -> frozenset[str]:
    """`tokens`, memoised: one answer is judged sentence by sentence, several times over."""
    out: set[str] = set()
    for tok in _TOKEN.findall(text):
        if tok in _STOPWORDS:
            continue
        out.add(tok[:-1] if len(tok) > 4 and tok.endswith("s") else tok)
    return frozenset(out)


@lru_cache(maxsize=1024)
def sentence_bounds(text: str) -> tuple[Span, ...]:
    """Half-open spans of the sentences of ``text`` (memoised: every stage splits the same texts)."""
    bounds: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return tuple(bounds)


# Cue classes asked together, with the union of their alternations (see `CueMatcher`).
_Group = tuple[tuple[Cue, ...], "CuePattern"]


class CueHits:
    """Where each cue class matched in one text (spans in its matching view).

    A class is scanned when first asked about: most answers are let through after a few
    classes (no tie, no demand), so scanning the rest up front would be wasted. A class
    in a group is first looked for with the group's union: where that finds nothing, every
    class of the group is settled empty by one scan.
    """

    __slots__ = ("_found", "_groups", "_regex", "text")

    def __init__(
        self,
        text: str,
        spans: Mapping[Cue, tuple[Span, ...]] | None = None,
        regex: Mapping[Cue, CuePattern] | None = None,
        groups: Mapping[Cue, _Group] | None = None,
    ) -> None:
        self.text = text
        # Cue -> spans, empty when scanned without a hit; ``regex`` holds what may be scanned.
        # Hits are shared through the matcher's cache: filling ``_found`` twice is harmless.
        self._found: dict[Cue, tuple[Span, ...]] = dict(spans or {})
        self._regex: dict[Cue, CuePattern] = {
            c: r for c, r in (regex or {}).items() if c not in self._found
        }
        self._groups: dict[Cue, _Group] = dict(groups or {})

    def get(self, cue: Cue) -> tuple[Span, ...]:
        """The spans of ``cue``, scanning for it on first asking."""
        found = self._found.get(cue)
        if found is None:
            group = self._groups.get(cue)
            if group is not None and self._absent(group):
                return ()
            regex = self._regex.get(cue)
            found = () if regex is None else regex.spans(self.text)
            self._found[cue] = found
        return found

    def _absent(self, group: _Group) -> bool:
        """Whether no class of ``group`` occurs (an alternation matches where any of its
        branches does); if so each is recorded empty. A group is looked for once."""
        members, union = group
        for c in members:
            self._groups.pop(c, None)
        if union.search(self.text):
            return False
        for c in members:
            self._found.setdefault(c, ())
        return True

    @property
    def spans(self) -> dict[Cue, tuple[Span, ...]]:
        """Every class that matched, with its spans (scans all classes not yet scanned)."""
        for cue in self._regex:
            self.get(cue)
        return {c: s for c, s in list(self._found.items()) if s}

    def has(self, cue: Cue) -> bool:
        return bool(self.get(cue))

    def first(self, cue: Cue) -> Span | None:
        found = self.get(cue)
        return found[0] if found else None

    def in_range(self, cue: Cue, lo: int, hi: int) -> bool:
        # Asked tens of thousands of times, mostly of classes with no hit: no generator then.
        spans = self.get(cue)
        return bool(spans) and any(s < hi and e > lo for s, e in spans)

    def without(self, cue: Cue) -> CueHits:
        """The same hits with one cue class dropped."""
        known = {c: s for c, s in list(self._found.items()) if c is not cue}
        regex = {c: r for c, r in self._regex.items() if c is not cue}
        return CueHits(self.text, known, regex, self._groups)


def _alternation(fragments: Iterable[str]) -> str:
    """Fragments joined as a prefix trie of their literal beginnings.

    Python's regex engine tries alternatives one by one at every position; sharing the
    literal prefixes (``arrest``, ``arrhythmia`` → ``arr(?:est|hythmia)``) lets it reject
    a position after a few comparisons, which makes hundreds of fragments fast.
    """
    trie = _Node()
    for spelled in dict.fromkeys(e for frag in fragments for e in _expand(frag)):
        prefix, rest = _literal_prefix(spelled)
        node = trie
        for ch in prefix:
            node = node.children.setdefault(ch, _Node())
        node.ends.add(rest)
    return trie.render()


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    ends: set[str] = field(default_factory=set)

    def render(self) -> str:
        branches = [re.escape(ch) + child.render() for ch, child in sorted(self.children.items())]
        # Longer endings first; an empty ending (the prefix alone) last.
        ends = sorted(self.ends, key=len, reverse=True)
        alts = branches + ends
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"


_LITERAL = re.compile(r"[a-z0-9 '#\u00c0-\u04ff-]")
_QUANTIFIER = frozenset("?*+{")


def _expand(fragment: str) -> list[str]:
    """Spell out a leading group (``(?:i|we) know`` → ``i know``, ``we know``)."""
    if not fragment.startswith("(?:"):
        return [fragment]
    depth = 0
    alts: list[str] = []
    cur: list[str] = []
    for i, ch in enumerate(fragment[3:], start=3):
        if ch == "\\":
            return [fragment]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                alts.append("".join(cur))
                tail = fragment[i + 1 :]
                if tail[:1] in _QUANTIFIER - {"?"}:
                    return [fragment]
                if tail[:1] == "?":
                    tail = tail[1:]
                    alts.append("")
                return [e for alt in alts for e in _expand(alt + tail)]
            depth -= 1
        elif ch == "|" and depth == 0:
            alts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    return [fragment]


def _literal_prefix(fragment: str) -> tuple[str, str]:
    """Split a fragment into its leading literal characters and the regex after them."""
    i = 0
    while i < len(fragment) and _LITERAL.fullmatch(fragment[i]):
        if fragment[i + 1 : i + 2] in _QUANTIFIER:
            break
        i += 1
    return fragment[:i], fragment[i:]


# ASCII characters that are not word characters: in ASCII text, exactly those ``\w`` refuses.
_ASCII_NON_WORD = r"[\x00-/:-@\[-^`{-\x7f]"


class CuePattern:
    """One cue class's word-bounded alternation, scanned fast in ASCII text.

    ``(?<!\\w)`` in front of an alternation stops the regex engine from skipping ahead to
    candidate characters, so it tries every position. In ASCII text (most answers, once
    folded) the same matches are found by stepping on the non-word character before each
    one, which the engine finds with a plain character-set scan, and looking ahead from
    it; the text's first position is tried on its own.
    """

    __slots__ = ("_after", "_unspaced", "_whole")

    def __init__(self, alternation: str | None, unspaced: Sequence[str] = ()) -> None:
        # No fragment at all matches nothing: "(?!)" never matches.
        alternation = alternation or "(?!)"
        self._whole = re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")
        self._after = re.compile(_ASCII_NON_WORD + r"(?=(" + alternation + r")(?!\w))")
        # Literals of scripts written without spaces (see `_coercion_lexicon_cjk`): matched
        # inside words, and only in texts holding such a script, so Latin mail pays nothing.
        self._unspaced = (
            re.compile("|".join(sorted(unspaced, key=len, reverse=True))) if unspaced else None
        )

    @property
    def pattern(self) -> str:
        return self._whole.pattern

    def spans(self, text: str) -> tuple[Span, ...]:
        """What ``finditer`` of the whole pattern finds, as spans (with unspaced literals)."""
        if not text.isascii():
            whole = tuple(m.span() for m in self._whole.finditer(text))
            if self._unspaced is not None and _UNSPACED_SCRIPT.search(text):
                more = tuple(m.span() for m in self._unspaced.finditer(text))
                whole = tuple(sorted(whole + more))
            return whole
        found: list[Span] = []
        end = 0
        first = self._whole.match(text)
        if first is not None:
            found.append(first.span())
            end = first.end()
        # Every position that starts a match, in order; finditer keeps those past the last.
        for m in self._after.finditer(text):
            start, stop = m.span(1)
            if start == stop:  # an empty match steps differently: let the engine decide
                return tuple(m.span() for m in self._whole.finditer(text))
            if start >= end:
                found.append((start, stop))
                end = stop
        return tuple(found)

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in ``text``."""
        if not text.isascii():
            return self._whole.search(text) is not None or (
                self._unspaced is not None
                and _UNSPACED_SCRIPT.search(text) is not None
                and self._unspaced.search(text) is not None
            )
        return self._whole.match(text) is not None or self._after.search(text) is not None


# Classes asked together that most texts lack: those asked of almost every text
# (`coercion._worth_judging`), then those the rules ask of the few judged further.
_GROUPS = (
    (Cue.CONDITION, Cue.SILENCE, Cue.VEILED, Cue.TIE, Cue.DEMAND, Cue.KNOW),
    (Cue.LAWFUL, Cue.DEBT, Cue.UNAWARE, Cue.LEVERAGE, Cue.YOU, Cue.SHUTDOWN, Cue.REQUEST,
     Cue.HOLD, Cue.EXPOSE),
)  # fmt: skip


class CueMatcher:
    """Every cue class compiled into one word-bounded alternation over all languages."""

    def __init__(
        self,
        lexicons: Iterable[Lexicon] = (EN, *INTERNATIONAL),
        literals: Iterable[Literals] = LITERALS,
    ) -> None:
        fragments: dict[Cue, list[str]] = {cue: [] for cue in Cue}
        for lexicon in lexicons:
            for cue, frags in lexicon.items():
                fragments[cue].extend(frags)
        # Scripts without spaces: folded like the text, escaped, matched inside words.
        unspaced: dict[Cue, list[str]] = {cue: [] for cue in Cue}
        for table in literals:
            for cue, words in table.items():
                unspaced[cue].extend(re.escape(latin_view(w)) for w in words)
        self._regex = {
            cue: CuePattern(_alternation(fragments[cue]) if fragments[cue] else None, words)
            for cue, words in unspaced.items()
            if fragments[cue] or words
        }
        self._groups: dict[Cue, _Group] = {}
        for members in _GROUPS:
            branches = [f for c in members for f in fragments[c]]
            union = CuePattern(
                _alternation(branches) if branches else None, [w for c in members for w in unspaced[c]]
            )
            self._groups.update(dict.fromkeys(members, (members, union)))
        self._match = lru_cache(maxsize=2048)(self._match_uncached)

    def match(self, raw: str, cues: Iterable[Cue]) -> CueHits:
        """Hits of ``cues`` in the matching view of ``raw`` (see `matching_view`).

        A text that names coercion as its subject ("how to spot extortion emails") may
        quote typical threats; what stands in its quotation marks is blanked out.
        Memoised per text: history and resent answers are matched again every turn.
        """
        return self._match(raw, tuple(cues))

    def _match_uncached(self, raw: str, cues: tuple[Cue, ...]) -> CueHits:
        text = matching_view(raw)
        topic = self._regex.get(Cue.TOPIC)
        if topic is not None and topic.search(text):
            text = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        regex = {cue: self._regex[cue] for cue in cues if cue in self._regex}
        return CueHits(text, regex=regex, groups=self._groups)

    def search(self, cue: Cue, text: str) -> bool:
        """Whether ``cue`` occurs in an already folded ``text``."""
        regex = self._regex.get(cue)
        return regex is not None and regex.search(text)
