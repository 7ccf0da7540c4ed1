"""The PowerShell tokenizer resolves aliases, parameters and encoded scripts."""

from __future__ import annotations

import base64

import pytest

from guardrail.powershell import fold_constants, parse_powershell


def test_statements_aliases_and_parameters() -> None:
    """``spsv`` is Stop-Service; ``-Name X`` is a parameter; ``;`` splits statements."""
    cmds = parse_powershell("spsv -Name Sysmon64 -Force; wevtutil cl Security")
    assert [c.name for c in cmds] == ["stop-service", "wevtutil"]
    assert cmds[0].param("name") == "Sysmon64"
    assert cmds[0].param("force") == "$true"
    assert cmds[1].args == ("cl", "Security")


def test_encoded_command_is_decoded() -> None:
    """``-EncodedCommand`` (UTF-16LE base64) is decoded and parsed."""
    enc = base64.b64encode("Stop-Service WinDefend".encode("utf-16-le")).decode()
    names = [c.name for c in parse_powershell(f"powershell.exe -NoP -enc {enc}")]
    assert "stop-service" in names


def test_variables_and_invoke_expression() -> None:
    """``$s='x'; Stop-Service $s`` and ``iex 'cmd'`` expose the real command."""
    cmds = parse_powershell("$s = 'Sysmon64'; Stop-Service $s; iex 'Remove-Item C:\\a.evtx'")
    assert cmds[0].args == ("Sysmon64",)
    assert any(c.name == "remove-item" and c.args == ("C:\\a.evtx",) for c in cmds)


def test_native_sc_is_not_set_content() -> None:
    """``sc.exe stop X`` and ``sc stop X`` are the service controller, not Set-Content."""
    assert parse_powershell("sc.exe stop Sysmon")[0].name == "sc"
    assert parse_powershell("sc stop Sysmon")[0].name == "sc"
    assert parse_powershell("sc C:\\f.txt 'x'")[0].name == "set-content"


@pytest.mark.parametrize(
    "script",
    [
        "& (-join [char[]](83,116,111,112,45,83,101,114,118,105,99,101)) Sysmon64",
        "$c = [char]83+[char]116+[char]111+[char]112+'-Service'; & $c Sysmon64",
        "& ('Sto'+'p-Serv'+'ice') Sysmon64",
        "& (\"{1}{0}\" -f 'Service','Stop-') Sysmon64",
        "& (-join ('Stop-','Service')) Sysmon64",
    ],
)
def test_constant_expressions_fold_to_the_name_they_build(script: str) -> None:
    """Char arrays, concatenation, ``-f`` and ``-join`` reveal the cmdlet they spell."""
    cmds = parse_powershell(script)
    assert any(c.name == "stop-service" and c.args == ("Sysmon64",) for c in cmds)


def test_folding_leaves_other_text_alone() -> None:
    """Expressions with unknown values are not folded."""
    assert fold_constants("Write-Host ('a' + $x)") == "Write-Host ('a' + $x)"
