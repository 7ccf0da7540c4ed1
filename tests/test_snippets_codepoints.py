"""Paths spelt one code point at a time read as the path they spell."""

from __future__ import annotations

from guardrail.snippets import code_effects


def _spelt(path: str) -> str:
    return "+".join(f"chr({ord(c)})" for c in path)


def test_chr_concatenation_names_the_written_file() -> None:
    """``open(chr(47)+chr(101)+..., 'w')`` writes the file those code points spell."""
    code = f"p = {_spelt('/etc/monitor/cfg.yml')}\nopen(p, 'w').write('x')\n"
    assert [(e.kind, e.target) for e in code_effects(code)] == [("write", "/etc/monitor/cfg.yml")]


def test_bytes_list_decoded_names_the_removed_file() -> None:
    """``bytes([...]).decode()`` spells a path as well as a literal does."""
    codes = ", ".join(str(ord(c)) for c in "/opt/guard/rules.json")
    code = f"import os\nos.remove(bytes([{codes}]).decode())\n"
    assert [(e.kind, e.target) for e in code_effects(code)] == [("delete", "/opt/guard/rules.json")]


def test_chr_of_a_variable_stays_unknown() -> None:
    """A code point computed at run time is not guessed."""
    code = "n = int(input())\nopen(chr(n) + 'x', 'w')\n"
    assert code_effects(code) == []
