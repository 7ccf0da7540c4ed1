"""Find encoded payloads inside arguments and commands and decode them.

An agent that wants past a filter writes ``echo c2VkIC1p... | base64 -d | sh`` or
``$'\\x6c\\x61\\x75...'``. Each decoder here looks for one encoding and returns the
decoded text; `decode_layers` applies them repeatedly (a payload may be wrapped twice)
and returns every new text found, so detectors judge the decoded forms as well.
"""

from __future__ import annotations

import base64
import binascii
import bz2
import codecs
import lzma
import re
import urllib.parse
import zlib
from collections.abc import Callable, Iterator

_B64_RUN = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX_RUN = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])")
_HEX_ESCAPES = re.compile(r"(?:\\x[0-9A-Fa-f]{2}){2,}")
_OCT_ESCAPES = re.compile(r"(?:\\[0-3]?[0-7]{2,3}){2,}")
_U_ESCAPES = re.compile(r"(?:\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\x[0-9A-Fa-f]{2}|[^\\\n]){0,200}")
_HAS_U_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_CHR_CALLS = re.compile(r"(?:chr|String\.fromCharCode|char)\s*\(\s*(\d{1,7}|0x[0-9a-fA-F]+)\s*\)")
_CHR_SEQUENCE = re.compile(
    r"(?:(?:chr|char)\s*\(\s*(?:\d{1,7}|0x[0-9a-fA-F]+)\s*\)[\s+,.'\"]*){3,}"
)
_FROMCHARCODE = re.compile(r"fromCharCode\s*\(([\d\s,]+)\)")
_BYTES_LIST = re.compile(r"(?:bytes|bytearray)\s*\(\s*\[([\d\s,]+)\]\s*\)")
_ROT13_HINT = re.compile(r"rot_?13|rot-13|tr\s+['\"]?a-z['\"]?\s+['\"]?n-za-m|n-za-m", re.I)
_ROT13_ARG = re.compile(r"['\"]([^'\"]{6,})['\"]")

_MIN_PRINTABLE = 0.85


def _printable(text: str) -> bool:
    if not text:
        return False
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good / len(text) >= _MIN_PRINTABLE


def _utf8(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _printable(text) else None


# Compressed streams an agent wraps before encoding (``gzip | base64``): known by their magic
# bytes, inflated to at most this many bytes so a small blob cannot expand without bound.
_MAX_INFLATED = 64 * 1024
_GZIP_OR_ZLIB = (b"\x1f\x8b", b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")


def _inflate(raw: bytes) -> bytes | None:
    """The bytes a gzip, zlib, bzip2 or xz stream holds (at most `_MAX_INFLATED`), or None."""
    try:
        if raw.startswith(_GZIP_OR_ZLIB):
            # wbits 47: a gzip or a zlib header, whichever the stream has
            return zlib.decompressobj(47).decompress(raw, _MAX_INFLATED)
        if raw.startswith(b"BZh"):
            return bz2.BZ2Decompressor().decompress(raw, _MAX_INFLATED)
        if raw.startswith(b"\xfd7zXZ\x00"):
            return lzma.LZMADecompressor().decompress(raw, _MAX_INFLATED)
    except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError):
        return None
    return None


def _text_of(raw: bytes) -> str | None:
    """Decoded bytes as text: as they are, or inflated when they are a compressed stream
    (a truncated stream still yields what it inflated so far)."""
    text = _utf8(raw)
    if text is not None:
        return text
    inflated = _inflate(raw)
    return _utf8(inflated) if inflated else None


def _base64(text: str) -> Iterator[str]:
    for match in _B64_RUN.finditer(text):
        run = match.group(0)
        # Plain words and paths are valid base64 alphabets too; require some mix.
        if run.isalpha() and (run.islower() or run.isupper()):
            continue
        if run.isdigit():
            continue
        padded = run + "=" * (-len(run) % 4)
        for decoder in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decoder(padded)
            except (binascii.Error, ValueError):
                continue
            decoded = _text_of(raw)
            if decoded and len(decoded) >= 6 and any(ch.isalpha() for ch in decoded):
                yield decoded
                break


def _hex(text: str) -> Iterator[str]:
    for match in _HEX_RUN.finditer(text):
        run = match.group(0)
        if run.isdigit():
            continue
        decoded = _text_of(bytes.fromhex(run))
        if decoded:
            yield decoded
    for match in _HEX_ESCAPES.finditer(text):
        raw = bytes.fromhex(match.group(0).replace("\\x", ""))
        decoded = _utf8(raw)
        if decoded:
            yield text.replace(match.group(0), decoded)


def _octal(text: str) -> Iterator[str]:
    for match in _OCT_ESCAPES.finditer(text):
        codes = [int(c, 8) for c in match.group(0).split("\\")[1:]]
        decoded = _utf8(bytes(c & 0xFF for c in codes))
        if decoded:
            yield text.replace(match.group(0), decoded)


def _unicode_escapes(text: str) -> Iterator[str]:
    if not _HAS_U_ESCAPE.search(text):
        return
    try:
        decoded = codecs.decode(text.encode("latin-1", "backslashreplace"), "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        decoded = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), text)
    if decoded != text:
        yield decoded


def _percent(text: str) -> Iterator[str]:
    if len(_PERCENT.findall(text)) >= 3:
        decoded = urllib.parse.unquote_plus(text)
        if decoded != text:
            yield decoded


def _chr_building(text: str) -> Iterator[str]:
    for match in _CHR_SEQUENCE.finditer(text):
        chars = []
        for code in _CHR_CALLS.findall(match.group(0)):
            value = int(code, 16) if code.startswith("0x") else int(code)
            if value < 0x110000:
                chars.append(chr(value))
        if chars:
            yield text.replace(match.group(0), "".join(chars))
    for regex in (_FROMCHARCODE, _BYTES_LIST):
        for match in regex.finditer(text):
            try:
                codes = [int(c) for c in match.group(1).split(",") if c.strip()]
                decoded = "".join(chr(c) for c in codes if c < 0x110000)
            except ValueError:
                continue
            if _printable(decoded):
                yield decoded


def _rot13(text: str) -> Iterator[str]:
    if not _ROT13_HINT.search(text):
        return
    yield codecs.decode(text, "rot13")
    for match in _ROT13_ARG.finditer(text):
        yield codecs.decode(match.group(1), "rot13")


DECODERS: tuple[Callable[[str], Iterator[str]], ...] = (
    _unicode_escapes,
    _percent,
    _hex,
    _octal,
    _chr_building,
    _base64,
    _rot13,
)

_ANY_HINT = re.compile(
    r"[A-Za-z0-9+/_-]{16,}|(?:[0-9A-Fa-f]{2}){8,}|\\[xuU0-7]|%[0-9A-Fa-f]{2}|chr\s*\(|"
    r"char\s*\(|fromCharCode|bytes\s*\(|bytearray\s*\(|rot|n-za-m"
)


def decode_layers(text: str, max_depth: int = 3, max_outputs: int = 16) -> list[str]:
    """Every distinct text obtained by decoding ``text`` (not including ``text`` itself)."""
    if len(text) < 8 or not _ANY_HINT.search(text):
        return []
    seen = {text}
    found: list[str] = []
    frontier = [text]
    for _ in range(max_depth):
        next_frontier: list[str] = []
        for current in frontier:
            for decoder in DECODERS:
                for decoded in decoder(current):
                    if decoded not in seen and len(found) < max_outputs:
                        seen.add(decoded)
                        found.append(decoded)
                        next_frontier.append(decoded)
        if not next_frontier:
            break
        frontier = next_frontier
    return found
