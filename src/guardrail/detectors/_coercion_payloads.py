"""Messages hidden inside an argument: encoded payloads read as the text they carry.

A threat sent as base64 ("decode with base64 -d"), as a raw MIME message (Gmail's
``raw`` field), as HTML character references (``&#86;&#111;...``, which a mail client
renders as letters) or in ROT13 is still a threat to whoever reads it; the recipient
reads the words, not the encoding. ROT13 is recognised by what it does to English, not
by a label: the rotated text is full of function words ("the", "you", "and") that the
text as written lacks. The shared decoder (`guardrail.decoding`) finds the payloads; here a
decoded MIME message is split into its body, judged like any text, and its ``To``/``Cc``
headers, which say who receives it.
"""

from __future__ import annotations

import codecs
import html
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


# Numeric character references; a handful mean the text was written as code points.
_CHAR_REF = re.compile(r"&#(?:\d{2,7}|[xX][0-9a-fA-F]{2,6});")
_MIN_CHAR_REFS = 4
_TAG = re.compile(r"<[^<>]{1,200}>")
# English function words as ROT13 writes them ("gur" is "the", "lbh" is "you").
_ROT13_FUNCTION = re.compile(
    r"\b(?:gur|lbh|lbhe|naq|gb|bs|vf|vg|be|vs|sbe|guvf|gung|jvyy|zl|zr|jr|unir|jvgu|ba|va)\b",
    re.IGNORECASE,
)
_PLAIN_FUNCTION = re.compile(
    r"\b(?:the|you|your|and|to|of|is|it|or|if|for|this|that|will|my|me|we|have|with|on|in)\b",
    re.IGNORECASE,
)
_MIN_ROT13_WORDS = 3
_ROT13_HINTS = ("gur ", "lbh", "naq ", " gb ", " bs ", " vf ")


def payloads(seg: Segment) -> list[Payload]:
    """The readable messages encoded in a segment (none for plain text: the common case)."""
    found = _rendered(seg.raw)
    # A message worth encoding is longer than any word: without such a run there is
    # nothing to decode, and prose (most answers) skips the decoders altogether.
    if _ENCODED_RUN.search(seg.raw) is None:
        return found
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


def _rendered(raw: str) -> list[Payload]:
    """What a reader sees of a text written as character references or in ROT13."""
    found: list[Payload] = []
    if "&#" in raw and len(_CHAR_REF.findall(raw)) >= _MIN_CHAR_REFS:
        text = _TAG.sub(" ", html.unescape(raw))
        if _WORDY.search(text):
            found.append(Payload(text, ()))
    # Rotated function words are the sign ("gur", "lbh", "naq"); a few substring tests
    # spare prose the word count, and the rotation must read better than the text.
    low = raw.lower()
    if not any(w in low for w in _ROT13_HINTS):
        return found
    rotated_words = len(_ROT13_FUNCTION.findall(raw))
    if rotated_words >= _MIN_ROT13_WORDS and rotated_words > 2 * len(_PLAIN_FUNCTION.findall(raw)):
        text = codecs.decode(raw, "rot13")
        if _WORDY.search(text):
            found.append(Payload(text, ()))
    return found
