"""``guardrail serve``: run the guarding OpenAI-compatible proxy under uvicorn.

Settings come from flags, ``GUARDRAIL_*`` variables and an optional ``--config`` file
(flags win). This is the edge where logging is configured and the upstream chosen;
litellm is imported only when the litellm upstream actually serves a request.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import logging
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from guardrail.errors import ConfigError, PolicyError
from guardrail.proxy.settings import Settings

_NO_BASE_URL = "--upstream openai needs --upstream-base-url (or GUARDRAIL_UPSTREAM_BASE_URL)"

if TYPE_CHECKING:  # the HTTP stack is imported only when serving
    from guardrail.proxy.app import ASGIApp, ProxyApp
    from guardrail.proxy.upstream import Upstream


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="run the OpenAI-compatible guarding proxy",
        description="Run the guarding proxy. Every flag can also be set as GUARDRAIL_<NAME> "
        "(e.g. GUARDRAIL_UPSTREAM_BASE_URL) or in a YAML/TOML --config file.",
    )
    add_settings_arguments(p)
    p.set_defaults(handler=run)


def add_settings_arguments(p: argparse.ArgumentParser) -> None:
    """The flags shared by ``serve`` (all default to None: "not given on the command line")."""
    p.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8080; 0 picks a free one)")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="server processes sharing the port, one per core (default 1)",
    )
    p.add_argument(
        "--policies", action="append", metavar="DIR", help="policy file or directory (repeatable)"
    )
    p.add_argument(
        "--upstream",
        choices=("auto", "openai", "litellm", "scripted"),
        help="openai: the --upstream-base-url endpoint; litellm: route by model name; "
        "scripted: the offline demo model (default: openai if a base URL is set, else litellm)",
    )
    p.add_argument("--upstream-base-url", metavar="URL", help="OpenAI-compatible API root (…/v1)")
    p.add_argument(
        "--upstream-api-key", metavar="KEY", help="key for the upstream (else the client's is sent)"
    )
    p.add_argument("--upstream-timeout-s", type=float, metavar="SECONDS")
    p.add_argument(
        "--block-style",
        choices=("answer", "error"),
        help="answer: HTTP 200 with finish_reason content_filter (default); error: HTTP 400",
    )
    p.add_argument("--max-body-bytes", type=int, metavar="N")
    p.add_argument("--audit-path", metavar="FILE", help="SQLite audit trail of interventions")
    p.add_argument("--log-level", choices=("debug", "info", "warning", "error"))
    p.add_argument("--config", metavar="FILE", help="YAML or TOML settings file")


def settings_from_args(args: argparse.Namespace, env: Mapping[str, str]) -> Settings:
    cli: dict[str, Any] = {}
    for name in Settings.model_fields:
        value = getattr(args, name, None)
        if value is not None:
            cli[name] = tuple(value) if isinstance(value, list) else value
    return Settings.load(cli=cli, env=env, config_file=getattr(args, "config", None))


def run(args: argparse.Namespace) -> int:
    try:
        settings = settings_from_args(args, os.environ)
        configure_logging(settings)
        if settings.workers > 1:
            # the workers build their own apps; fail here, once, on what would stop them all
            policy_ids = check_settings(settings)
        else:
            app = build_app(settings)
            policy_ids = [p.id for p in app.judge.engine.policies.policies]
    except (ConfigError, PolicyError) as err:
        print(f"guardrail serve: {err}", file=sys.stderr)
        return 2
    if settings.workers > 1:
        from guardrail.proxy.workers import serve_workers

        return serve_workers(
            settings,
            functools.partial(worker_app, settings),
            on_listening=functools.partial(_log_serving, settings, policy_ids),
            **uvicorn_options(settings),
        )
    import uvicorn

    _log_serving(settings, policy_ids, settings.port)
    uvicorn.run(app, host=settings.host, port=settings.port, **uvicorn_options(settings))
    return 0


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn settings of every server process."""
    return {
        "loop": _loop(),
        "http": _http_protocol(),
        "lifespan": "on",
        "proxy_headers": False,  # the app never reads the client address or scheme
        "access_log": False,
        "log_level": settings.log_level if settings.log_level != "info" else "warning",
        "server_header": False,
        "date_header": False,
        "timeout_keep_alive": 75,
    }


def check_settings(settings: Settings) -> list[str]:
    """Load the policies and check the upstream settings; the ids of the loaded policies."""
    from guardrail.policy import load_policies

    if settings.upstream_kind == "openai" and not settings.upstream_base_url:
        raise ConfigError(_NO_BASE_URL)
    return [p.id for p in load_policies(list(settings.policies) or None).policies]


def worker_app(settings: Settings, metrics_dir: str) -> ProxyApp:
    """One worker process's app (uvicorn calls this in each worker, after start-up)."""
    configure_logging(settings)
    return build_app(settings, metrics_dir=metrics_dir)


def build_app(settings: Settings, *, metrics_dir: str | None = None) -> ProxyApp:
    """The proxy app for ``settings``: policies, telemetry, audit sink and upstream.

    ``metrics_dir`` is the ``PROMETHEUS_MULTIPROC_DIR`` shared by the workers, if several.
    """
    from guardrail.engine import Engine
    from guardrail.proxy.app import create_app
    from guardrail.telemetry import Metrics, Telemetry

    engine = Engine.from_paths(list(settings.policies) or None)
    telemetry = Telemetry(Metrics(multiprocess_dir=metrics_dir), source="proxy")
    if settings.audit_path:
        key = settings.audit_key.encode() if settings.audit_key else None
        telemetry.open_audit(settings.audit_path, key=key)
    app = create_app(
        settings,
        engine=engine,
        telemetry=telemetry,
        upstream=make_upstream(settings),
        extra_routes=extra_routes(telemetry.audit),
    )
    app.judge.warm_up()
    return app


def make_upstream(settings: Settings) -> Upstream:
    from guardrail.proxy.upstream import LiteLLMUpstream, OpenAIUpstream, ScriptedUpstream

    kind = settings.upstream_kind
    if kind == "scripted":
        return ScriptedUpstream()
    if kind == "litellm":
        return LiteLLMUpstream(
            api_key=settings.upstream_api_key, timeout_s=settings.upstream_timeout_s
        )
    if not settings.upstream_base_url:
        raise ConfigError(_NO_BASE_URL)
    return OpenAIUpstream(
        settings.upstream_base_url,
        api_key=settings.upstream_api_key,
        timeout_s=settings.upstream_timeout_s,
        connect_timeout_s=settings.upstream_connect_timeout_s,
        max_connections=settings.upstream_max_connections,
    )


def extra_routes(audit: Any) -> dict[str, ASGIApp]:
    """``GET /v1/guardrail/interventions`` when the interventions module is installed."""
    if importlib.util.find_spec("guardrail.proxy.interventions") is None:
        return {}
    module: Any = importlib.import_module("guardrail.proxy.interventions")
    factory = getattr(module, "make_app", None) or getattr(module, "create_app", None)
    if factory is None:
        return {}
    return {"/v1/guardrail/interventions": factory(audit)}


def configure_logging(settings: Settings) -> None:
    """structlog as JSON lines on stderr (one event per intervention, never the caught data)."""
    import orjson
    import structlog

    level = getattr(logging, settings.log_level.upper())
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    if settings.log_json:
        processors.append(structlog.processors.JSONRenderer(serializer=orjson.dumps))
        factory: Any = structlog.BytesLoggerFactory(sys.stderr.buffer)
    else:
        processors.append(structlog.dev.ConsoleRenderer(colors=False))
        factory = structlog.PrintLoggerFactory(sys.stderr)
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=factory,
        cache_logger_on_first_use=True,
    )


def _log_serving(settings: Settings, policy_ids: list[str], port: int) -> None:
    _logger().info(
        "guardrail.serving",
        host=settings.host,
        port=port,
        workers=settings.workers,
        upstream=settings.upstream_kind,
        upstream_base_url=settings.upstream_base_url,
        policies=policy_ids,
        block_style=settings.block_style,
    )


def _logger() -> Any:
    import structlog

    return structlog.get_logger("guardrail")


def _http_protocol() -> Any:
    """httptools with coalesced writes (one syscall per response), else uvicorn's h11."""
    if importlib.util.find_spec("httptools") is None:
        return "h11"
    from guardrail.proxy.server import CoalescingHttpToolsProtocol

    return CoalescingHttpToolsProtocol


def _loop() -> str:
    return "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
