"""What earlier tool results showed about a file is remembered by its path or id."""

from __future__ import annotations

from guardrail.conversation import parse_exchange
from guardrail.file_memory import FileMemory
from guardrail.sensitive import Kind

from .conftest import assistant, request, tool_call, tool_result, user


def memory(*messages: dict[str, object]) -> FileMemory:
    exchange = parse_exchange(
        request(user("go"), *messages), {"role": "assistant", "content": "ok"}
    )
    return FileMemory.build(exchange.messages)


def test_a_file_shown_with_ibans_holds_personal_records() -> None:
    """``head`` of a payout file that printed IBANs marks the file as personal records."""
    m = memory(
        assistant(None, tool_call("run", cmd="head -3 /data/payouts/2025-05.csv")),
        tool_result("name,iban\nA,NL32ABNA0043127930\nB,BE49107515037934"),
    )
    shown = m.recall("/data/payouts/2025-05.csv")
    assert shown is not None and shown.kind is Kind.PERSONAL


def test_a_directory_listing_marks_what_is_under_it() -> None:
    """A listing marked "not licensed for external release" covers the files below it."""
    m = memory(
        assistant(None, tool_call("run", cmd="ls /mnt/ckpt/pb-70b/")),
        tool_result("step-190000/\nREADME: INTERNAL - not licensed for external release"),
    )
    shown = m.recall("/mnt/ckpt/pb-70b/step-190000/")
    assert shown is not None and shown.kind is Kind.CONFIDENTIAL
    assert m.recall("/mnt/other/file.txt") is None


def test_a_document_id_is_judged_by_the_line_listing_it() -> None:
    """A Drive id is as confidential as the line of the search result that names it."""
    m = memory(
        assistant(None, tool_call("drive_search", q="pay")),
        tool_result(
            "file_id=1xK9_comp_bands name='Comp bands - CONFIDENTIAL'\nfile_id=7Qz_menu name='Menu'"
        ),
    )
    shown = m.recall("1xK9_comp_bands")
    assert shown is not None and shown.kind is Kind.CONFIDENTIAL
    assert m.recall("7Qz_menu") is None


def test_plain_results_mark_nothing() -> None:
    """A harmless file shown earlier is not remembered as sensitive."""
    m = memory(
        assistant(None, tool_call("read", path="README.md")), tool_result("# Build\nmake all")
    )
    assert m.recall("README.md") is None
