"""Operator facts: what this deployment trusts and protects.

Stated in YAML (an ``environment:`` block in any policy file, or a file of its own) so
operators never edit code to say "mail to example.com is internal" or "``deploy`` runs
shell commands". Blocks from several files are merged (lists are unioned).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from guardrail.toolkinds import ToolKind


class ToolFacts(BaseModel):
    """Tool names the operator classifies by hand (overrides schema classification)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    outbound: list[str] = Field(default_factory=list, description="tools that send data out")
    message: list[str] = Field(default_factory=list, description="tools that send messages")
    http: list[str] = Field(default_factory=list)
    upload: list[str] = Field(default_factory=list)
    shell: list[str] = Field(default_factory=list, description="tools that run shell commands")
    code: list[str] = Field(default_factory=list)
    file_write: list[str] = Field(default_factory=list)
    payment: list[str] = Field(default_factory=list)
    alert: list[str] = Field(default_factory=list)
    control: list[str] = Field(default_factory=list)
    admin: list[str] = Field(default_factory=list)

    def overrides(self) -> dict[ToolKind, list[str]]:
        result: dict[ToolKind, list[str]] = {}
        for kind in ToolKind:
            names = list(getattr(self, kind.value))
            if kind is ToolKind.MESSAGE:
                names += self.outbound
            if names:
                result[kind] = names
        return result


class Environment(BaseModel):
    """Facts about the deployment. Empty lists mean "infer from the conversation"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trusted_domains: list[str] = Field(
        default_factory=list, description="email and web domains inside the organisation"
    )
    trusted_hosts: list[str] = Field(default_factory=list, description="hosts data may go to")
    allowed_buckets: list[str] = Field(
        default_factory=list, description="storage buckets uploads may go to"
    )
    protected_paths: list[str] = Field(
        default_factory=list, description="glob patterns of oversight files agents must not change"
    )
    protected_processes: list[str] = Field(
        default_factory=list, description="names of monitor/audit processes and services"
    )
    infer_trusted: bool = Field(
        default=True, description="also trust the organisation's domains named in the system prompt"
    )
    tools: ToolFacts = Field(default_factory=ToolFacts)

    def merged(self, other: Environment) -> Environment:
        """Union of two environments' facts (``infer_trusted`` is False if either says so)."""

        def union(a: list[str], b: list[str]) -> list[str]:
            return list(dict.fromkeys([*a, *b]))

        tools = ToolFacts(
            **{
                name: union(getattr(self.tools, name), getattr(other.tools, name))
                for name in ToolFacts.model_fields
            }
        )
        return Environment(
            trusted_domains=union(self.trusted_domains, other.trusted_domains),
            trusted_hosts=union(self.trusted_hosts, other.trusted_hosts),
            allowed_buckets=union(self.allowed_buckets, other.allowed_buckets),
            protected_paths=union(self.protected_paths, other.protected_paths),
            protected_processes=union(self.protected_processes, other.protected_processes),
            infer_trusted=self.infer_trusted and other.infer_trusted,
            tools=tools,
        )
