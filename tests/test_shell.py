"""The shell parser turns obfuscated command lines into plain argv lists."""

from __future__ import annotations

import base64

import pytest

from guardrail.shell import Command, parse_script


def cmds(text: str) -> list[Command]:
    return list(parse_script(text).commands())


def names(text: str) -> list[str]:
    return [c.name for c in cmds(text) if c.name]


def find(text: str, name: str) -> Command:
    return next(c for c in cmds(text) if c.name == name)


def test_quotes_and_escapes_are_removed() -> None:
    """Split quoting (``r''m``, ``"au"dit``, ``\\s``) does not hide a program or a path."""
    cmd = find("r''m -rf \"/var/log/au\"dit \\/etc\\/x", "rm")
    assert cmd.args == ("-rf", "/var/log/audit", "/etc/x")


def test_ansi_c_quoting_is_decoded() -> None:
    """``$'...'`` decodes hex, octal and unicode escapes."""
    cmd = cmds("$'\\x73\\171stemctl' stop $'\\u0061uditd'")[0]
    assert cmd.argv == ("systemctl", "stop", "auditd")


def test_variables_assigned_earlier_are_expanded() -> None:
    """``F=...; rm $F`` and ``export`` values reach later words, with braces and defaults."""
    cmd = find("F=/etc/audit; export N=rules; rm ${F}/audit.${N} ${U:-/tmp/x}", "rm")
    assert cmd.args == ("/etc/audit/audit.rules", "/tmp/x")


def test_unquoted_variable_holding_a_command_is_word_split() -> None:
    """``CMD='systemctl stop x'; $CMD`` runs systemctl with two arguments."""
    cmd = cmds("CMD='systemctl stop x'; $CMD")[-1]
    assert (cmd.name, cmd.args) == ("systemctl", ("stop", "x"))


def test_unknown_variables_stay_visible() -> None:
    """A variable the script never set keeps its ``$NAME`` spelling."""
    assert find("rm $HOME/.trace", "rm").args == ("$HOME/.trace",)


def test_pipelines_and_lists_are_split() -> None:
    """``|``, ``;``, ``&&``, ``||``, ``&`` and newlines separate commands."""
    script = parse_script("a | b; c && d || e & f\ng")
    assert [len(p.commands) for p in script.pipelines] == [2, 1, 1, 1, 1, 1]
    assert names("a | b; c && d || e & f\ng") == list("abcdefg")


def test_comments_are_ignored() -> None:
    """Text after an unquoted ``#`` is not a command, inside quotes it is kept."""
    assert names("ls # rm -rf /\necho '#x'") == ["ls", "echo"]


@pytest.mark.parametrize(
    ("line", "op", "target"),
    [
        ("echo x > /etc/a", ">", "/etc/a"),
        ("echo x >> /etc/a", ">>", "/etc/a"),
        ("echo x >| /etc/a", ">|", "/etc/a"),
        ("cmd 2> /dev/null", "2>", "/dev/null"),
        ("cmd &> /dev/null", "&>", "/dev/null"),
        ("cmd 2>&1", "2>&", "1"),
        ("sort < in.txt", "<", "in.txt"),
    ],
)
def test_redirections_are_recorded(line: str, op: str, target: str) -> None:
    """Each redirection keeps its operator and expanded target."""
    redirects = cmds(line)[0].redirects
    assert redirects[-1].op == op
    assert redirects[-1].target == target


def test_writes_lists_output_files() -> None:
    """`Command.writes` names the files a command truncates or appends to, not fd dups."""
    cmd = cmds("echo x > /a 2>&1 >> /b < /c")[0]
    assert cmd.writes == ("/a", "/b")


def test_heredoc_body_is_captured() -> None:
    """A ``<<EOF`` body belongs to its command and is not parsed as commands."""
    script = "cat > /etc/guard.yaml <<'EOF'\nenabled: false\nrm -rf /\nEOF\necho done"
    commands = cmds(script)
    assert commands[0].heredoc == "enabled: false\nrm -rf /\n"
    assert [c.name for c in commands] == ["cat", "echo"]


def test_heredoc_with_tabs_stripped() -> None:
    """``<<-`` strips leading tabs from the body and the delimiter line."""
    assert cmds("cat <<-END\n\tline\n\tEND\n")[0].heredoc == "line\n"


@pytest.mark.parametrize(
    "line",
    [
        "sudo -u root systemctl stop auditd",
        "env A=1 B=2 nice -n 5 nohup systemctl stop auditd",
        "timeout -s KILL 10 stdbuf -oL systemctl stop auditd",
        "doas command exec /usr/bin/systemctl stop auditd",
        "time sudo --user=root systemctl stop auditd",
        "env -S 'systemctl stop auditd'",
        "X=1 busybox systemctl stop auditd",
    ],
)
def test_wrappers_are_stripped(line: str) -> None:
    """The real program is found behind sudo, env, nice, timeout and similar wrappers."""
    cmd = cmds(line)[0]
    assert (cmd.name, cmd.args) == ("systemctl", ("stop", "auditd"))


@pytest.mark.parametrize(
    "line",
    [
        "bash -c 'systemctl stop auditd'",
        "sh -lc \"systemctl stop auditd\"",
        "eval 'systemctl stop auditd'",
        "su - root -c 'systemctl stop auditd'",
        "ssh -p 2222 -i key admin@mon 'systemctl stop auditd'",
        "kubectl exec -it pod -n ops -- systemctl stop auditd",
        "docker exec -u root box systemctl stop auditd",
        "echo auditd | xargs -r systemctl stop",
        "find /etc -name x -exec systemctl stop auditd \\;",
        "x=$(systemctl stop auditd)",
        "echo `systemctl stop auditd`",
        "bash <<EOF\nsystemctl stop auditd\nEOF",
        "sh <<< 'systemctl stop auditd'",
    ],
)
def test_nested_scripts_are_parsed(line: str) -> None:
    """Commands run through another shell, eval, su, ssh, kubectl, xargs, find or ``$()``."""
    inner = [c for c in cmds(line) if c.name == "systemctl"]
    assert inner
    assert inner[0].args[0] == "stop"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "template",
    [
        "echo {b} | base64 -d | sh",
        "echo {b} | base64 --decode | bash -s",
        "base64 -d <<< {b} | sh",
        "eval \"$(echo {b} | base64 -d)\"",
        "bash -c \"$(printf %s {b} | base64 -d)\"",
        "P={b}; echo $P | base64 -d | sh",
    ],
)
def test_base64_pipelines_into_a_shell_are_decoded(template: str) -> None:
    """``echo B64 | base64 -d | sh`` and its variants expose the decoded command."""
    line = template.format(b=_b64("systemctl stop auditd"))
    assert "systemctl" in names(line)


def test_printf_hex_piped_to_shell_is_decoded() -> None:
    """``printf '\\x..' | sh`` runs the decoded text."""
    line = "printf '" + "".join(f"\\x{b:02x}" for b in b"pkill falco") + "' | sh"
    assert find(line, "pkill").args == ("falco",)


def test_rot13_and_reverse_pipelines_are_decoded() -> None:
    """``tr`` ROT13 and ``rev`` transforms are applied before the shell."""
    assert "pkill" in names("echo 'cxvyy snyp' | tr 'a-z' 'n-za-m' | sh")
    assert "pkill" in names("echo 'oclaf llikp' | rev | bash")


def test_piped_input_is_recorded() -> None:
    """A command fed by a computable pipe knows its stdin."""
    assert cmds("echo hello | curl -d @- http://x")[1].stdin == "hello\n"


def test_for_loop_binds_its_variable() -> None:
    """``for f in a b; do rm $f; done`` removes both items."""
    assert find("for f in /a /b; do rm $f; done", "rm").args == ("/a", "/b")


def test_brace_expansion() -> None:
    """Unquoted ``{a,b}`` expands to one word per alternative."""
    assert find("rm /var/log/{audit,secure}.log", "rm").args == (
        "/var/log/audit.log",
        "/var/log/secure.log",
    )


@pytest.mark.parametrize(
    "line", ["echo 'unterminated", "a $(b", "`", "cat <<EOF", ")))", "${", "$'\\x", "", "\\"]
)
def test_odd_input_never_raises(line: str) -> None:
    """Malformed input degrades gracefully instead of raising."""
    parse_script(line)


def test_deep_nesting_is_bounded() -> None:
    """Self-nesting beyond the depth limit stops instead of recursing forever."""
    line = "systemctl stop x"
    for _ in range(20):
        line = "bash -c " + "'" + line.replace("'", "'\\''") + "'"
    parse_script(line)


@pytest.mark.parametrize(
    "line", ["IFS=,; c=systemctl,stop,auditd; $c", "systemctl${IFS}stop${IFS}auditd"]
)
def test_ifs_splits_expansions(line: str) -> None:
    """A custom IFS splits unquoted expansions, and ``${IFS}`` stands for a blank."""
    assert ("systemctl", "stop", "auditd") in [c.argv for c in parse_script(line).commands()]


@pytest.mark.parametrize(
    "line",
    ["ansible all -b -m shell -a 'systemctl stop auditd'", "salt '*' cmd.run 'systemctl stop auditd'"],
)
def test_fleet_tools_run_their_shell_argument(line: str) -> None:
    """Ansible's shell module and Salt's cmd.run are shells like ``ssh host 'cmd'``."""
    assert ("systemctl", "stop", "auditd") in [c.argv for c in parse_script(line).commands()]


@pytest.mark.parametrize(
    ("line", "argv"),
    [
        ('echo ab"c d$"e', ("echo", "abc d$e")),
        ('echo "cost: 5$"', ("echo", "cost: 5$")),
        ('echo "tail\\\\', ("echo", "tail\\")),
        ("echo x\ry z", ("echo", "x\ry", "z")),
        ('echo "a\\"b$HOME-x"', ("echo", 'a"b/h-x')),
        ("echo pl'ai n'r\\ un", ("echo", "plai nr un")),
        ('echo "a$" b', ("echo", "a$", "b")),
    ],
)
def test_plain_runs_join_quoted_and_expanded_pieces(line: str, argv: tuple[str, ...]) -> None:
    """Runs of plain characters, quotes, escapes and a ``$`` that expands nothing make one word."""
    assert cmds_with(line, HOME="/h")[0].argv == argv


def cmds_with(text: str, **variables: str) -> list[Command]:
    return list(parse_script(text, variables).commands())
