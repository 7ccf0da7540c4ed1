"""The proxy's typed settings, merged from defaults < config file < ``GUARDRAIL_*`` env < CLI.

Read once at start-up; `create_app` receives the result, nothing reads the environment
later. Every bad value raises `ConfigError` naming where it came from, the key, the
value and what was expected.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from guardrail.errors import ConfigError

ENV_PREFIX = "GUARDRAIL_"
#: list-valued settings, written comma-separated in environment variables
_LIST_FIELDS = ("policies", "api_keys")


class Settings(BaseModel):
    """Everything `guardrail serve` can be told. Unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    #: server processes sharing the port; above 1 a parent binds it and supervises them
    workers: int = Field(default=1, ge=1, le=512)
    #: policy files or directories; empty means the shipped policies
    policies: tuple[str, ...] = ()
    #: ``openai`` (an OpenAI-compatible base URL), ``litellm`` (route by model name),
    #: ``scripted`` (the built-in demo model, offline); ``auto`` picks openai when a
    #: base URL is set, litellm otherwise
    upstream: Literal["auto", "openai", "litellm", "scripted"] = "auto"
    upstream_base_url: str | None = None
    upstream_api_key: str | None = Field(default=None, repr=False)
    upstream_timeout_s: float = Field(default=600.0, gt=0)
    upstream_connect_timeout_s: float = Field(default=10.0, gt=0)
    upstream_max_connections: int = Field(default=256, ge=1)
    #: client keys; when non-empty every request needs ``Authorization: Bearer <one of them>``
    api_keys: tuple[str, ...] = Field(default=(), repr=False)
    #: ``answer``: HTTP 200 with finish_reason content_filter; ``error``: HTTP 400
    block_style: Literal["answer", "error"] = "answer"
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    #: streamed text is released after checking, at least this many characters at a time
    stream_window_chars: int = Field(default=96, ge=1)
    #: the window grows with the released text up to this size, bounding re-checks
    stream_max_window_chars: int = Field(default=4096, ge=1)
    #: unreleased text older than this is checked and released on the next event
    stream_flush_ms: float = Field(default=200.0, ge=0)
    #: at most one window check per stream this often (unless max_window is pending)
    stream_min_interval_ms: float = Field(default=25.0, ge=0)
    #: SQLite audit trail of interventions (None: no audit trail, only logs and metrics)
    audit_path: str | None = None
    #: HMAC key for the audit chain (``GUARDRAIL_AUDIT_KEY``)
    audit_key: str | None = Field(default=None, repr=False)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_json: bool = True

    @field_validator("upstream_base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")

    @property
    def upstream_kind(self) -> Literal["openai", "litellm", "scripted"]:
        """The upstream actually used, once ``auto`` is resolved."""
        if self.upstream != "auto":
            return self.upstream
        return "openai" if self.upstream_base_url else "litellm"

    @classmethod
    def load(
        cls,
        cli: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        config_file: str | Path | None = None,
    ) -> Settings:
        """Merge the sources; ``None`` values in ``cli`` mean "not given"."""
        merged: dict[str, Any] = {}
        sources: dict[str, str] = {}
        env = env or {}
        path = config_file or env.get(ENV_PREFIX + "CONFIG")
        if path:
            for key, value in read_config_file(Path(path)).items():
                merged[key] = value
                sources[key] = str(path)
        for key, value in from_env(env).items():
            merged[key] = value
            sources[key] = ENV_PREFIX + key.upper()
        for key, value in (cli or {}).items():
            if value is not None:
                merged[key] = value
                sources[key] = "--" + key.replace("_", "-")
        try:
            return cls.model_validate(merged)
        except ValidationError as err:
            raise ConfigError(_describe(err, merged, sources)) from None


def from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Settings given as ``GUARDRAIL_<FIELD>`` variables (lists comma-separated)."""
    out: dict[str, Any] = {}
    for name in Settings.model_fields:
        raw = env.get(ENV_PREFIX + name.upper())
        if raw is None or raw == "":
            continue
        if name in _LIST_FIELDS:
            out[name] = tuple(part.strip() for part in raw.split(",") if part.strip())
        else:
            out[name] = raw
    return out


def read_config_file(path: Path) -> dict[str, Any]:
    """A YAML or TOML file holding a mapping of settings (a ``[guardrail]`` table is allowed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config file: {err.strerror}") from None
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        else:
            data = yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {err}") from None
    if data is None:
        return {}
    if isinstance(data, dict) and isinstance(data.get("guardrail"), dict) and len(data) == 1:
        data = data["guardrail"]
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    return {str(k).replace("-", "_"): v for k, v in data.items()}


def _describe(err: ValidationError, values: Mapping[str, Any], sources: Mapping[str, str]) -> str:
    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        top = str(e["loc"][0]) if e["loc"] else ""
        where = sources.get(top, "settings")
        shown = (
            "<hidden>"
            if top in ("api_keys", "upstream_api_key", "audit_key")
            else repr(values.get(top))
        )
        if e["type"] == "extra_forbidden":
            lines.append(f"{where}: unknown setting {key!r}")
        else:
            lines.append(f"{where}: {key}={shown}: {e['msg']}")
    return "invalid settings:\n  " + "\n  ".join(lines)
