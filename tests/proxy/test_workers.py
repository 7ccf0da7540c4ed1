"""``guardrail serve --workers N``: one port, N processes, one set of metrics, one audit trail.

The server runs as a real subprocess in front of a real fake-OpenAI server. Which worker
accepts a connection is the kernel's choice, so the tests decide it: a worker paused
with SIGSTOP accepts nothing, and every new connection goes to the other one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from guardrail.audit import SQLiteAuditStore
from guardrail.errors import ConfigError
from guardrail.proxy.settings import Settings
from guardrail.proxy.workers import MULTIPROC_ENV, metrics_directory
from guardrail.telemetry import Metrics
from tests.fakes.openai_upstream import FakeOpenAI
from tests.proxy.support import BLOCK_WORD

GUARDRAIL = Path(sys.executable).with_name("guardrail")


def reply_to(body: dict[str, Any]) -> dict[str, Any]:
    """Echo the task number; tasks marked ``risky`` get an answer the test policy blocks."""
    task = body["messages"][-1]["content"]
    n = task.split()[1]
    words = f"done {n} {BLOCK_WORD}" if "risky" in task else f"done {n}"
    return {"role": "assistant", "content": words, "tool_calls": None}


def is_risky(i: int) -> bool:
    return i % 3 == 0


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    log: Path
    url: str = ""

    def workers(self, expected: int) -> list[int]:
        """The worker processes once ``expected`` have been started (the listening socket
        is announced before they are; the supervisor's other child is multiprocessing's
        resource tracker)."""
        pid = self.proc.pid
        found: list[int] = []
        for _ in range(600):
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            found = [int(c) for c in children if b"spawn_main" in _cmdline(int(c))]
            if len(found) >= expected:
                break
            time.sleep(0.05)
        return found

    def events(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                event = json.loads(line)
                if isinstance(event, dict):
                    out.append(event)
        return out


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _exists(path: str) -> bool:
    return os.path.exists(path)


def _running(pid: int) -> bool:
    return _exists(f"/proc/{pid}")


def _records(path: Path) -> int:
    if not path.exists():
        return -1
    return len(SQLiteAuditStore(path).query(limit=10_000).records)


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


@contextlib.contextmanager
def serve(
    args: Iterable[str], tmp_path: Path, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """``guardrail serve ARGS --port 0`` in its own session, its port read from its log."""
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [str(GUARDRAIL), "serve", "--port", "0", *args],
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    server = Server(proc, log)
    try:
        deadline = time.monotonic() + 60
        while not server.url:
            serving = [e for e in server.events() if e.get("event") == "guardrail.serving"]
            if serving:
                server.url = f"http://127.0.0.1:{serving[0]['port']}"
            elif proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{log.read_text()}")
            else:
                time.sleep(0.05)
        yield server
    finally:
        if proc.poll() is None:  # a test failed mid-way: stop it, still letting it tidy up
            for pid in server.workers(0):
                os.kill(pid, signal.SIGCONT)
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextlib.contextmanager
def paused(pid: int) -> Iterator[None]:
    """While paused, the worker accepts no connection: the others serve them all."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


async def get(url: str) -> tuple[int, bytes]:
    # a fresh connection per request, so that it goes to whichever worker accepts now
    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as s,
        s.get(url, timeout=aiohttp.ClientTimeout(total=20)) as r,
    ):
        return r.status, await r.read()


async def exchange(url: str, tasks: range, concurrency: int = 6) -> int:
    """Send one chat request per task, check every answer; how many were blocked."""
    limit = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(force_close=True)

    async def one(session: aiohttp.ClientSession, i: int) -> None:
        task = f"task {i} risky" if is_risky(i) else f"task {i} plain"
        body = {"model": "agent", "messages": [{"role": "user", "content": task}]}
        async with limit, session.post(url + "/v1/chat/completions", json=body) as r:
            assert r.status == 200
            answer = json.loads(await r.read())
        choice = answer["choices"][0]
        if is_risky(i):
            assert r.headers["x-guardrail-action"] == "block"
            assert choice["finish_reason"] == "content_filter"
            assert BLOCK_WORD not in (choice["message"]["content"] or "")
        else:
            assert r.headers["x-guardrail-action"] == "allow"
            assert choice["message"]["content"] == f"done {i}"

    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(one(session, i) for i in tasks))
    return sum(map(is_risky, tasks))


async def audited(path: Path, expected: int) -> int:
    """The number of audit records once it reaches ``expected`` (written by another process)."""
    count = -1
    for _ in range(200):
        count = _records(path)
        if count >= expected:
            return count
        await asyncio.sleep(0.05)
    return count


def totals(exposition: bytes) -> dict[str, float]:
    """Each counter summed over its labels, plus the checks that blocked."""
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(exposition.decode()):
        for s in family.samples:
            if s.name.endswith("_total"):
                out[s.name] = out.get(s.name, 0.0) + s.value
            if s.name == "guardrail_checks_total" and s.labels["action"] == "block":
                out["blocked_checks"] = out.get("blocked_checks", 0.0) + s.value
    return out


async def test_two_workers_answer_count_and_audit_as_one(policy_dir: Path, tmp_path: Path) -> None:
    """Requests served by either worker are counted in every worker's /metrics and audited once."""
    audit = tmp_path / "audit.db"
    async with FakeOpenAI(reply_to) as up:
        args = ["--workers", "2", "--policies", str(policy_dir), "--audit-path", str(audit)]
        with serve([*args, "--upstream-base-url", up.base_url], tmp_path) as server:
            workers = server.workers(2)
            assert len(workers) == 2
            for pid in workers:  # both serve /healthz (and are up before the phases below)
                with paused(next(p for p in workers if p != pid)):
                    assert await get(server.url + "/healthz") == (200, b'{"status":"ok"}')
            blocked = await exchange(server.url, range(0, 20))
            assert await audited(audit, blocked) == blocked
            for start, pid in ((20, workers[0]), (40, workers[1])):
                with paused(pid):  # the other worker serves this third alone
                    blocked += await exchange(server.url, range(start, start + 20))
                    assert await audited(audit, blocked) == blocked
            scrapes = []
            for pid in workers:
                with paused(pid):
                    status, body = await get(server.url + "/metrics")
                    assert status == 200
                    scrapes.append(totals(body))
            metrics_dir = _environ(workers[0])[MULTIPROC_ENV]
            assert _exists(metrics_dir)

            server.proc.send_signal(signal.SIGTERM)
            assert server.proc.wait(timeout=30) == 0
    for scrape in scrapes:
        assert scrape["guardrail_checks_total"] == 60
        assert scrape["blocked_checks"] == blocked == 20
        assert scrape["guardrail_interventions_total"] == blocked
        assert scrape["guardrail_audit_records_written_total"] == blocked
        assert scrape["guardrail_audit_write_failures_total"] == 0
    assert not any(map(_running, workers))
    assert not _exists(metrics_dir)
    store = SQLiteAuditStore(audit)
    records = store.query(limit=1000).records
    assert len(records) == blocked
    assert len({r.record.request_id for r in records}) == blocked
    assert store.verify().ok


async def test_interrupt_stops_every_worker_and_keeps_the_audit(
    policy_dir: Path, tmp_path: Path
) -> None:
    """GUARDRAIL_WORKERS sets the count; SIGINT to the parent ends all, audit records kept."""
    audit = tmp_path / "audit.db"
    async with FakeOpenAI(reply_to) as up:
        args = ["--policies", str(policy_dir), "--audit-path", str(audit)]
        env = {"GUARDRAIL_WORKERS": "2", "GUARDRAIL_UPSTREAM_BASE_URL": up.base_url}
        with serve(args, tmp_path, env) as server:
            workers = server.workers(2)
            blocked = await exchange(server.url, range(0, 30, 3), concurrency=10)
            server.proc.send_signal(signal.SIGINT)
            assert server.proc.wait(timeout=30) == 0
    assert len(workers) == 2
    assert not any(map(_running, workers))
    serving = next(e for e in server.events() if e.get("event") == "guardrail.serving")
    assert serving["workers"] == 2
    assert len(SQLiteAuditStore(audit).query(limit=1000).records) == blocked == 10
    assert not [e for e in server.events() if e.get("level") == "error"]


def test_worker_count_is_validated() -> None:
    with pytest.raises(ConfigError, match="GUARDRAIL_WORKERS"):
        Settings.load(env={"GUARDRAIL_WORKERS": "0"})


def test_metrics_refuse_a_directory_they_would_not_write_to(tmp_path: Path) -> None:
    """Outside multiprocess mode the merged view would silently miss this process's counts."""
    with pytest.raises(ConfigError, match="multiprocess mode"):
        Metrics(multiprocess_dir=tmp_path)


def test_metrics_directory_is_fresh_and_removed() -> None:
    before = os.environ.get(MULTIPROC_ENV)
    with metrics_directory() as path:
        assert os.environ[MULTIPROC_ENV] == path
        assert os.listdir(path) == []
    assert not Path(path).exists()
    assert os.environ.get(MULTIPROC_ENV) == before
