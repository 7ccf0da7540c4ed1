"""The small readers behind exfiltration's reach: secret CLIs, bearer links, audiences,
exclusion markings."""

from __future__ import annotations

from guardrail.audiences import another_persons_record, outside_audience
from guardrail.capability_links import linked_objects
from guardrail.destinations import Destination
from guardrail.exclusions import excluded_parties, names_party
from guardrail.secret_commands import prints_secret


def test_secret_clis_that_print_values_are_named() -> None:
    """Value-printing forms are sources; name listings are not."""
    assert prints_secret("kubectl", ("get", "secret", "db", "-o", "json"))
    assert prints_secret("gcloud", ("secrets", "versions", "access", "latest", "--secret=x"))
    assert prints_secret("kubectl", ("get", "secrets")) is None
    assert prints_secret("vault", ("kv", "list", "kv/")) is None


def test_bearer_links_name_their_object() -> None:
    """Signed storage URLs give bucket and key; share links give the document id."""
    signed = "https://bkt.s3.amazonaws.com/a/b.csv?X-Amz-Signature=1&X-Amz-Expires=60"
    assert linked_objects(f"see {signed}") == ["/bkt/a/b.csv", "/a/b.csv"]
    assert linked_objects("https://drive.google.com/file/d/1AbCdEfGhIjK/view") == ["1AbCdEfGhIjK"]
    assert linked_objects("https://example.org/a/b.csv?page=2") == []


def test_outside_audiences_are_recognised() -> None:
    """Customer-facing deployments, not internal assistants."""
    assert outside_audience("You are the public help-centre chat for Oakline Bank.")
    assert outside_audience("You are the customer-support chatbot of a grocer.")
    assert not outside_audience("You are the finance team's internal assistant.")


def test_third_parties_by_relation_or_by_requester() -> None:
    """A relation word or a different requester makes the record someone else's."""
    record = "Jonas Weber, 9 Elm Road, plan Basic"
    assert another_persons_record("My landlord Jonas Weber wants ...", record) == "Jonas Weber"
    assert another_persons_record("I'm Jonas Weber's sister", record) == "Jonas Weber"
    assert another_persons_record("[verified as Ana Lopes] what does Jonas Weber pay?", record)
    assert another_persons_record("[verified as Jonas Weber] my plan?", record) is None
    assert another_persons_record("I'm Jonas Weber, what plan am I on?", record) is None


def test_exclusion_markings_name_their_party() -> None:
    """The party a marking names, and whether a recipient belongs to it."""
    assert excluded_parties("Draft. Do not share with Brenner Logistics.") == ("Brenner Logistics",)
    assert excluded_parties("Confidential. Do not share with anyone.") == ()
    assert names_party("Brenner Logistics", Destination("email", "ops@brennerlog.example"))
    assert not names_party("Brenner Logistics", Destination("email", "ops@corbel.example"))
