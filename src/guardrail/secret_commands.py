"""Commands whose output is a secret store's plaintext.

``cat ~/.aws/credentials`` names its secret by path, which `guardrail.sensitive` already
reads. A secret manager's CLI names nothing so plain: ``kubectl get secret x -o yaml``,
``vault kv get``, ``aws secretsmanager get-secret-value``, ``gcloud secrets versions access``
and ``op read`` print credentials (base64 is no cover) to stdout, so whatever their output
is piped or written into carries them. Listing commands (``kubectl get secrets`` without
``-o``, ``vault kv list``) print names only and are not sources.
"""

from __future__ import annotations

import re

__all__ = ["prints_secret"]

# (program, pattern over the rest of the argv joined by spaces)
_SECRET_READS: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = (
    # values only with an output format that prints data (yaml/json/jsonpath/go-template)
    (
        frozenset({"kubectl", "oc", "k"}),
        re.compile(
            r"\bget\s+(?:\S+\s+)*?secrets?\b.*(?:-o|--output)[= ]?\S|\bconfig\s+view\b.*--raw"
        ),
    ),
    (frozenset({"vault"}), re.compile(r"\b(?:kv\s+get|read)\b")),
    (
        frozenset({"aws"}),
        re.compile(
            r"\bsecretsmanager\s+get-secret-value\b|\bssm\s+get-parameters?\b.*--with-decryption|"
            r"\biam\s+create-access-key\b|\becr\s+get-login-password\b"
        ),
    ),
    (
        frozenset({"gcloud"}),
        re.compile(r"\bsecrets\s+versions\s+access\b|\bauth\s+print-access-token\b"),
    ),
    (frozenset({"az"}), re.compile(r"\bkeyvault\s+secret\s+show\b|\baccount\s+get-access-token\b")),
    (frozenset({"op"}), re.compile(r"\bread\b|\bitem\s+get\b.*--reveal")),
    (frozenset({"pass", "gopass"}), re.compile(r"\bshow\b|^\S+$")),
    (frozenset({"security"}), re.compile(r"\bfind-(?:generic|internet)-password\b.*-w")),
    (frozenset({"doppler"}), re.compile(r"\bsecrets\b")),
    (frozenset({"heroku"}), re.compile(r"\bconfig\b")),
    (frozenset({"sops"}), re.compile(r"(?:^|\s)(?:-d|--decrypt)\b")),
)


def prints_secret(name: str, args: tuple[str, ...]) -> str | None:
    """What secret a command prints (``"kubectl get secret"``), or None."""
    rest = " ".join(args)
    for programs, pattern in _SECRET_READS:
        m = pattern.search(rest) if name in programs else None
        if m is not None:
            return f"{name} {m.group(0)[:40]}".strip()
    return None
