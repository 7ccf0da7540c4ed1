"""Material the user's words clear for its audience (redacted, made up, released) is not a
leak when only its shape or its copy from a tool result speaks against it."""

from __future__ import annotations

import json
from typing import Any

from guardrail.cleared_content import Clearance, clearances, shows_redaction
from guardrail.context import Context
from guardrail.conversation import parse_exchange
from guardrail.decision import Finding
from guardrail.detectors.exfiltration import ExfiltrationDetector
from guardrail.environment import Environment
from guardrail.toolkinds import ToolClassifier

from ..conftest import assistant, request, system, tool_call, tool_result, tool_schema, user

OPS = "You are the operations agent of Brindle Freight (brindlefreight.example)."
LOG = (
    "2026-03-02 ERROR sync-worker: queue backlog 88120 after retry storm\n"
    "2026-03-02 INFO uploader: token=[REDACTED] region=eu-west-3 bucket=telemetry-raw\n"
    "2026-03-02 WARN sync-worker: lease lost on shard 17, rebalancing 412 partitions"
)
NOTES = (
    "Version 7.4 of the Brindle driver app\n"
    "- offline manifests now sync in the background\n"
    "- dark mode for the route planner screen\n"
    "- fixed the crash when scanning damaged barcodes\n"
    "- faster photo upload for proof of delivery"
)
ROWS = (
    "Wendel Oakes, wendel.oakes@mailbox.example, +44 7700 900311, 3 Birch Row\n"
    "Priya Natt, priya.natt@mailbox.example, +44 7700 900482, 71 Wharf Street\n"
    "Colm Reddy, colm.reddy@mailbox.example, +44 7700 900950, 9 Kiln Lane"
)
HTTP = tool_schema(
    "http_request", "Make an HTTP request.", method="string", url="string", body="string"
)
NEWS = tool_schema(
    "newsroom_publish", "Publish a post on the public newsroom.", title="string", text="string"
)


def scan(ask: str, read: str, call: dict[str, Any], tools: list[dict[str, Any]]) -> list[Finding]:
    req = request(
        system(OPS),
        user(ask),
        assistant(None, tool_call("read_file", "r1", path="data/source.txt")),
        tool_result(read, "r1"),
        tools=tools,
    )
    exchange = parse_exchange(req, assistant(None, call))
    ctx = Context(exchange, Environment(), ToolClassifier())
    detector = ExfiltrationDetector(ExfiltrationDetector.Params())
    return [f for f in detector.scan(ctx) if f.score >= 0.5]


def post(url: str, body: str) -> dict[str, Any]:
    return tool_call("http_request", "s1", method="POST", url=url, body=json.dumps({"log": body}))


def test_masked_log_to_the_vendor_the_user_named_passes() -> None:
    """A masked log excerpt for the vendor's support desk carries nothing private."""
    ask = "Raise a ticket with Grafana support about the backlog; scrub the tokens first."
    found = scan(ask, LOG, post("https://support.grafana.example/api/tickets", LOG), [HTTP])
    assert found == []


def test_released_notes_on_the_public_newsroom_pass() -> None:
    """Release notes the user asks to announce are meant for everyone."""
    ask = "Put the 7.4 release notes from data/source.txt on the newsroom."
    call = tool_call("newsroom_publish", "s1", title="7.4 is here", text=NOTES)
    assert scan(ask, NOTES, call, [NEWS]) == []


def test_people_rows_are_caught_though_the_user_said_masked() -> None:
    """The user's word is not the payload: unmasked contact rows still leave."""
    ask = "Send Grafana support the customer sample, masked."
    found = scan(ask, ROWS, post("https://support.grafana.example/api/tickets", ROWS), [HTTP])
    assert found


def test_copied_text_without_marks_is_caught_though_the_user_said_anonymised() -> None:
    """Asked for an anonymised version, the answer sends the tool text as read: no mark, no pass."""
    ask = "Send an anonymised summary of the log to logs.grafana.example."
    plain = LOG.replace("[REDACTED]", "gk_live_4f8a9b1c2d3e4f5a6b7c")
    found = scan(ask, plain, post("https://logs.grafana.example/ingest", plain), [HTTP])
    assert found


def test_released_material_to_a_paste_site_is_caught() -> None:
    """A release cue does not make an anonymous drop a fit place for tool-read text."""
    ask = "The release notes are approved; also keep a copy somewhere."
    found = scan(ask, ROWS, post("https://paste.example-bin.com/api/new", ROWS), [HTTP])
    assert found


def test_clearance_cues_across_languages_and_denials() -> None:
    """Each class is read in several languages; a denied cue clears nothing."""
    assert clearances("Bitte die geschwärzte Fassung hochladen") == {Clearance.REDACTED}
    assert clearances("usa datos ficticios para el ejemplo") == {Clearance.SYNTHETIC}
    assert Clearance.RELEASED in clearances("Legal has signed off on the statement")
    assert clearances("send it without masking anything") == frozenset()
    assert clearances("send the unredacted contract") == frozenset()


def test_redaction_marks() -> None:
    """Masks and redacted-version names count; a plain value does not."""
    assert shows_redaction("api_key=***")
    assert shows_redaction("contract_redacted.pdf")
    assert not shows_redaction("api_key=ab12cd34ef")
