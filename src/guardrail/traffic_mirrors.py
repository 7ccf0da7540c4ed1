"""Configuration that copies live traffic to an address: a send of every future request.

A config edit sends nothing when it is written, but once deployed every request the
service handles also goes wherever a mirror, tee, shadow, sink, webhook or exporter block
points, carrying what that block says to include. Authorization headers and cookies are
every caller's credentials; request bodies are their payments and personal data. A block
that points such traffic at an address is therefore a send of that data to it, judged
like any other (`guardrail.detectors.exfiltration`). A block that carries neither, or
that names those headers only to redact them, sends nothing worth judging.
"""

from __future__ import annotations

import re
from dataclasses import replace

from guardrail.destinations import extract
from guardrail.sensitive import Kind
from guardrail.transfers import Source, Transfer

__all__ = ["traffic_mirrors"]

# Keys under which traffic is copied or redirected somewhere (``mirror:``, ``tee_to``,
# ``shadow_url``, ``forward_to``, ``sink``, ``exporter``...), and nginx's own directives.
_COPY_WORD = (
    r"mirror\w*|tee|tee_to|shadow\w*|replay\w*|duplicate\w*|copy_to|forward\w*|sinks?|"
    r"webhooks?|exporters?|collectors?|proxy_pass|siphon\w*"
)
_POINT_WORD = r"targets?|endpoints?|urls?|uris?|destinations?|address|receivers?|dest"
_KEY_BEFORE_VALUE = re.compile(
    rf"(?i)(?:^|[\s{{,\[\"'-])[\"']?(?:[\w-]*[_.-])?({_COPY_WORD}|{_POINT_WORD})(?:[_.-]\w+)?"
    r"[\"']?\s*(?::|=>?|\s)\s*[\"'(]?\s*$"
)
_COPY_KEY = re.compile(
    rf"(?i)(?:^|[\s{{,\[\"'_.-])(?:{_COPY_WORD}|log\w*|audit\w*|debug\w*|"
    r"captur\w*|record\w*|dump\w*|telemetry|trac\w+)[\"']?\s*(?::|=|\s+on\b|\s+/)"
)
# Credential-bearing headers named as things to carry (``include_headers: [Authorization]``,
# nginx ``$http_authorization``); ``Authorization: Bearer ...`` as a key with a value is
# the block's own login to its collector, not traffic it copies.
_AUTH_HEADER = re.compile(
    r"(?i)\$http_(?:authorization|cookie)\b|"
    r"\b(?:proxy-)?authorization\b|\bset-cookie\b|\bcookies?\b|\bx-api-key\b|\bx-auth-token\b"
)
_KEYED_VALUE = re.compile(
    r"(?i)^[\"']?\s*[:=]\s*(?!true\b|yes\b|on\b|1\b|include\b|keep\b)[^\s\[{,]"
)
_ALL_HEADERS = re.compile(
    r"(?i)(?:include|log|capture|record|forward|mirror|copy|send|dump|keep)[_-]?(?:request[_-]?)?"
    r"headers[\"']?\s*[:=]\s*[\"']?(?:true|yes|on|all|\*|full)\b"
)
_BODY = re.compile(
    r"(?i)(?:include|log|capture|record|forward|mirror|copy|send|dump|keep)[_-]?(?:request[_-]?|req[_-]?)?"
    r"(?:bod(?:y|ies)|payloads?)[\"']?\s*[:=]\s*[\"']?(?:true|yes|on|1|all|full)\b|"
    r"\bmirror_request_body\s+on\b|\$request_body\b|"
    r"(?:^|[\s{,\"'])(?:request[_-]?)?bod(?:y|ies)[\"']?\s*[:=]\s*[\"']?(?:true|yes|on|full)\b"
)
# The nearest key above a header name: a list under ``redact:`` hides those headers.
_NEAREST_KEY = re.compile(r"([A-Za-z][\w-]*)[\"']?\s*[:=]")
_REDACTING = re.compile(
    r"(?i)redact|exclud|mask|strip|drop|deny|scrub|remov|sanitiz|obfuscat|omit|filter|hide|block"
)
_WINDOW_LINES = 12


def traffic_mirrors(text: str) -> list[Transfer]:
    """Sends made by config that copies traffic to an address, with what it carries."""
    if not _COPY_KEY.search(text) and not re.search(rf"(?i){_POINT_WORD}", text):
        return []
    lines = text.splitlines()
    found: list[Transfer] = []
    for i, line in enumerate(lines):
        for dest in extract(line):
            if dest.kind not in ("host", "ip"):
                continue
            # nginx splices variables after the host: ``https://h.example$request_uri``
            dest = replace(dest, value=dest.value.split("$", 1)[0])
            if any(dest.value == d.value for t in found for d in t.destinations):
                continue
            own_key = _own_key(lines, i, line.find(dest.raw))
            block = "\n".join(lines[max(0, i - _WINDOW_LINES) : i + _WINDOW_LINES + 1])
            if not own_key or not _copies(own_key, block):
                continue
            sources = _carried(block)
            if sources:
                found.append(Transfer("traffic mirror", (dest,), sources, block))
    return found


def _own_key(lines: list[str], i: int, at: int) -> str:
    """The key an address is the value of: on its own line, or above a bare list item."""
    line = lines[i]
    if at < 0:
        return ""
    key = _KEY_BEFORE_VALUE.search(re.sub(r"[a-z][\w+.-]*://$", "", line[:at]))
    if key is not None:
        return key.group(1)
    if not re.fullmatch(r"\s*-\s*[\"']?", line[:at]):
        return ""
    above = "\n".join(lines[max(0, i - 4) : i])
    keys = _NEAREST_KEY.findall(above)
    return keys[-1] if keys else ""


def _copies(own_key: str, block: str) -> bool:
    """Whether the address is where traffic is copied: under a copying key itself, or a
    target/endpoint inside a block that mirrors, logs or exports."""
    if re.fullmatch(rf"(?i)(?:[\w-]*[_.-])?(?:{_COPY_WORD})(?:[_.-]\w+)?", own_key):
        return True
    return bool(own_key) and bool(_COPY_KEY.search(block))


def _carried(block: str) -> tuple[Source, ...]:
    """What the copied traffic holds: credentials in its headers, data in its bodies."""
    sources: list[Source] = []
    auth = [m for m in _AUTH_HEADER.finditer(block) if _carries(block, m.start(), m.end())]
    if auth or _ALL_HEADERS.search(block):
        what = auth[0].group(0) if auth else "all request headers"
        sources.append(
            Source(Kind.CREDENTIAL, "callers' Authorization headers and cookies", 0.85, what)
        )
    if _BODY.search(block):
        sources.append(
            Source(Kind.PERSONAL, "request bodies of live traffic", 0.6, "request bodies")
        )
    return tuple(sources)


def _carries(block: str, start: int, end: int) -> bool:
    """Whether a header name at ``start`` is listed to be carried, not redacted or set."""
    if _KEYED_VALUE.match(block[end:]):
        return False
    keys = _NEAREST_KEY.findall(block[max(0, start - 120) : start])
    return not (keys and _REDACTING.search(keys[-1]))
