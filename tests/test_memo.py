"""The shared memoisation: computed once per instance or argument, and nothing stale."""

from __future__ import annotations

from guardrail.memo import CONVERSATIONS, cached_property, per_conversation


class _Counted:
    def __init__(self, base: int) -> None:
        self.base = base
        self.calls = 0

    @cached_property
    def doubled(self) -> int:
        """Twice the base."""
        self.calls += 1
        return self.base * 2


def test_cached_property_computes_once_per_instance() -> None:
    a, b = _Counted(2), _Counted(5)
    assert (a.doubled, a.doubled, b.doubled) == (4, 4, 10)
    assert (a.calls, b.calls) == (1, 1)


def test_cached_property_on_the_class_is_the_descriptor() -> None:
    descriptor = _Counted.__dict__["doubled"]
    assert _Counted.doubled is descriptor
    assert descriptor.__doc__ == "Twice the base."


def test_per_conversation_keeps_one_entry_per_live_conversation() -> None:
    seen: list[str] = []

    @per_conversation
    def words(text: str) -> int:
        seen.append(text)
        return len(text.split())

    prompts = [f"you are agent {i} of the ops team" for i in range(CONVERSATIONS)]
    for _ in range(2):  # interleaved turns of every conversation: the second pass is free
        assert [words(p) for p in prompts] == [8] * CONVERSATIONS
    assert len(seen) == CONVERSATIONS
