"""What data-only commands print (echo, printf, decoders, tr, rev...), to follow pipelines.

``echo B64 | base64 -d | sh`` runs what the decoder prints; computing that output lets
the parser read the script the shell receives.
"""

from __future__ import annotations

import base64
import binascii
import bz2
import gzip
import lzma
import re
import zlib

from guardrail._shell_lex import ansi_c

MAX_DATA = 200_000


def text_of(data: bytes | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", errors="replace")


def unescape_echo(text: str) -> str:
    """Backslash escapes as ``echo -e`` and ``printf`` interpret them."""
    if "\\" not in text:
        return text
    return ansi_c(text.replace("\\0", "\\"), keep_unknown=True)


def _printf(args: list[str]) -> str:
    if not args:
        return ""
    fmt = unescape_echo(args[0])
    values = list(args[1:])
    out: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%" and i + 1 < len(fmt):
            m = re.match(r"%[-+ #0]*\d*(?:\.\d+)?([a-zA-Z%])", fmt[i:])
            if m:
                conv = m.group(1)
                if conv == "%":
                    out.append("%")
                else:
                    value = values.pop(0) if values else ""
                    out.append(unescape_echo(value) if conv == "b" else value)
                i += m.end()
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _tr_set(spec: str) -> str:
    spec = unescape_echo(spec)
    classes = {"[:lower:]": "abcdefghijklmnopqrstuvwxyz", "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               "[:digit:]": "0123456789", "[:space:]": " \t\n\r\f\v"}
    for k, v in classes.items():
        spec = spec.replace(k, v)
    out: list[str] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            lo, hi = ord(spec[i]), ord(spec[i + 2])
            out.extend(chr(c) for c in range(lo, hi + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def _tr(args: list[str], data: bytes) -> bytes | None:
    flags = [a for a in args if a.startswith("-") and len(a) > 1]
    sets = [a for a in args if not (a.startswith("-") and len(a) > 1)]
    text = text_of(data)
    if any("d" in f for f in flags) and sets:
        gone = set(_tr_set(sets[0]))
        return "".join(c for c in text if c not in gone).encode()
    if flags or len(sets) != 2:
        return None
    a, b = _tr_set(sets[0]), _tr_set(sets[1])
    if not a or not b:
        return None
    b = b + b[-1] * max(0, len(a) - len(b))
    return text.translate(str.maketrans(a, b[: len(a)])).encode()


def run_data_command(argv: list[str], idx: int, stdin: bytes | None) -> bytes | None:
    """Output of a data-only command (echo, printf, decoders) when computable, else None."""
    if idx >= len(argv):
        return None
    name = argv[idx].rsplit("/", 1)[-1]
    args = argv[idx + 1 :]
    try:
        if name == "echo":
            i, escapes, newline = 0, False, True
            while i < len(args) and re.fullmatch(r"-[neE]+", args[i]):
                escapes = escapes or "e" in args[i]
                newline = newline and "n" not in args[i]
                i += 1
            body = " ".join(args[i:])
            return ((unescape_echo(body) if escapes else body) + ("\n" if newline else "")).encode()
        if name == "printf":
            rest = args[2:] if args[:1] == ["-v"] else args
            return _printf(rest).encode()
        if stdin is None or len(stdin) > MAX_DATA:
            return None
        # gathered only for commands fed data: argv may be a long script's words
        opts = {a for a in args if a.startswith("-")}
        files = [a for a in args if not a.startswith("-")]
        if name == "cat":
            return stdin if not files or files == ["-"] else None
        if name in ("base64", "base32", "basenc", "openssl", "gbase64"):
            decode = opts & {"-d", "--decode", "-D", "-di", "-id", "--ignore-garbage"}
            if name == "openssl" and not ({"base64", "-base64", "-a", "enc"} & set(args)):
                return None
            if not decode and not any(re.fullmatch(r"-[a-zA-Z]*d[a-zA-Z]*", o) for o in opts):
                return None
            raw = re.sub(rb"\s+", b"", stdin)
            if name == "base32" or "--base32" in args:
                return base64.b32decode(raw + b"=" * (-len(raw) % 8))
            return base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=b"-_"
                                    if b"-" in raw or b"_" in raw else None)
        if name == "xxd" and "-r" in args:
            return binascii.unhexlify(re.sub(rb"[^0-9A-Fa-f]", b"", stdin))
        if name == "rev":
            return b"\n".join(line[::-1] for line in stdin.split(b"\n"))
        if name == "tr":
            return _tr(args, stdin)
        if name in ("gunzip", "zcat") or (name == "gzip" and opts & {"-d", "-dc", "-cd"}):
            return gzip.decompress(stdin)
        if name in ("bunzip2", "bzcat") or (name == "bzip2" and opts & {"-d", "-dc", "-cd"}):
            return bz2.decompress(stdin)
        if name in ("unxz", "xzcat") or (name == "xz" and opts & {"-d", "-dc", "-cd"}):
            return lzma.decompress(stdin)
        if name == "zlib-flate" and "-uncompress" in args:
            return zlib.decompress(stdin)
    except (ValueError, binascii.Error, OSError, EOFError, lzma.LZMAError, zlib.error):
        return None
    return None
