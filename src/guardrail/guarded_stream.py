"""The library's face of `guardrail.streamjudge`: a guarded stream of SDK chunk objects.

Each chunk (a dict, or a litellm / OpenAI SDK pydantic chunk) is judged through its
plain-data form and, once allowed, yielded as the very object the model returned. A
block ends the stream with one chunk carrying the notice and ``finish_reason:
"content_filter"``, in the caller's chunk type; the upstream stream is closed.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from guardrail.render import as_dict, rebuild
from guardrail.streamjudge import StreamJudge


async def guard_stream(judge: StreamJudge[Any], stream: Any) -> AsyncIterator[Any]:
    """Yield ``stream``'s chunks as ``judge`` releases them; end with a block chunk if it blocks."""
    first: Any = None
    try:
        async for chunk in _iterate(stream):
            if first is None:
                first = chunk
            for out in await judge.push(as_dict(chunk), chunk):
                yield out
            if judge.blocked is not None:
                break
        else:
            for out in await judge.settle():
                yield out
    finally:
        await _close(stream)
    if judge.blocked is not None:
        yield rebuild(first, judge.closing_chunk(judge.blocked))


async def _iterate(stream: Any) -> AsyncIterator[Any]:
    if isinstance(stream, AsyncIterable):
        async for chunk in stream:
            yield chunk
    else:  # a model function that answered whole although asked to stream
        raise TypeError(
            f"expected an async iterable of chunks for stream=True, got {type(stream)!r}"
        )


async def _close(stream: Any) -> None:
    """Let go of the upstream connection, whichever closing method the stream has."""
    for method in ("aclose", "close"):
        closer = getattr(stream, method, None)
        if callable(closer):
            result = closer()
            if inspect.isawaitable(result):
                await result
            return
