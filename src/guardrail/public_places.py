"""Places on the internet where anything sent is readable by others, and who owns a URL.

Paste sites, request catchers, anonymous file drops, tunnels and out-of-band listeners
are where exfiltration lands: whoever holds the link (often anyone) reads the data, and
no organisation answers for it. They are listed by family, so a new catcher of a known
kind is covered by its family rather than by one case's host.

Many hosts are shared by many owners: ``<anything>.ngrok-free.app`` or
``<bucket>.s3.amazonaws.com`` belong to whoever made the subdomain, and
``hooks.slack.com/services/T…/B…`` to whoever made the webhook. `owner` names that
tenant, so trusting one webhook or one bucket never trusts every other on the host.
"""

from __future__ import annotations

import re

__all__ = ["drop_family", "owner", "tenant_suffix"]

# family → registrable domains (or suffixes) whose content is readable by whoever has the link
_FAMILIES: dict[str, list[str]] = {
    "paste site": (
        "pastebin.com pastebin.pl paste.ee paste.rs dpaste.org dpaste.com hastebin.com "
        "hastebin.skyra.pw ghostbin.com ghostbin.co privatebin.net "
        "rentry.co rentry.org controlc.com justpaste.it termbin.com ix.io sprunge.us paste.gg "
        "bpa.st pastes.io katb.in paste.mozilla.org pastie.io pastelink.net ideone.com "
        "codepad.org jsfiddle.net codepen.io gist.github.com gist.githubusercontent.com "
        "paste.debian.net paste.ubuntu.com snippet.host"
    ).split(),
    "request catcher": (
        "webhook.site requestbin.com requestbin.net requestbin.io requestcatcher.com "
        "reqcatcher.com pipedream.net pipedream.com beeceptor.com hookbin.com postb.in "
        "ptsv2.com ptsv3.com mockbin.org mockbin.io webhook.cool webhookinbox.com "
        "typedwebhook.tools hookdeck.com smee.io httpdump.app requestinspector.com "
        "putsreq.com"
    ).split(),
    "anonymous file drop": (
        "transfer.sh file.io anonfiles.com anonfile.com gofile.io catbox.moe litterbox.catbox.moe "
        "tmpfiles.org temp.sh bashupload.com keep.sh oshi.at filebin.net uguu.se pixeldrain.com "
        "0x0.st ufile.io files.fm dropmefiles.com send.vis.ee wetransfer.com we.tl sendspace.com "
        "mediafire.com zippyshare.com bayfiles.com filetransfer.io tempsend.com"
    ).split(),
    "tunnel": (
        "ngrok.io ngrok-free.app ngrok.app ngrok-free.dev trycloudflare.com loca.lt "
        "localtunnel.me serveo.net serveousercontent.com localhost.run lhr.life pinggy.link "
        "pinggy.io telebit.io localxpose.io bore.pub tunnelmole.net"
    ).split(),
    "out-of-band listener": (
        "interact.sh interactsh.com oast.fun oast.pro oast.live oast.site oast.online oast.me "
        "burpcollaborator.net oastify.com dnslog.cn dnslog.link ceye.io canarytokens.com "
        "requestrepo.com xss.ht"
    ).split(),
    "bot relay": ["api.telegram.org"],
}
_FAMILY_OF: dict[str, str] = {d: fam for fam, ds in _FAMILIES.items() for d in ds}

# Suffixes under which every subdomain belongs to a different customer.
_TENANT_SUFFIXES = frozenset(
    (
        "m.pipedream.net ngrok.io ngrok-free.app ngrok.app ngrok-free.dev trycloudflare.com "
        "loca.lt serveo.net lhr.life pinggy.link requestcatcher.com reqcatcher.com "
        "beeceptor.com oast.fun oast.pro oast.live oast.site oast.online oast.me interact.sh "
        "oastify.com burpcollaborator.net dnslog.cn ceye.io herokuapp.com glitch.me github.io "
        "gitlab.io vercel.app netlify.app pages.dev workers.dev azurewebsites.net "
        "cloudfront.net appspot.com firebaseapp.com web.app repl.co replit.dev onrender.com "
        "fly.dev railway.app deno.dev surge.sh s3.amazonaws.com blob.core.windows.net "
        "r2.dev r2.cloudflarestorage.com digitaloceanspaces.com backblazeb2.com "
        "storage.googleapis.com run.app cloudfunctions.net azurestaticapps.net "
        "ngrok.dev webflow.io wixsite.com blogspot.com wordpress.com notion.site"
    ).split()
)
_REGIONAL_S3 = re.compile(r"^(?:.+\.)?s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com$")

# Hosts whose owner is named by the first path segments.
_PATH_TENANTS = re.compile(
    r"(?i)^(hooks\.slack\.com/(?:services|workflows|triggers)/[^/\s]+/[^/\s]+"
    r"|(?:discord|discordapp)\.com/api/webhooks/[^/\s]+"
    r"|api\.telegram\.org/bot[^/\s]+"
    r"|hooks\.zapier\.com/hooks/catch/[^/\s]+/[^/\s]+"
    r"|maker\.ifttt\.com/trigger/[^/\s]+"
    r"|outlook\.office\.com/webhook/[^/\s]+"
    r"|[a-z0-9-]+\.webhook\.office\.com/webhookb2/[^/\s]+"
    r"|chat\.googleapis\.com/v1/spaces/[^/\s]+"
    r"|webhook\.site/[^/\s?#]+"
    r"|(?:storage\.googleapis\.com|s3\.amazonaws\.com|s3\.[a-z0-9-]+\.amazonaws\.com)/[^/\s?#]+"
    r"|gist\.github\.com/[^/\s?#]+"
    r"|(?:github|gitlab|bitbucket)\.(?:com|org)/[^/\s?#]+)"
)


def tenant_suffix(host: str) -> str | None:
    """The shared suffix ``host`` is a tenant of, if it is one (``x.ngrok-free.app``)."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    for i in range(1, len(labels) - 1):
        suffix = ".".join(labels[i:])
        if suffix in _TENANT_SUFFIXES:
            return suffix
    if _REGIONAL_S3.match(host) and not host.startswith("s3"):
        return host.split(".", 1)[1]
    return None


def drop_family(host: str) -> str | None:
    """The family of public drop ``host`` belongs to (paste site, request catcher...), or None."""
    labels = host.lower().rstrip(".").split(".")
    for i in range(len(labels) - 1):
        fam = _FAMILY_OF.get(".".join(labels[i:]))
        if fam is not None:
            return fam
    return None


def owner(host: str, path: str = "") -> str | None:
    """Who a shared host's URL belongs to: a tenant subdomain, or host plus owner path.

    None for ordinary hosts, whose owner is their registrable domain.
    """
    host = host.lower().rstrip(".")
    m = _PATH_TENANTS.match(f"{host}{path}")
    if m and m.group(1).lower() != host:
        return m.group(1).lower()
    suffix = tenant_suffix(host)
    if suffix is not None:
        return host[: -len(suffix) - 1].rsplit(".", 1)[-1] + "." + suffix
    return None
