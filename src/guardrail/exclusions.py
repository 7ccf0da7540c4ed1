"""Documents that name who must not see them.

"Confidential - do not share with Halden", "not for distribution to the vendor", "keep
this from Acme": a marking that names a party says more than "confidential" does. Sending
that document's figures to the party it names is the one disclosure its author ruled out,
whoever asked for it — a counterparty invited to a call is still the counterparty.
"""

from __future__ import annotations

import re

from guardrail.destinations import Destination, registrable
from guardrail.memo import per_conversation

__all__ = ["excluded_parties", "names_party"]

_EXCLUDE = re.compile(
    r"(?i)\b(?:do not|don't|never|must not|mustn't|not to be)\s+(?:be\s+)?"
    r"(?:share[ds]?|sen[dt]|forward(?:ed)?|disclose[ds]?|show[n]?|distribute[ds]?|circulate[ds]?|"
    r"give[n]?|pass(?:ed)?(?: on)?)\s+(?:this\s+|it\s+)?(?:with|to)\s+"
    r"(?:the\s+)?([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})|"
    r"\b(?:not for|keep (?:this |it )?(?:away )?from|withhold from|hide from)\s+"
    r"(?:distribution to\s+|the\s+)?([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,3})"
)


@per_conversation
def excluded_parties(text: str) -> tuple[str, ...]:
    """Names a document's marking keeps it from (``Halden`` in "do not share with Halden")."""
    out = []
    for m in _EXCLUDE.finditer(text):
        name = (m.group(1) or m.group(2) or "").strip()
        if len(name) >= 4 and name.lower() not in ("anyone", "anybody", "others", "outsiders"):
            out.append(name)
    return tuple(out)


def names_party(party: str, dest: Destination) -> bool:
    """Whether a destination belongs to the named party: its domain or address spells the
    party's first name word (``Halden Pharma`` → ``haldenpharma.de``, ``bd@halden.com``)."""
    word = re.sub(r"[^a-z0-9]", "", party.lower().split()[0])
    if len(word) < 4:
        return False
    value = dest.value.lower()
    domain = value.rsplit("@", 1)[-1] if dest.kind == "email" else value
    return word in registrable(domain) or word in re.sub(r"[^a-z0-9]", "", domain)
