"""Whose data a value is: a recipient may be sent what is its own.

A customer may read its own order, a shipper its own containers, a caller their own
ticket. What makes a value someone's own is where the conversation read it: every line
of the tool results that holds the value names that party (``TB-88402: Ben Ito, in
transit``), or the call that produced the result was scoped to that party by a field
filter (``WHERE shipper = 'Acme Garden'``, ``{"customer": "Acme Garden"}``). A line
that holds the value and names someone else makes it theirs too, so a record listing
two customers is no licence to send either the other's details.

A recipient is known by the person its address spells (``ben.ito@``, both words
needed), by its organisation's domain label (``acmegarden``), and, for a reply on a
ticket, by the requester the ticket names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from guardrail._scan import Pieces
from guardrail.dataflow import compact
from guardrail.destinations import Destination, personal_mailbox, registrable
from guardrail.memo import per_conversation

__all__ = ["Party", "items", "owned_by", "parties_of", "requesters"]

# Mailbox names of a function, not a person: ``logistics@``, ``billing@``.
_ROLE_LOCALS = frozenset(
    """info sales support admin team ops operations logistics billing accounts accounting
    hello contact office help service services noreply no reply mail edi hr finance legal
    orders order shipping dispatch desk it security press media news jobs careers""".split()
)
# Labels of hosts every organisation uses: they name no one.
_COMMON_LABELS = frozenset("gmail googlemail outlook hotmail yahoo icloud proton example".split())
# The field of a ticket or message that says who asked: its address is the requester's.
_REQUESTER = re.compile(
    r"(?im)\b(?:requester|requested by|requestor|caller|customer|reporter|submitted by|"
    r"submitter|from|sender|contact)\s*[:=]\s*([^\n]{3,160})"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Arguments that search free text: a word there is a topic, not a filter on an owner.
_SEARCH_KEYS = r"(?:query|q|search|text|keywords?|prompt|question|body|message|content)"


@dataclass(frozen=True, slots=True)
class Party:
    """A recipient as the data may name it: a person's name words, an organisation label."""

    person: tuple[str, ...] = ()
    org: str = ""
    address: str = ""

    def named_in(self, line: str) -> bool:
        """Whether a line names this party: its address, all its name words, its label."""
        return _names(self, line)


# A long result is one line (a JSON array), asked about once per value sent. Few entries:
# a key may be a whole result.
@lru_cache(maxsize=256)
def _names(party: Party, line: str) -> bool:
    low = line.lower()
    if party.address and party.address in low:
        return True
    if party.person:
        words = set(re.findall(r"[a-z]+", low))
        if all(w in words for w in party.person):
            return True
    return bool(party.org) and party.org in compact(line)


def _party(address: str) -> Party | None:
    """The party an e-mail address stands for; None when it names no one in particular."""
    local, _, domain = address.lower().partition("@")
    words = tuple(w for w in re.split(r"[^a-z]+", local) if len(w) >= 3)
    person = words if len(words) >= 2 and not set(words) & _ROLE_LOCALS else ()
    label = "" if personal_mailbox(address) else registrable(domain).split(".")[0]
    org = label if len(label) >= 4 and label not in _COMMON_LABELS else ""
    if not person and not org:
        return None
    return Party(person, org, address.lower())


def parties_of(dests: Iterable[Destination], requester_addresses: Iterable[str]) -> list[Party]:
    """The parties a send reaches that data may be about; a reply reaches the requester."""
    out: list[Party] = []
    for d in dests:
        if d.kind == "email":
            addresses: Iterable[str] = (d.value,)
        elif d.kind == "reply":
            addresses = requester_addresses
        else:
            continue
        out.extend(p for p in map(_party, addresses) if p is not None)
    return out


@per_conversation
def requesters(text: str) -> tuple[str, ...]:
    """Addresses a tool result gives as whoever asked (``Requester: ben@...``)."""
    if ":" not in text and "=" not in text:
        return ()
    return tuple(
        dict.fromkeys(
            e.lower() for m in _REQUESTER.finditer(text) for e in _EMAIL.findall(m.group(1))
        )
    )


def scoped_to(arguments: str, party: Party) -> bool:
    """Whether a call's arguments filter on a field equal to the party's organisation or
    name (``shipper='Acme Garden'``, ``"customer": "acme garden"``); a free-text search
    for it finds what others wrote about the party too."""
    if not party.org or party.org not in compact(arguments):
        return False
    pattern = rf"(?i)(?<!\w)(?!{_SEARCH_KEYS}\b)([A-Za-z_]\w*)[\"'`]?\s*(?:==?|:|\bin\b|\blike\b)\s*[\"'`(]?\s*([^\"'`),\n]{{3,60}})"
    return any(party.org in compact(m.group(2)) for m in re.finditer(pattern, arguments))


def items(text: str) -> list[str]:
    """The items of a result that each speak of one party: lines, and the parts of a line
    a semicolon separates (``Bids: Acme $0.06; Brill $0.07``)."""
    return [p for p in re.split(r"[\n;]", text) if p.strip()]


def owned_by(value: str, sources: Iterable[tuple[str, str]], parties: list[Party]) -> bool:
    """Whether ``value`` is a recipient's own: every line of every result that holds it
    names one of ``parties``, or that result came from a call scoped to one of them.

    ``sources`` pairs each tool result's text with the arguments of the call that made it.
    """
    if not parties:
        return False
    needle = compact(value)
    if not needle:
        return False
    seen = False
    for text, arguments in sources:
        compacted = _compacted_items(text)
        whole = compacted.whole
        if needle not in whole:
            continue
        if arguments and any(scoped_to(arguments, p) for p in parties):
            seen = True
            continue
        held = False
        for line in compacted.holding(needle):  # lazily: the first line of others decides
            if not any(p.named_in(line) for p in parties):
                return False
            held = True
        if not held:
            return False
        seen = True
    return seen


class _Items:
    """A result's items with their compacted forms searchable at once (`Pieces`)."""

    def __init__(self, text: str) -> None:
        self.whole = compact(text)
        self._items = items(text)
        # compact() keeps no newline, so no value found spans two items
        self._pieces = Pieces([compact(item) for item in self._items])

    def holding(self, needle: str) -> Iterator[str]:
        """The items whose compacted form holds ``needle``, in order."""
        return (self._items[k] for k in self._pieces.holding(needle))


@lru_cache(maxsize=256)  # each entry holds its result about three times over
def _compacted_items(text: str) -> _Items:
    """`_Items` of a tool result, kept: the history is resent every turn."""
    return _Items(text)
