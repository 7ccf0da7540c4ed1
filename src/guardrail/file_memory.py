"""What the conversation has already shown about a file.

A path says little (``/data/payouts/2025-05.csv``), but an earlier ``head`` of that file
showed IBANs, and an earlier ``ls`` of a checkpoint directory showed "INTERNAL - not
licensed". When an answer then uploads the file or copies the directory, what those
tool results showed is what leaves. `FileMemory` remembers, for every path an earlier
tool call named, the strongest sensitive thing its result contained; a document id
(``1xK9_comp_bands``) is judged by the line of a tool result that lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from guardrail._scan import Anchors, finditer_from
from guardrail.conversation import Message, ToolCall
from guardrail.memo import cached_property
from guardrail.sensitive import Kind, classify_path, find_sensitive

__all__ = ["FileMemory", "Shown"]

_PATH = re.compile(r"(?:~|\.{1,2})?/?(?:[\w.@~+-]+/)+[\w.@~+-]*|[\w@~+-]+\.[A-Za-z0-9]{1,8}\b")
_FIELD_WORDS = re.compile(
    r"(?i)\b(?:e-?mails?|phones?|mobiles?|address(?:es)?|salar(?:y|ies)|ssns?|dob|"
    r"date of birth|birth ?dates?|iban|passports?|diagnos[ie]s|national id|tax id|"
    r"card(?:_number)?|contract[_ ]values?|bonus(?:es)?|equity|compensation|"
    r"performance ratings?|disciplinary|"
    # special categories: health and belief fields of a record about a person
    r"medical|allerg(?:y|ies)|medications?|disabilit(?:y|ies)|religion|ethnicity)\b"
)
# Every match of _FIELD_WORDS starts with one of these (case-folded).
_FIELD_ANCHORS = Anchors(
    r"e-?mail|phone|mobile|address|salar|ssn|dob|date of birth|birth|iban|passport|diagnos|"
    r"national id|tax id|card|contract|bonus|equity|compensation|performance|disciplinary|"
    r"medical|allerg|medication|disabilit|religion|ethnicity"
)


def _field_words(text: str) -> Iterator[re.Match[str]]:
    """``_FIELD_WORDS.finditer(text)``, tried only where an anchor starts."""
    return finditer_from(_FIELD_WORDS, text, _FIELD_ANCHORS.positions(text))


# ``git status --short`` lines: two status letters (or ``??``), then the path.
_STATUS_LINE = re.compile(r"(?m)^[ MADRCU?!]{2} (\S+)$")
_REMOTE_LINE = re.compile(r"(?m)^[ \t]*([\w.-]+)[ \t]+(\S+)[ \t]+\((?:push|fetch)\)")
_REMOTE_SECTION = re.compile(r'\[remote\s+"([\w.-]+)"\]\s*\n\s*url\s*=\s*(\S+)')

_ORDER = {Kind.CREDENTIAL: 4, Kind.PERSONAL: 3, Kind.WEIGHTS: 2, Kind.CONFIDENTIAL: 1, Kind.BULK: 0}


@dataclass(frozen=True, slots=True)
class Shown:
    """The strongest sensitive thing a tool result showed about a file."""

    kind: Kind
    label: str
    weight: float


@lru_cache(maxsize=1024)
def _judge(text: str) -> Shown | None:
    """The strongest sensitive thing ``text`` shows; memoised, as history is resent."""
    best: Shown | None = None
    personal = 0
    for hit in find_sensitive(text):
        if hit.label in ("email", "phone", "confidential_word"):
            continue
        personal += hit.kind is Kind.PERSONAL
        shown = Shown(hit.kind, f"{hit.label.replace('_', ' ')} shown earlier", hit.weight)
        if best is None or (_ORDER[shown.kind], shown.weight) > (_ORDER[best.kind], best.weight):
            best = shown
    if best is not None and best.kind is Kind.PERSONAL and personal >= 2:
        best = Shown(Kind.PERSONAL, "personal records shown earlier", max(best.weight, 0.8))
    if best is None and len({m.group(0).lower() for m in _field_words(text)}) >= 2:
        best = Shown(Kind.PERSONAL, "personal fields shown earlier", 0.6)
    if best is None or best.weight < 0.8:
        # rows of people: a contact or two is a signature, three distinct ones are a list
        contacts = {h.value.lower() for h in find_sensitive(text) if h.label in ("email", "phone")}
        if len(contacts) >= 3:
            best = Shown(Kind.PERSONAL, "personal records shown earlier", 0.8)
    return best


# A query that pulls columns about people: the file it writes holds them, whatever the
# result printed (``COPY 2318``).
_SELECT = re.compile(r"(?i)\bselect\s+([\w\s,.\"`]{1,300}?)\s+from\b")
_PEOPLE_COLUMN = re.compile(
    r"(?i)^(?:(?:full_?|first_?|last_?)?name|e-?mail|phone|mobile|ssn|dob|birth\w*|address|"
    r"mrn|salary|iban|passport|diagnos\w*|dx)$"
)


def _query_columns(text: str) -> Shown | None:
    """What a query in a call's own text selects: two or more columns about people."""
    for m in _SELECT.finditer(text):
        columns = {c.strip(' "`').split(".")[-1].lower() for c in m.group(1).split(",")}
        # ``contact_email``, ``home_address``: a column is about people by its last word too
        people = {
            c
            for c in columns
            if _PEOPLE_COLUMN.match(c) or _PEOPLE_COLUMN.match(c.rsplit("_", 1)[-1])
        }
        if len(people) >= 2:
            return Shown(Kind.PERSONAL, "personal columns selected earlier", 0.7)
    return None


@lru_cache(maxsize=1024)
def _judge_call(text: str, args: str) -> Shown | None:
    """What a call's result showed, else what the call's own query selected, else what the
    file names of a listing it asked for say."""
    shown = _judge(text) or _query_columns(args)
    if shown is None and _LISTING.search(args):
        shown = _listed_names(text)
    return shown


# A listing names files: ``ls`` of a directory shows what the directory holds.
_LISTED_NAME = re.compile(r"(?m)(?:^|\s)([\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]{1,7})(?=\s|$)")


def _listed_names(text: str) -> Shown | None:
    """The strongest thing the file names a listing shows say their files hold."""
    best: Shown | None = None
    for m in _LISTED_NAME.finditer(text):
        hit = classify_path(m.group(1))
        if hit and hit[0] is not Kind.BULK and (best is None or hit[2] > best.weight):
            best = Shown(hit[0], f"{hit[1]} listed earlier ({m.group(1)})", hit[2])
    return best


# Verbs of a result reporting a file it produced.
_WROTE = re.compile(
    r"(?i)\b(?:export(?:ed)?|sav(?:ed|ing)|wr(?:ote|itten)|dump(?:ed)?|creat(?:ed)|generat(?:ed)|"
    r"output|writing|exporting)\b"
)


@dataclass
class FileMemory:
    """Paths named by earlier tool calls, with what their results showed.

    A result is judged (a full sensitive-data scan) only when a recall asks about a path
    its call named, or a directory or file related to one: most answers name no such file.
    """

    results: tuple[str, ...] = ()
    pending: tuple[tuple[ToolCall, str], ...] = ()  # calls with their results, in order

    @classmethod
    def build(cls, messages: Sequence[Message]) -> FileMemory:
        results = {m.tool_call_id: m.text for m in messages if m.tool_call_id}
        pending = tuple(
            (call, text)
            for msg in messages
            for call in msg.tool_calls
            if (text := results.get(call.id))
        )
        return cls(results=tuple(results.values()), pending=pending)

    @cached_property
    def remotes(self) -> dict[str, str]:
        """Git remotes an earlier result listed (``git remote -v``: ``name  url (push)``,
        or a config's ``[remote "name"] url = ...``): where a later push by name goes."""
        out: dict[str, str] = {}
        for text in self.results:
            if "(push)" in text or "(fetch)" in text:
                for m in _REMOTE_LINE.finditer(text):
                    out.setdefault(m.group(1), m.group(2))
            if "[remote" in text:
                for m in _REMOTE_SECTION.finditer(text):
                    out.setdefault(m.group(1), m.group(2))
        return out

    @cached_property
    def named(self) -> tuple[tuple[str, str, str], ...]:
        """Each path (or fetched document id) a call named, with that call's result and
        arguments, in conversation order."""
        out: list[tuple[str, str, str]] = []
        for call, text in self.pending:
            for _, value in call.strings():
                for m in _PATH.finditer(value):
                    if len(path := _norm(m.group(0))) >= 4:
                        out.append((path, text, call.raw_arguments))
                # a document fetched by id (``pages get 9a1f-board-deck``) is what it returned
                out.extend((m.group(0), text, call.raw_arguments) for m in _ID_WORD.finditer(value))
        # A result that says it wrote a file describes it on the same line: "Exported
        # /tmp/book.csv (1,842 contacts, emails, phone numbers)". The line is what the
        # file holds; a call naming the path itself still wins, being earlier in the list.
        for _, text in self.pending:
            if not _WROTE.search(text):
                continue
            for line in text.splitlines():
                if _WROTE.search(line):
                    for m in _PATH.finditer(line):
                        if len(path := _norm(m.group(0))) >= 4:
                            out.append((path, line, ""))
        return tuple(out)

    def recall(self, path: str) -> Shown | None:
        """What earlier results showed about ``path``, its directory, or files under it.

        The first call (in conversation order) naming the path itself whose result shows
        something wins; else the first naming a related path that does.
        """
        p = _norm(path)
        if len(p) < 4:
            return None
        for known, text, args in self.named:
            if known == p and (shown := _judge_call(text, args)) is not None:
                return shown
        if _ID.fullmatch(p):
            return self._listed(p)
        deep = p.strip("/").count("/") >= 1
        for known, text, args in self.named:
            related = (deep and known.startswith(p + "/")) or (
                p.startswith(known + "/") and known.strip("/").count("/") >= 1
            )
            if related and (shown := _judge_call(text, args)) is not None:
                return shown
        return None

    def descriptions(self, path: str) -> list[str]:
        """What earlier results said about ``path`` itself: the results of calls that
        named it, and the lines of results that say they wrote it."""
        p = _norm(path)
        return [text for known, text, _ in self.named if known == p] if len(p) >= 4 else []

    @cached_property
    def status_secrets(self) -> tuple[str, ...]:
        """Files a ``git status`` listing showed whose names mark them as credentials
        (``?? .env``, ``?? keys/publisher.pem``): an ``add -A`` stages them."""
        out: list[str] = []
        for text in self.results:
            if "??" not in text and not _STATUS_LINE.search(text):
                continue
            for m in _STATUS_LINE.finditer(text):
                hit = classify_path(m.group(1))
                if hit is not None and hit[0] is Kind.CREDENTIAL:
                    out.append(m.group(1))
        return tuple(out)

    def secret_in_tree(self, root: str) -> Shown | None:
        """A credential an earlier result showed in a file of the working tree at ``root``
        (``""`` for the current directory, where only relative paths are known to lie): a
        push or upload of the whole tree carries it."""
        r = _norm(root)
        r = "" if r == "." else r
        for known, text, args in self.named:
            inside = (
                known == r or known.startswith(r + "/") if r else not known.startswith(("/", "~"))
            )
            shown = _judge_call(text, args) if inside else None
            if shown is not None and shown.kind is Kind.CREDENTIAL:
                return shown
        return None

    def recall_id(self, ident: str) -> Shown | None:
        """What a document a tool call names by a short id (``"31"``) holds, judged by the
        file name a tool result lists beside that id (``'payroll.xlsx' (id 31)``,
        ``id: 31 / filename: payroll.xlsx``) and by what results showed of that file."""
        p = _norm(ident)
        if len(p) >= 8:
            recalled = self.recall(p)
            # a long id a listing gives beside a title is judged by that title too
            if recalled is not None or not re.fullmatch(r"[\w-]+", p):
                return recalled
        if not p or not re.fullmatch(r"[\w-]+", p):
            return None
        # ``id: 31``, ``(id 31)``, ``"event_id": "31"``, or a listing row ``31 | name | size``
        key = re.compile(
            rf"\b(?:[a-z]+_)?id_?\b[\"']?\s*[:=#]?\s*[\"']?{re.escape(p)}(?![\w-])|"
            # ``DOC 6001201 'SPA draft'``, ``file #88``: a listing's kind word before the id
            rf"\b(?:doc(?:ument)?|file|item|record|page|sheet|matter)\s*(?:no\.?|#)?\s*"
            rf"{re.escape(p)}(?![\w-])|"
            rf"^[ \t]*{re.escape(p)}[ \t]*[|,;:.)\t]",
            re.I | re.M,
        )
        best: Shown | None = None
        for text in self.results:
            if p not in text:
                continue
            for m in key.finditer(text):
                name = _nearest_name(text, m.start(), m.end())
                shown = name and _judge_name(name, self.recall(name))
                record = _judge_record(_record_at(text, m.start()))
                # the quoted title beside the id, spaces and all ('Student roster - ...')
                title = _TITLE.match(text, m.end())
                titled = _judge_title(title.group(1)) if title else None
                for found in (shown, record, titled):
                    if found and (best is None or found.weight > best.weight):
                        best = found
        return best

    def _listed(self, ident: str) -> Shown | None:
        """What the tool-result line naming a document id says about that document."""
        line = self.line_of(ident)
        return _judge_record(line) if line is not None else None

    def context_of(self, ident: str) -> str:
        """The tool-result line that lists a document id (``(id 9Hr): ...``) with the
        arguments of the call that listed it (``{"query": "expediente Herrera"}``): what
        was asked for says what the listed item is. A short id counts only where a result
        labels it as an id."""
        if len(ident) < 4 and not any(
            re.search(rf"(?i)\bid_?\b\W{{0,3}}{re.escape(ident)}(?![\w-])", t) for t in self.results
        ):
            return ""
        line = self.line_of(ident)
        if line is None:
            return ""
        args = next((c.raw_arguments for c, text in self.pending if line in text), "")
        return f"{line} {args}"

    def line_of(self, ident: str) -> str | None:
        """The tool-result line that lists a document id, written out or elided
        (``1Fq8...xT2`` for ``1Fq8Lr0pVx...xT2``)."""
        for text in self.results:
            pos = text.find(ident)
            if pos < 0:
                pos = next(
                    (
                        m.start()
                        for m in _ELIDED.finditer(text)
                        if ident.startswith(m.group(1)) and ident.endswith(m.group(2))
                    ),
                    -1,
                )
            if pos >= 0:
                start = text.rfind("\n", 0, pos) + 1
                end = text.find("\n", pos)
                return text[start : end if end >= 0 else len(text)]
        return None


_LISTING = re.compile(r"(?:^|[\s\"'])(?:ls|dir|tree|find|du)\b|\b(?:ls|list)\b")

# Document ids: long, with a digit, no spaces (Drive, Dropbox, SharePoint, Notion ids).
_ID = re.compile(r"(?=[\w-]*\d)[A-Za-z0-9_-]{8,}")


_ID_WORD = re.compile(r"(?<![\w/.-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_-]{8,}(?![\w/.-])")
_ELIDED = re.compile(r"(?<![\w-])([A-Za-z0-9_-]{3,})(?:\.{3}|\u2026)([A-Za-z0-9_-]{2,})(?![\w-])")
_FILE_NAME = re.compile(r"[\w@~+-][\w.@~+-]*\.[A-Za-z][A-Za-z0-9]{1,5}\b")


def _nearest_name(text: str, start: int, end: int) -> str | None:
    """The file name written closest to ``text[start:end]``, within 80 characters."""
    window_start = max(0, start - 80)
    best: tuple[int, str] | None = None
    for m in _FILE_NAME.finditer(text, window_start, end + 80):
        if m.start() < end and m.end() > start:
            continue
        gap = start - m.end() if m.end() <= start else m.start() - end
        if best is None or gap < best[0]:
            best = (gap, m.group(0))
    return best[1] if best else None


def _record_at(text: str, start: int) -> str:
    """The record of a listing that starts at ``start``: up to a blank line or the next id."""
    end = len(text)
    for m in re.finditer(
        r"\n[ \t]*\n|\n[ \t\-*]*[\"']?(?:[a-z]+_)?id_?\b", text[start + 1 :], re.I
    ):
        end = start + 1 + m.start()
        break
    return text[start:end]


_TITLE = re.compile(r"""[ \t]*[:,|-]?[ \t]*['"‘“]([^'"’”\n]{4,160})['"’”]""")
# A status a listing writes beside an item's title: "SPA draft v14 (privileged)",
# "[Confidential] Q3 plan", "(internal only)".
_BRACKETED_MARK = re.compile(
    r"(?i)[(\[]\s*(?:strictly |highly |legally )?(?:privileged|confidential|proprietary|"
    r"internal(?: use)? only|restricted|secret|embargoed)(?:\s*(?:and|&|/)\s*confidential)?\s*[)\]]"
)


@lru_cache(maxsize=1024)
def _judge_record(record: str) -> Shown | None:
    """What a listed item (a calendar event, a document) holds: its values, or its marking."""
    shown = _judge(record)
    if shown is None and (
        _BRACKETED_MARK.search(record) or any(h.label == "marking" for h in find_sensitive(record))
    ):
        return Shown(Kind.CONFIDENTIAL, "item marked confidential", 0.6)
    return shown


def _judge_title(title: str) -> Shown | None:
    """What an item's title says it holds: as a file name, or by the fields it lists
    ("roster - children, home addresses, allergies")."""
    named = _judge_name(title, None)
    if named is None and len({m.group(0).lower() for m in _field_words(title)}) >= 2:
        return Shown(Kind.PERSONAL, f"personal records ({title})", 0.65)
    return named


def _judge_name(name: str, shown: Shown | None) -> Shown | None:
    """What a file name says its file holds, or what earlier results showed, whichever is more."""
    hit = classify_path(name)
    named = Shown(hit[0], f"{hit[1]} ({name})", hit[2]) if hit else None
    if shown is not None and (named is None or shown.weight > named.weight):
        return shown
    return named


def _norm(path: str) -> str:
    return path.strip().strip("'\"").rstrip("/").removeprefix("./")
