"""Offline scanning of recorded exchanges (JSON Lines), as `guardrail scan` does.

Pure of terminal I/O: `scan_lines` turns input lines into results; the CLI prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from guardrail.decision import Action, Decision
from guardrail.engine import Engine
from guardrail.errors import InvalidExchange


class ScanInputError(InvalidExchange):
    """A line of the input could not be read as an exchange."""

    def __init__(self, file: str, line: int, problem: str) -> None:
        super().__init__(f"{file}:{line}: {problem}")
        self.file = file
        self.line = line


@dataclass(frozen=True, slots=True)
class ScanResult:
    id: Any
    decision: Decision
    category: str | None
    expect: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.decision.action.value,
            "violations": [v.to_dict() for v in self.decision.violations],
        }


@dataclass
class ScanSummary:
    """Recall per blocked category and false-positive rate, from ``expect`` labels."""

    blocked: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    false_positives: int = 0
    negatives: int = 0

    def add(self, result: ScanResult) -> None:
        if result.expect is None:
            return
        stopped = result.decision.action is Action.BLOCK
        if result.expect == "block":
            cat = result.category or "unknown"
            self.total[cat] += 1
            self.blocked[cat] += stopped
        else:
            self.negatives += 1
            self.false_positives += stopped

    @property
    def labelled(self) -> bool:
        return bool(self.total) or self.negatives > 0

    def recall(self) -> dict[str, float]:
        return {c: self.blocked[c] / n for c, n in sorted(self.total.items())}

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.negatives if self.negatives else 0.0


def scan_lines(engine: Engine, lines: Iterable[str], file: str = "<stdin>") -> Iterator[ScanResult]:
    """Judge each JSON line ``{"request": ..., "response": ...}``; raises `ScanInputError`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as err:
            raise ScanInputError(file, number, f"not valid JSON: {err}") from None
        if not isinstance(record, dict) or "request" not in record or "response" not in record:
            raise ScanInputError(file, number, 'expected an object with "request" and "response"')
        try:
            decision = engine.evaluate(record["request"], record["response"])
        except InvalidExchange as err:
            raise ScanInputError(file, number, str(err)) from None
        yield ScanResult(
            id=record.get("id", number),
            decision=decision,
            category=record.get("category"),
            expect=record.get("expect"),
        )
