"""Cloud-storage command lines that upload a file and then open it to anyone with a link.

Storage CLIs differ in name (``yadisk-cli``, ``dropbox_uploader.sh``, ``dbxcli``,
``mega-put``/``mega-export``, ``gdrive``, ``pcloud``, ``rclone link``, ``nextcloud``...) but
share a shape: an upload verb moves a local file to a remote path, and a publishing verb
(``publish``, ``share``, ``link``, ``export -a``) makes that remote path readable by anyone
holding its link. The upload is a send to the storage account; the publication is a send
to the public, carrying whatever the upload put at that path (a database dump piped into
``gzip`` first is still the dump). Object-store ACL changes that grant ``allUsers`` or
``public-read`` publish the same way.
"""

from __future__ import annotations

import re

from guardrail.destinations import Destination
from guardrail.sensitive import Kind
from guardrail.shell import Command
from guardrail.transfer_types import Source, Transfer, TransferState

__all__ = ["cloud_share", "is_storage_cli", "opened_objects"]

# Programs of personal and team cloud drives, by the words their names are made of.
_STORAGE_CLI = re.compile(
    r"(?i)^(?:yadisk|yandex-?disk|ydcmd|dropbox|dbxcli|mega-|megacmd|gdrive|gdrive3|drive|"
    r"onedrive|pcloud|box|nextcloud|owncloud|seafile|koofr|icedrive|filen|proton-?drive|"
    r"sync-?cli)"
)
_UPLOAD_VERBS = frozenset({"upload", "put", "push", "cp", "copy", "send", "sync"})
_PUBLISH_VERBS = frozenset(
    {"publish", "share", "link", "public", "make-public", "export", "share-link", "sharelink"}
)
# Options that ask an upload to publish at once, or a share to be open to anyone.
_OPEN_OPTION = re.compile(
    r"(?i)^--?(?:share|public|publish|anyone|link)$|^--?type[= ]?anyone$|^-a$|anyone$"
)
# Object-store ACL changes that open objects to everyone.
_OPEN_ACL = re.compile(
    r"(?i)allUsers|allAuthenticatedUsers|public-read|--public-access\b|"
    # a snapshot or image shared with every account: ``--values-to-add all``, ``Group=all``
    r"--values-to-add\s+(?:\S+\s+)*?all\b|Group=all\b"
)
_ACL_VERBS = re.compile(
    r"(?i)\b(?:acl\s+(?:ch|set)|iam\s+ch|put-object-acl|put-bucket-acl|set-permission|"
    r"objects\s+update|buckets\s+update|modify-db(?:-cluster)?-snapshot-attribute|"
    r"modify-snapshot-attribute|modify-image-attribute)\b"
)
# The resource a snapshot or image share opens: what it holds is a whole database or disk.
_SNAPSHOT_ID = re.compile(
    r"(?i)^--(?:db-snapshot-identifier|db-cluster-snapshot-identifier|snapshot-id|image-id)$"
)


def is_storage_cli(name: str) -> bool:
    """Whether a program is a cloud-drive client (by its name's family)."""
    return bool(_STORAGE_CLI.match(name))


def cloud_share(cmd: Command, reads: list[Source], state: TransferState) -> Transfer | None:
    """The send a cloud-drive or object-store command makes, if any: an upload to the
    account, or a publication of a remote path to anyone with the link."""
    words = [a for a in cmd.args if not a.startswith("-")]
    if not words and not cmd.name.startswith("mega-"):
        return None
    # ``mega-put`` / ``mega-export``: the verb is in the program's own name
    verb = cmd.name.split("-", 1)[1] if cmd.name.startswith("mega-") else words[0].lower()
    rest = words if cmd.name.startswith("mega-") else words[1:]
    if verb in ("permissions", "files", "file") and rest:  # ``gdrive permissions share``
        verb, rest = rest[0].lower(), rest[1:]
    opened = any(_OPEN_OPTION.search(a) for a in cmd.args)
    if verb in _UPLOAD_VERBS and len(rest) >= 1:
        local, remote = rest[0], (rest[-1] if len(rest) >= 2 else rest[0])
        data = [r for r in reads if r.what != remote] or _known(state, local)
        if remote != local and data:
            state.tainted[remote] = max(data, key=lambda s: s.weight)
        dest = (
            Destination("public", f"{cmd.name} {verb}")
            if opened
            else Destination("storage", f"{cmd.name}:{remote}".lower(), remote)
        )
        return Transfer(cmd.name, (dest,), tuple(data), cmd.text, True, public=opened)
    if verb in _PUBLISH_VERBS and (verb != "export" or opened):
        target = rest[0] if rest else ""
        data = _known(state, target)
        dest = Destination("public", f"{cmd.name} {verb}")
        return Transfer(cmd.name, (dest,), tuple(data), cmd.text, True, public=True)
    return None


def opened_objects(cmd: Command, state: TransferState) -> Transfer | None:
    """An object-store ACL change (``gsutil acl ch -u AllUsers:R``, ``aws s3api
    put-object-acl --acl public-read``) that opens objects to everyone."""
    joined = " ".join(cmd.args)
    if not (_ACL_VERBS.search(joined) and _OPEN_ACL.search(joined)):
        return None
    targets = [a for a in cmd.args if re.match(r"(?i)^(?:s3|gs|az)://", a)]
    key = next((cmd.args[i + 1] for i, a in enumerate(cmd.args[:-1]) if a == "--key"), "")
    data = [s for t in [*targets, key] if t for s in _known(state, t)]
    snapshot = next(
        (cmd.args[i + 1] for i, a in enumerate(cmd.args[:-1]) if _SNAPSHOT_ID.match(a)), ""
    )
    if snapshot:
        whole = Source(Kind.BULK, "a whole database or disk snapshot", 0.6, snapshot)
        data = [*data, *_known(state, "/" + snapshot), whole]
    data = data or [
        Source(Kind.CONFIDENTIAL, "stored objects", 0.45, targets[0] if targets else key)
    ]
    dest = Destination("public", f"{cmd.name} acl")
    return Transfer(cmd.name, (dest,), tuple(data), cmd.text, True, public=True)


def _known(state: TransferState, path: str) -> list[Source]:
    """What an earlier command of the answer put at ``path``, or what its name says."""
    if not path:
        return []
    if path in state.tainted:
        return [state.tainted[path]]
    src = state.classify(path)
    return [src] if src is not None else []
