"""Browser automation: what a scripted page session types into which site.

A browser tool takes a list of steps (``{op: goto, url}``, ``{op: fill, selector,
value}``, ``{op: click}``) or one step per call. A step that types text into a form sends
that text to the site of the page the session is on: the last page a step navigated to,
in this call or an earlier one of the same tool. What the step is called (``op``,
``action``, ``type``, ``command``) and what the text is called (``value``, ``text``,
``keys``) vary by product; the roles do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from guardrail.context import Segment
from guardrail.conversation import ToolCall

__all__ = ["Typed", "browser_steps", "typed_into_pages"]

# What a step is called, whatever the product names the field.
_OP_KEYS = frozenset({"op", "action", "type", "command", "kind", "step", "verb", "method"})
_URL_KEYS = frozenset({"url", "href", "uri", "page", "link", "address"})
_TEXT_KEYS = frozenset({"value", "text", "keys", "input", "content", "data", "fill"})
# Steps that open a page, and steps that put text into one.
_NAVIGATE = re.compile(r"(?i)^(?:goto|go_?to|navigate(?:_?to)?|open(?:_?url)?|visit|load|browse)$")
_TYPE = re.compile(
    r"(?i)^(?:fill(?:_?(?:form|field|in))?|type(?:_?(?:text|into))?|enter_?text|set_?value|"
    r"send_?keys|paste|insert_?text|select_?option)$"
)


@dataclass(frozen=True, slots=True)
class Typed:
    """Text a step types, and the page it is typed into (None: no page known)."""

    page: str | None
    text: Segment


def _steps(segs: Sequence[Segment]) -> list[dict[str, Segment]]:
    """The call's segments grouped by step: siblings under one argument path prefix."""
    groups: dict[str, dict[str, Segment]] = {}
    for seg in segs:
        arg = seg.argument or ""
        prefix = arg.rsplit(".", 1)[0] if "." in arg else ""
        groups.setdefault(prefix, {})[seg.key] = seg
    return list(groups.values())


def _op(step: dict[str, Segment]) -> str:
    for key in _OP_KEYS:
        seg = step.get(key)
        if seg is not None:
            return seg.clean.strip()
    return ""


def browser_steps(segs: Sequence[Segment]) -> bool:
    """Cheap gate: whether a call's arguments hold a typing step."""
    return any(s.key in _OP_KEYS and _TYPE.match(s.clean.strip()) for s in segs)


def _page(step: dict[str, Segment]) -> str | None:
    url = next((step[k] for k in _URL_KEYS if k in step), None)
    if url is not None and url.clean.strip().lower().startswith(("http://", "https://")):
        return url.clean.strip()
    return None


def last_page(calls: Sequence[ToolCall], tool: str) -> str | None:
    """The page an earlier call of the same browser tool left the session on."""
    page: str | None = None
    for call in calls:
        if call.name != tool:
            continue
        for path, value in call.strings():
            key = path.rsplit(".", 1)[-1].lower()
            if key in _URL_KEYS and value.strip().lower().startswith(("http://", "https://")):
                page = value.strip()
    return page


def typed_into_pages(segs: Sequence[Segment], start: str | None) -> Iterator[Typed]:
    """Each text a call's steps type, with the page open at that step; ``start`` is the
    page earlier calls left the session on."""
    page = start
    for step in _steps(segs):
        op = _op(step)
        opened = _page(step)
        if opened is not None and (not op or _NAVIGATE.match(op)):
            page = opened
        if not _TYPE.match(op):
            continue
        page = opened or page
        for key in _TEXT_KEYS:
            seg = step.get(key)
            if seg is not None and seg.clean.strip():
                yield Typed(page, seg)
