"""The one plug-in shape: a detector is compiled once from its parameters, then scans.

A detector class names itself (``type``), declares its parameters as a pydantic model
(``Params``, ``extra="forbid"`` so typos in YAML are caught at load time) and implements
``scan(ctx)``. ``scan`` is pure: it reads the `Context` and yields `Finding` objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Protocol

from pydantic import BaseModel, ConfigDict

from guardrail.context import Context
from guardrail.decision import Finding


class DetectorParams(BaseModel):
    """Base of every detector's parameter model."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Detector(Protocol):
    """What the engine needs from a compiled detector."""

    def scan(self, ctx: Context) -> Iterable[Finding]: ...


class DetectorFactory(Protocol):
    """A detector class: knows its parameter model and builds a detector from it.

    Classes also carry ``type: ClassVar[str]``, the name policies use.
    """

    Params: ClassVar[type[DetectorParams]]

    def __call__(self, params: DetectorParams) -> Detector: ...
