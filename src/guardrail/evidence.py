"""Evidence that can be shown: excerpts with secrets masked, and keyed fingerprints.

A caught secret never leaves the core in full. Detectors quote the text around a
finding with `excerpt`, masking any sensitive span, and identify the value itself by
`fingerprint`, a keyed BLAKE2b hash that lets operators correlate incidents without
storing the value.
"""

from __future__ import annotations

import hashlib

DEFAULT_FINGERPRINT_KEY = b"guardrail-fingerprint-v1"
_RADIUS = 48


def mask(value: str) -> str:
    """Keep a hint of the value's shape (prefix, length, last two chars), hide the rest."""
    n = len(value)
    if n <= 4:
        return "*" * n
    keep = 4 if n >= 16 else 2 if n >= 8 else 1
    return (
        value[:keep] + "*" * (n - keep - 2) + value[-2:]
        if n > 8
        else value[:keep] + "*" * (n - keep)
    )


def fingerprint(value: str, key: bytes = DEFAULT_FINGERPRINT_KEY) -> str:
    """A short keyed hash of ``value``: equal values give equal fingerprints."""
    digest = hashlib.blake2b(value.encode("utf-8"), key=key[:64], digest_size=8)
    return "fp:" + digest.hexdigest()


def excerpt(
    text: str,
    start: int,
    end: int,
    *,
    secret: bool = False,
    masked: tuple[tuple[int, int], ...] = (),
    radius: int = _RADIUS,
) -> str:
    """Text around ``text[start:end]``, one line, with secret spans masked.

    ``secret=True`` masks the span itself; ``masked`` lists other spans to mask.
    """
    spans = list(masked)
    if secret:
        spans.append((start, end))
    lo = max(0, start - radius)
    hi = min(len(text), end + radius)
    pieces: list[str] = []
    cursor = lo
    for s, e in sorted(spans):
        s, e = max(s, lo), min(e, hi)
        if s >= e or s < cursor:
            continue
        pieces.append(text[cursor:s])
        pieces.append(mask(text[s:e]))
        cursor = e
    pieces.append(text[cursor:hi])
    body = " ".join("".join(pieces).split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
