"""``GET /v1/guardrail/interventions``: the audit trail, newest first, a page at a time.

Query parameters: ``since`` (``15m``, ``2h``, ISO 8601 or epoch seconds), ``policy``,
``category``, ``limit`` (1-500, default 50) and ``cursor`` (the ``next_cursor`` of the
previous page). The answer is ``{"object": "list", "data": [...], "next_cursor": id |
null, "has_more": bool}``. SQLite reads run in a worker thread, never on the event
loop. The proxy mounts this app behind its client keys (``create_app(extra_routes=)``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

import orjson

from guardrail.audit import AuditPage, AuditStore, SQLiteAuditStore, parse_since
from guardrail.errors import AuditError
from guardrail.render import error_bytes

PATH = "/v1/guardrail/interventions"
DEFAULT_LIMIT = 50
MAX_LIMIT = 500

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
_JSON = [(b"content-type", b"application/json")]


class InterventionsApp:
    """An ASGI app listing ``store``'s records; mount it at `PATH`."""

    def __init__(self, store: AuditStore, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("method") != "GET":
            await _respond(send, 405, error_bytes("use GET", code="method_not_allowed"))
            return
        try:
            params = self._params(scope.get("query_string", b""))
        except ValueError as err:
            await _respond(send, 400, error_bytes(str(err), code="invalid_request"))
            return
        try:
            page = await asyncio.to_thread(self._query, params)
        except AuditError as err:
            await _respond(
                send, 503, error_bytes(str(err), type="server_error", code="audit_unavailable")
            )
            return
        body = {
            "object": "list",
            "data": [row.to_dict() for row in page.records],
            "next_cursor": page.next_cursor,
            "has_more": page.next_cursor is not None,
        }
        await _respond(send, 200, orjson.dumps(body))

    def _query(self, params: dict[str, Any]) -> AuditPage:
        store = self.store
        if isinstance(store, SQLiteAuditStore) and not store.path.exists():
            return AuditPage((), None)  # nothing has been written yet
        return store.query(newest_first=True, **params)

    def _params(self, raw: bytes) -> dict[str, Any]:
        """The query string as `AuditStore.query` keywords; ValueError names a bad one."""
        given = {k: v[-1] for k, v in parse_qs(raw.decode("latin-1")).items()}
        unknown = sorted(set(given) - {"since", "policy", "category", "limit", "cursor"})
        if unknown:
            raise ValueError(
                f"unknown query parameter {unknown[0]!r}; expected since, policy, category, "
                "limit or cursor"
            )
        out: dict[str, Any] = {
            "policy": given.get("policy") or None,
            "category": given.get("category") or None,
            "limit": _int(given, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            "cursor": _int(given, "cursor", None, 1, None),
            "since": parse_since(given["since"], self.clock()) if "since" in given else None,
        }
        return out


def _int(
    given: dict[str, str], name: str, default: int | None, lo: int, hi: int | None
) -> int | None:
    if name not in given:
        return default
    raw = given[name]
    if not raw.isdigit() or int(raw) < lo or (hi is not None and int(raw) > hi):
        bound = f"{lo}..{hi}" if hi is not None else f">= {lo}"
        raise ValueError(f"{name}={raw!r}: expected an integer {bound}")
    return int(raw)


class _NotConfigured:
    """What the route answers when the proxy keeps no audit trail."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        msg = "the audit trail is off; start guardrail serve with --audit-path FILE"
        await _respond(send, 404, error_bytes(msg, code="audit_not_configured"))


def make_app(store: AuditStore | None) -> InterventionsApp | _NotConfigured:
    """The route's ASGI app for ``store`` (``None``: the audit trail is off)."""
    return InterventionsApp(store) if store is not None else _NotConfigured()


async def _respond(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": _JSON})
    await send({"type": "http.response.body", "body": body, "more_body": False})
