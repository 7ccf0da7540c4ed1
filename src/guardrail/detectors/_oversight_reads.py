"""What a read command showed of which file: ``cat``, ``git show REV:path``, ``diff A B``.

A later full rewrite of that file is judged as an edit of what the read showed, so the
judge can tell what the rewrite drops (a constraint, a reviewer, a setting).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from guardrail.detectors._oversight_targets import normalise_path

_CAT = re.compile(r"\s*(?:sudo\s+)?cat\s+([^\s|;&<>]+)\s*")
_GIT_SHOW = re.compile(r"\bgit\s+(?:-C\s+([^\s|;&]+)\s+)?show\s+[\w./~^@{}-]*:([^\s|;&<>]+)")
_DIFF = re.compile(r"(?:^|[;&|]\s*)\s*(?:git\s+)?diff\s+(?:-{1,2}[\w-]+\s+)*([^\s|;&<>-][^\s|;&<>]*)"
                   r"\s+([^\s|;&<>]+)")


# ``head``/``tail`` over several files head each one's text with "==> path <=="
_BANNER = re.compile(r"^==> (.+?) <==$", re.M)
_CD = re.compile(r"^\s*cd\s+([^\s|;&<>]+)\s*&&")


def _banner_files(command: str, result: str) -> Iterator[tuple[str, str]]:
    """(path, text) for each "==> path <==" section, relative paths taken from a leading cd."""
    if "==> " not in result or not re.search(r"\b(?:head|tail)\b", command):
        return
    cd = _CD.match(command)
    parts = _BANNER.split(result)
    for name, text in zip(parts[1::2], parts[2::2], strict=False):
        path = name if name.startswith(("/", "~")) or not cd else f"{cd.group(1).rstrip('/')}/{name}"
        yield normalise_path(path), text.strip("\n")


def shown_files(command: str, result: str) -> Iterator[tuple[str, str]]:
    """(path, text) for each file whose content ``command`` printed into ``result``.

    ``diff A B`` prints only what differs: A's side (``<``/``-`` lines) and B's
    (``>``/``+`` lines) are each that file's differing text.
    """
    yield from _banner_files(command, result)
    m = _CAT.fullmatch(command)
    if m:
        yield normalise_path(m.group(1)), result
    m = _GIT_SHOW.search(command)
    if m:
        base, path = m.group(1), m.group(2)
        yield normalise_path(f"{base.rstrip('/')}/{path}" if base else path), result
    m = _DIFF.search(command)
    if m:
        old = _side(result, "<", "-")
        new = _side(result, ">", "+")
        if old or new:
            yield normalise_path(m.group(1)), old
            yield normalise_path(m.group(2)), new


def _side(result: str, mark: str, unified: str) -> str:
    lines = []
    for line in result.splitlines():
        if line.startswith(mark + " "):
            lines.append(line[2:])
        elif line.startswith(unified) and not line.startswith(unified * 3):
            lines.append(line[1:])
    return "\n".join(lines)
