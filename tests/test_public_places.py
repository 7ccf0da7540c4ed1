"""Public drop services are recognised by family, and shared hosts name their tenant."""

from __future__ import annotations

from guardrail.public_places import drop_family, owner, tenant_suffix


def test_drop_services_are_known_by_family() -> None:
    """Paste sites, request catchers, file drops and tunnels are each a family, subdomains included."""
    assert drop_family("pastebin.com") == "paste site"
    assert drop_family("eo3xk2.m.pipedream.net") == "request catcher"
    assert drop_family("transfer.sh") == "anonymous file drop"
    assert drop_family("7f3a-81-2-69-1.ngrok-free.app") == "tunnel"
    assert drop_family("abc.oast.fun") == "out-of-band listener"
    assert drop_family("api.github.com") is None


def test_tenant_subdomains_belong_to_their_tenant() -> None:
    """Every subdomain of a shared suffix is another owner; the suffix itself is nobody's."""
    assert tenant_suffix("acme.github.io") == "github.io"
    assert owner("x1.ngrok-free.app") == "x1.ngrok-free.app"
    assert owner("reports.s3.amazonaws.com") == "reports.s3.amazonaws.com"
    assert owner("www.example.com") is None


def test_webhook_owner_is_in_the_path() -> None:
    """On webhook hosts the path names the owner: two Slack webhooks are two owners."""
    a = owner("hooks.slack.com", "/services/T01/B01/aa11")
    b = owner("hooks.slack.com", "/services/T99/B99/zz99")
    assert a == "hooks.slack.com/services/t01/b01" and a != b
    assert owner("api.telegram.org", "/bot7712:AAF/sendMessage") == "api.telegram.org/bot7712:aaf"
