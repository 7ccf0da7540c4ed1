"""Fixtures shared by the detector tests: compiled once per session."""

from __future__ import annotations

import pytest

from guardrail.detectors._coercion_cues import CueMatcher
from guardrail.engine import Engine
from guardrail.policy import load_policies, shipped_policy_dir


@pytest.fixture(scope="session")
def guard() -> Engine:
    """The shipped blackmail policy alone."""
    return Engine(load_policies(shipped_policy_dir() / "blackmail.yaml"))


@pytest.fixture(scope="session")
def matcher() -> CueMatcher:
    """The coercion cue matcher over all seven languages."""
    return CueMatcher()
