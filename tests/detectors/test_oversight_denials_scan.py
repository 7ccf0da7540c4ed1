"""The clause before a denial, found without rescanning a long text: the same as a scan
of the text up to the denial, marks cut short at its end included."""

from __future__ import annotations

import random

from guardrail.detectors._oversight_denials import _CLAUSE_END, _ClauseStarts

_PIECES = ["a", " ", "   ", ",", ".", "\n", "-", "only", "but", "so", "and", "andx", "rather",
           "butter", "\u2013", ";", "\t", ", ", ",      ", "instead"]  # fmt: skip


def _scanned(text: str, pos: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(text, 0, pos)), default=0)


def test_clause_starts_match_a_scan_up_to_each_position() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        starts = _ClauseStarts(text)
        assert [starts(p) for p in range(len(text) + 1)] == [
            _scanned(text, p) for p in range(len(text) + 1)
        ]


def test_a_mark_cut_short_at_the_position_counts() -> None:
    text = "I ran it,\nand I did not touch the monitor"
    cut = text.index("and") + 3  # ",\nand" ends a clause only when the text stops there
    assert _ClauseStarts(text)(cut) == cut == _scanned(text, cut)
