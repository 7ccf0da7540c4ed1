"""Adapter tests import their frameworks; litellm must not reach the internet on import."""

from __future__ import annotations

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
