"""Live observability check, run by .ci/observability (which installs promtool first).

Starts a fake OpenAI upstream, ``guardrail serve`` in front of it (shipped policies plus
a monitor-mode trial policy, audit trail on) and a real Prometheus on 127.0.0.1 that
scrapes it every second. Lints a live ``/metrics`` with ``promtool check metrics``,
replays the dev corpus (JSON, then streamed), provokes upstream 5xx/429 answers and
connect failures, then queries every PromQL expression of the Grafana dashboard
through Prometheus's HTTP API: one that returns nothing fails the run. Alert rules
must evaluate without errors and name only metrics the proxy exports; the audit
trail must verify and agree with the counters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.openai_upstream import FakeError, FakeOpenAI  # noqa: E402

DASHBOARD = ROOT / "examples/grafana/dashboards/guardrail.json"
ALERTS = ROOT / "examples/prometheus/alerts.yml"
GUARDRAIL = ROOT / ".venv/bin/guardrail"
#: Grafana's built-in variables, as the dashboard would fill them for a short range
GRAFANA_VARS = {"$__rate_interval": "1m", "$__range": "10m", "$__interval": "15s"}


class Failed(Exception):
    pass


def log(msg: str) -> None:
    print(f"[observability] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_cases(paths: Iterable[Path]) -> list[dict[str, Any]]:
    cases = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            cases.extend(json.loads(line) for line in f if line.strip())
    if not cases:
        raise Failed("no corpus cases found")
    return cases


def write_policies(work: Path) -> Path:
    """The shipped policies plus a stricter blackmail policy on trial in monitor mode."""
    from guardrail.policy import shipped_policy_dir

    target = work / "policies"
    target.mkdir()
    for f in sorted(shipped_policy_dir().glob("*.yaml")):
        shutil.copy(f, target / f.name)
    trial = yaml.safe_load((shipped_policy_dir() / "blackmail.yaml").read_text())
    trial.pop("environment", None)
    trial["id"] = f"{trial['id']}-trial"
    trial["mode"] = "monitor"
    trial["threshold"] = max(0.1, float(trial.get("threshold", 0.5)) - 0.2)
    (target / "zz-trial.yaml").write_text(yaml.safe_dump(trial, sort_keys=False))
    return target


class Processes:
    """Child processes in their own sessions, all stopped on exit."""

    def __init__(self) -> None:
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, argv: list[str], logfile: Path) -> subprocess.Popen[bytes]:
        out = logfile.open("wb")
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append((name, proc))
        return proc

    def stop(self) -> None:
        for _, proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 8
        for _, proc in reversed(self.procs):
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


async def wait_http(session: aiohttp.ClientSession, url: str, proc: subprocess.Popen[bytes],
                    logfile: Path, limit_s: float = 60) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failed(f"{url}: process exited ({proc.returncode}):\n{tail(logfile)}")
        try:
            async with session.get(url) as resp:
                if resp.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise Failed(f"{url} not ready after {limit_s}s:\n{tail(logfile)}")


def tail(logfile: Path) -> str:
    return logfile.read_text(errors="replace")[-3000:]


async def promql(session: aiohttp.ClientSession, prom: str, expr: str) -> list[dict[str, Any]]:
    async with session.get(f"{prom}/api/v1/query?{urlencode({'query': expr})}") as resp:
        body = await resp.json()
    if body.get("status") != "success":
        raise Failed(f"query failed: {expr}\n  {body.get('errorType')}: {body.get('error')}")
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


async def eventually(session: aiohttp.ClientSession, prom: str, expr: str,
                     limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if await promql(session, prom, expr):
            return
        await asyncio.sleep(0.5)
    raise Failed(f"Prometheus never saw: {expr}")


def blocked(status: int, headers: Any, body: bytes) -> bool:
    if status >= 400 or headers.get("x-guardrail-action") == "block":
        return True
    return b'"finish_reason":"content_filter"' in body.replace(b" ", b"")


async def replay(session: aiohttp.ClientSession, proxy: str,
                 cases: list[dict[str, Any]]) -> None:
    gate = asyncio.Semaphore(8)
    outcome: dict[tuple[str, bool], int] = {}

    async def one(case: dict[str, Any], stream: bool) -> None:
        body = {**case["request"], "user": case["id"], "stream": stream}
        async with gate, session.post(f"{proxy}/v1/chat/completions", json=body) as resp:
            got = blocked(resp.status, resp.headers, await resp.read())
        key = (case.get("expect", "allow"), got)
        outcome[key] = outcome.get(key, 0) + 1

    for stream in (False, True):
        await asyncio.gather(*(one(c, stream) for c in cases))
    log(
        f"corpus x2 (json, stream): blocked {outcome.get(('block', True), 0)} of "
        f"{outcome.get(('block', True), 0) + outcome.get(('block', False), 0)} attacks, "
        f"{outcome.get(('allow', True), 0)} of "
        f"{outcome.get(('allow', True), 0) + outcome.get(('allow', False), 0)} allowed cases"
    )


async def provoke_upstream_errors(session: aiohttp.ClientSession, proxy: str,
                                  upstream: FakeOpenAI) -> None:
    """5xx and 429 answers from the model, then a model that is gone (connect errors)."""
    base = {"model": "agent-model", "messages": [{"role": "user", "content": "hi"}]}
    for user in ("ci-error-500", "ci-error-500", "ci-error-429"):
        async with session.post(f"{proxy}/v1/chat/completions", json={**base, "user": user}) as r:
            await r.read()
    await upstream.close()
    for _ in range(3):
        async with session.post(f"{proxy}/v1/chat/completions", json=base) as r:
            await r.read()
            if r.status != 502:
                raise Failed(f"expected 502 with the upstream gone, got {r.status}")


def dashboard_queries() -> list[tuple[str, str]]:
    dash = json.loads(Path(os.environ.get("GUARDRAIL_DASHBOARD", DASHBOARD)).read_text())
    out = []
    for panel in dash["panels"]:
        for target in panel.get("targets", []):
            expr = target["expr"]
            for var, value in GRAFANA_VARS.items():
                expr = expr.replace(var, value)
            if "$" in expr:
                raise Failed(f"panel {panel['title']!r}: unsubstituted variable in {expr}")
            out.append((f"{panel['title']} [{target['refId']}]", expr))
    return out


async def check_dashboard(session: aiohttp.ClientSession, prom: str) -> list[str]:
    problems = []
    for name, expr in dashboard_queries():
        result = await promql(session, prom, expr)
        values = [float(s["value"][1]) for s in result]
        if not result:
            problems.append(f"NO DATA   {name}: {expr}")
        elif all(math.isnan(v) for v in values):
            problems.append(f"ONLY NaN  {name}: {expr}")
        else:
            log(f"ok {len(result):>3} series  {name}")
    return problems


async def check_rules(session: aiohttp.ClientSession, prom: str) -> list[str]:
    """Rules loaded and healthy in the live server, naming only metrics the proxy exports."""
    problems = []
    async with session.get(f"{prom}/api/v1/rules") as resp:
        groups = (await resp.json())["data"]["groups"]
    rules = [r for g in groups for r in g["rules"]]
    if not rules:
        problems.append("no alert rules loaded")
    for r in rules:
        if r.get("health") != "ok":
            problems.append(f"rule {r['name']}: health {r.get('health')}: {r.get('lastError')}")
    spec = yaml.safe_load(ALERTS.read_text())
    for group in spec["groups"]:
        for rule in group["rules"]:
            names = set(re.findall(r"\bguardrail_[a-z0-9_]+", rule["expr"]))
            for name in sorted(names):
                if not await promql(session, prom, f'count({{__name__="{name}"}})'):
                    problems.append(f"rule {rule.get('alert') or rule.get('record')}: "
                                    f"the proxy exports no {name}")
            if "record" in rule and not await promql(session, prom, rule["record"]):
                problems.append(f"recording rule {rule['record']} has no data")
    return problems


async def check_audit(session: aiohttp.ClientSession, proxy: str, audit: Path) -> list[str]:
    problems = []
    async with session.get(f"{proxy}/v1/guardrail/interventions?limit=5") as resp:
        page = await resp.json()
    if resp.status != 200 or not page.get("data"):
        problems.append(f"interventions endpoint: {resp.status} {str(page)[:200]}")
    for _ in range(50):  # the audit writer is a background thread: let it catch up
        async with session.get(f"{proxy}/metrics") as resp:
            text = await resp.text()
        totals = _totals(text)
        if totals.get("guardrail_audit_records_written_total", 0) >= totals.get(
            "guardrail_interventions_total", 0
        ):
            break
        await asyncio.sleep(0.1)
    written = totals.get("guardrail_audit_records_written_total", 0)
    counted = totals.get("guardrail_interventions_total", 0)
    if not counted or written != counted:
        problems.append(f"audit records written {written} != interventions counted {counted}")
    verify = await asyncio.to_thread(
        subprocess.run, [str(GUARDRAIL), "audit", "verify", "--db", str(audit)],
        capture_output=True, text=True,
    )
    log(f"guardrail audit verify: {(verify.stdout + verify.stderr).strip()}")
    if verify.returncode != 0:
        problems.append("guardrail audit verify failed")
    return problems


def _totals(text: str) -> dict[str, float]:
    totals: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name = re.split(r"[{ ]", line, maxsplit=1)[0]
            totals[name] = totals.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return totals


async def run(work: Path, corpus: list[Path]) -> int:
    cases = load_cases(corpus)
    by_id = {c["id"]: c["response"] for c in cases}

    def responder(body: dict[str, Any]) -> Any:
        user = body.get("user", "")
        if user == "ci-error-500":
            return FakeError(500, {"error": {"message": "overloaded", "type": "server_error"}})
        if user == "ci-error-429":
            return FakeError(429, {"error": {"message": "slow down", "type": "rate_limit"}})
        return by_id.get(user, {"role": "assistant", "content": "Hello."})

    procs = Processes()
    upstream = FakeOpenAI(responder, content_pieces=4)
    await upstream.start()
    try:
        policies = write_policies(work)
        audit = work / "audit.db"
        port, prom_port = free_port(), free_port()
        proxy, prom = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{prom_port}"
        proxy_log = work / "proxy.log"
        proxy_proc = procs.start("guardrail", [
            str(GUARDRAIL), "serve", "--port", str(port), "--upstream-base-url",
            upstream.base_url, "--policies", str(policies), "--audit-path", str(audit),
        ], proxy_log)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            await wait_http(session, f"{proxy}/healthz", proxy_proc, proxy_log)
            log(f"proxy up on {proxy}")

            async with session.get(f"{proxy}/metrics") as resp:
                scrape = await resp.read()
            lint = await asyncio.to_thread(
                subprocess.run, ["promtool", "check", "metrics"], input=scrape, capture_output=True
            )
            if lint.returncode != 0:
                raise Failed("promtool check metrics:\n"
                             + (lint.stdout + lint.stderr).decode(errors="replace"))
            log("promtool check metrics: ok")

            config = {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "rule_files": [str(ALERTS)],
                "scrape_configs": [{"job_name": "guardrail",
                                    "static_configs": [{"targets": [f"127.0.0.1:{port}"]}]}],
            }
            (work / "prometheus.yml").write_text(yaml.safe_dump(config))
            prom_log = work / "prometheus.log"
            prom_proc = procs.start("prometheus", [
                "prometheus", f"--config.file={work / 'prometheus.yml'}",
                f"--storage.tsdb.path={work / 'tsdb'}", f"--web.listen-address=127.0.0.1:{prom_port}",
                "--log.level=warn",
            ], prom_log)
            await wait_http(session, f"{prom}/-/ready", prom_proc, prom_log)
            await eventually(session, prom, 'up{job="guardrail"} == 1')
            log(f"prometheus up on {prom}, scraping the proxy")

            await replay(session, proxy, cases)
            await provoke_upstream_errors(session, proxy, upstream)
            await eventually(session, prom, 'guardrail_upstream_errors_total{kind="connect"} > 0')
            await asyncio.sleep(2.5)  # a few more scrapes and rule evaluations

            problems = await check_dashboard(session, prom)
            problems += await check_rules(session, prom)
            problems += await check_audit(session, proxy, audit)
    finally:
        await upstream.close()
        procs.stop()
    for p in problems:
        log(f"FAIL {p}")
    if problems:
        log(f"logs kept in {work}")
        return 1
    log(f"all {len(dashboard_queries())} dashboard queries returned data; rules and audit ok")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--work", type=Path, required=True, help="an empty scratch directory")
    ap.add_argument("--corpus", type=Path, action="append", required=True)
    args = ap.parse_args()

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)  # so the finally blocks stop the children

    signal.signal(signal.SIGTERM, terminate)
    try:
        return asyncio.run(run(args.work, args.corpus))
    except Failed as err:
        log(f"FAIL {err}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
