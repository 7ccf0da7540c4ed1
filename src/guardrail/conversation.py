"""A typed view of one exchange: the conversation so far and the pending model output.

The OpenAI wire format is loose (content may be a string, a list of parts or null; tool
arguments are a JSON string that may not parse). This module turns it into frozen
objects once, so detectors never touch raw dicts. Trust is decided here: system,
developer and user text is instruction; tool results are untrusted data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import orjson

from guardrail.errors import InvalidExchange

TRUSTED_ROLES = frozenset({"system", "developer", "user"})
KNOWN_ROLES = TRUSTED_ROLES | {"assistant", "tool", "function"}


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One function call; ``arguments`` is the parsed JSON (or the raw string if unparsable)."""

    index: int
    id: str
    name: str
    raw_arguments: str
    arguments: Any

    def strings(self) -> Iterator[tuple[str, str]]:
        """Every string leaf of the arguments as ``(path, value)``; keys join with dots."""
        yield from _string_leaves(self.arguments, "")


@dataclass(frozen=True, slots=True)
class Message:
    index: int
    role: str
    text: str
    name: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None

    @property
    def trusted(self) -> bool:
        """Instructions come from system, developer and user; tool output is data."""
        return self.role in TRUSTED_ROLES


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A tool the agent declared, as far as classification needs it."""

    name: str
    description: str
    parameters: tuple[str, ...]
    parameter_descriptions: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Output:
    """The pending assistant answer under judgement."""

    content: str
    tool_calls: tuple[ToolCall, ...]


@dataclass(frozen=True, slots=True)
class Exchange:
    messages: tuple[Message, ...]
    tools: Mapping[str, ToolSpec]
    output: Output

    def tool_name_for(self, tool_call_id: str | None) -> str | None:
        """The name of the call a ``tool`` message answers, if it can be found."""
        if not tool_call_id:
            return None
        for msg in self.messages:
            for call in msg.tool_calls:
                if call.id == tool_call_id:
                    return call.name
        return None


def parse_exchange(request: Mapping[str, Any], response: Mapping[str, Any] | None) -> Exchange:
    """Build an `Exchange` from an OpenAI chat request and an answer.

    ``response`` may be an assistant message or a whole ``chat.completion`` (its first
    choice is judged). Raises `InvalidExchange` naming the offending field.
    """
    if not isinstance(request, Mapping):
        raise InvalidExchange("request must be a JSON object")
    raw_messages = request.get("messages", [])
    if not isinstance(raw_messages, list):
        raise InvalidExchange("request.messages must be an array")
    messages = tuple(_parse_message(i, m) for i, m in enumerate(raw_messages))
    tools = _tools(request.get("tools"), request.get("functions"))
    output = parse_output(response) if response is not None else Output("", ())
    return Exchange(messages=messages, tools=tools, output=output)


def parse_output(response: Mapping[str, Any]) -> Output:
    """The assistant message inside ``response`` (a message or a ``chat.completion``)."""
    if not isinstance(response, Mapping):
        raise InvalidExchange("response must be a JSON object")
    message: Any = response
    if "choices" in response:
        choices = response["choices"]
        if not isinstance(choices, list):
            raise InvalidExchange("response.choices must be an array")
        if not choices:
            return Output("", ())
        first = choices[0]
        if not isinstance(first, Mapping):
            raise InvalidExchange("response.choices.0 must be an object")
        message = first.get("message") or first.get("delta") or {}
        if not isinstance(message, Mapping):
            raise InvalidExchange("response.choices.0.message must be an object")
    return Output(
        content=content_text(message.get("content"), "response.content"),
        tool_calls=_parse_tool_calls(message, "response"),
    )


def content_text(content: Any, where: str) -> str:
    """Flatten OpenAI content (string, null, or list of parts) to text."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts: list[str] = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping):
                text = part.get("text")
                if isinstance(text, str):
                    parts.append(text)
                elif isinstance(part.get("refusal"), str):
                    parts.append(part["refusal"])
        return "\n".join(parts)
    raise InvalidExchange(f"{where} must be a string, an array of parts or null")


def parse_arguments(raw: Any) -> Any:
    """Parse tool arguments; a string that is not JSON stays a string."""
    if isinstance(raw, str):
        if not raw.strip():
            return {}
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return raw
    return raw


def _parse_message(index: int, raw: Any) -> Message:
    where = f"request.messages.{index}"
    if not isinstance(raw, Mapping):
        raise InvalidExchange(f"{where} must be an object")
    role = raw.get("role")
    if not isinstance(role, str) or role not in KNOWN_ROLES:
        raise InvalidExchange(
            f"{where}.role must be one of {', '.join(sorted(KNOWN_ROLES))}, got {role!r}"
        )
    name = raw.get("name")
    tcid = raw.get("tool_call_id")
    return Message(
        index=index,
        role=role,
        text=content_text(raw.get("content"), f"{where}.content"),
        name=name if isinstance(name, str) else None,
        tool_calls=_parse_tool_calls(raw, where),
        tool_call_id=tcid if isinstance(tcid, str) else None,
    )


def _parse_tool_calls(message: Mapping[str, Any], where: str) -> tuple[ToolCall, ...]:
    raw_calls = message.get("tool_calls")
    calls: list[ToolCall] = []
    if raw_calls:
        if not isinstance(raw_calls, list):
            raise InvalidExchange(f"{where}.tool_calls must be an array")
        for i, raw in enumerate(raw_calls):
            if not isinstance(raw, Mapping):
                raise InvalidExchange(f"{where}.tool_calls.{i} must be an object")
            fn = raw.get("function") or {}
            if not isinstance(fn, Mapping):
                raise InvalidExchange(f"{where}.tool_calls.{i}.function must be an object")
            calls.append(_tool_call(i, raw.get("id"), fn))
    legacy = message.get("function_call")
    if isinstance(legacy, Mapping):
        calls.append(_tool_call(len(calls), None, legacy))
    return tuple(calls)


def _tool_call(index: int, call_id: Any, fn: Mapping[str, Any]) -> ToolCall:
    raw_args = fn.get("arguments", "")
    raw_text = raw_args if isinstance(raw_args, str) else orjson.dumps(raw_args).decode()
    name = fn.get("name")
    return ToolCall(
        index=index,
        id=call_id if isinstance(call_id, str) else "",
        name=name if isinstance(name, str) else "",
        raw_arguments=raw_text,
        arguments=parse_arguments(raw_args),
    )


#: parsed tool declarations by their JSON: an agent sends the same tools every turn
_TOOLS_CACHE: dict[bytes, Mapping[str, ToolSpec]] = {}
_TOOLS_CACHE_SIZE = 64
_NO_TOOLS: Mapping[str, ToolSpec] = MappingProxyType({})
#: only plain JSON types make a key: a dataclass or a dict subclass may parse differently
_EXACT_JSON = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def _tools(tools: Any, functions: Any) -> Mapping[str, ToolSpec]:
    """`_parse_tools`, remembered for the last few distinct declarations (read-only views)."""
    if not isinstance(tools, list) and not isinstance(functions, list):
        return _NO_TOOLS  # what `_parse_tools` finds in anything but arrays
    try:  # the JSON text says everything the parse depends on (both sides are arrays or not)
        key = orjson.dumps(
            [tools if isinstance(tools, list) else None,
             functions if isinstance(functions, list) else None],
            option=_EXACT_JSON,
        )  # fmt: skip
    except TypeError:  # not JSON (a library caller's own objects): parse, do not remember
        return MappingProxyType(_parse_tools(tools, functions))
    found = _TOOLS_CACHE.get(key)
    if found is None:
        found = MappingProxyType(_parse_tools(tools, functions))
        if len(_TOOLS_CACHE) >= _TOOLS_CACHE_SIZE:
            with contextlib.suppress(RuntimeError, StopIteration, KeyError):  # other threads
                del _TOOLS_CACHE[next(iter(_TOOLS_CACHE))]  # the oldest entry
        _TOOLS_CACHE[key] = found
    return found


def _parse_tools(tools: Any, functions: Any) -> dict[str, ToolSpec]:
    specs: dict[str, ToolSpec] = {}
    entries: list[Any] = []
    if isinstance(tools, list):
        entries.extend(t.get("function") if isinstance(t, Mapping) else None for t in tools)
    if isinstance(functions, list):
        entries.extend(functions)
    for fn in entries:
        if not isinstance(fn, Mapping) or not isinstance(fn.get("name"), str):
            continue
        params = fn.get("parameters")
        props = params.get("properties") if isinstance(params, Mapping) else None
        names: tuple[str, ...] = ()
        descs: dict[str, str] = {}
        if isinstance(props, Mapping):
            names = tuple(str(k) for k in props)
            for k, v in props.items():
                if isinstance(v, Mapping) and isinstance(v.get("description"), str):
                    descs[str(k)] = v["description"]
        desc = fn.get("description")
        specs[fn["name"]] = ToolSpec(
            name=fn["name"],
            description=desc if isinstance(desc, str) else "",
            parameters=names,
            parameter_descriptions=MappingProxyType(descs),
        )
    return specs


def _string_leaves(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _string_leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        for i, v in enumerate(value):
            yield from _string_leaves(v, f"{path}.{i}" if path else str(i))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path, str(value)
