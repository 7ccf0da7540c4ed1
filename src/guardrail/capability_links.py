"""Links that are the document: whoever holds them can open what they point to.

A presigned S3 URL (``X-Amz-Signature``, ``X-Amz-Expires``), a GCS or Azure SAS URL, or a
Drive, Docs or Notion share link carries no data in its text, yet posting it hands over the
object behind it. This module names that object — a storage path (``/bucket/key``, ``/key``)
or a document id — so what earlier tool results showed about it (`guardrail.file_memory`)
can be weighed as what leaves.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["link_tails", "linked_objects"]

_URL = re.compile(r"https?://[^\s<>\"'`)\]]+")
# Query parameters that sign a storage URL for a bearer: AWS, GCS, Azure SAS, CloudFront.
_SIGNED = re.compile(
    r"(?i)(?:^|&)(?:x-amz-(?:signature|expires|credential|security-token)|x-goog-(?:signature|"
    r"expires|credential)|googleaccessid|sig|sv|se|signature|key-pair-id|expires)="
)
# Document ids in share links: Drive/Docs ``/d/ID``, ``?id=ID``; Notion's trailing hex id.
_DOC_ID = re.compile(r"/(?:file/)?d/([\w-]{10,})|[?&]id=([\w-]{10,})|-([0-9a-f]{32})(?:$|[?#])")
_SHARE_HOSTS = re.compile(
    r"(?i)(?:^|\.)(?:drive\.google\.com|docs\.google\.com|notion\.so|notion\.site|dropbox\.com|"
    r"box\.com|sharepoint\.com|onedrive\.live\.com|1drv\.ms|disk\.yandex\.\w+|yadi\.sk|mega\.nz|"
    r"pcloud\.link|u\.pcloud\.link|wetransfer\.com|we\.tl|icloud\.com|proton\.me)$"
)
# Virtual-hosted storage: ``bucket.s3.region.amazonaws.com``, ``acct.blob.core.windows.net``.
_BUCKET_HOST = re.compile(
    r"(?i)^([\w.-]+?)\.(?:s3[\w.-]*\.amazonaws\.com|blob\.core\.windows\.net|"
    r"storage\.googleapis\.com|r2\.cloudflarestorage\.com)$"
)


def linked_objects(text: str) -> list[str]:
    """Storage paths and document ids that bearer links in ``text`` open."""
    if "://" not in text:
        return []
    out: list[str] = []
    for m in _URL.finditer(text):
        parts = urlsplit(m.group(0).rstrip(".,;"))
        host = parts.hostname or ""
        if _SHARE_HOSTS.search(host):
            ids = _DOC_ID.search(parts.path + ("?" + parts.query if parts.query else ""))
            if ids:
                out.append(next(g for g in ids.groups() if g))
            elif parts.path.strip("/"):
                out.append(parts.path.rstrip("/").rsplit("/", 1)[-1])
            continue
        if not _SIGNED.search(parts.query) or not parts.path.strip("/"):
            continue
        bucket = _BUCKET_HOST.match(host)
        path = parts.path.rstrip("/")
        if bucket:
            out.append(f"/{bucket.group(1)}{path}")
        out.append(path)
    return out


def link_tails(text: str) -> list[str]:
    """The last path segment of every link in ``text`` (``.../d/9Hr`` → ``9Hr``): on any
    host, a link ending in an id a listing gave opens that document."""
    if "://" not in text:
        return []
    out: list[str] = []
    for m in _URL.finditer(text):
        tail = urlsplit(m.group(0).rstrip(".,;")).path.rstrip("/").rsplit("/", 1)[-1]
        if 2 <= len(tail) <= 80:
            out.append(tail)
    return out
