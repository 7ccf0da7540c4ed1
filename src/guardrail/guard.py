"""guardrail as a library: the same engine, policies, logs, metrics and audit trail as the
proxy, called from inside an agent loop.

`Guard` has four faces, all async:

- ``await guard.check(request, response)`` judges one answer and returns the `Decision`;
- ``await guard.check_tool_call(name, arguments, context)`` judges one call right before
  it runs, also when the call never went through a model answer;
- ``await guard.acompletion(**litellm_kwargs)`` and ``guard.wrap(create)`` return the
  model's answer already judged: a blocked answer is shaped as the proxy shapes it
  (``finish_reason: "content_filter"``, tool calls removed, a notice naming the policy),
  streams included;
- ``@guard.tool`` refuses a violating call of a tool function before its body runs.

Every judged answer goes through `Telemetry` with ``source="library"``, so counts, log
events and audit records agree with the proxy's.
"""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar, cast, get_type_hints, overload

import orjson
from prometheus_client import CollectorRegistry

from guardrail.conversation import parse_arguments
from guardrail.decision import Decision, combine_decisions
from guardrail.engine import Engine
from guardrail.errors import ConfigError, GuardrailViolation
from guardrail.guarded_stream import guard_stream
from guardrail.judge import Judge
from guardrail.judging import FailClosedJudge
from guardrail.policy import PolicySet, load_policies
from guardrail.render import as_dict, blocked_message, intervened_completion, rebuild, refusal_text
from guardrail.streamjudge import ChoiceState, StreamJudge, StreamWindows
from guardrail.telemetry import AuditSink, Metrics, Telemetry

P = ParamSpec("P")
R = TypeVar("R")
OnViolation = Literal["raise", "refuse"]
#: what ``context`` may be: a chat request (``messages``, ``tools``), a list of messages, or nothing
ToolContext = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None

_PENDING_CALL_ID = "call_guardrail_pending"


class Guard:
    """The guardrail engine for agent loops, with the proxy's telemetry.

    ``policies`` is a `PolicySet`, a policy file or directory (or a list of them), or
    ``None`` for the shipped policies. Pass ``telemetry`` to share one with other
    components, or ``registry``/``logger``/``audit`` to build one here. ``on_violation``
    says what a guarded tool does with a violating call: ``"raise"`` a
    `GuardrailViolation`, or ``"refuse"`` by returning a refusal text the agent reads.
    """

    def __init__(
        self,
        policies: PolicySet | str | Path | Sequence[str | Path] | None = None,
        *,
        telemetry: Telemetry | None = None,
        registry: CollectorRegistry | None = None,
        logger: Any = None,
        audit: AuditSink | None = None,
        on_violation: OnViolation = "raise",
        stream_windows: StreamWindows | None = None,
    ) -> None:
        if on_violation not in ("raise", "refuse"):
            raise ConfigError(f"Guard(on_violation={on_violation!r}): expected 'raise' or 'refuse'")
        policy_set = policies if isinstance(policies, PolicySet) else load_policies(policies)
        self.engine = Engine(policy_set)
        # the proxy's fail-closed call into the engine, and its optional LLM judge
        self._core = FailClosedJudge(self.engine, Judge(policy_set))
        if telemetry is None:
            telemetry = Telemetry(Metrics(registry), logger=logger, audit=audit, source="library")
            telemetry.metrics.describe_policies(policy_set)
        self.telemetry = telemetry
        self.on_violation: OnViolation = on_violation
        self.stream_windows = stream_windows or StreamWindows()

    # -- judging ------------------------------------------------------------------------

    async def check(
        self,
        request: Mapping[str, Any],
        response: Mapping[str, Any] | Any,
        *,
        request_id: str | None = None,
        stream: bool = False,
    ) -> Decision:
        """Judge ``response`` (an assistant message or a ``chat.completion``) in ``request``.

        Uncertain findings go to the LLM judge when a policy enables it. Counted, logged
        and audited. Raises `InvalidExchange` for a malformed request; an answer that
        cannot be read fails closed, as in the proxy.
        """
        decision, spent = self._decide(request, message_of(as_dict(response)))
        stage = "stream" if stream else "rules"
        if decision.uncertain and self._core.reviewer is not None:
            decision, extra = await self._core.review(
                decision, request, message_of(as_dict(response))
            )
            spent, stage = spent + extra, "judge"
        self._record(request, decision, spent, request_id, stream, stage)
        return decision

    def judge(
        self,
        request: Mapping[str, Any],
        response: Mapping[str, Any],
        *,
        request_id: str | None = None,
        stream: bool = False,
    ) -> Decision:
        """`check` for synchronous framework hooks: rules only, no LLM judge. Pure CPU."""
        decision, spent = self._decide(request, message_of(as_dict(response)))
        self._record(request, decision, spent, request_id, stream, "stream" if stream else "rules")
        return decision

    def preview(self, request: Mapping[str, Any], message: Mapping[str, Any]) -> Decision:
        """A rules-only verdict that is not counted: a look at a partial answer."""
        return self._decide(request, message)[0]

    def _decide(
        self, request: Mapping[str, Any], message: Mapping[str, Any]
    ) -> tuple[Decision, float]:
        return self._core.judge(self._core.prepare(request), message)

    def _record(
        self,
        request: Mapping[str, Any],
        decision: Decision,
        spent: float,
        request_id: str | None,
        stream: bool,
        stage: str,
    ) -> None:
        model = request.get("model")
        self.telemetry.record_check(
            decision,
            request_id=request_id or uuid.uuid4().hex,
            model=model if isinstance(model, str) else "",
            duration_s=spent,
            stream=stream,
            stage=stage,
        )

    async def check_tool_call(
        self,
        name: str,
        arguments: Mapping[str, Any] | str | None,
        context: ToolContext = None,
        *,
        tool_schema: Mapping[str, Any] | None = None,
        call_id: str | None = None,
        request_id: str | None = None,
    ) -> Decision:
        """Judge one tool call about to run, as if the model had just answered with it.

        ``context`` is the conversation so far (a request or its messages); without it the
        call is judged on its own. ``tool_schema`` declares the tool when the context
        does not, which helps tell an outbound tool from a local one.
        """
        request, response = pending_call(name, arguments, context, tool_schema, call_id)
        return await self.check(request, response, request_id=request_id)

    def judge_tool_call(
        self,
        name: str,
        arguments: Mapping[str, Any] | str | None,
        context: ToolContext = None,
        *,
        tool_schema: Mapping[str, Any] | None = None,
        call_id: str | None = None,
    ) -> Decision:
        """`check_tool_call` without the coroutine, for synchronous framework hooks."""
        request, response = pending_call(name, arguments, context, tool_schema, call_id)
        return self.judge(request, response)

    # -- guarded completions ------------------------------------------------------------

    async def acompletion(self, **kwargs: Any) -> Any:
        """``litellm.acompletion(**kwargs)``, with the answer judged before it is returned.

        With ``stream=True`` the result is an async iterator of chunks, judged as the
        proxy judges a stream (see `guardrail.streamjudge`): text is released in checked
        windows, tool calls are held until complete and judged whole.
        """
        import litellm  # imported on use: it takes seconds and is only needed here

        return await self.wrap(litellm.acompletion)(**kwargs)

    def wrap(self, create: Callable[P, Awaitable[Any]]) -> Callable[P, Awaitable[Any]]:
        """Guard any async function returning an OpenAI-format answer (dict or pydantic).

        The OpenAI SDK's ``client.chat.completions.create`` is one. The request is read
        from the keyword arguments (``model``, ``messages``, ``tools``).
        """

        @functools.wraps(create)
        async def guarded(*args: P.args, **kwargs: P.kwargs) -> Any:
            request = request_of(kwargs)
            # built first: a request the engine cannot read fails before the model is paid
            judge = self._stream_judge(request) if kwargs.get("stream") else None
            answer = await create(*args, **kwargs)
            if judge is not None:
                return guard_stream(judge, answer)
            return await self.judge_completion(request, answer)

        return guarded

    def _stream_judge(self, request: Mapping[str, Any]) -> StreamJudge[Any]:
        """The core judging one streamed answer to ``request``; each choice counted once."""

        def on_decision(state: ChoiceState, decision: Decision) -> None:
            stage = "judge" if state.reviewed else "stream"
            self._record(request, decision, state.spent_s, _answer_id(judge.envelope), True, stage)

        async def review(decision: Decision, message: dict[str, Any]) -> tuple[Decision, float]:
            return await self._core.review(decision, request, message)

        judge: StreamJudge[Any] = StreamJudge(
            self._core,
            self._core.prepare(request),
            on_decision=on_decision,
            reencode=rebuild,
            windows=self.stream_windows,
            review=review if self._core.reviewer is not None else None,
        )
        return judge

    async def judge_completion(self, request: Mapping[str, Any], answer: Any) -> Any:
        """Judge every choice of ``answer``; return it untouched, or shaped as the proxy does.

        Redactable findings are redacted; anything else refused replaces the choice
        with the notice (``finish_reason: "content_filter"``, no tool calls).
        """
        data = as_dict(answer)
        choices = data.get("choices")
        if not isinstance(choices, list):  # a bare assistant message
            decision = await self.check(request, data, request_id=_answer_id(data))
            return answer if decision.allowed else rebuild(answer, blocked_message(decision))
        decisions: dict[int, Decision] = {}
        for position, choice in enumerate(choices):
            index = choice.get("index", position) if isinstance(choice, Mapping) else position
            single = {**data, "choices": [choice]}
            decisions[index] = await self.check(request, single, request_id=_answer_id(data))
        if all(d.allowed for d in decisions.values()):
            return answer
        overall = combine_decisions(decisions.values())
        return rebuild(answer, intervened_completion(data, decisions, overall)[1])

    # -- guarded tools ------------------------------------------------------------------

    @overload
    def tool(self, fn: Callable[P, Awaitable[R]], /) -> Callable[P, Awaitable[R | str]]: ...

    @overload
    def tool(
        self,
        fn: None = None,
        /,
        *,
        name: str | None = None,
        context: Callable[[], ToolContext] | None = None,
        on_violation: OnViolation | None = None,
    ) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R | str]]]: ...

    def tool(
        self,
        fn: Callable[P, Awaitable[R]] | None = None,
        /,
        *,
        name: str | None = None,
        context: Callable[[], ToolContext] | None = None,
        on_violation: OnViolation | None = None,
    ) -> Any:
        """Decorate an async tool function so a violating call never runs its body.

        ``context`` returns the conversation so far when the tool is called. A refused
        call raises `GuardrailViolation` or returns a refusal text, per ``on_violation``
        (default: the guard's).
        """

        def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | str]]:
            return guarded_tool(self, func, name=name, context=context, on_violation=on_violation)

        return decorate(fn) if fn is not None else decorate

    def refuse(self, decision: Decision, tool: str) -> str:
        """The refusal an agent reads in place of a tool result; raises in ``raise`` mode."""
        if self.on_violation == "raise":
            raise GuardrailViolation(decision)
        return refusal_text(decision, tool)


def guarded_tool(
    guard: Guard,
    fn: Callable[P, Awaitable[R]],
    *,
    name: str | None = None,
    context: Callable[[], ToolContext] | None = None,
    on_violation: OnViolation | None = None,
) -> Callable[P, Awaitable[R | str]]:
    """``fn`` wrapped so each call is judged by ``guard`` before it runs (see `Guard.tool`)."""
    if not inspect.iscoroutinefunction(fn):
        raise ConfigError(f"guarded_tool({fn!r}): expected an async function")
    tool_name = name or fn.__name__
    schema = tool_schema_of(fn, tool_name)
    signature = inspect.signature(fn)
    mode = on_violation or guard.on_violation

    @functools.wraps(fn)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R | str:
        arguments = _call_arguments(signature, args, kwargs)
        decision = await guard.check_tool_call(
            tool_name, arguments, context() if context is not None else None, tool_schema=schema
        )
        if not decision.allowed:
            if mode == "raise":
                raise GuardrailViolation(decision)
            return refusal_text(decision, tool_name)
        return await fn(*args, **kwargs)

    run.guardrail_schema = schema  # type: ignore[attr-defined]
    return run


def message_of(response: Mapping[str, Any]) -> Mapping[str, Any]:
    """The assistant message of ``response`` (itself, or a completion's first choice)."""
    choices = response.get("choices")
    if not isinstance(choices, list):
        return response
    if not choices or not isinstance(choices[0], Mapping):
        return {"role": "assistant", "content": None}
    message = choices[0].get("message") or choices[0].get("delta") or {}
    return message if isinstance(message, Mapping) else {"role": "assistant", "content": message}


def request_of(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a completion call the engine reads."""
    keys = ("model", "messages", "tools", "functions")
    return {k: _plain(kwargs[k]) for k in keys if kwargs.get(k) is not None}


def pending_call(
    name: str,
    arguments: Mapping[str, Any] | str | None,
    context: ToolContext,
    tool_schema: Mapping[str, Any] | None = None,
    call_id: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (request, answer) pair that puts one tool call under judgement."""
    if isinstance(context, Mapping):
        request = {k: _plain(v) for k, v in context.items()}
    else:
        request = {"messages": [_plain(m) for m in context or ()]}
    messages = list(request.get("messages") or [])
    raw = arguments if isinstance(arguments, str) else _dumps(arguments or {})
    if messages and _repeats_call(messages[-1], name, raw, call_id):
        messages.pop()  # the pending call stands in for the message that announced it
    request["messages"] = messages
    if tool_schema is not None:
        tools = list(request.get("tools") or [])
        declared = {(t.get("function") or {}).get("name") for t in tools if isinstance(t, Mapping)}
        if name not in declared:
            request["tools"] = [*tools, dict(tool_schema)]
    call = {
        "id": call_id or _PENDING_CALL_ID,
        "type": "function",
        "function": {"name": name, "arguments": raw},
    }
    return request, {"role": "assistant", "content": None, "tool_calls": [call]}


def tool_schema_of(fn: Callable[..., Any], name: str) -> dict[str, Any]:
    """An OpenAI tool declaration read from a function's signature and docstring."""
    try:
        hints = get_type_hints(fn)
    except Exception:  # unresolvable annotations only cost us the parameter types
        hints = {}
    properties: dict[str, Any] = {}
    for param in inspect.signature(fn).parameters.values():
        if param.name in ("self", "cls") or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        properties[param.name] = {"type": _json_type(hints.get(param.name))}
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": inspect.getdoc(fn) or "",
            "parameters": {"type": "object", "properties": properties},
        },
    }


def _call_arguments(
    signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """The call's arguments by name, as a model would have written them (``**kw`` flattened)."""
    out: dict[str, Any] = {}
    for name, value in signature.bind(*args, **kwargs).arguments.items():
        kind = signature.parameters[name].kind
        if name in ("self", "cls"):
            continue
        if kind is inspect.Parameter.VAR_KEYWORD:
            out.update(value)
        else:
            out[name] = list(value) if kind is inspect.Parameter.VAR_POSITIONAL else value
    return out


def _json_type(hint: Any) -> str:
    for py, js in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string")):
        if hint is py:
            return js
    origin = getattr(hint, "__origin__", None)
    if origin in (list, tuple, set) or hint in (list, tuple, set):
        return "array"
    if origin is dict or hint is dict:
        return "object"
    return "string"


def _repeats_call(message: Any, name: str, raw: str, call_id: str | None) -> bool:
    if not isinstance(message, Mapping) or message.get("role") != "assistant":
        return False
    for call in message.get("tool_calls") or ():
        if not isinstance(call, Mapping):
            continue
        if call_id and call.get("id") == call_id:
            return True
        fn = call.get("function") or {}
        if fn.get("name") == name and parse_arguments(fn.get("arguments")) == parse_arguments(raw):
            return True
    return False


def _answer_id(data: Mapping[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) and value else None


def _plain(value: Any) -> Any:
    """Pydantic objects inside a request (SDK message params) as plain data."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return cast(Any, dump(exclude_none=True))
    return value


def _dumps(value: Any) -> str:
    return orjson.dumps(value, default=str).decode()
