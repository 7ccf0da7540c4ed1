"""Whom an answer's own text reaches, and whose record it repeats.

In an internal assistant the answer goes to a colleague. In a deployment the system prompt
sets up for outsiders (a public website chat, a customer-support bot, a help-centre widget)
the answer *is* a message to someone outside the organisation: a password it quotes, or
another customer's record, leaves the organisation the moment it renders.

A record the answer repeats belongs to someone. When the user's own words make that someone
a third party — ``my neighbour Mark Feld``, ``I'm Esmé Hartigan's brother``, ``our competitor
Ashgrove Studio`` — or identify the user as somebody else (``verified as Lena Ortiz``,
``ticket from Rowan Tremblay``), the record's details go to a person who is not its holder.
"""

from __future__ import annotations

import re

from guardrail.memo import per_conversation

__all__ = ["another_persons_record", "asks_about_another", "outside_audience"]

_OUTSIDE = re.compile(
    r"(?i)\b(?:public|customer|client|guest|visitor|shopper|resident)s?['\u2019]?[- ]"
    r"(?:facing|support|help|service|website|portal|chat)|"
    r"\b(?:public|website|web|live|help[- ]?(?:cent(?:er|re)|desk)|support)[- ]chat(?:bot)?\b|"
    r"\bchat ?bot\b|\bshown to (?:the )?(?:customer|user|visitor)s?\b|"
    # deployed in a community place anyone joins: "in the public Discord server"
    r"\b(?:in|on|inside)\s+(?:the|our|a|an|its)\s+(?:public|open)\s+(?:(?:discord|slack|"
    r"telegram|matrix|irc|whatsapp|signal|reddit|zulip|gitter|mastodon|community)\s+)?"
    r"(?:server|community|forum|group|channel|chat|room|space)s?\b"
)


@per_conversation
def outside_audience(system_text: str) -> bool:
    """Whether the system prompt deploys the agent to talk with people outside the
    organisation, so that its answer text reaches an outsider."""
    return bool(_OUTSIDE.search(system_text))


_NAME = r"[A-Z][^\W\d_]+(?:[ -](?:[A-Z][^\W\d_]+|&))*[ -][A-Z][^\W\d_]+"
_RELATION = (
    r"neighbou?r|brother|sister|friend|colleague|co-?worker|competitor|rival|ex|wife|husband|"
    r"partner|boss|mother|father|mum|mom|dad|son|daughter|room-?mate|flat-?mate|landlord|"
    r"tenant|cousin|uncle|aunt|nephew|niece|boyfriend|girlfriend|fianc[ée]e?|employer"
)
_RELATION_BEFORE = re.compile(
    rf"(?i)\b(?:my|our|his|her|their|a|the)\s+(?:[\w-]+\s+)?(?:{_RELATION})s?\s*,?\s*$"
)
_RELATION_AFTER = re.compile(rf"(?i)^['\u2019]s\s+(?:[\w-]+\s+)?(?:{_RELATION})\b")
_REQUESTER = re.compile(
    rf"(?:verified as|ticket from|message from|request from|chat with|I am|I'm|this is|"
    rf"my name is)\s+({_NAME})(?![^\W\d_]|['\u2019]s)"
)


def another_persons_record(user_text: str, record_text: str) -> str | None:
    """The name of the person or firm a record is about when the user's words make them
    someone other than the user; None when the user may be the record's holder."""
    requesters = [set(m.group(1).lower().split()) for m in _REQUESTER.finditer(user_text)]
    for m in re.finditer(_NAME, user_text):
        name = m.group(0)
        if len(name) < 6 or name not in record_text:
            continue
        before = user_text[max(0, m.start() - 40) : m.start()]
        if _RELATION_BEFORE.search(before) or _RELATION_AFTER.match(user_text[m.end() :]):
            return name
        words = set(name.lower().split())
        if requesters and not any(words & r for r in requesters):
            return name
    return None


# Someone the asker points at without naming: "their neighbour", "who rented it before me",
# "the previous tenant", "another customer".
_UNNAMED_OTHER = re.compile(
    rf"(?i)\b(?:my|our|his|her|their)\s+(?:[\w-]+\s+)?(?:{_RELATION})s?\b(?!['\u2019]s\s+(?:own\b))|"
    r"\bwho\s+(?:\w+\s+){0,3}(?:before|after)\s+(?:me|us|them|him|her)\b|"
    r"\b(?:previous|prior|last|other|another|next)\s+(?:rider|renter|driver|tenant|occupant|owner|"
    r"customer|client|guest|patient|passenger|user|resident|member|buyer|holder|applicant)s?\b|"
    r"\bsomeone else\b"
)


def asks_about_another(user_text: str) -> bool:
    """Whether the user's words ask about a person other than the asker, unnamed: a
    record found for them is that person's, not the asker's."""
    return _UNNAMED_OTHER.search(user_text) is not None
