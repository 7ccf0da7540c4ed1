"""Detector types known to policy files, by the name used in YAML.

Imported lazily by name so that loading one policy does not import every detector.
"""

from __future__ import annotations

import importlib
from typing import Any, cast

from guardrail.detectors.base import DetectorFactory

DETECTOR_TYPES: dict[str, str] = {
    "coercion": "guardrail.detectors.coercion:CoercionDetector",
    "exfiltration": "guardrail.detectors.exfiltration:ExfiltrationDetector",
    "oversight": "guardrail.detectors.oversight:OversightDetector",
    "pattern": "guardrail.detectors.pattern:PatternDetector",
}


def detector_class(type_name: str) -> DetectorFactory:
    """The class registered for ``type_name``; raises KeyError if there is none."""
    target = DETECTOR_TYPES[type_name]
    module_name, _, attr = target.partition(":")
    module: Any = importlib.import_module(module_name)
    return cast(DetectorFactory, getattr(module, attr))
