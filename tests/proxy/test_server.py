"""The coalescing transport: one socket write per loop turn, same bytes, same order."""

from __future__ import annotations

import asyncio
from typing import Any

from guardrail.proxy.server import CoalescingTransport


class RecordingTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 9)}.get(name, default)


def wrap() -> tuple[CoalescingTransport, RecordingTransport]:
    real = RecordingTransport()
    return CoalescingTransport(real, asyncio.get_running_loop()), real  # type: ignore[arg-type]


async def test_writes_of_one_turn_go_out_as_one() -> None:
    """Head and body written in the same turn reach the socket in one write, in order."""
    t, real = wrap()
    t.write(b"HTTP/1.1 200 OK\r\n\r\n")
    t.write(b"")
    t.write(b"body")
    assert real.writes == []
    assert t.get_write_buffer_size() == len(b"HTTP/1.1 200 OK\r\n\r\nbody")
    await asyncio.sleep(0)
    assert real.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]


async def test_later_turns_are_written_separately() -> None:
    """A streamed event written in a later turn is not held back for the next one."""
    t, real = wrap()
    t.write(b"a")
    await asyncio.sleep(0)
    t.writelines([b"b", b"c"])
    await asyncio.sleep(0)
    assert real.writes == [b"a", b"bc"]


async def test_close_flushes_first_and_abort_drops() -> None:
    """Closing sends what was gathered before closing; aborting sends nothing more."""
    t, real = wrap()
    t.write(b"last words")
    t.close()
    assert real.writes == [b"last words"] and real.closed
    t2, real2 = wrap()
    t2.write(b"lost")
    t2.abort()
    await asyncio.sleep(0)
    assert real2.writes == [] and real2.aborted


async def test_other_calls_reach_the_real_transport() -> None:
    """Anything but writing and closing is the real transport's."""
    t, _ = wrap()
    assert t.get_extra_info("peername") == ("127.0.0.1", 9)
    assert not t.is_closing()
