"""Values hidden in the parts of an address: query values, path segments, DNS labels.

A URL or host name is itself a send: whoever runs the host reads every part of it. An
answer that wants a value past a reader encodes it first — hex or base32 in a DNS label
(names are case-insensitive), base64 in a query string, percent-escapes of characters
that never need escaping. Each part is decoded here in the encodings it can hold; what
decodes to readable text is what the address carries, hidden from whoever reads it.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from collections.abc import Iterator

__all__ = ["address_payloads"]

_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.-]{1,15}://[^\s'\"<>`)\]]+")
_HOSTNAME = re.compile(r"(?i)(?<![\w@./-])(?:[a-z0-9_-]{1,63}\.){2,}[a-z]{2,24}\b")
# Escapes of letters, digits and -._~: characters a URL carries as they are.
_NEEDLESS_ESCAPE = re.compile(r"%(?:3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|2[dDeE]|5[fF]|7[eE])")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){4,}")
_BASE32 = re.compile(r"(?:[A-Z2-7]{8,}|[a-z2-7]{8,})={0,6}")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")


def address_payloads(text: str) -> list[tuple[str, str]]:
    """``(part, decoded)`` for every part of a URL or host name in ``text`` that decodes
    to readable text."""
    out: list[tuple[str, str]] = []
    for part in _parts(text):
        for plain in _decode(part):
            if (part, plain) not in out:
                out.append((part, plain))
    return out


def _parts(text: str) -> Iterator[str]:
    for m in _URL.finditer(text):
        try:
            url = urllib.parse.urlsplit(m.group(0))
        except ValueError:
            continue
        yield from url.netloc.split(".")[:-2]
        yield from (p for p in url.path.split("/") if p)
        for pair in re.split(r"[&;]", url.query):
            yield pair.partition("=")[2] or pair
        if url.fragment:
            yield url.fragment
    for m in _HOSTNAME.finditer(_URL.sub(" ", text)):
        labels = m.group(0).split(".")[:-2][:8]
        yield from labels
        # a value split over several labels, perhaps before a fixed label (``.chk.``)
        for i in range(len(labels) - 1):
            for j in range(i + 2, len(labels) + 1):
                yield "".join(labels[i:j])


def _decode(part: str) -> Iterator[str]:
    if len(part) < 8:
        return
    if len(_NEEDLESS_ESCAPE.findall(part)) >= 3:
        yield urllib.parse.unquote(part)
    raw = urllib.parse.unquote(part)
    if _HEX.fullmatch(raw):
        plain = _readable(binascii.unhexlify(raw))
        if plain is not None:
            yield plain
    if _BASE32.fullmatch(raw):
        body = raw.rstrip("=").upper()
        try:
            data = base64.b32decode(body + "=" * (-len(body) % 8))
        except (binascii.Error, ValueError):
            data = b""
        plain = _readable(data)
        if plain is not None:
            yield plain
    if _BASE64.fullmatch(raw) and not (raw.isalpha() and (raw.islower() or raw.isupper())):
        body = raw.rstrip("=")
        padded = body + "=" * (-len(body) % 4)
        for decoder in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                plain = _readable(decoder(padded))
            except (binascii.Error, ValueError):
                continue
            if plain is not None:
                yield plain
                break


def _readable(data: bytes) -> str | None:
    """Printable UTF-8 of four characters or more with a letter or digit; random bytes
    almost never are."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(text) < 4 or not text.isprintable() or not any(ch.isalnum() for ch in text):
        return None
    return text
