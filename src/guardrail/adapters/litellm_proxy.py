"""guardrail inside LiteLLM Proxy, as a ``CustomGuardrail`` on its unified ``apply_guardrail`` hook.

Add it with a few lines of the proxy's ``config.yaml`` (see ``examples/litellm_proxy``)::

    guardrails:
      - guardrail_name: guardrail
        litellm_params:
          guardrail: guardrail.adapters.litellm_proxy.PolicyGuardrail
          mode: post_call
          default_on: true

LiteLLM hands the model's answer (texts and tool calls) and the original request to
``apply_guardrail``; the answer is judged by the same engine as the guardrail proxy. A
blocked answer raises LiteLLM's ``GuardrailRaisedException`` (with ``blocked_content``),
which LiteLLM reports as a guardrail intervention, not as a failure; with
``block_style: answer`` it is instead replaced by a 200 answer carrying the notice.
Requests (``input_type="request"``) pass unchanged: there is no pending answer to judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from litellm.exceptions import GuardrailRaisedException
from litellm.integrations.custom_guardrail import CustomGuardrail
from litellm.types.guardrails import GuardrailEventHooks
from litellm.types.utils import GenericGuardrailAPIInputs

from guardrail.errors import ConfigError
from guardrail.guard import Guard, request_of
from guardrail.render import as_dict, notice

__all__ = ["PolicyGuardrail"]


class PolicyGuardrail(CustomGuardrail):
    """Judges LiteLLM Proxy answers with guardrail's policies.

    ``policies`` (a policy file or directory, or a list; default: the shipped set) and
    ``block_style`` (``error``: LiteLLM's guardrail exception, HTTP 400; ``answer``: a 200
    answer carrying the notice) can be set under ``litellm_params`` in ``config.yaml``.
    Pass ``guard`` to share a configured `Guard` when building it in code.
    """

    def __init__(
        self,
        *,
        policies: str | Sequence[str] | None = None,
        guard: Guard | None = None,
        block_style: Literal["error", "answer"] = "error",
        **kwargs: Any,
    ) -> None:
        if block_style not in ("error", "answer"):
            raise ConfigError(
                f"litellm_params.block_style: got {block_style!r}; expected 'error' or 'answer'"
            )
        kwargs.setdefault(
            "supported_event_hooks",
            [GuardrailEventHooks.post_call, GuardrailEventHooks.during_call],
        )
        super().__init__(**kwargs)
        paths = [Path(p) for p in ([policies] if isinstance(policies, str) else policies or [])]
        self.guard = guard if guard is not None else Guard(paths or None)
        self.block_style = block_style

    async def apply_guardrail(
        self,
        inputs: GenericGuardrailAPIInputs,
        request_data: dict[str, Any],
        input_type: Literal["request", "response"],
        logging_obj: Any = None,
    ) -> GenericGuardrailAPIInputs:
        """Judge a model answer; raise LiteLLM's guardrail exception if it is refused."""
        if input_type != "response":
            return inputs
        texts = [t for t in inputs.get("texts") or () if isinstance(t, str) and t]
        calls = [_call(c) for c in inputs.get("tool_calls") or ()]
        answer: dict[str, Any] = {"role": "assistant", "content": "\n".join(texts) or None}
        if calls:
            answer["tool_calls"] = calls
        request = request_of(request_data)
        if "model" not in request and isinstance(inputs.get("model"), str):
            request["model"] = inputs["model"]
        request_id = request_data.get("litellm_call_id")
        decision = await self.guard.check(
            request, answer, request_id=request_id if isinstance(request_id, str) else None
        )
        if decision.allowed:
            return inputs
        message = notice(decision)
        if self.block_style == "answer":
            self.raise_passthrough_exception(
                violation_message=message,
                request_data=request_data,
                detection_info={"policies": list(decision.policies)},
                original_response=request_data.get("response"),
            )
        raise GuardrailRaisedException(
            guardrail_name=self.guardrail_name,
            message=message,
            should_wrap_with_default_message=False,
            blocked_content=True,
        )


def _call(raw: Any) -> dict[str, Any]:
    """A tool call from LiteLLM (dict or its pydantic type) in OpenAI wire shape."""
    data = as_dict(raw)
    fn = data.get("function") or {}
    if not isinstance(fn, Mapping):
        fn = as_dict(fn)
    return {
        "id": data.get("id") or "",
        "type": "function",
        "function": {"name": fn.get("name") or "", "arguments": fn.get("arguments") or ""},
    }
