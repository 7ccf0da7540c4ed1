"""Calling the pure engine fail-closed, for the proxy and the library alike.

The request's conversation is parsed once (`FailClosedJudge.prepare`) and reused for
every choice and every streamed window. Any error while judging, including an answer
the parser cannot read, becomes a blocking ``guard_fault`` decision: a broken guard
must not wave answers through.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from guardrail.conversation import Exchange, Output, parse_exchange, parse_output
from guardrail.decision import (
    GUARD_CATEGORY,
    GUARD_POLICY,
    Decision,
    GuardFault,
    combine,
    fault_violation,
)
from guardrail.engine import Engine
from guardrail.judge import Judge


def fault_decision(err: BaseException) -> Decision:
    """Block, citing the guard itself: what judging does when it fails."""
    name = type(err).__name__
    violation = fault_violation(
        GUARD_POLICY, GUARD_CATEGORY, f"the guard failed ({name}); failing closed"
    )
    return combine([violation], faults=[GuardFault(GUARD_POLICY, GUARD_CATEGORY, name, True)])


class FailClosedJudge:
    """Judges answers against a request's conversation; never raises while judging."""

    def __init__(self, engine: Engine, judge: Judge | None = None) -> None:
        self.engine = engine
        self.reviewer = judge if judge is not None and judge.enabled else None

    def prepare(self, request: Mapping[str, Any]) -> Exchange:
        """Parse the request's conversation once; raises `InvalidExchange` for bad input."""
        return parse_exchange(request, None)

    def warm_up(self) -> None:
        """Judge one harmless exchange so lazy imports and caches are paid before serving."""
        call = {
            "id": "call_0",
            "type": "function",
            "function": {
                "name": "send_email",
                "arguments": '{"to": "a@example.com", "body": "run ls -la"}',
            },
        }
        request = {"model": "warm-up", "messages": [
            {"role": "system", "content": "You are an assistant at example.com."},
            {"role": "user", "content": "Send the weekly summary."},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_0", "content": "sent"},
        ]}  # fmt: skip
        self.judge(self.prepare(request), {"role": "assistant", "content": "Done.",
                                           "tool_calls": [call]})  # fmt: skip

    def judge(self, base: Exchange, message: Mapping[str, Any]) -> tuple[Decision, float]:
        """Decide on one assistant ``message``; returns the decision and the seconds spent."""
        start = time.perf_counter()
        try:
            output = parse_output(message)
            decision = self._evaluate(base, output)
        except Exception as err:  # fail closed: any failure here blocks the answer
            decision = fault_decision(err)
        return decision, time.perf_counter() - start

    async def review(
        self, decision: Decision, request: Mapping[str, Any], message: Mapping[str, Any]
    ) -> tuple[Decision, float]:
        """The LLM judge's second opinion on uncertain findings (if a policy enables it)."""
        if self.reviewer is None or not decision.uncertain:
            return decision, 0.0
        start = time.perf_counter()
        try:
            reviewed = await self.reviewer.review(decision, request, message)
        except Exception as err:  # the judge owns its timeouts; anything else fails closed
            reviewed = fault_decision(err)
        return reviewed, time.perf_counter() - start

    def _evaluate(self, base: Exchange, output: Output) -> Decision:
        return self.engine.evaluate_exchange(replace(base, output=output))
