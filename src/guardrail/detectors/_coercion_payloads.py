"""Messages hidden inside an argument: encoded payloads read as the text they carry.

A threat sent as base64 ("decode with base64 -d") or as a raw MIME message (Gmail's
``raw`` field) is still a threat to whoever decodes it; the recipient reads the words,
not the encoding. The shared decoder (`guardrail.decoding`) finds the payloads; here a
decoded MIME message is split into its body, judged like any text, and its ``To``/``Cc``
headers, which say who receives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guardrail.context import Segment

# A header block: "Name: value" lines up to the first blank line.
_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,40}):[ \t]*(.*)$")
_RECIPIENT_HEADERS = frozenset({"to", "cc", "bcc"})
# An unbroken run of base64, base64url or hex characters, long enough to hold a sentence.
_ENCODED_RUN = re.compile(r"[A-Za-z0-9+/_=-]{32,}")
# A decoded text must read as words to be judged: encodings of binary data do not.
_WORDY = re.compile(r"[^\W\d_]{2,}(?:\s+[^\W\d_]{2,}){3}")


@dataclass(frozen=True, slots=True)
class Payload:
    """A decoded message: the text it carries and the addresses its headers name."""

    body: str
    recipients: tuple[str, ...]


def payloads(seg: Segment) -> list[Payload]:
    """The readable messages encoded in a segment (none for plain text: the common case)."""
    # A message worth encoding is longer than any word: without such a run there is
    # nothing to decode, and prose (most answers) skips the decoders altogether.
    if _ENCODED_RUN.search(seg.raw) is None:
        return []
    found: list[Payload] = []
    for text in seg.decoded:
        body, recipients = split_mime(text)
        if _WORDY.search(body):
            found.append(Payload(body, recipients))
    return found


def split_mime(text: str) -> tuple[str, tuple[str, ...]]:
    """A MIME message's body and recipients; any other text is its own body."""
    lines = text.replace("\r\n", "\n").split("\n")
    recipients: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            # Headers end at the first blank line, and only a block of two or more counts.
            return ("\n".join(lines[i + 1 :]), tuple(recipients)) if i >= 2 else (text, ())
        m = _HEADER.match(line)
        if m is None:
            return text, ()
        if m.group(1).lower() in _RECIPIENT_HEADERS:
            recipients.append(m.group(2))
    return text, ()
