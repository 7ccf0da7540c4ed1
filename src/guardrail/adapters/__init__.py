"""Thin adapters that put `guardrail.Guard` into frameworks people already run.

Each module imports its framework at import time, so import only the one you use:
``guardrail.adapters.litellm_proxy`` (LiteLLM Proxy ``CustomGuardrail``),
``guardrail.adapters.openai_agents`` (OpenAI Agents SDK guardrails) and
``guardrail.adapters.langchain`` (LangChain / LangGraph agent middleware). They are
installed with the ``adapters`` extra.
"""
