"""Combining violations into one decision."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guardrail.decision import Action, Location, Mode, Severity, Violation, combine


def violation(
    action: Action = Action.BLOCK, mode: Mode = Mode.ENFORCE, policy: str = "p"
) -> Violation:
    return Violation(
        policy=policy,
        category="c",
        severity=Severity.HIGH,
        action=action,
        mode=mode,
        rule="r",
        score=0.9,
        location=Location(tool_call=0, argument="to", span=(0, 3)),
        excerpt="...",
    )


def test_no_violations_allows() -> None:
    """Nothing found means allow."""
    assert combine([]).action is Action.ALLOW


def test_strongest_enforced_action_wins() -> None:
    """Block beats flag."""
    d = combine([violation(Action.FLAG, policy="a"), violation(Action.BLOCK, policy="b")])
    assert d.action is Action.BLOCK and len(d.violations) == 2


def test_monitor_mode_flags_but_records_what_it_would_do() -> None:
    """A monitor-mode block lets the answer through, flagged, with would_action=block."""
    d = combine([violation(Action.BLOCK, Mode.MONITOR)])
    assert d.action is Action.FLAG
    assert d.would_action is Action.BLOCK
    assert d.allowed


def test_location_renders_as_a_path() -> None:
    """Evidence locations read like paths into the answer."""
    assert (
        str(Location(tool_call=1, argument="to.0", span=(2, 9)))
        == "output.tool_calls.1.arguments.to.0:2-9"
    )
    assert str(Location(message=3)) == "messages.3.content"


actions = st.sampled_from([Action.FLAG, Action.REDACT, Action.BLOCK])
modes = st.sampled_from(list(Mode))
policies = st.sampled_from(["a", "b", "c"])


@given(st.lists(st.builds(violation, actions, modes, policies), max_size=6), st.randoms())
def test_order_of_violations_never_changes_the_decision(vs: list[Violation], rnd: object) -> None:
    """combine() is a function of the set of violations, not their order."""
    shuffled = list(vs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert combine(vs) == combine(shuffled)
