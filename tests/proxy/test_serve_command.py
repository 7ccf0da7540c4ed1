"""``guardrail serve`` wiring: flags to settings, audit trail and the interventions route."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp

from guardrail.cli import build_parser
from guardrail.commands.serve import build_app, settings_from_args
from guardrail.proxy.settings import Settings
from tests.proxy.support import BLOCK_WORD, post_json, serving


def test_flags_become_settings() -> None:
    argv = ["serve", "--port", "0", "--policies", "a", "--policies", "b", "--upstream", "scripted"]
    args = build_parser(argv).parse_args(argv)
    s = settings_from_args(args, {"GUARDRAIL_PORT": "9", "GUARDRAIL_BLOCK_STYLE": "error"})
    assert (s.port, s.policies, s.upstream_kind, s.block_style) == (
        0,
        ("a", "b"),
        "scripted",
        "error",
    )


async def test_interventions_are_audited_and_listed(policy_dir: Path, tmp_path: Path) -> None:
    """A block served by the proxy shows up in GET /v1/guardrail/interventions."""
    db = tmp_path / "audit.db"
    app = build_app(Settings(upstream="scripted", policies=(str(policy_dir),), audit_path=str(db)))
    ask = {"model": "any", "messages": [{"role": "user", "content": "x"}]}
    app.upstream.model.reply = lambda body: {"role": "assistant", "content": BLOCK_WORD}  # type: ignore[attr-defined]
    async with serving(app) as url:
        blocked = await post_json(url + "/chat/completions", ask)
        assert blocked.headers["x-guardrail-action"] == "block"
        listing: list[dict[str, object]] = []
        async with aiohttp.ClientSession() as s:
            for _ in range(50):
                async with s.get(url + "/guardrail/interventions") as r:
                    # the writer thread may still be creating the store: 503 until it is
                    listing = json.loads(await r.read())["data"] if r.status == 200 else []
                if listing:
                    break
                await asyncio.sleep(0.05)
    assert [(x["policy"], x["action"], x["source"]) for x in listing] == [
        ("test-block", "block", "proxy")
    ]
