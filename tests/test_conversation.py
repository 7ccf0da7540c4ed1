"""Parsing OpenAI chat requests and answers into a typed exchange."""

from __future__ import annotations

import pytest

from guardrail.conversation import parse_exchange
from guardrail.errors import InvalidExchange

from .conftest import assistant, request, system, tool_call, tool_result, tool_schema, user


def test_roles_carry_trust() -> None:
    """System and user text is instruction; tool output is data."""
    ex = parse_exchange(
        request(system("s"), user("u"), assistant(None, tool_call("f")), tool_result("t")),
        assistant("ok"),
    )
    assert [m.trusted for m in ex.messages] == [True, True, False, False]


def test_whole_completion_is_accepted_as_response() -> None:
    """A chat.completion's first choice is the judged output."""
    completion = {"choices": [{"index": 0, "message": assistant("hi", tool_call("send", to="x"))}]}
    ex = parse_exchange(request(user("u")), completion)
    assert ex.output.content == "hi"
    assert ex.output.tool_calls[0].arguments == {"to": "x"}


def test_content_parts_are_flattened() -> None:
    """List-of-parts content becomes text."""
    ex = parse_exchange(
        request(
            {
                "role": "user",
                "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
            }
        ),
        assistant("c"),
    )
    assert ex.messages[0].text == "a\nb"


def test_unparsable_arguments_stay_a_string() -> None:
    """Broken JSON arguments are kept as raw text, still judged."""
    bad = {"id": "1", "type": "function", "function": {"name": "shell", "arguments": "{rm -rf"}}
    ex = parse_exchange(request(user("u")), assistant(None, bad))
    assert ex.output.tool_calls[0].arguments == "{rm -rf"


def test_tool_schemas_are_read() -> None:
    """Declared tools are indexed by name with their parameter names."""
    ex = parse_exchange(
        request(user("u"), tools=[tool_schema("send", "Send mail", to="string")]), None
    )
    assert ex.tools["send"].parameters == ("to",)


@pytest.mark.parametrize(
    ("req", "message"),
    [
        ({"messages": "x"}, "request.messages must be an array"),
        (
            {"messages": [{"role": "robot", "content": "x"}]},
            "request.messages.0.role must be one of",
        ),
        (
            {"messages": [{"role": "user", "content": 3}]},
            "request.messages.0.content must be a string",
        ),
    ],
)
def test_bad_requests_name_the_field(req: dict[str, object], message: str) -> None:
    """Malformed input raises InvalidExchange naming the offending field."""
    with pytest.raises(InvalidExchange, match=message.replace(".", r"\.")):
        parse_exchange(req, None)


def test_repeated_tool_declarations_parse_the_same_and_read_only() -> None:
    """An agent's tools, sent again each turn, give equal read-only specs; a change is seen."""
    first = parse_exchange(
        request(user("u"), tools=[tool_schema("send", "Send mail", to="s")]), None
    )
    again = parse_exchange(
        request(user("v"), tools=[tool_schema("send", "Send mail", to="s")]), None
    )
    changed = parse_exchange(
        request(user("u"), tools=[tool_schema("send", "Post a letter", to="s")]), None
    )
    assert again.tools == first.tools
    assert changed.tools["send"].description == "Post a letter"
    with pytest.raises(TypeError):
        first.tools["x"] = first.tools["send"]  # type: ignore[index]


def test_tools_not_given_as_an_array_are_ignored_whatever_their_json() -> None:
    """A tuple of tools (same JSON as an array) declares nothing, as a non-array always did."""
    schema = tool_schema("send", "Send mail", to="s")
    as_tuple = parse_exchange({**request(user("u")), "tools": (schema,)}, None)
    as_list = parse_exchange({**request(user("u")), "tools": [schema]}, None)
    assert dict(as_tuple.tools) == {}
    assert list(as_list.tools) == ["send"]
