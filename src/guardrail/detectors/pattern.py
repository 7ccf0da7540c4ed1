"""A generic detector for operators' own policies: regular expressions over chosen text.

Patterns are compiled once into a single alternation, so one pass over each text
checks them all. Matching runs on the clean view and on the folded view (look-alikes and
leetspeak folded) unless ``case_sensitive`` is set, and on decoded payloads too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from guardrail.context import Context, Segment
from guardrail.decision import Finding, Location
from guardrail.detectors.base import DetectorParams
from guardrail.evidence import excerpt
from guardrail.toolkinds import ToolKind


class PatternDetector:
    """Fires when any pattern matches the selected parts of the pending output."""

    type: ClassVar[str] = "pattern"

    class Params(DetectorParams):
        rule: str = Field(default="pattern", pattern=r"^[a-z0-9_.-]+$")
        patterns: list[str] = Field(min_length=1)
        scope: Literal["content", "arguments", "all"] = "all"
        tool_kinds: list[ToolKind] = Field(default_factory=list)
        tools: list[str] = Field(default_factory=list)
        case_sensitive: bool = False
        secret: bool = False
        score: float = Field(default=1.0, gt=0, le=1)

        @field_validator("patterns")
        @classmethod
        def _compiles(cls, value: list[str]) -> list[str]:
            for i, p in enumerate(value):
                try:
                    re.compile(p)
                except re.error as err:
                    raise ValueError(
                        f"patterns.{i} is not a valid regular expression: {err}"
                    ) from None
            return value

    def __init__(self, params: Params) -> None:
        self.params = params
        flags = 0 if params.case_sensitive else re.IGNORECASE
        self._regex = re.compile("|".join(f"(?:{p})" for p in params.patterns), flags)
        self._kinds = frozenset(params.tool_kinds)
        self._tools = frozenset(params.tools)

    @property
    def index_patterns(self) -> list[str]:
        return self.params.patterns

    @property
    def case_sensitive(self) -> bool:
        return self.params.case_sensitive

    def _selected(self, seg: Segment) -> bool:
        p = self.params
        if seg.tool is None:
            return p.scope in ("content", "all") and not self._tools and not self._kinds
        if p.scope == "content":
            return False
        if self._tools and seg.tool not in self._tools:
            return False
        return not self._kinds or bool(self._kinds & seg.kinds)

    def scan(self, ctx: Context) -> Iterator[Finding]:
        for seg in ctx.segments:
            if not self._selected(seg):
                continue
            # clean keeps digits and case (ids, keys); fold undoes leetspeak and look-alikes
            texts = [seg.clean]
            if not self.params.case_sensitive and seg.fold != seg.clean.lower():
                texts.append(seg.fold)
            texts += seg.decoded
            for text in texts:
                if not ctx.may_match(self, text, self.params.case_sensitive):
                    continue
                m = self._regex.search(text)
                if m:
                    yield Finding(
                        rule=self.params.rule,
                        score=self.params.score,
                        location=seg.location if text is not texts[0] else _span(seg, m),
                        excerpt=excerpt(text, m.start(), m.end(), secret=self.params.secret),
                        tool=seg.tool,
                    )
                    break


def _span(seg: Segment, m: re.Match[str]) -> Location:
    return replace(seg.location, span=(m.start(), m.end()))
