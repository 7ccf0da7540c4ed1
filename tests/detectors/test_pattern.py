"""Operators' own pattern policies, and the shared multi-pattern pass behind them."""

from __future__ import annotations

from pathlib import Path

from guardrail.decision import Action
from guardrail.engine import Engine
from guardrail.policy import load_policies

from ..conftest import assistant, request, tool_call, tool_schema, user

POLICY = """\
id: {id}
category: custom
description: operator rule
action: {action}
detectors:
  - type: pattern
    patterns: [{patterns}]
    tool_kinds: [{kinds}]
"""


def engine_with(tmp_path: Path, **policies: tuple[str, str, str]) -> Engine:
    for pid, (patterns, action, kinds) in policies.items():
        (tmp_path / f"{pid}.yaml").write_text(
            POLICY.format(id=pid, patterns=patterns, action=action, kinds=kinds)
        )
    return Engine(load_policies(tmp_path))


MAIL = [tool_schema("send_mail", "Send an email", to="string", body="string")]


def mail(body: str) -> dict[str, object]:
    return assistant(None, tool_call("send_mail", to="a@b.example", body=body))


def test_pattern_flags_matching_outbound_text(tmp_path: Path) -> None:
    """A pattern that matches a message body flags the answer at that argument."""
    engine = engine_with(tmp_path, hosts=("'prod-db-\\d+'", "flag", "message"))
    d = engine.evaluate(request(user("hi"), tools=MAIL), mail("connect to PROD-DB-7 now"))
    assert d.action is Action.FLAG
    assert str(d.violations[0].location).startswith("output.tool_calls.0.arguments.body")


def test_pattern_sees_through_obfuscation(tmp_path: Path) -> None:
    """Matching runs on the folded view, so zero-width characters do not hide a match."""
    engine = engine_with(tmp_path, words=("'project\\s+bluebird'", "block", "message"))
    d = engine.evaluate(request(user("hi"), tools=MAIL), mail("about Pro\u200bject Blue\u200bbird"))
    assert d.blocked


def test_tool_kind_filter(tmp_path: Path) -> None:
    """A pattern scoped to message tools ignores plain chat content."""
    engine = engine_with(tmp_path, words=("'bluebird'", "block", "message"))
    assert engine.evaluate(request(user("hi")), assistant("bluebird")).action is Action.ALLOW


def test_patterns_re2_cannot_compile_still_match(tmp_path: Path) -> None:
    """A look-behind pattern (not RE2 syntax) still works through its own regex."""
    engine = engine_with(tmp_path, lb=("'(?<=code )\\d{4}'", "block", "message"))
    assert engine.evaluate(request(user("hi"), tools=MAIL), mail("the code 4821")).blocked


def test_many_policies_each_fire_only_on_their_own_words(tmp_path: Path) -> None:
    """With fifty policies indexed together, only the matching ones report."""
    policies = {f"p{i}": (f"'\\bsecretword{i}\\b'", "flag", "message") for i in range(50)}
    engine = engine_with(tmp_path, **policies)
    d = engine.evaluate(request(user("hi"), tools=MAIL), mail("secretword7 and secretword42"))
    assert set(d.policies) == {"p7", "p42"}
