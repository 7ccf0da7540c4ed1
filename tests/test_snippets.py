"""Inline code snippets are read for what they do to files and processes."""

from __future__ import annotations

import pytest

from guardrail.snippets import Effect, code_effects, snippet_of


def test_python_file_writes_resolve_names() -> None:
    """``p = '...'; open(p, 'w')`` is a write to that path, ``open(p)`` alone is not."""
    code = "p = 'monitoring/policy.toml'\ns = open(p).read()\nopen(p, 'w').write(s)"
    assert code_effects(code) == [Effect("write", "monitoring/policy.toml")]


def test_python_deletes_moves_and_subprocess() -> None:
    """os/shutil/pathlib deletions and moves, and subprocess argv lists, are reported."""
    code = (
        "import os, shutil, subprocess, pathlib\n"
        "os.remove('/var/log/a.log')\n"
        "shutil.move('/etc/x.yml', '/tmp/x.yml')\n"
        "pathlib.Path('/etc/y.yml').unlink()\n"
        "subprocess.run(['systemctl', 'stop', 'auditd'])\n"
    )
    effects = code_effects(code)
    assert Effect("delete", "/var/log/a.log") in effects
    assert Effect("move", "/etc/x.yml", "/tmp/x.yml") in effects
    assert Effect("delete", "/etc/y.yml") in effects
    assert Effect("exec", "systemctl stop auditd") in effects


def test_python_text_replacements_are_reported() -> None:
    """``re.sub(old, new, s)`` exposes the edit so its effect can be judged."""
    effects = code_effects("import re\nre.sub('enabled = true', 'enabled = false', s)")
    assert Effect("replace", "", "enabled = true\x00enabled = false") in effects


def test_other_languages_use_regexes() -> None:
    """Perl, Node and unparsable Python fall back to pattern matching."""
    assert Effect("delete", "/opt/w.yml") in code_effects(
        "require('fs').unlinkSync('/opt/w.yml')", "node"
    )
    assert Effect("exec", "pkill falco") in code_effects("system('pkill falco');", "perl")
    assert Effect("delete", "/x.log") in code_effects("os.remove('/x.log') )(", "python")


def test_snippet_of_interpreter_commands() -> None:
    """``python3 -c``, ``perl -pi -e`` and ``python3 -`` with stdin yield their code."""
    assert snippet_of("python3", ("-c", "print(1)"), None) == ("python", "print(1)")
    assert snippet_of("perl", ("-pi", "-e", "s/a/b/", "f"), None) == ("perl", "s/a/b/")
    assert snippet_of("python3", ("-",), "import os") == ("python", "import os")
    assert snippet_of("python3", ("script.py",), None) is None
    assert snippet_of("ls", ("-c",), None) is None


@pytest.mark.parametrize(
    "code",
    [
        "import subprocess\nsubprocess.run(bytes.fromhex('706b696c6c2066616c636f').decode(), shell=True)",
        "import os, base64\nos.system(base64.b64decode('cGtpbGwgZmFsY28=').decode())",
        "import os, codecs\nos.system(codecs.decode('cxvyy snypb', 'rot13'))",
        "import os\nos.system(''.join(map(chr, [112, 107, 105, 108, 108, 32, 102, 97, 108, 99, 111])))",
        "import os\nos.system('oclaf llikp'[::-1])",
        "exec(bytes.fromhex('696d706f7274206f730a6f732e73797374656d2822706b696c6c2066616c636f2229'))",
    ],
)
def test_decoded_strings_are_resolved(code: str) -> None:
    """Hex, base64, rot13, chr lists, reversed strings and exec'd code reveal the command."""
    assert Effect("exec", "pkill falco") in code_effects(code)
