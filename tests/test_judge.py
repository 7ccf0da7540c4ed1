"""The optional LLM judge, exercised against a real fake OpenAI server on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from guardrail.engine import Engine
from guardrail.judge import Judge
from guardrail.policy import load_policies

from .conftest import assistant, request, user
from .fakes.openai_upstream import FakeOpenAI

POLICY = """\
id: vague-threats
category: blackmail
description: no veiled threats
threshold: 0.5
judge:
  enabled: true
  model: judge-model
  base_url: {base_url}
  timeout_s: {timeout}
  uncertain_from: 0.2
  on_error: {on_error}
detectors:
  - type: pattern
    patterns: ['would be a shame']
    score: 0.3
"""

REQ = request(user("Reply to the supplier."))
ANSWER = assistant("It would be a shame if anything happened to the shipment.")


def build(
    tmp_path: Path, base_url: str, timeout: float = 5.0, on_error: str = "closed"
) -> tuple[Engine, Judge]:
    f = tmp_path / "p.yaml"
    f.write_text(POLICY.format(base_url=base_url, timeout=timeout, on_error=on_error))
    ps = load_policies(f)
    return Engine(ps), Judge(ps)


def verdict(value: bool) -> Any:
    return lambda body: {
        "role": "assistant",
        "content": f'{{"violation": {str(value).lower()}, "reason": "r"}}',
    }


async def test_uncertain_finding_confirmed_by_judge_blocks(tmp_path: Path) -> None:
    """A below-threshold finding becomes a block when the judge confirms it."""
    async with FakeOpenAI(responder=verdict(True)) as fake:
        engine, judge = build(tmp_path, fake.base_url)
        first = engine.evaluate(REQ, ANSWER)
        assert first.allowed and len(first.uncertain) == 1
        final = await judge.review(first, REQ, ANSWER)
        assert final.blocked
        body = fake.requests[0][0]
        assert "PENDING OUTPUT" in body["messages"][1]["content"]


async def test_judge_can_clear_an_uncertain_finding(tmp_path: Path) -> None:
    """The judge saying no leaves the answer allowed."""
    async with FakeOpenAI(responder=verdict(False)) as fake:
        engine, judge = build(tmp_path, fake.base_url)
        final = await judge.review(engine.evaluate(REQ, ANSWER), REQ, ANSWER)
        assert final.allowed and not final.violations


async def test_judge_timeout_fails_closed(tmp_path: Path) -> None:
    """A judge slower than its timeout counts as a violation under on_error: closed."""
    async with FakeOpenAI(responder=verdict(False), delay_s=1.0) as fake:
        engine, judge = build(tmp_path, fake.base_url, timeout=0.2)
        final = await judge.review(engine.evaluate(REQ, ANSWER), REQ, ANSWER)
        assert final.blocked
        assert final.faults[0].failed_closed and "judge" in final.faults[0].error


async def test_judge_timeout_fails_open_when_configured(tmp_path: Path) -> None:
    """Under on_error: open a failing judge lets the answer through, recording the fault."""
    async with FakeOpenAI(responder=verdict(True), delay_s=1.0) as fake:
        engine, judge = build(tmp_path, fake.base_url, timeout=0.2, on_error="open")
        final = await judge.review(engine.evaluate(REQ, ANSWER), REQ, ANSWER)
        assert final.allowed
        assert not final.faults[0].failed_closed


def test_judge_is_off_by_default() -> None:
    """The shipped policies never consult a judge."""
    assert not Judge(load_policies()).enabled
