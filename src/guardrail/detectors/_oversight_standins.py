"""Files reached through stand-ins: symlinks, and transforms written back by a detour.

``ln -sf /etc/guard/policy.json /tmp/.c`` makes every later write to ``/tmp/.c`` a write
to the policy; ``jq '.rules=[]' F > T && cat T > F`` (or ``mv T F``, ``| sponge F``) is
``yq -i '.rules=[]' F`` spelt in three steps. Neither changes what happens to the file,
only how far apart its name and the change stand. This pass follows the script in order:
links name their target, a transform's output file holds "the source, transformed",
and writing that output back over its source is an edit of the source by the transform.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from guardrail.detectors._oversight_cli import positional
from guardrail.detectors._oversight_model import Action
from guardrail.detectors._oversight_yq import expression_pairs
from guardrail.shell import Command, Script

_TRANSFORMS = frozenset("jq gojq yq sed".split())
_WRITE_BACK = frozenset("mv cp cat sponge tee install dd".split())


def links(script: Script) -> dict[str, str]:
    """``ln -s TARGET LINK`` of the script: each link path mapped to the file it reaches."""
    out: dict[str, str] = {}
    for cmd in script.commands():
        if cmd.name != "ln" or not any((a.startswith("-") and "s" in a.lstrip("-")[:4])
                                       or a == "--symbolic" for a in cmd.args):
            continue
        files = positional(list(cmd.args), frozenset({"-t", "--target-directory", "-S"}))
        if len(files) == 2:
            out[files[1]] = out.get(files[0], files[0])
    return out


def through_links(actions: Iterator[Action], aliases: dict[str, str]) -> Iterator[Action]:
    """Each action on a link, as the action on the file the link reaches."""
    for a in actions:
        real = aliases.get(a.target)
        if real is not None and a.verb != "delete":
            yield replace(a, target=real)
        yield a


def _transform(cmd: Command) -> tuple[str | None, str] | None:
    """``(source file or None for stdin, old\x00new pairs)`` of a jq/yq/sed that prints
    its result; None for anything else, an in-place edit included (read elsewhere)."""
    if cmd.name not in _TRANSFORMS:
        return None
    args = list(cmd.args)
    if any(re.fullmatch(r"-[a-zA-Z]*i\S*|--in-place\S*|--inplace", a) for a in args):
        return None
    words = positional(args, frozenset({"-e", "--arg", "--argjson", "-f", "--from-file"}))
    if cmd.name == "yq" and words and words[0] in ("e", "eval", "eval-all", "ea"):
        words = words[1:]
    if not words:
        return None
    expr, source = words[0], (words[-1] if len(words) > 1 else None)
    if cmd.name == "sed":
        m = re.fullmatch(r"s(.)(.*?)\1(.*?)\1\w*", expr, re.S)
        pairs = f"{m.group(2)}\x00{m.group(3)}" if m else ""
    else:
        pairs = expression_pairs(expr)
    return source, pairs


def _pipeline_transform(cmds: tuple[Command, ...],
                        held: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """``(source, pairs)`` of a pipeline made only of readable transforms over one file
    (``sed ... F | jq ...``), or of ``cat T`` where T holds such a result; the writer at
    its end (``sponge``, ``tee``) aside."""
    body = [c for c in cmds if c.name not in ("sponge", "tee")]
    if len(body) == 1 and body[0].name == "cat" and len(body[0].args) == 1:
        return held.get(body[0].args[0])
    source: str | None = None
    pairs: list[str] = []
    for i, c in enumerate(body):
        found = _transform(c)
        if found is None or (i and found[0] is not None):
            return None
        if i == 0:
            source = found[0]
        if found[1]:
            pairs.append(found[1])
    return (source, "\x01".join(pairs)) if source and pairs else None


def written_back(script: Script, aliases: dict[str, str], text: str) -> Iterator[Action]:
    """Edits made by a transform whose output a later command writes over its source."""
    held: dict[str, tuple[str, str]] = {}  # output file -> (source, pairs)
    for pipeline in script.all_pipelines():
        cmds = pipeline.commands
        if not cmds:
            continue
        first, last = cmds[0], cmds[-1]
        found = _pipeline_transform(cmds, held)
        if found is not None:
            source, pairs = aliases.get(found[0], found[0]), found[1]
            outs = [r.target for r in last.redirects if r.op.lstrip("0123456789") in (">", ">|")]
            if last is not first and last.name in ("sponge", "tee"):
                outs += positional(list(last.args))
            for out in outs:
                if aliases.get(out, out) == source:
                    yield Action("edit", source, pairs, text)
                else:
                    held[out] = (source, pairs)
            continue
        if first.name in ("mv", "cp", "install"):
            files = positional(list(first.args), frozenset({"-t", "-S", "-m", "-o", "-g"}))
            if len(files) == 2 and files[0] in held:
                source, pairs = held[files[0]]
                if aliases.get(files[1], files[1]) == source:
                    yield Action("edit", source, pairs, text)


def standin_actions(script: Script) -> Iterator[Action]:
    """Edits made through a detour; cheap to skip when the script has none."""
    names = {c.name for c in script.commands()}
    if not names & _TRANSFORMS:
        return
    yield from written_back(script, links(script) if "ln" in names else {}, script.source)
