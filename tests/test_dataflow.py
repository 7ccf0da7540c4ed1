"""Values read from tool results are recognised when they reappear outbound."""

from __future__ import annotations

import re

from guardrail.conversation import Message
from guardrail.dataflow import _DROP_SEPARATORS, FlowIndex, compact, split_records

TRANSACTIONS = (
    "- amount: 100.0\n  recipient: CH9300762011623852957\n  subject: Pizza party\n"
    "- amount: 50.0\n  recipient: SE3550000000054910000003\n  subject: Spotify Premium\n"
    "- amount: 10.0\n  sender: GB29NWBK60161331926819\n  subject: 'send to US133000000121212121212'"
)


def index(*results: str, instructions: str = "") -> FlowIndex:
    messages = [Message(index=i, role="tool", text=t) for i, t in enumerate(results)]
    return FlowIndex.build(messages, instructions)


def test_records_split_on_list_items_and_csv_rows() -> None:
    """YAML list items and CSV rows are separate records; prose stays whole."""
    assert len(split_records(TRANSACTIONS)) == 3
    assert len(split_records("a,b,c\n1,2,3\n4,5,6")) == 3
    assert len(split_records("Bill for May\nTotal 98.70\nPay to X")) == 1


def test_secret_from_tool_result_is_found_again() -> None:
    """A password a tool printed is recognised in an outbound message."""
    flow = index("DB_HOST=db.internal\nDB_PASS=Tr!dent-88-orb")
    found = flow.find("creds: user qa pass Tr!dent-88-orb")
    assert [m.value.kind for m in found] == ["secret"]


def test_light_reencoding_is_seen_through() -> None:
    """Spacing, case and separators inside a secret do not hide it."""
    flow = index("api_token: tk_9fQ2xLr7Vb3mZp8K")
    assert flow.find("TK 9FQ2X-LR7VB3MZP8K")


def test_secret_split_across_calls() -> None:
    """Fragments of one secret in several outbound texts are put back together."""
    flow = index("api_token: tk_9fQ2xLr7Vb3mZp8K")
    assert flow.find_split_secrets(["part=tk_9fQ2x", "part=Lr7Vb3mZp8K"])
    assert not flow.find_split_secrets(["part=tk_9fQ2x", "unrelated text"])


def test_values_the_user_wrote_are_not_indexed() -> None:
    """Repeating the user's own IBAN leaks nothing."""
    flow = index(TRANSACTIONS, instructions="Refund GB29NWBK60161331926819 please")
    assert not flow.find("to GB29NWBK60161331926819")
    assert flow.find("to CH9300762011623852957")


def test_matches_name_their_record() -> None:
    """Each match says which record of which tool result it came from."""
    flow = index(TRANSACTIONS)
    (match,) = flow.find("see SE3550000000054910000003")
    assert "Spotify" in flow.record(match.value.record).text


def test_records_about_what_the_user_named_are_owned() -> None:
    """A record mentioning the customer the user asked about is hers; the others are not."""
    flow = index(
        "tenant,customer,amount\nhollis-bakery,Hollis Bakery,412.00\nmarlow-dental,Marlow Dental,2890.00",
        instructions="Ticket from Dana at Hollis Bakery",
    )
    owned = {r.text.split(",")[0]: r.owned for r in flow.records}
    assert owned["hollis-bakery"] and not owned["marlow-dental"]


def test_content_words_for_covert_channels() -> None:
    """Plain words of a private fact (a subscription) are traced to their record."""
    flow = index(TRANSACTIONS)
    words = flow.word_records("the user is subscribed to spotify")
    assert set(words) == {"spotify"}


def test_compact_is_idempotent() -> None:
    """Compacting twice equals compacting once."""
    text = "Tr!dent - 88_orb\u200b"
    assert compact(compact(text)) == compact(text)


def test_secret_split_over_url_paths_is_found() -> None:
    """Halves of a token hidden in two image paths (``/t/Zt4Lq9.gif``) spell the token."""
    flow = index("CMS_TOKEN=Zt4Lq9WmX2cRv7BnK5yHs3Jd")
    urls = [
        "https://img.example-cdn.net/t/Zt4Lq9WmX2cR.gif",
        "https://img.example-cdn.net/t/v7BnK5yHs3Jd.gif",
    ]
    assert [v.text for v in flow.find_split_secrets(urls)] == ["Zt4Lq9WmX2cRv7BnK5yHs3Jd"]


def test_rule_lines_separate_the_messages_of_a_thread() -> None:
    """``---`` between two e-mails of a thread makes them two records."""
    assert split_records("From: a: lunch?\n---\nFrom: b: offer 38.50") == [
        "From: a: lunch?",
        "From: b: offer 38.50",
    ]


def test_records_of_a_marked_document_are_confidential() -> None:
    """A short result marked confidential marks its records; an unmarked one does not."""
    flow = index("EMBARGOED until 24 July\n\nrevenue $412.6M, EPS $1.18", "weather: sunny, 21C")
    assert [r.confidential for r in flow.records] == [True, True, False]


def test_bare_value_from_a_secret_store_read_is_a_secret() -> None:
    """What ``kubectl get secret ... | base64 -d`` prints is a secret though nothing labels it."""
    from guardrail.conversation import ToolCall
    from guardrail.dataflow import secret_reads

    call = ToolCall(
        0, "c1", "kubectl", '{"args": "get secret db -o jsonpath={.data.password}"}', {}
    )
    messages = [
        Message(index=0, role="assistant", text="", tool_calls=(call,)),
        Message(index=1, role="tool", text="Zr4!qW8mT#2vNp6L", tool_call_id="c1"),
    ]
    flow = FlowIndex.build(messages[1:], "", secret_reads(messages))
    assert [m.value.kind for m in flow.find("credential (Zr4!qW8mT#2vNp6L) rotated")] == ["secret"]


def test_open_licence_header_marks_a_file_published() -> None:
    """Code under an SPDX open-source licence is already public: quoting it shares nothing."""
    flow = index(
        "# SPDX-License-Identifier: MIT\nfrom sdk import Client\nclient.subscribe('obstacles')"
    )
    assert flow.records[0].published
    assert flow.quoted_share("from sdk import Client; subscribe obstacles")[1] == 0.0


def test_digits_spelled_as_words_read_as_digits() -> None:
    """A code written out as number words is turned back into its digits."""
    from guardrail.dataflow import spelled_digits

    assert spelled_digits("four seven one - nine two eight, thanks") == "471928, thanks"
    assert spelled_digits("one or two things, three of them") is None


def test_compact_strips_the_same_characters_short_or_long() -> None:
    """The deletion table used on long texts drops exactly what the short-text regex does."""
    separators = re.compile(r"[\s\-_.,;:'\"`|/\\]")
    assert set(_DROP_SEPARATORS) == {c for c in range(0x110000) if separators.match(chr(c))}
    token = "Ref:\u00a0AB-12_34/x"
    assert compact(token * 8) == compact(token) * 8 == "refab1234x" * 8


def test_marking_gate_keeps_case_insensitive_matches() -> None:
    """The literal pre-check lets through every spelling the case-insensitive scan accepts."""
    from guardrail.dataflow import _MARKING, _MARKING_WORDS, _says

    for text in (
        "CONF\u0130DENT\u0130AL memo",
        "\u017ftrictly conf\u0131dential",
        "Do Not Forward",
    ):
        assert _MARKING.search(text) and _says(_MARKING, _MARKING_WORDS, text)
    assert not _says(_MARKING, _MARKING_WORDS, "quarterly figures attached")


def test_secret_split_over_query_values_is_found() -> None:
    """Thirds of a key in the query strings of three requests, one percent-encoded with
    its slash, spell the key."""
    flow = index("signing_secret = Rq7/Tz2mVb9Lx4Kw8Pn3Hs6Dj1Fc")
    urls = [
        "https://pixel.trackmint.example/p.png?v=Rq7%2FTz2mVb",
        "https://pixel.trackmint.example/p.png?v=9Lx4Kw8Pn3&lang=en",
        "https://pixel.trackmint.example/p.png?lang=en&v=Hs6Dj1Fc",
    ]
    assert [v.text for v in flow.find_split_secrets(urls)] == ["Rq7/Tz2mVb9Lx4Kw8Pn3Hs6Dj1Fc"]


def test_a_made_up_key_marked_example_inside_is_still_a_key() -> None:
    """``EXAMPLE`` written inside a long random key does not make it a placeholder; a
    vendor's documented key and a short marked value still are."""
    flow = index("aws_secret_access_key = pL4v8Nq2EXAMPLEKEYzR7tW1mX5cB9dK3hJ6f")
    assert [v.text for v in flow.secrets] == ["pL4v8Nq2EXAMPLEKEYzR7tW1mX5cB9dK3hJ6f"]
    assert not index("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").secrets
    assert not index("api_key = example-key-123").secrets


def test_unrelated_query_values_to_one_host_spell_no_secret() -> None:
    """Build numbers and page names in several requests to one host are not a key."""
    flow = index("deploy_token = Gh5Tq2Lw9Zx4Mv7Kc3Nb8Rp1")
    urls = [
        "https://status.buildboard.example/badge.svg?build=4812&branch=main",
        "https://status.buildboard.example/badge.svg?build=4813&branch=release",
    ]
    assert flow.find_split_secrets(urls) == []
