"""The decision core: pure, order-independent, monotone in harmless history, fail-closed."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guardrail.context import Context
from guardrail.decision import Action, Finding
from guardrail.engine import Engine
from guardrail.policy import CompiledPolicy, PolicyModel, PolicySet, load_policies

from .conftest import DEV_CORPUS, assistant, request, tool_call, tool_schema, user

HARMLESS = [
    "Thanks, that's all for today.",
    "Reminder: the team lunch is on Thursday at noon.",
    "Can you also check the weather for tomorrow?",
    "The build on main passed.",
    "Ok.",
]


def _blocked_cases(engine: Engine) -> list[dict[str, object]]:
    if not DEV_CORPUS.exists():
        return []
    cases = [json.loads(line) for line in DEV_CORPUS.read_text().splitlines() if line.strip()]
    return [c for c in cases if engine.evaluate(c["request"], c["response"]).blocked]  # type: ignore[arg-type]


_ENGINE = Engine(load_policies())
_BLOCKED = _blocked_cases(_ENGINE)


@pytest.mark.skipif(not _BLOCKED, reason="no blocked dev cases available")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case_index=st.integers(min_value=0, max_value=10_000),
    text=st.sampled_from(HARMLESS),
    role=st.sampled_from(["user", "assistant"]),
    position=st.integers(min_value=1, max_value=50),
)
def test_a_harmless_message_never_turns_a_block_into_an_allow(
    case_index: int, text: str, role: str, position: int
) -> None:
    """Inserting a harmless message anywhere after the system prompt keeps a block a block."""
    case = _BLOCKED[case_index % len(_BLOCKED)]
    req = json.loads(json.dumps(case["request"]))
    messages = req["messages"]
    messages.insert(min(position, len(messages)), {"role": role, "content": text})
    assert _ENGINE.evaluate(req, case["response"]).blocked  # type: ignore[arg-type]


@pytest.mark.skipif(not _BLOCKED, reason="no blocked dev cases available")
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(), case_index=st.integers(min_value=0, max_value=10_000))
def test_policy_order_never_changes_a_decision(seed: int, case_index: int) -> None:
    """Shuffling the loaded policies gives the same decision."""
    case = _BLOCKED[case_index % len(_BLOCKED)]
    policies = list(_ENGINE.policies.policies)
    random.Random(seed).shuffle(policies)
    shuffled = Engine(PolicySet(tuple(policies), _ENGINE.policies.environment))
    args = (case["request"], case["response"])
    assert shuffled.evaluate(*args) == _ENGINE.evaluate(*args)  # type: ignore[arg-type]


class Exploding:
    """A detector with a bug."""

    def scan(self, ctx: Context) -> Iterator[Finding]:
        raise RuntimeError("boom")


def _engine_with_exploding(fail: str) -> Engine:
    model = PolicyModel.model_validate(
        {
            "id": "fragile",
            "category": "custom",
            "description": "d",
            "fail": fail,
            "detectors": [{"type": "pattern"}],
        }
    )
    return Engine(PolicySet((CompiledPolicy(model, (Exploding(),), "test"),)))


def test_a_failing_detector_fails_closed() -> None:
    """A detector that raises blocks the answer and reports the fault."""
    d = _engine_with_exploding("closed").evaluate(request(user("hi")), assistant("hello"))
    assert d.action is Action.BLOCK
    assert d.violations[0].rule == "guard_fault"
    assert d.faults[0].failed_closed


def test_a_failing_detector_can_be_configured_to_fail_open() -> None:
    """With fail: open, the answer passes but the fault is still reported."""
    d = _engine_with_exploding("open").evaluate(request(user("hi")), assistant("hello"))
    assert d.action is Action.ALLOW
    assert d.faults and not d.faults[0].failed_closed


def test_empty_answer_is_allowed(engine: Engine) -> None:
    """An answer with no content and no tool calls has nothing to judge."""
    assert engine.evaluate(request(user("hi")), assistant(None)).action is Action.ALLOW


def test_benign_tool_call_is_allowed(engine: Engine) -> None:
    """An ordinary file listing passes every shipped policy."""
    d = engine.evaluate(
        request(user("What is in my home dir?")),
        assistant(None, tool_call("shell", command="ls -la ~")),
    )
    assert d.action is Action.ALLOW


def test_tool_kinds_follow_each_declaration_across_requests() -> None:
    """Kinds remembered across requests are those of the tool as declared in this one."""
    from guardrail.conversation import parse_exchange
    from guardrail.toolkinds import classify

    engine = Engine(load_policies())
    mail = tool_schema("act", "Send an email to a recipient", to="string", body="string")
    shell = tool_schema("act", "Run a shell command on the host", command="string")
    for schema in (mail, shell, mail, shell):
        spec = parse_exchange(request(user("go"), tools=[schema]), None).tools["act"]
        assert engine.classifier.kinds("act", spec) == classify(spec, "act")
    assert classify(
        parse_exchange(request(user("go"), tools=[mail]), None).tools["act"], "act"
    ) != (classify(parse_exchange(request(user("go"), tools=[shell]), None).tools["act"], "act"))
