"""Pattern policies the shared RE2 pass rules out are skipped without changing decisions."""

from __future__ import annotations

from pathlib import Path

from guardrail.engine import Engine
from guardrail.policy import load_policies, shipped_policy_dir
from tests.conftest import assistant, request, tool_call, user


def _pattern_policies(directory: Path, count: int) -> None:
    for i in range(count):
        sensitive = "true" if i % 2 else "false"
        (directory / f"p{i}.yaml").write_text(
            f"id: p{i}\ncategory: custom\ndescription: test\naction: flag\n"
            f"detectors:\n  - type: pattern\n    case_sensitive: {sensitive}\n"
            f"    patterns: ['\\bcodeword{i}x\\b']\n"
        )


def test_only_the_pattern_policies_whose_words_appear_fire(tmp_path: Path) -> None:
    """With forty pattern policies, exactly those whose patterns occur in the output fire."""
    _pattern_policies(tmp_path, 40)
    engine = Engine(load_policies([shipped_policy_dir(), tmp_path]))
    req = request(user("Post the status."))
    answer = assistant(
        "Status: codeword3x and CODEWORD4x, CODEWORD5x and c0deword6x",
        tool_call("post_message", channel="ops", text="codeword12x codeword13x"),
    )
    fired = {v.policy for v in engine.evaluate(req, answer).violations}
    # odd policies are case-sensitive: p5 in capitals stays silent; p6 is found through
    # the folded view (leetspeak undone).
    assert fired == {"p3", "p4", "p6", "p12", "p13"}


def test_an_answer_naming_no_pattern_fires_none(tmp_path: Path) -> None:
    """No pattern policy fires when none of the patterns is written anywhere."""
    _pattern_policies(tmp_path, 10)
    engine = Engine(load_policies([shipped_policy_dir(), tmp_path]))
    decision = engine.evaluate(request(user("hi")), assistant("Nothing to report."))
    assert not decision.violations
