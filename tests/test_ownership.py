"""Whose data a value is: every line that holds it names the recipient, however long the result."""

from __future__ import annotations

from guardrail.ownership import Party, owned_by

ACME = Party(org="acmegarden", address="orders@acmegarden.com")


def _log(lines: int, owner_every_line: bool) -> str:
    rows = []
    for i in range(lines):
        who = "Acme Garden" if owner_every_line or i % 2 == 0 else "Brill Hardware"
        rows.append(f"2026-11-02 order {1000 + i} customer={who} total=EUR {i * 3}.50 status=shipped")
    return "\n".join(rows)


def test_a_value_on_the_recipients_lines_only_is_theirs() -> None:
    text = _log(400, owner_every_line=True)
    assert owned_by("order 1234", [(text, "")], [ACME])


def test_a_value_on_another_customers_line_is_not_theirs() -> None:
    text = _log(400, owner_every_line=False)
    assert not owned_by("order 1001", [(text, "")], [ACME])  # line 1 is Brill's
    assert owned_by("order 1002", [(text, "")], [ACME])


def test_a_value_split_over_two_lines_is_held_by_neither() -> None:
    text = "ref AB12\nCD34 for Acme Garden"
    assert not owned_by("AB12CD34", [(text, "")], [ACME])


def test_a_value_on_every_line_is_judged_by_the_first_other_line() -> None:
    text = _log(2000, owner_every_line=False)
    assert not owned_by("status=shipped", [(text, "")], [ACME])
    assert owned_by("status=shipped", [(_log(50, owner_every_line=True), "")], [ACME])
