"""Loading policies: the shipped set loads; bad files are reported in full, with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.errors import PolicyError
from guardrail.policy import check_policies, load_policies

GOOD = """\
id: no-tokens
category: exfiltration
description: never send the word token anywhere
action: flag
detectors:
  - type: pattern
    patterns: ["token"]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_shipped_policies_cover_the_three_categories() -> None:
    """The shipped set has one enforcing policy per guarded category."""
    ps = load_policies()
    assert {p.model.category for p in ps.policies} == {
        "blackmail",
        "exfiltration",
        "oversight_subversion",
    }
    assert all(p.model.mode.value == "enforce" for p in ps.policies)


def test_a_user_policy_loads(tmp_path: Path) -> None:
    """A valid user file compiles."""
    ps = load_policies(write(tmp_path, "p.yaml", GOOD))
    assert ps.get("no-tokens").model.action == "flag"


def test_every_problem_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    """Unknown fields, bad enum values and missing fields are all listed at once."""
    f = write(
        tmp_path,
        "bad.yaml",
        """\
id: Bad Id
category: exfiltration
action: allow
mode: enforce
detectorz: []
""",
    )
    with pytest.raises(PolicyError) as info:
        load_policies(f)
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        f"{f}:1: id: String should match pattern '^[a-z0-9][a-z0-9_.-]*$' (got 'Bad Id')",
        f"{f}:1: description: required field is missing",
        f"{f}:3: action: got 'allow'; expected 'block', 'flag' or 'redact'",
        f"{f}:1: detectors: required field is missing",
        f"{f}:5: detectorz: unknown field (check the spelling)",
    ]


def test_detector_parameters_are_validated(tmp_path: Path) -> None:
    """A typo in a detector parameter and an unknown detector type are both named."""
    f = write(
        tmp_path,
        "p.yaml",
        GOOD.replace('patterns: ["token"]', 'patterns: ["token"]\n    scoer: 1')
        + "  - type: telepathy\n",
    )
    with pytest.raises(PolicyError) as info:
        load_policies(f)
    assert [str(p) for p in info.value.problems] == [
        f"{f}:8: detectors.0.scoer: unknown field (check the spelling)",
        f"{f}:9: detectors.1.type: unknown detector type 'telepathy'; expected one of: "
        "coercion, exfiltration, oversight, pattern",
    ]


def test_bad_regex_is_a_load_error_not_a_silent_allow(tmp_path: Path) -> None:
    """An invalid regular expression stops loading instead of matching nothing."""
    f = write(tmp_path, "p.yaml", GOOD.replace('["token"]', '["(unclosed"]'))
    problems = check_policies([f])
    assert len(problems) == 1
    assert problems[0].field == "detectors.0.patterns"
    assert "patterns.0 is not a valid regular expression" in problems[0].message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    """A YAML syntax error reports its line."""
    f = write(tmp_path, "p.yaml", "id: x\ncategory: [unclosed\n")
    (problem,) = check_policies([f])
    assert problem.line is not None and problem.message.startswith("invalid YAML")


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    """Two files may not define the same policy id."""
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    (problem,) = check_policies([tmp_path])
    assert "duplicate policy id 'no-tokens'" in problem.message


def test_environment_file_is_merged(tmp_path: Path) -> None:
    """Operator facts from an environment file reach the policy set."""
    write(tmp_path, "p.yaml", GOOD)
    write(tmp_path, "env.yaml", "environment:\n  trusted_domains: [example.com]\n")
    assert load_policies(tmp_path).environment.trusted_domains == ["example.com"]


def test_environment_typo_is_reported(tmp_path: Path) -> None:
    """Unknown operator-fact keys are errors, named with their path."""
    f = write(tmp_path, "env.yaml", "environment:\n  trusted_domain: [example.com]\n")
    (problem,) = check_policies([f])
    assert str(problem) == f"{f}:2: environment.trusted_domain: unknown field (check the spelling)"


def test_missing_directory(tmp_path: Path) -> None:
    """A path that does not exist is a problem, not an empty policy set."""
    (problem,) = check_policies([tmp_path / "nope"])
    assert problem.message == "no such file or directory"
