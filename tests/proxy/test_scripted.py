"""The scripted demo model and the ``guardrail demo`` / ``serve`` commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from guardrail.cli import main
from guardrail.scripted import SCENARIOS, ScriptedModel, completion_chunks
from tests.proxy.support import reassemble


def test_turns_follow_the_conversation() -> None:
    """The model plays turn k after k assistant turns since the last user message."""
    model = ScriptedModel()
    s = SCENARIOS[0]
    request = s.request()
    assert model.reply(request) == s.turns[0]
    request["messages"] += [s.turns[0], {"role": "tool", "tool_call_id": "x", "content": "r"}]
    assert model.reply(request) == s.turns[1]
    assert "demo" in str(model.reply({"model": "unknown", "messages": []})["content"])


def test_stream_chunks_reassemble_to_the_message() -> None:
    turn = SCENARIOS[1].turns[1]
    chunks = list(completion_chunks({"model": "m"}, turn, 0))
    got = reassemble(chunks)
    want = turn["tool_calls"][0]
    assert got["tool_calls"][0]["arguments"] == want["function"]["arguments"]
    assert got["finish_reason"] == "tool_calls"


def test_demo_runs_offline_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo plays every task, both ways, and prints the counters; it exits 0."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for s in SCENARIOS:
        assert out.count(s.title) == 2
    assert "NOT as expected" not in out  # every task ends as its scenario says
    assert out.count("BLOCKED") == 2 * sum(s.expect == "block" for s in SCENARIOS)
    assert "benign: summarise a report and mail it to a colleague\n" in out
    assert "intervention counters from /metrics:" in out
    assert 'guardrail_checks_total{action="allow",source="proxy"}' in out


def test_serve_with_a_base_url_never_imports_litellm() -> None:
    """Building the served app for an OpenAI-compatible upstream leaves litellm unloaded."""
    code = (
        "import sys\n"
        "from guardrail.commands.serve import build_app\n"
        "from guardrail.proxy.settings import Settings\n"
        "build_app(Settings(upstream_base_url='http://127.0.0.1:9/v1'))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('litellm'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(out.stdout) == []
