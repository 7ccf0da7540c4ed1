"""Sub-commands of the ``guardrail`` CLI, one module each (see `guardrail.cli`)."""
