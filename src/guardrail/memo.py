"""Memoisation the detectors share: one size for per-conversation caches, and a lazy
attribute without a lock.

An agent loop re-sends its instructions and history every turn, so what is read from a
text is kept by that text. A proxy serves many conversations at once, interleaved: a
cache holding fewer entries than there are live conversations evicts each one's entries
before its next turn and saves nothing, so every cache keyed by a conversation's text
holds `CONVERSATIONS` entries (a few MB at most: keys are instruction texts).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Generic, ParamSpec, TypeVar, overload

P = ParamSpec("P")
T = TypeVar("T")

#: entries of a cache keyed by one conversation's instructions, messages or arguments
CONVERSATIONS = 1024


def per_conversation(func: Callable[P, T]) -> Callable[P, T]:
    """``func`` memoised for `CONVERSATIONS` distinct arguments (least recently used go)."""
    return lru_cache(maxsize=CONVERSATIONS)(func)  # type: ignore[return-value]


class cached_property(Generic[T]):
    """`functools.cached_property` without its lock.

    Python 3.11's version takes an instance-wide lock on every first access (3.12 dropped
    it); the judging objects are built and read by one thread, and a judgement reads a
    few thousand such attributes, so the lock is pure cost. Computed once, then stored in
    the instance ``__dict__``, which shadows this non-data descriptor from then on.
    """

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
