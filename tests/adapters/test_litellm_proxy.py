"""The LiteLLM Proxy adapter, loaded from the example config and driven through LiteLLM's own
guardrail translation for chat completions, as the proxy's post-call hook drives it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import litellm
import pytest
import yaml
from litellm.exceptions import GuardrailRaisedException, ModifyResponseException
from litellm.integrations.custom_guardrail import is_guardrail_intervention
from litellm.llms.openai.chat.guardrail_translation.handler import OpenAIChatCompletionsHandler
from litellm.proxy.types_utils.utils import get_instance_fn
from litellm.types.guardrails import GuardrailEventHooks, LitellmParams
from prometheus_client import CollectorRegistry

from guardrail import ConfigError, Guard
from guardrail.adapters.litellm_proxy import PolicyGuardrail
from tests.library_cases import BENIGN, REFUSED, Case

CONFIG = Path(__file__).resolve().parents[2] / "examples" / "litellm_proxy" / "config.yaml"


def from_config(**overrides: Any) -> PolicyGuardrail:
    """Build the guardrail the way LiteLLM Proxy builds a custom guardrail from config.yaml."""
    entry = yaml.safe_load(CONFIG.read_text())["guardrails"][0]
    params = LitellmParams(**{**entry["litellm_params"], **overrides})
    cls = get_instance_fn(params.guardrail, config_file_path=str(CONFIG))
    extra = {
        k: v
        for k, v in params.model_dump(exclude_none=True).items()
        if k not in ("guardrail", "mode", "default_on", "stream_scope")
    }
    built = cls(
        guardrail_name=entry["guardrail_name"],
        event_hook=params.mode,
        default_on=params.default_on,
        **extra,
    )
    assert isinstance(built, PolicyGuardrail)
    return built


@pytest.fixture(scope="module")
def guardrail() -> PolicyGuardrail:
    return from_config()


def model_response(case: Case) -> litellm.ModelResponse:
    return litellm.ModelResponse(
        id="chatcmpl-lite",
        model="agent-model",
        choices=[{"index": 0, "message": case.answer, "finish_reason": "tool_calls"}],
    )


async def run_post_call(guard: PolicyGuardrail, case: Case) -> litellm.ModelResponse:
    response = model_response(case)
    out: litellm.ModelResponse = await OpenAIChatCompletionsHandler().process_output_response(
        response=response, guardrail_to_apply=guard, request_data=dict(case.request)
    )
    return out


def test_config_builds_a_default_on_post_call_guardrail(guardrail: PolicyGuardrail) -> None:
    """The example config yields a guardrail LiteLLM runs on every answer after the call."""
    assert guardrail.guardrail_name == "guardrail"
    assert guardrail.should_run_guardrail({"messages": []}, GuardrailEventHooks.post_call)
    assert guardrail.uses_apply_guardrail_interface()


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
async def test_refused_answers_are_a_guardrail_intervention(
    guardrail: PolicyGuardrail, case: Case
) -> None:
    """A violating answer raises LiteLLM's guardrail exception, which LiteLLM counts as a block."""
    with pytest.raises(GuardrailRaisedException) as err:
        await run_post_call(guardrail, case)
    assert err.value.blocked_content
    assert is_guardrail_intervention(err.value)
    assert "withheld by guardrail" in err.value.message


@pytest.mark.parametrize("case", BENIGN, ids=lambda c: c.name)
async def test_benign_answers_pass_untouched(guardrail: PolicyGuardrail, case: Case) -> None:
    """An allowed answer keeps its tool call exactly."""
    out = await run_post_call(guardrail, case)
    call = out.choices[0].message.tool_calls[0]
    assert call.function.name == case.tool
    assert call.function.arguments == case.answer["tool_calls"][0]["function"]["arguments"]


async def test_answer_style_replaces_the_answer_instead_of_failing(tmp_path: Path) -> None:
    """block_style: answer raises LiteLLM's passthrough exception carrying the notice."""
    (tmp_path / "p.yaml").write_text(
        "id: no-plutonium\ncategory: exfiltration\ndescription: test\n"
        "detectors:\n  - type: pattern\n    patterns: [plutonium]\n"
    )
    guard = from_config(policies=str(tmp_path), block_style="answer")
    with pytest.raises(ModifyResponseException) as err:
        await guard.apply_guardrail(
            {"texts": ["the plutonium ships today"]},
            {"model": "agent-model", "messages": [{"role": "user", "content": "status?"}]},
            "response",
        )
    assert "no-plutonium" in str(err.value)
    assert is_guardrail_intervention(err.value)


async def test_requests_pass_and_share_a_guard() -> None:
    """Requests are not judged (nothing is pending); a passed Guard is used as is."""
    shared = Guard(registry=CollectorRegistry())
    guard = PolicyGuardrail(guard=shared, guardrail_name="g", event_hook="post_call")
    assert guard.guard is shared
    inputs: Any = {"texts": ["anything"]}
    assert await guard.apply_guardrail(inputs, {"messages": []}, "request") is inputs


def test_unknown_block_style_is_a_config_error() -> None:
    """A typo in block_style names the key and the value."""
    with pytest.raises(ConfigError, match=r"block_style.*'deny'"):
        PolicyGuardrail(block_style="deny", guardrail_name="g")  # type: ignore[arg-type]
