"""GET /v1/guardrail/interventions: pages of the audit trail, newest first, strict params."""

from __future__ import annotations

import json
from typing import Any

import pytest

from guardrail.audit import AuditRecord, MemoryAuditStore
from guardrail.proxy.interventions import InterventionsApp, make_app


def record(i: int, category: str) -> AuditRecord:
    return AuditRecord(
        ts=1_700_000_000 + i, request_id=f"r{i}", model="m", source="proxy", policy=category,
        category=category, action="block", mode="enforce", rule="rule", tool=None,
        location="output.content", excerpt="…", fingerprints=(),
    )  # fmt: skip


async def get(app: Any, query: str = "", method: str = "GET") -> tuple[int, dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/v1/guardrail/interventions",
             "query_string": query.encode(), "headers": []}
    await app(scope, receive, send)
    return sent[0]["status"], json.loads(sent[1]["body"])


@pytest.fixture
def app() -> InterventionsApp:
    store = MemoryAuditStore()
    for i in range(1, 11):
        store.append(record(i, "blackmail" if i % 2 else "exfiltration"))
    return InterventionsApp(store, clock=lambda: 1_700_000_000 + 10)


async def test_pages_newest_first_with_a_cursor(app: InterventionsApp) -> None:
    status, first = await get(app, "limit=4")
    assert status == 200 and first["has_more"]
    assert [r["id"] for r in first["data"]] == [10, 9, 8, 7]
    _, second = await get(app, f"limit=4&cursor={first['next_cursor']}")
    _, third = await get(app, f"limit=4&cursor={second['next_cursor']}")
    assert [r["id"] for r in second["data"] + third["data"]] == [6, 5, 4, 3, 2, 1]
    assert third["next_cursor"] is None and not third["has_more"]


async def test_filters_by_category_and_since(app: InterventionsApp) -> None:
    _, body = await get(app, "category=exfiltration&since=5s")
    assert [r["id"] for r in body["data"]] == [10, 8, 6]
    assert all(r["category"] == "exfiltration" for r in body["data"])


@pytest.mark.parametrize(
    ("query", "message"),
    [("limit=0", "limit='0'"), ("limit=501", "limit='501'"), ("cursor=x", "cursor='x'"),
     ("since=soon", "since='soon'"), ("order=asc", "unknown query parameter 'order'")],
)
async def test_bad_parameters_are_named(app: InterventionsApp, query: str, message: str) -> None:
    status, body = await get(app, query)
    assert status == 400 and message in body["error"]["message"]


async def test_only_get(app: InterventionsApp) -> None:
    assert (await get(app, method="POST"))[0] == 405


async def test_without_an_audit_trail_the_route_says_how_to_enable_it() -> None:
    status, body = await get(make_app(None))
    assert status == 404 and "--audit-path" in body["error"]["message"]
