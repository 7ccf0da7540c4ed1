"""Value-level data flow: what earlier tool results said that now reappears outbound.

Tool results are indexed once per exchange, split into records (list items, CSV rows,
JSON objects, paragraphs) so a match says *which* record leaked: the customer the user
asked about, or three others. Indexed values are secrets (``DB_PASS=...``), identifiers
(IBANs, codes, ids, amounts, addresses), proper names and, for short covert channels
such as payment memos, plain content words. Values the user or system prompt already
wrote are not indexed: repeating the user's own words leaks nothing.

Matching tolerates light re-encoding: case, spacing, separators and invisible
characters are ignored, and the caller passes decoded views too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from urllib.parse import unquote_plus

from guardrail._scan import Runs, finditer_from, fold_ascii_case, is_word_char, present
from guardrail.conversation import Message
from guardrail.memo import cached_property
from guardrail.normalize import clean
from guardrail.sensitive import Kind, classify_path, find_sensitive, may_hold_credential

__all__ = [
    "FlowIndex",
    "FlowMatch",
    "Record",
    "Value",
    "compact",
    "labelled_items",
    "secret_reads",
    "spelled_digits",
    "split_records",
]

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+/!#$%&*-]*[A-Za-z0-9!#$%&*+]")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")
_WORD = re.compile(r"[a-z]{4,}")
_IBAN_SHAPE = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b")
_YAML_ITEM = re.compile(r"^- ", re.M)
_JSON_OBJ = re.compile(r"\{[^{}]*\}")
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_STOP = frozenset(
    "that this with from have will your about there their they them what when which were "
    "been into also than then only more most some such very just like over here after "
    "before other could would should where while does done each many much must need "
    "same sent send make made amount subject recipient sender date recurring true false "
    "none null body user users message messages hello dear thanks thank please regards "
    "best note file read write total item items list name value data info information "
    "yesterday today tomorrow week month year".split()
)


_DIGIT_WORDS = {
    w: str(i)
    for i, ws in enumerate(
        (
            "zero oh nought null cero zéro",
            "one un uno eins",
            "two deux dos zwei",
            "three trois tres drei",
            "four quatre cuatro vier",
            "five cinq cinco fünf",
            "six seis sechs",
            "seven sept siete sieben",
            "eight huit ocho acht",
            "nine neuf nueve neun",
        )
    )
    for w in ws.split()
}
_SPELLED_RUN = re.compile(
    r"(?i)\b(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r")\b"
    r"(?:[\s,;:/.-]{1,4}\b(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r")\b){3,}"
)


@lru_cache(maxsize=1024)
def spelled_digits(text: str) -> str | None:
    """``text`` with runs of four or more digits written as words (``four seven one - nine
    two eight``) turned into the digits they spell, or None when there are none: a code
    read aloud is the same code."""
    if not _SPELLED_RUN.search(text):
        return None
    return _SPELLED_RUN.sub(
        lambda m: "".join(_DIGIT_WORDS[w.lower()] for w in re.findall(r"[^\W\d_]+", m.group(0))),
        text,
    )


_SEPARATORS = re.compile(r"[\s\-_.,;:'\"`|/\\]+")
# The same characters as a deletion table: ``\s`` is the 29 characters `str.isspace` accepts.
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
_DROP_SEPARATORS = dict.fromkeys(
    map(ord, _SPACES + "".join(map(chr, range(0x2000, 0x200B))) + "-_.,;:'\"`|/\\")
)


@lru_cache(maxsize=2048)
def compact(text: str) -> str:
    """Case, whitespace, separators and invisibles stripped: ``Tr!dent-88`` → ``tr!dent88``."""
    low = clean(text).lower()
    # the regex wins on a short token, the table on a record or a message
    return _SEPARATORS.sub("", low) if len(low) < 32 else low.translate(_DROP_SEPARATORS)


# Markings that make a whole document confidential, whatever values it holds.
_MARKING = re.compile(
    r"(?i)\b(?:(?:strictly |highly )?confidential|embargoed?|under embargo|internal (?:use )?only|"
    r"do not (?:forward|share|distribute)|not for (?:external |public )?distribution|"
    r"attorney[- ]client|legally privileged|trade secret|material non-?public|\bmnpi\b)"
)


# Literals every match of `_MARKING` holds, case-folded: texts without one skip the scan,
# which tries the case-insensitive pattern at every position.
_MARKING_WORDS = (
    "confidential", "embargo", "internal", "do not", "not for", "attorney", "legally",
    "trade secret", "material non", "mnpi",
)  # fmt: skip


# Text that says it is already out: a release, a filing, a public page.
_PUBLISHED = re.compile(
    r"(?i)\b(?:published|press release|publicly (?:available|released|announced|disclosed|filed)|"
    r"public (?:filing|announcement|statement)|already (?:public|published|announced))\b"
)
_PUBLISHED_WORDS = ("publ", "press release", "already")


def _says(regex: re.Pattern[str], words: tuple[str, ...], text: str) -> bool:
    """``regex.search(text)``, skipped when ``text`` holds none of the literals every
    match contains (`fold_ascii_case` keeps the letters case-insensitive matching equates)."""
    folded = fold_ascii_case(text)
    return any(w in folded for w in words) and bool(regex.search(text))


# An open-source licence header: the file is published code, whatever it says.
_OPEN_LICENCE = re.compile(
    r"(?i)SPDX-License-Identifier:\s*(?:MIT|Apache|BSD|[AL]?GPL|MPL|ISC|CC0|CC-BY|Unlicense|0BSD)|"
    r"Permission is hereby granted, free of charge|Licensed under the Apache License"
)
# Arguments of a call that reads a secret store: what it returns is a secret even when
# nothing in the result says so (``kubectl get secret ... | base64 -d`` prints a bare value).
_SECRET_READ = re.compile(
    r"(?i)\bget\s+secrets?\b|secretsmanager|get-secret-value|secrets\s+versions\s+access|"
    r"\bvault\s+(?:kv\s+)?(?:read|get)\b|\bop\s+(?:read|item\s+get)\b|\bpass\s+show\b|"
    r"keychain|keyring|\.data\.[\w.-]*(?:pass|token|key|secret)|"
    r"\b(?:refresh|access|id|auth)_token\b|client_secret|\bpassw(?:or)?d\b|private[_-]?key|"
    r"secret[_-]?key|api[_-]?key\b|id_(?:rsa|ed25519)\b"
)
_BARE_SECRET = re.compile(r"[A-Za-z0-9!#$%&*+/=_.~-]{12,}")
# A file path in a call's arguments (``cat ~/.config/acme/service-token``, ``"path":
# "/etc/acme/fleet-api.key"``): a file whose name says it holds a credential is a secret
# store of its own, and what reading it prints is the secret.
_ARG_PATH = re.compile(r"(?:~|\.{1,2})?/[\w.@%+~/-]*[\w-]")
_PATH_HINT = re.compile(r"(?i)key|token|secret|cred|passw|\.(?:pem|p12|pfx|jks|env|ovpn|netrc|pgpass)")


def _reads_secret_file(arguments: str) -> bool:
    """Whether a call's arguments name a file its name marks as a credential store."""
    if "/" not in arguments or not _PATH_HINT.search(arguments):
        return False
    for m in _ARG_PATH.finditer(arguments):
        kind = classify_path(m.group(0))
        if kind is not None and kind[0] is Kind.CREDENTIAL:
            return True
    return False


def secret_reads(messages: Sequence[Message]) -> frozenset[int]:
    """Indexes of tool messages answering a call whose arguments read a secret store."""
    reading: set[str] = set()
    last: list[str] = []  # calls of the latest assistant turn, for results without an id
    out: set[int] = set()
    for msg in messages:
        if msg.tool_calls:
            last = [
                c.id
                for c in msg.tool_calls
                if _SECRET_READ.search(c.raw_arguments) or _reads_secret_file(c.raw_arguments)
            ]
            reading.update(last)
        elif msg.role in ("tool", "function") and (
            msg.tool_call_id in reading or (not msg.tool_call_id and last)
        ):
            out.add(msg.index)
    return frozenset(out)


def _looks_random(tok: str) -> bool:
    """A value with the mixed shape of a generated secret, not a word, path or URL."""
    if "://" in tok or tok.startswith(("/", "~", ".")) or re.search(r"[a-z]{6,}|[A-Z]{16,}", tok):
        return False
    kinds = sum(bool(re.search(p, tok)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    return sum(ch.isdigit() for ch in tok) >= 2 and kinds >= 3


_KEY_BODY = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]{40,}?)\s*-----END [A-Z ]*PRIVATE KEY-----"
)


def _key_bodies(text: str) -> tuple[tuple[str, str], ...]:
    """The base64 body of each private key a result prints: cut into pieces or sent
    whole, the body is the key."""
    out = []
    for m in _KEY_BODY.finditer(text):
        body = re.sub(r"\s+", "", m.group(1))
        out.append((body, compact(body)))
    return tuple(out)


def _bare_secrets(text: str) -> tuple[tuple[str, str], ...]:
    """Generated-looking values of a secret store's output, however they are printed."""
    return tuple(
        (m.group(0), compact(m.group(0)))
        for m in _BARE_SECRET.finditer(text)
        if _looks_random(m.group(0))
    )


@lru_cache(maxsize=1024)
def _is_marked(text: str, *, whole: bool) -> bool:
    """Whether ``text`` carries a confidentiality marking; a whole message counts only
    when short enough to be one document rather than a listing of many, and not when its
    items are numbered: each numbered item (``Thread 2: ...``) carries its own marking."""
    if whole and (len(text) > 1200 or labelled_items(clean(text))):
        return False
    return _says(_MARKING, _MARKING_WORDS, text)


@dataclass(frozen=True, slots=True)
class Record:
    """One item of a tool result; ``owned`` when it is about something the user named,
    ``confidential`` when it (or the short message holding it) is marked so."""

    id: int
    message: int
    text: str
    owned: bool
    confidential: bool = False
    published: bool = False


@dataclass(frozen=True, slots=True)
class Value:
    """An indexed value; ``kind`` is secret | identifier | name."""

    text: str
    kind: str
    record: int
    weight: float


@dataclass(frozen=True, slots=True)
class FlowMatch:
    value: Value
    start: int
    end: int


# Numbered items of a search listing run inline: ``Thread 1: ... Thread 2 (March): ...``.
_ITEM_LABEL = re.compile(
    r"(?:^|(?<=[\s.;]))(?:Thread|E-?mail|Message|Result|Item|Entry|Record|Document|Doc|File|"
    r"Note|Ticket|Hit|Match|Conversation|Chat|Post|Comment)\s*#?(\d{1,6})\b[^:\n]{0,30}:"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n[ \t]*(?:-{3,}|={3,}|\*{3,}|_{3,})[^\n]{0,40}\n")


def split_records(text: str) -> list[str]:
    """Split a tool result into records: YAML list items, JSON objects, CSV rows, paragraphs."""
    stripped = text.strip()
    if len(_YAML_ITEM.findall(stripped)) >= 2:
        return [p for p in re.split(r"(?m)^- ", stripped) if p.strip()]
    objects = _JSON_OBJ.findall(stripped)
    if len(objects) >= 2 and stripped.startswith("["):
        return objects
    lines = [ln for ln in stripped.splitlines() if ln.strip()]
    if len(lines) >= 3:
        for sep in (",", "\t", "|", ";"):
            counts = [ln.count(sep) for ln in lines]
            if min(counts) >= 2 and max(counts) - min(counts) <= 1:
                return lines
    items = labelled_items(stripped)
    if items:
        return items
    # blank lines and rule lines (``---``, ``=====``) separate messages of a thread
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(stripped) if p.strip()]
    return paragraphs if len(paragraphs) >= 2 else [stripped]


def labelled_items(text: str) -> list[str]:
    """The items of a listing whose entries are numbered inline (``Thread 1: ... Thread
    2: ...``); none unless two or more distinct numbers label them."""
    starts = list(_ITEM_LABEL.finditer(text))
    if len({m.group(1) for m in starts}) < 2:
        return []
    cuts = [0, *(m.start() for m in starts[1:]), len(text)]
    items = [text[a:b].strip() for a, b in pairwise(cuts)]
    return [i for i in items if i]


@dataclass(frozen=True, slots=True)
class _Values:
    """What one record holds, before the instructions say which of it is already known."""

    secrets: tuple[tuple[str, str], ...]  # (value, compact)
    tokens: tuple[tuple[str, str, float], ...]  # (token, compact, weight)
    names: tuple[tuple[str, str], ...]  # (name, compact)

    def key_compacts(self) -> Iterator[str]:
        """Compact tokens and names: what makes a record about something the user named."""
        yield from (c for _, c, _ in self.tokens)
        yield from (c for _, c in self.names)

    def compacts(self) -> Iterator[str]:
        yield from (c for _, c in self.secrets)
        yield from self.key_compacts()


@lru_cache(maxsize=1024)
def _chunks(text: str) -> tuple[str, ...]:
    """The records of one tool result; memoised, as agents resend their history."""
    return tuple(split_records(clean(text)))


_CODE_CHAR = re.compile(r"[0-9@]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_CAPITALISED = re.compile(r"[A-Z]\w*")


def _coded_tokens(text: str) -> Iterator[re.Match[str]]:
    """The `_TOKEN` matches that hold a digit or ``@`` (no other can be distinctive).

    A run of token characters yields at most one token, from its first letter or digit;
    only runs holding a digit or ``@`` are tried.
    """
    runs = Runs(text, r"[A-Za-z0-9._@+/!#$%&*-]")
    starts = []
    m = _CODE_CHAR.search(text)
    while m is not None:
        lo, hi = runs.span(m.start())
        first = _ALNUM.search(text, lo)
        if first is not None:
            starts.append(first.start())
        # the run's other digits give the same start: go on past it (a log is all digits)
        m = _CODE_CHAR.search(text, max(hi, m.end()))
    return finditer_from(_TOKEN, text, starts)


def _names(text: str) -> Iterator[re.Match[str]]:
    """``_NAME.finditer(text)``, tried only where a capitalised word starts."""
    starts = (m.start() for m in _CAPITALISED.finditer(text) if not _after_word(text, m.start()))
    return finditer_from(_NAME, text, starts)


def _after_word(text: str, pos: int) -> bool:
    return pos > 0 and is_word_char(text[pos - 1])


@lru_cache(maxsize=1024)
def _extract(text: str) -> _Values:
    """Secrets, identifiers, names and content words of one record."""
    # Only credentials are kept: most records hold none of their literals, and the full
    # scan tries every personal-data branch too.
    secrets = tuple(
        (hit.value, compact(hit.value))
        for hit in (find_sensitive(text) if may_hold_credential(text) else ())
        if hit.kind is Kind.CREDENTIAL
    )
    tokens: list[tuple[str, str, float]] = []
    for m in _coded_tokens(text):
        tok = m.group(0)
        if _distinctive(tok):
            weight = 0.6 if _IBAN_SHAPE.fullmatch(tok) or "@" in tok else 0.35
            tokens.append((tok, compact(tok), weight))
    names = tuple((m.group(0), compact(m.group(0))) for m in _names(text))
    return _Values(secrets, tuple(tokens), names)


def _content_words(text: str) -> tuple[str, ...]:
    """The content words of one record, for short covert channels such as memos."""
    return tuple(sorted(set(_WORD.findall(text.lower())) - _STOP))


@dataclass
class FlowIndex:
    """Values from tool results, by record; build with `FlowIndex.build`."""

    records: list[Record] = field(default_factory=list)
    secrets: list[Value] = field(default_factory=list)
    tokens: dict[str, list[Value]] = field(default_factory=dict)
    names: list[Value] = field(default_factory=list)
    known_lower: str = ""  # the instructions, lower-cased: words they hold are not indexed

    @classmethod
    def build(
        cls,
        messages: Sequence[Message],
        instruction_text: str,
        secret_results: frozenset[int] = frozenset(),
    ) -> FlowIndex:
        """Index ``messages``; those in ``secret_results`` came from a secret store.

        Memoised by the messages' texts: an agent re-sends its tool results every turn, and
        an index is only read once built (its lazy `words` come out the same each time).
        """
        texts = tuple((msg.index, msg.text) for msg in messages)
        return _built_index(texts, instruction_text, secret_results)

    @classmethod
    def _build(
        cls,
        texts: tuple[tuple[int, str], ...],
        instruction_text: str,
        secret_results: frozenset[int],
    ) -> FlowIndex:
        index = cls()
        parts = [(i, chunk, _extract(chunk)) for i, text in texts for chunk in _chunks(text)]
        parts = [
            (i, chunk, replace(v, secrets=v.secrets + _bare_secrets(chunk) + _key_bodies(chunk)))
            if i in secret_results or "PRIVATE KEY-----" in chunk
            else (i, chunk, v)
            for i, chunk, v in parts
        ]
        # Which values the user or system prompt already wrote, asked for all at once.
        known = compact(instruction_text) if parts else ""
        known_lower = instruction_text.lower() if parts else ""
        in_known = present((c for _, _, e in parts for c in e.compacts()), known)
        in_lower = present((n.lower() for _, _, e in parts for n, _ in e.names), known_lower)
        index.known_lower = known_lower
        marked = {i for i, text in texts if _is_marked(text, whole=True)}
        published = {
            i
            for i, text in texts
            if _says(_PUBLISHED, _PUBLISHED_WORDS, text[:400]) or _OPEN_LICENCE.search(text[:600])
        }
        for message, chunk, values in parts:
            index._add_record(message, chunk, values, in_known, in_lower)
            if message in marked or _is_marked(chunk, whole=False):
                index.records[-1] = replace(index.records[-1], confidential=True)
            elif message in published or _says(_PUBLISHED, _PUBLISHED_WORDS, chunk):
                index.records[-1] = replace(index.records[-1], published=True)
        return index

    def _add_record(
        self,
        message: int,
        text: str,
        values: _Values,
        in_known: frozenset[str],
        in_lower: frozenset[str],
    ) -> None:
        rid = len(self.records)
        seen: set[str] = set()
        for value, c in values.secrets:
            if c and c not in in_known and c not in seen:
                seen.add(c)
                self.secrets.append(Value(value, "secret", rid, 0.9))
        for tok, c, weight in values.tokens:
            if c in in_known or c in seen:
                continue
            seen.add(c)
            self.tokens.setdefault(c, []).append(Value(tok, "identifier", rid, weight))
        for name, c in values.names:
            if name.lower() in in_lower or c in in_known or c in seen:
                continue
            seen.add(c)
            self.names.append(Value(name, "name", rid, 0.3))
        owned = any(len(k) >= 4 and k in in_known for k in values.key_compacts())
        self.records.append(Record(rid, message, text, owned))

    # ------------------------------------------------------------------ matching

    def find(self, text: str) -> list[FlowMatch]:
        """Indexed secrets, identifiers and names that occur in ``text``."""
        found: list[FlowMatch] = []
        low = text.lower()
        flat = compact(text) if self.secrets else ""
        for v, lowered, c in self._secret_forms:
            pos = low.find(lowered)
            if pos >= 0:
                found.append(FlowMatch(v, pos, pos + len(v.text)))
            elif len(c) >= 4 and c in flat:
                found.append(FlowMatch(v, 0, len(text)))
        # Every key holds a digit or ``@`` (`_distinctive`), which `compact` keeps: a text
        # without one holds no key, and most texts sent are prose.
        if self.tokens and _CODE_CHAR.search(text):
            for m in _TOKEN.finditer(text):
                for v in self.tokens.get(compact(m.group(0)), ()):
                    found.append(FlowMatch(v, m.start(), m.end()))
        names = self._name_forms
        if len(names) > 64:  # a long result names many: keep those present, in one pass
            there = present((n for _, n in names), low)
            names = [(v, n) for v, n in names if n in there]
        for v, lowered in names:
            pos = low.find(lowered)
            if pos >= 0:
                found.append(FlowMatch(v, pos, pos + len(v.text)))
        return found

    @cached_property
    def _secret_forms(self) -> list[tuple[Value, str, str]]:
        """Each secret lower-cased and compacted, made once: `find` runs on every view sent."""
        return [(v, v.text.lower(), compact(v.text)) for v in self.secrets]

    @cached_property
    def _name_forms(self) -> list[tuple[Value, str]]:
        return [(v, v.text.lower()) for v in self.names]

    def value_count(self) -> int:
        """How many values are indexed (secrets, identifiers and names)."""
        return len(self.secrets) + len(self.names) + sum(map(len, self.tokens.values()))

    def find_split_secrets(self, texts: Iterable[str]) -> list[Value]:
        """Secrets present only when several outbound texts are read together."""
        texts = list(texts)
        parts = [compact(t) for t in texts]
        # path segments and file names split a value too: /t/Zt4Lq9.gif + /t/v7BnK5.gif
        pieces = [compact(p) for t in texts for p in re.split(r"[\s=&:,;'\"`|/.?#]+", clean(t))]
        # a query value is one piece, decoded: ``?b=hX9v%2F8`` carries ``hX9v/8`` whole
        pieces += [
            compact(unquote_plus(m.group(1))) for t in texts for m in _QUERY_VALUE.finditer(t)
        ]
        joined = "".join(parts)
        out: list[Value] = []
        # a generated-looking identifier (``dpl_5Qz81KfR02LmX7``) cut into pieces is hidden
        # as surely as a secret: nobody splits an order number across three requests
        generated = [
            v for vs in self.tokens.values() for v in vs if len(v.text) >= 12 and _looks_random(v.text)
        ]
        for v in [*self.secrets, *generated]:
            c = compact(v.text)
            if len(c) < 8 or any(c in p for p in parts):
                continue
            if c in joined or _covered(c, [p for p in pieces if len(p) >= 4 and p in c]):
                out.append(v)
        return out

    @cached_property
    def words(self) -> dict[str, set[int]]:
        """Content words of the records the instructions do not hold, with their records;
        only memos and copied prose need them, so they are gathered on first use."""
        per_record = [(r.id, _content_words(r.text)) for r in self.records]
        known = present((w for _, ws in per_record for w in ws), self.known_lower)
        out: dict[str, set[int]] = {}
        for rid, ws in per_record:
            for w in ws:
                if w not in known:
                    out.setdefault(w, set()).add(rid)
        return out

    def word_records(self, text: str) -> dict[str, set[int]]:
        """Content words of ``text`` that tool results contained, with their records."""
        return {w: self.words[w] for w in set(_WORD.findall(text.lower())) if w in self.words}

    def quoted_share(self, text: str, at_least: int = 1) -> tuple[int, float]:
        """How many content words ``text`` has, and the share of them tool results contained
        (0.0 when fewer than ``at_least``: the records' words are then never gathered)."""
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
        if len(words) < max(1, at_least):
            return len(words), 0.0
        private = sum(
            any(not self.records[r].published for r in self.words.get(w, ())) for w in words
        )
        return len(words), private / len(words)

    def records_containing(self, needle: str) -> set[int]:
        c = compact(needle)
        return {rid for rid, text in enumerate(self._compacted_records) if c and c in text}

    @cached_property
    def _compacted_records(self) -> list[str]:
        """Each record's text compacted, once per index (record ids are positions)."""
        return [compact(r.text) for r in self.records]

    def record(self, rid: int) -> Record:
        return self.records[rid]


_QUERY_VALUE = re.compile(r"[?&;][^=&#\s]{1,64}=([^&#\s]{2,512})")


def _covered(secret: str, fragments: list[str]) -> bool:
    """Whether two or more fragments together spell out most of ``secret``."""
    if len(set(fragments)) < 2:
        return False
    covered = [False] * len(secret)
    for frag in set(fragments):
        start = secret.find(frag)
        for i in range(start, start + len(frag)):
            covered[i] = True
    return sum(covered) >= 0.8 * len(secret)


def _distinctive(tok: str) -> bool:
    """Codes, ids, amounts and addresses; not plain words, years or dates."""
    if len(tok) < 4 or _DATE_LIKE.match(tok):
        return False
    digits = sum(ch.isdigit() for ch in tok)
    if digits == 0:
        return "@" in tok
    if tok.isdigit():
        return len(tok) >= 4 and not (len(tok) == 4 and tok.startswith(("19", "20")))
    if re.fullmatch(r"\d+\.\d+", tok):
        return digits >= 4
    return True


@lru_cache(maxsize=256)  # keyed by whole histories, each new turn a new key: keep fewer
def _built_index(
    texts: tuple[tuple[int, str], ...], instruction_text: str, secret_results: frozenset[int]
) -> FlowIndex:
    return FlowIndex._build(texts, instruction_text, secret_results)
