"""The OpenAI-compatible guarding proxy behind ``guardrail serve``.

Nothing is imported here on purpose: ``guardrail.proxy.app`` pulls in the HTTP stack,
and ``guardrail scan`` or the library must not pay for it.
"""
