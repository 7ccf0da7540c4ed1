"""Files that hold several parties' records, sent to one of those parties.

A tool result often describes the file a call wrote by whose rows it holds: "COPY 1211
(shippers: Acme Garden 84 rows, Halvorsen Tools 402, Brightline Apparel 725)", "exported
3 tenants — Marsh Court: 40, Quayside: 12". Such a breakdown names each party with a
count. When the file then goes to one of those parties (its mail domain or host is
``acmegarden``), the other parties' rows go with it: a customer receives its competitors'
data. The recipient is known as `guardrail.ownership` knows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from guardrail.destinations import Destination, personal_mailbox, registrable
from guardrail.ownership import Party, parties_of

__all__ = ["listed_parties", "other_parties", "recipient_parties"]

# One entry of a breakdown: a capitalised name, then a count (``Halvorsen Tools 402``,
# ``Marsh Court: 40``, ``Quayside (12 rows)``).
_ENTRY = re.compile(
    r"(?<![\w&'.-])(?P<name>[A-Z][\w&'.-]*(?:\s+(?:&\s+)?[A-Z][\w&'.-]*){0,4})\s*"
    r"(?:[:=(\u2013\u2014-]\s*)?(?P<count>\d[\d,.]*)\b"
)
_COMMON_LABELS = frozenset("gmail googlemail outlook hotmail yahoo icloud proton example".split())
_MAX_TEXT = 20_000


def listed_parties(text: str) -> list[str]:
    """The parties a breakdown in ``text`` names with counts, when it names two or more."""
    names: list[str] = []
    for piece in re.split(r"[,;|\n]", text[:_MAX_TEXT]):
        # one entry a piece; a leading word in capitals is a status (``COPY 1211 (...``)
        entry = next((m for m in _ENTRY.finditer(piece) if not m.group("name").isupper()), None)
        if entry is not None:
            names.append(entry.group("name").strip())
    names = list(dict.fromkeys(names))
    return names if len(names) >= 2 else []


def recipient_parties(dests: Iterable[Destination]) -> list[Party]:
    """Who a send reaches: people and organisations of its addresses, and the organisation
    whose domain a host is under (``sftp.acmegarden.com``)."""
    dests = list(dests)
    out = parties_of(dests, ())
    for d in dests:
        if d.kind != "host" or personal_mailbox("x@" + d.value):
            continue
        label = registrable(d.value).split(".")[0]
        if len(label) >= 4 and label not in _COMMON_LABELS:
            out.append(Party(org=label))
    return out


def other_parties(descriptions: Iterable[str], recipients: list[Party]) -> list[str]:
    """Parties whose rows a described file holds besides the recipient's own, when the
    recipient is one of the parties listed: empty when it is none of them (an aggregate
    sent to someone else is judged elsewhere)."""
    if not recipients:
        return []
    for text in descriptions:
        names = listed_parties(text)
        own = [n for n in names if any(p.named_in(n) for p in recipients)]
        if own:
            return [n for n in names if n not in own]
    return []
