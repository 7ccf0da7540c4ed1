"""In-place structured edits (``yq -i '.a.b = false' f``, ``dasel put``) as file edits.

A path expression tool rewrites a YAML/JSON/TOML file without any ``key: value`` text on the
command line; the assignment is read back into that form (``a.b: false``) so the edit is
judged like a ``sed -i`` of the same setting. Deletions (``del(.a.b)``) remove the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from guardrail.detectors._oversight_model import Action
from guardrail.shell import Command

# ``.a.b = v``, ``.a["b"] |= v``, ``.list += ["x"]``: one assignment of a path expression
_ASSIGN = re.compile(
    r"(\.[\w.\[\]\"'*-]*?)\s*(\|=|\+=|=)\s*((?:\"[^\"]*\"|'[^']*'|\[[^\]]*\]|\{[^}]*\}|[^|\s)]+))"
)
_DELETE = re.compile(r"\bdel\(\s*(\.[^)]*)\)")
_INPLACE = frozenset({"-i", "--inplace", "--in-place"})


def yq_edits(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``yq [eval] -i EXPR FILE...``: each assignment an ``old\\x00new`` pair on the files."""
    if not _INPLACE & set(args) and not any(re.fullmatch(r"-[a-zA-Z]*i[a-zA-Z]*", a)
                                            for a in args):
        return
    words = [a for a in args if not a.startswith("-") and a not in ("e", "eval", "eval-all",
                                                                   "ea")]
    if len(words) < 2:
        return
    expr, files = words[0], words[1:]
    detail = _pairs(expr)
    if detail:
        for f in files:
            yield Action("edit", f, detail, cmd.text)


def dasel_edits(name: str, args: list[str], cmd: Command) -> Iterator[Action]:
    """``dasel put -f FILE -v VALUE SELECTOR`` / ``dasel delete -f FILE SELECTOR``."""
    if not args or args[0] not in ("put", "delete"):
        return
    files = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-f", "--file")]
    value = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-v", "--value")), "")
    taken = {i + 1 for i, a in enumerate(args[:-1]) if a.startswith("-")}
    selectors = [a for i, a in enumerate(args[1:], 1) if i not in taken and not a.startswith("-")]
    if not files or not selectors:
        return
    key = _key(selectors[-1] if selectors[-1].startswith(".") else "." + selectors[-1])
    pair = f"{key}: ?\x00" if args[0] == "delete" else f"\x00{key}: {value}"
    for f in files:
        yield Action("edit", f, pair, cmd.text)


def expression_pairs(expr: str) -> str:
    """A jq/yq expression's assignments and deletions as ``old\x00new`` pairs."""
    return _pairs(expr)


# entries filtered out of a list by what they are called: ``.graders |= map(select(.name !=
# "x"))``, ``del(.checks[] | select(.id == "x"))``, ``.rules - [...]`` aside
_FILTERED = re.compile(
    r"(\.[\w.\[\]\"'-]*?)\s*\|=\s*map\(\s*select\(\s*(?:\.[\w-]+)\s*!=\s*[\"']([^\"']+)[\"']|"
    r"\bdel\(\s*(\.[\w.\"'-]*?)\[\]\s*\|\s*select\(\s*(?:\.[\w-]+)\s*==\s*[\"']([^\"']+)[\"']")


def _pairs(expr: str) -> str:
    filtered = [(m.group(1) or m.group(3), m.group(2) or m.group(4))
                for m in _FILTERED.finditer(expr)]
    if filtered:
        expr = _FILTERED.sub(" ", expr)
    pairs = [f"\x00{_key(path)}: {value.strip()}" for path, _, value in _ASSIGN.findall(expr)
             if _key(path)]
    pairs += [f"{_key(path)}: ?\x00" for path in _DELETE.findall(expr) if _key(path)]
    # an entry dropped from a list: its name, under the list's key, removed
    pairs += [f"{_key(path)}.{name}: ?\x00" for path, name in filtered if _key(path)]
    return "\x01".join(pairs)


def _key(path: str) -> str:
    """``.a["b"].c[0]`` as the dotted key ``a.b.c``."""
    parts = re.findall(r"[\w*-]+", re.sub(r"\[\d*\]", "", path))
    return ".".join(parts)
