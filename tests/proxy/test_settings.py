"""Settings: defaults < config file < GUARDRAIL_* env < flags; errors name source and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.errors import ConfigError
from guardrail.proxy.settings import Settings


def test_defaults_bind_loopback() -> None:
    s = Settings.load()
    assert (s.host, s.port, s.block_style) == ("127.0.0.1", 8080, "answer")
    assert s.upstream_kind == "litellm"


def test_precedence_flags_over_env_over_file(tmp_path: Path) -> None:
    cfg = tmp_path / "guardrail.yaml"
    cfg.write_text("port: 7000\nblock-style: error\nhost: 0.0.0.0\n")
    env = {"GUARDRAIL_PORT": "7100", "GUARDRAIL_API_KEYS": "a, b,,c"}
    s = Settings.load(cli={"port": 7200, "host": None}, env=env, config_file=cfg)
    assert s.port == 7200
    assert s.host == "0.0.0.0"
    assert s.block_style == "error"
    assert s.api_keys == ("a", "b", "c")


def test_toml_with_a_guardrail_table(tmp_path: Path) -> None:
    cfg = tmp_path / "g.toml"
    cfg.write_text('[guardrail]\nupstream_base_url = "http://127.0.0.1:9/v1/"\n')
    s = Settings.load(config_file=cfg)
    assert s.upstream_base_url == "http://127.0.0.1:9/v1"
    assert s.upstream_kind == "openai"


def test_config_file_from_env(tmp_path: Path) -> None:
    cfg = tmp_path / "g.yaml"
    cfg.write_text("upstream: scripted\n")
    assert Settings.load(env={"GUARDRAIL_CONFIG": str(cfg)}).upstream_kind == "scripted"


def test_errors_name_source_key_and_value(tmp_path: Path) -> None:
    cfg = tmp_path / "g.yaml"
    cfg.write_text("prot: 1\n")
    with pytest.raises(ConfigError, match=r"g\.yaml: unknown setting 'prot'"):
        Settings.load(config_file=cfg)
    with pytest.raises(ConfigError, match=r"GUARDRAIL_PORT: port='eighty'"):
        Settings.load(env={"GUARDRAIL_PORT": "eighty"})
    with pytest.raises(ConfigError, match=r"--upstream-base-url: .*http"):
        Settings.load(cli={"upstream_base_url": "ftp://x"})


def test_secrets_are_not_echoed() -> None:
    with pytest.raises(ConfigError) as info:
        Settings.load(env={"GUARDRAIL_API_KEYS": ""}, cli={"upstream_api_key": 5})
    assert "<hidden>" in str(info.value)
    assert "sk-" not in repr(Settings(upstream_api_key="sk-secret"))
