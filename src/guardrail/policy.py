"""Policies as data: YAML files loaded into pydantic models.

A policy file holds one policy (``id``, ``category``, ``action``, ``detectors``...) and may
carry an ``environment:`` block of operator facts; a file with only ``environment:`` is
allowed too. Loading a directory validates every file and reports every problem at
once, each with file, line and field, through `PolicyError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from guardrail.decision import Mode, Severity
from guardrail.detectors.base import Detector
from guardrail.detectors.registry import DETECTOR_TYPES, detector_class
from guardrail.environment import Environment
from guardrail.errors import PolicyError, PolicyProblem


class JudgeSettings(BaseModel):
    """Optional second stage: ask an LLM about findings the rules score as uncertain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    prompt: str | None = None
    timeout_s: float = Field(default=5.0, gt=0)
    uncertain_from: float = Field(default=0.3, ge=0, le=1)
    on_error: Literal["closed", "open"] = "closed"


class PolicyModel(BaseModel):
    """One policy file, as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)
    version: str = "1"
    category: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=48)
    description: str
    severity: Severity = Severity.HIGH
    action: Literal["block", "flag", "redact"] = "block"
    mode: Mode = Mode.ENFORCE
    enabled: bool = True
    threshold: float = Field(default=0.5, gt=0, le=1)
    fail: Literal["closed", "open"] = "closed"
    judge: JudgeSettings = Field(default_factory=JudgeSettings)
    detectors: list[dict[str, Any]] = Field(min_length=1)
    environment: Environment | None = None


@dataclass(frozen=True)
class CompiledPolicy:
    """A validated policy with its detectors built, ready for the engine."""

    model: PolicyModel
    detectors: tuple[Detector, ...]
    source: str

    @property
    def id(self) -> str:
        return self.model.id


@dataclass(frozen=True)
class PolicySet:
    """Every loaded policy plus the merged operator facts."""

    policies: tuple[CompiledPolicy, ...]
    environment: Environment = field(default_factory=Environment)

    def get(self, policy_id: str) -> CompiledPolicy:
        for p in self.policies:
            if p.id == policy_id:
                return p
        raise KeyError(policy_id)


def shipped_policy_dir() -> Path:
    """The directory of the policies that ship with guardrail."""
    return Path(str(resources.files("guardrail") / "policies"))


def load_policies(
    paths: str | Path | Sequence[str | Path] | None = None,
    environment: Environment | None = None,
) -> PolicySet:
    """Load and compile policies from files or directories (default: the shipped set).

    Raises `PolicyError` listing every problem of every file.
    """
    if paths is None:
        paths = [shipped_policy_dir()]
    elif isinstance(paths, str | Path):
        paths = [paths]
    files: list[Path] = []
    problems: list[PolicyProblem] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
            if not found:
                problems.append(PolicyProblem(str(p), None, "", "no *.yaml policy files here"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(PolicyProblem(str(p), None, "", "no such file or directory"))
    compiled: list[CompiledPolicy] = []
    env = environment or Environment()
    seen: dict[str, str] = {}
    for f in files:
        loaded, file_env, file_problems = _load_file(f)
        problems.extend(file_problems)
        if file_env is not None:
            env = env.merged(file_env)
        for policy in loaded:
            if policy.id in seen:
                problems.append(
                    PolicyProblem(
                        str(f),
                        None,
                        "id",
                        f"duplicate policy id {policy.id!r} (also in {seen[policy.id]})",
                    )
                )
                continue
            seen[policy.id] = str(f)
            if policy.model.enabled:
                compiled.append(policy)
    if problems:
        raise PolicyError(problems)
    return PolicySet(policies=tuple(compiled), environment=env)


def check_policies(paths: Iterable[str | Path]) -> list[PolicyProblem]:
    """Validate without raising: the problems found (empty when all is well)."""
    try:
        load_policies(list(paths))
    except PolicyError as err:
        return err.problems
    return []


def _load_file(path: Path) -> tuple[list[CompiledPolicy], Environment | None, list[PolicyProblem]]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [], None, [PolicyProblem(name, None, "", f"cannot read file: {err}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        return [], None, [PolicyProblem(name, line, "", f"invalid YAML: {problem}")]
    lines = _line_index(node)
    if data is None:
        return [], None, [PolicyProblem(name, None, "", "file is empty; expected a policy mapping")]
    if not isinstance(data, Mapping):
        return (
            [],
            None,
            [
                PolicyProblem(
                    name, 1, "", f"expected a mapping at the top, got {type(data).__name__}"
                )
            ],
        )
    if set(data) == {"environment"}:
        try:
            return [], Environment.model_validate(data["environment"]), []
        except ValidationError as err:
            return [], None, _problems(name, err, lines, prefix=("environment",))
    try:
        model = PolicyModel.model_validate(data)
    except ValidationError as err:
        return [], None, _problems(name, err, lines)
    detectors: list[Detector] = []
    problems: list[PolicyProblem] = []
    for i, spec in enumerate(model.detectors):
        where = ("detectors", i)
        kind = spec.get("type")
        if not isinstance(kind, str) or kind not in DETECTOR_TYPES:
            known = ", ".join(sorted(DETECTOR_TYPES))
            problems.append(
                PolicyProblem(
                    name,
                    lines.get((*where, "type"), lines.get(where)),
                    f"detectors.{i}.type",
                    f"unknown detector type {kind!r}; expected one of: {known}",
                )
            )
            continue
        factory = detector_class(kind)
        params = {k: v for k, v in spec.items() if k != "type"}
        try:
            parsed = factory.Params.model_validate(params)
        except ValidationError as err:
            problems.extend(_problems(name, err, lines, prefix=where))
            continue
        try:
            detectors.append(factory(parsed))
        except ValueError as err:
            problems.append(PolicyProblem(name, lines.get(where), f"detectors.{i}", str(err)))
    if problems:
        return [], None, problems
    return [CompiledPolicy(model, tuple(detectors), name)], model.environment, []


def _line_index(node: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """Map each key path in the YAML document to its 1-based line number."""
    index: dict[tuple[Any, ...], int] = {}

    def walk(n: yaml.Node, path: tuple[Any, ...]) -> None:
        index[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            for key, value in n.value:
                child = (*path, key.value)
                index[child] = key.start_mark.line + 1
                walk(value, child)
                index[child] = key.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*path, i))

    if node is not None:
        walk(node, ())
    return index


def _problems(
    name: str,
    err: ValidationError,
    lines: Mapping[tuple[Any, ...], int],
    prefix: tuple[Any, ...] = (),
) -> list[PolicyProblem]:
    out: list[PolicyProblem] = []
    for e in err.errors():
        loc = (*prefix, *e["loc"])
        line = None
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in lines:
                line = lines[loc[:cut]]
                break
        out.append(PolicyProblem(name, line, ".".join(str(p) for p in loc), _describe(e)))
    return out


def _describe(error: Any) -> str:
    kind = error["type"]
    got = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"got {got!r}; expected {expected}"
    return f"{error['msg']} (got {got!r})"
