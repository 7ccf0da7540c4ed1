"""Blackmail and coercion in outgoing messages. (stub: being written)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from guardrail.context import Context
from guardrail.decision import Finding
from guardrail.detectors.base import DetectorParams


class CoercionDetector:
    type: ClassVar[str] = "coercion"

    class Params(DetectorParams):
        pass

    def __init__(self, params: Params) -> None:
        self.params = params

    def scan(self, ctx: Context) -> Iterator[Finding]:
        return iter(())
