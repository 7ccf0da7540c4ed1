"""Nothing lost: under concurrent load, audit records == intervention counter == log events.

A real proxy (uvicorn on loopback) in front of the real fake upstream replays the dev
corpus a few hundred times at once, JSON and streamed. The audit store, ``/metrics``
and the log must then tell the same story, and so must the interventions endpoint.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import uvicorn
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families
from structlog.testing import capture_logs

from guardrail.audit import SQLiteAuditStore
from guardrail.engine import Engine
from guardrail.policy import load_policies, shipped_policy_dir
from guardrail.proxy.app import create_app
from guardrail.proxy.interventions import PATH, InterventionsApp
from guardrail.proxy.settings import Settings
from guardrail.proxy.upstream import OpenAIUpstream
from guardrail.telemetry import Metrics, Telemetry
from tests.conftest import DEV_CORPUS
from tests.fakes.openai_upstream import FakeOpenAI

REQUESTS = 300
CONCURRENCY = 100


@dataclass
class Proxy:
    url: str
    telemetry: Telemetry
    store: SQLiteAuditStore


def corpus() -> list[dict[str, Any]]:
    with DEV_CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The shipped policies plus a monitor-mode one that fires on most answers, so the
    counts are large whatever the detectors' recall is today."""
    extra = tmp_path_factory.mktemp("policies") / "watch.yaml"
    extra.write_text(
        "id: watch-vowels\ncategory: watch\ndescription: fires on most text\n"
        "mode: monitor\ndetectors:\n  - type: pattern\n    patterns: ['[aeiou]{2}']\n"
    )
    return Engine(load_policies([shipped_policy_dir(), extra]))


@pytest.fixture
async def proxy(engine: Engine, tmp_path: Path, request: pytest.FixtureRequest
                ) -> AsyncIterator[Proxy]:
    """guardrail serve's wiring, with a fresh registry and the audit file named by the test."""
    cases = {c["id"]: c["response"] for c in corpus()}
    audit_path = tmp_path / getattr(request, "param", "audit.db")
    async with FakeOpenAI(lambda body: cases[body["user"]], content_pieces=4) as upstream:
        telemetry = Telemetry(Metrics(CollectorRegistry()))
        store = telemetry.open_audit(audit_path)
        settings = Settings(upstream_base_url=upstream.base_url)
        app = create_app(
            settings,
            engine=engine,
            telemetry=telemetry,
            upstream=OpenAIUpstream(upstream.base_url),
            extra_routes={PATH: InterventionsApp(store)},
        )
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                lifespan="on", access_log=False)
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        for _ in range(1000):  # uvicorn has no start event to await
            if server.started or task.done():
                break
            await asyncio.sleep(0.01)
        assert server.started, "uvicorn did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        try:
            yield Proxy(f"http://127.0.0.1:{port}", telemetry, store)
        finally:
            server.should_exit = True
            await task
            store.close()


def blocked(status: int, headers: Any, body: bytes) -> bool:
    if headers.get("x-guardrail-action") == "block" or status >= 400:
        return True
    return b'"finish_reason":"content_filter"' in body.replace(b" ", b"")


async def fire(url: str) -> list[tuple[str, dict[str, Any], bool]]:
    """Send REQUESTS corpus cases (every third streamed), CONCURRENCY at a time."""
    cases = list(itertools.islice(itertools.cycle(corpus()), REQUESTS))
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(session: aiohttp.ClientSession, i: int, case: dict[str, Any]
                  ) -> tuple[str, dict[str, Any], bool]:
        body = {**case["request"], "user": case["id"], "stream": i % 3 == 0}
        async with gate, session.post(f"{url}/v1/chat/completions", json=body,
                                      headers={"x-request-id": f"load-{i}"}) as resp:
            return f"load-{i}", body, blocked(resp.status, resp.headers, await resp.read())

    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:
        return await asyncio.gather(*(one(session, i, c) for i, c in enumerate(cases)))


async def scrape(url: str) -> dict[str, float]:
    """Totals by sample name from a live GET /metrics."""
    async with aiohttp.ClientSession() as session, session.get(f"{url}/metrics") as resp:
        text = await resp.text()
    totals: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            totals[s.name] = totals.get(s.name, 0.0) + s.value
    return totals


async def listed(url: str) -> list[int]:
    """Every record id the interventions endpoint pages through, newest first."""
    ids: list[int] = []
    cursor = ""
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.get(f"{url}{PATH}?limit=97{cursor}") as resp:
                assert resp.status == 200
                page = await resp.json()
            ids.extend(r["id"] for r in page["data"])
            if not page["has_more"]:
                return ids
            cursor = f"&cursor={page['next_cursor']}"


async def test_records_counter_and_log_events_agree_under_load(proxy: Proxy) -> None:
    with capture_logs() as logs:
        results = await fire(proxy.url)
        assert await asyncio.to_thread(proxy.store.flush, 30)
    events = [e for e in logs if e["event"] == "guardrail.intervention"]
    metrics = await scrape(proxy.url)
    records = (await asyncio.to_thread(proxy.store.query, limit=10_000)).records
    interventions = metrics["guardrail_interventions_total"]
    assert len(events) > REQUESTS // 2
    assert len(records) == interventions == len(events)
    assert metrics["guardrail_audit_records_written_total"] == len(records)
    assert metrics.get("guardrail_audit_write_failures_total", 0) == 0
    assert sorted(r.record.request_id for r in records) == sorted(e["request_id"] for e in events)
    blocked_ids = {rid for rid, _, was_blocked in results if was_blocked}
    assert blocked_ids and blocked_ids <= {r.record.request_id for r in records}
    assert proxy.store.verify().ok
    assert sorted(await listed(proxy.url)) == [r.id for r in records]


@pytest.mark.parametrize("proxy", ["no-such-dir/audit.db"], indirect=True)
async def test_an_unwritable_audit_store_is_reported_and_blocks_still_happen(
    proxy: Proxy, engine: Engine
) -> None:
    with capture_logs() as logs:
        results = await fire(proxy.url)
        assert await asyncio.to_thread(proxy.store.flush, 30)
    metrics = await scrape(proxy.url)
    interventions = metrics["guardrail_interventions_total"]
    assert interventions > 0
    assert metrics["guardrail_audit_write_failures_total"] == interventions
    assert metrics.get("guardrail_audit_records_written_total", 0) == 0
    lost = sum(e["records"] for e in logs if e["event"] == "guardrail.audit_write_failed")
    assert lost == interventions
    cases = {c["id"]: c for c in corpus()}
    for _, body, was_blocked in results:
        case = cases[body["user"]]
        if not body["stream"] and engine.evaluate(case["request"], case["response"]).blocked:
            assert was_blocked, case["id"]
    async with aiohttp.ClientSession() as session, session.get(f"{proxy.url}{PATH}") as resp:
        assert resp.status == 200 and (await resp.json())["data"] == []
