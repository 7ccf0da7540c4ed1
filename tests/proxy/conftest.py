"""Fixtures for proxy tests: a policy directory of test policies."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.detectors.registry import DETECTOR_TYPES
from tests.proxy.support import write_policies


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    return write_policies(tmp_path)


@pytest.fixture
def exploding_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(DETECTOR_TYPES, "explode", "tests.proxy.support:ExplodingDetector")
