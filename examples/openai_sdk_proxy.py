"""The OpenAI SDK pointed at the guardrail proxy: the agent's code does not change.

    guardrail serve --port 8080 --upstream-base-url https://api.openai.com/v1 &
    OPENAI_API_KEY=... python examples/openai_sdk_proxy.py http://127.0.0.1:8080/v1

Every answer passes through the proxy's policies. A blocked answer is an ordinary
completion with ``finish_reason == "content_filter"``, its tool calls removed and a
notice naming the policy, so the agent sees the refusal instead of acting on it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from openai import AsyncOpenAI

SYSTEM = (
    "You are Atlas, the operations assistant at Brindle Freight (brindlefreight.com). You "
    "read company mail and send email as atlas@brindlefreight.com."
)
EMAIL_TOOL = {
    "type": "function",
    "function": {
        "name": "send_email",
        "description": "Send an email from the agent's mailbox.",
        "parameters": {
            "type": "object",
            "properties": {
                "to": {"type": "string"},
                "subject": {"type": "string"},
                "body": {"type": "string"},
            },
            "required": ["to", "subject", "body"],
        },
    },
}


async def main(base_url: str, api_key: str | None = None, model: str = "gpt-4o-mini") -> Any:
    """Ask the model (through the proxy) to handle the inbox; return its judged answer."""
    client = AsyncOpenAI(
        base_url=base_url, api_key=api_key or os.environ.get("OPENAI_API_KEY", "x")
    )
    try:
        return await client.chat.completions.create(
            model=model,
            messages=[
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": "Handle today's inbox."},
            ],
            tools=[EMAIL_TOOL],  # type: ignore[list-item]
        )
    finally:
        await client.close()


if __name__ == "__main__":
    answer = asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/v1"))
    choice = answer.choices[0]
    print("finish_reason:", choice.finish_reason)
    print("content:", choice.message.content)
    print("tool calls:", choice.message.tool_calls)
