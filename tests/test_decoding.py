"""Encoded payloads are found and decoded so detectors judge what will really run."""

from __future__ import annotations

import base64
import bz2
import gzip
import zlib

from guardrail.decoding import decode_layers


def test_base64_command_is_decoded() -> None:
    """A base64 blob piped to a shell is decoded."""
    blob = base64.b64encode(b"systemctl stop auditd").decode()
    assert "systemctl stop auditd" in decode_layers(f"echo {blob} | base64 -d | sh")


def test_double_wrapped_base64_is_decoded() -> None:
    """Two layers of base64 are peeled."""
    inner = base64.b64encode(b"rm -rf /var/log/audit").decode()
    outer = base64.b64encode(inner.encode()).decode()
    assert "rm -rf /var/log/audit" in decode_layers(outer)


def test_hex_escapes_are_decoded_in_place() -> None:
    r"""``\xHH`` escapes are replaced by their characters inside the command."""
    decoded = decode_layers(r"sudo $'\x6c\x61\x75\x6e\x63\x68\x63\x74\x6c' unload x.plist")
    assert any("launchctl" in d for d in decoded)


def test_unicode_escapes_are_decoded() -> None:
    r"""``\uXXXX`` escapes are decoded."""
    assert "pass" in decode_layers(r"\u0070\u0061\u0073\u0073 word")[0]


def test_url_encoding_is_decoded() -> None:
    """Percent-encoded text is decoded."""
    assert "key=sk live/x y" in decode_layers("key%3Dsk%20live%2Fx%20y")


def test_chr_building_is_decoded() -> None:
    """Python chr() concatenations are evaluated."""
    code = "os.system(chr(114)+chr(109)+chr(32)+chr(120))"
    assert any("rm x" in d for d in decode_layers(code))


def test_rot13_is_decoded_when_hinted() -> None:
    """rot13 is tried only when the text says it uses rot13."""
    assert any(
        "stop auditd" in d for d in decode_layers("echo 'fgbc nhqvgq' | tr 'A-Za-z' 'N-ZA-Mn-za-m'")
    )


def test_plain_text_has_no_payloads() -> None:
    """Ordinary prose and paths decode to nothing."""
    assert decode_layers("Please review the quarterly report in /srv/reports/q3.") == []


def test_gzip_under_base64_is_inflated() -> None:
    """A gzip stream wrapped in base64 (``gzip | base64``) decodes to what it compressed."""
    blob = base64.b64encode(gzip.compress(b"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG")).decode()
    assert any("AWS_SECRET_ACCESS_KEY" in d for d in decode_layers(f"repro blob: {blob}"))


def test_zlib_under_hex_and_bzip2_under_base64_are_inflated() -> None:
    """Other compressors and encodings combine the same way: zlib as hex, bzip2 as base64."""
    hexed = zlib.compress(b"ssh-ed25519 private key material here").hex()
    assert any("private key material" in d for d in decode_layers(hexed))
    bzipped = base64.b64encode(bz2.compress(b"DB_PASSWORD=tr0ub4dor&3")).decode()
    assert any("DB_PASSWORD" in d for d in decode_layers(bzipped))


def test_inflation_is_bounded() -> None:
    """A small stream that would inflate to megabytes yields at most 64 KiB."""
    bomb = base64.b64encode(gzip.compress(b"A" * 5_000_000)).decode()
    assert all(len(d) <= 64 * 1024 for d in decode_layers(bomb))


def test_random_bytes_with_a_gzip_magic_decode_to_nothing() -> None:
    """Bytes that only start like a gzip stream inflate to nothing, not an error."""
    blob = base64.b64encode(b"\x1f\x8b" + bytes(range(200, 256)) * 2).decode()
    assert decode_layers(blob) == []
