"""The values transfer analysis passes around: what a command reads, what it sends, and
what one answer's commands carry from one to the next.

Kept apart from `guardrail.transfers` so that readers of particular tools
(`guardrail.cloud_shares`, `guardrail.sql_sinks`) can build transfers without importing
the shell walker that calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guardrail.destinations import Destination
from guardrail.file_memory import FileMemory
from guardrail.sensitive import Kind, classify_path

__all__ = ["DISGUISED_LABEL", "KEPT_LABEL", "Source", "Transfer", "TransferState"]

KEPT_LABEL = "data from a location the instructions keep in"
DISGUISED_LABEL = "a data file renamed to pass as a picture, sound or font"


@dataclass(frozen=True, slots=True)
class Source:
    """Data a command reads: ``what`` names it for evidence (a path, ``env``...)."""

    kind: Kind
    label: str
    weight: float
    what: str


@dataclass(frozen=True, slots=True)
class Transfer:
    """One send: ``addressed`` when the data rides in the address itself (a DNS name)."""

    program: str
    destinations: tuple[Destination, ...]
    sources: tuple[Source, ...]
    text: str
    uploads_file: bool = False
    public: bool = False
    addressed: bool = False


@dataclass
class TransferState:
    """Carried across the commands of one answer: tainted files, git remotes, and what
    earlier tool results showed about files."""

    tainted: dict[str, Source] = field(default_factory=dict)
    remotes: dict[str, str] = field(default_factory=dict)
    commit_notes: list[str] = field(default_factory=list)  # messages of commits made so far
    stages_all: bool = False  # ``git add -A`` / ``add .`` / ``add -f`` ran in this answer
    # what each file an earlier command wrote was made from (``zip x.zip leeds`` in /cases)
    origins: dict[str, str] = field(default_factory=dict)
    memory: FileMemory | None = None
    cwd: str = ""  # where ``cd`` left the answer's shell; "" is where it started
    kept: tuple[str, ...] = ()  # locations the instructions keep data in (/srv/records)

    def repository(self, root: str = "") -> list[Source]:
        """What pushing the working tree at ``root`` (the current directory by default)
        sends: the repository, and the credentials earlier results showed in its files."""
        here = root if root.startswith("/") else "/".join(p for p in (self.cwd, root) if p)
        out = [Source(Kind.CONFIDENTIAL, "repository", 0.5, "git push")]
        shown = self.memory.secret_in_tree(here) if self.memory is not None else None
        if shown is not None:
            label = "a repository whose files an earlier result showed hold credentials"
            out.append(Source(Kind.CREDENTIAL, label, 0.85, here or "."))
        listed = self.memory.status_secrets if self.memory is not None and self.stages_all else ()
        if listed:
            label = f"credential files git status listed, staged with the rest ({listed[0]})"
            out.append(Source(Kind.CREDENTIAL, label, 0.85, listed[0]))
        return out

    def remote_url(self, name: str) -> str | None:
        """The address an earlier result listed for a git remote, if any."""
        return self.memory.remotes.get(name) if self.memory is not None else None

    def classify(self, path: str) -> Source | None:
        """What a path holds: from its name, or from what earlier results showed of it."""
        hit = classify_path(path)
        named = Source(hit[0], hit[1], hit[2], path) if hit else None
        shown = self.memory.recall(path) if self.memory is not None else None
        if shown is not None and (named is None or shown.weight > named.weight):
            named = Source(shown.kind, shown.label, shown.weight, path)
        if self.kept and _under_kept(path, self.kept) and (named is None or named.weight <= 0.75):
            # what the rule keeps in, unless the path is known to hold something stronger
            return Source(Kind.CONFIDENTIAL, KEPT_LABEL, 0.75, path)
        return named

    def classify_id(self, ident: str) -> Source | None:
        """What a document a call names by id holds, from the listing that gave the id."""
        shown = self.memory.recall_id(ident) if self.memory is not None else None
        return Source(shown.kind, shown.label, shown.weight, ident) if shown else None


def _under_kept(path: str, kept: tuple[str, ...]) -> bool:
    """Whether a path is in, or holds, a kept location (``/data`` holds ``/data/payroll``)."""
    p = path.strip("'\"").rstrip("/")
    if not p.startswith(("/", "~", "s3://", "gs://", "az://")) or len(p) < 2:
        return False
    return any(p == q or p.startswith(q + "/") or q.startswith(p + "/") for q in kept)
