"""One multi-pattern pass for every operator pattern policy.

Each `PatternDetector` owns a Python regex for exact spans, but asking fifty policies'
regexes in turn costs fifty passes over every text. The index compiles all their
patterns into one RE2 set per view (case-folded and exact), so one linear pass tells
which detectors can match at all; only those run their own regex. Patterns RE2 cannot
compile (look-behind, back-references) simply leave their detector always a candidate,
so the index never makes a detector miss.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import re2


@runtime_checkable
class Indexed(Protocol):
    """What the index needs from a detector: its patterns and whether case matters."""

    @property
    def index_patterns(self) -> Sequence[str]: ...

    @property
    def case_sensitive(self) -> bool: ...


def _options(case_sensitive: bool) -> re2.Options:
    opts = re2.Options()
    opts.case_sensitive = case_sensitive
    opts.log_errors = False
    return opts


class PatternIndex:
    """Maps a text to the ids of detectors whose patterns may match it."""

    def __init__(self, detectors: Iterable[Indexed]) -> None:
        self._owners: dict[bool, list[int]] = {True: [], False: []}
        self._sets: dict[bool, re2.Set | None] = {}
        self._always: set[int] = set()
        members = list(detectors)
        self.size = len(members)
        self._keys = [id(det) for det in members]
        for case_sensitive in (True, False):
            regex_set = re2.Set.SearchSet(_options(case_sensitive))
            owners = self._owners[case_sensitive]
            for ident, det in enumerate(members):
                if det.case_sensitive is not case_sensitive:
                    continue
                for pattern in det.index_patterns:
                    try:
                        regex_set.Add(pattern)
                    except re2.error:
                        self._always.add(ident)
                        continue
                    owners.append(ident)
            if owners:
                regex_set.Compile()
                self._sets[case_sensitive] = regex_set
            else:
                self._sets[case_sensitive] = None

    def candidates(self, text: str, case_sensitive: bool) -> frozenset[int]:
        """``id()`` of each detector whose patterns may match ``text``."""
        found = set(self._always)
        regex_set = self._sets.get(case_sensitive)
        if regex_set is not None and text:
            owners = self._owners[case_sensitive]
            found.update(owners[i] for i in regex_set.Match(text) or ())
        return frozenset(self._keys[i] for i in found)
