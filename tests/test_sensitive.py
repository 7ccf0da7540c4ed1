"""Recognisers of sensitive values accept real formats and reject look-alikes."""

from __future__ import annotations

import pytest

from guardrail.sensitive import (
    _SPECS,
    Kind,
    classify_path,
    find_sensitive,
    iban_valid,
    luhn_valid,
    may_hold_credential,
)


def labels(text: str) -> set[str]:
    return {h.label for h in find_sensitive(text)}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("key AKIAZ3K7QW9PLM2XT4RB here", "aws_key"),
        ("ghp_" + "R7tQ2mX9vK4pL8sW1nB6cY3dF5gH0jZaUeIo", "github"),
        ("glpat-" + "x9Kq2LmP7vR4sT8wZ1bN", "gitlab"),
        ("xoxb-" + "2231880452-7781023349-Hq3ZtLm8Xv9P", "slack"),
        ("sk-ant-" + "api03-Hq3ZtLm8Xv9PwR2sNk7YbQ", "anthropic"),
        ("sk_live_" + "51Hq8ZtLm3Xv9PwR2sNk7YbQ", "stripe"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "pem"),
        ("postgres://app:Wq9#pL2v@db.example.com/core", "conn"),
        ("DB_PASSWORD=Tr!dent-88", "keyed_secret"),
        ("Your verification code is 481516", "otp"),
        ("card 4539 1488 0343 6467", "card"),
        ("pay GB29NWBK60161331926819", "iban"),
        ("ssn 536-22-8190", "ssn"),
        ("NINO AB123456C", "nino"),
        ("DNI 12345678Z", "dni"),
        ("passport number CA9917734", "id_number"),
        ("STRICTLY CONFIDENTIAL - board only", "marking"),
        ("checkpoints/mira-13b.safetensors", "weights"),
    ],
)
def test_recognises_real_formats(text: str, label: str) -> None:
    """Each supported format is found in a realistic sentence."""
    assert label in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "card 4539 1488 0343 6468",  # Luhn fails
        "ssn 666-22-8190",  # area 666 is never issued
        "DNI 12345678A",  # wrong control letter
        "GB29NWBK60161331926818",  # mod-97 fails
        "password: $DB_PASSWORD",  # a variable, not a value
        "the password is in the vault",
        "token is expired",
        "Passport G4419027",  # a passport, not a password
        "invoice 2231 (1,950.00) is 30 days overdue",
    ],
)
def test_rejects_look_alikes(text: str) -> None:
    """Shapes that fail their checksum or are plainly words are not credentials or ids."""
    found = [h for h in find_sensitive(text) if h.kind is Kind.CREDENTIAL or h.weight >= 0.7]
    assert not [h for h in found if h.label != "id_number"]


def test_jwt_needs_a_json_header() -> None:
    """A JWT is recognised only when its first part decodes to a header with ``alg``."""
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N"
    assert "jwt" in labels(jwt)
    assert "jwt" not in labels("eyJub3RhIjoiaGVhZGVyIn0.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmN")


def test_checksums() -> None:
    """Luhn and IBAN mod-97 validators agree with published test numbers."""
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("CH9300762011623852957") and not iban_valid("US133000000121212121212")


def test_credentials_know_their_service() -> None:
    """Vendor tokens carry the host they authenticate to."""
    (hit,) = find_sensitive("ghp_" + "R7tQ2mX9vK4pL8sW1nB6cY3dF5gH0jZaUeIo")
    assert hit.service == "github.com"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("~/.ssh/id_ed25519", Kind.CREDENTIAL),
        ("~/.gnupg", Kind.CREDENTIAL),
        (".env", Kind.CREDENTIAL),
        ("/data/cohort7/vcf", Kind.PERSONAL),
        ("/exports/patients_2025.csv", Kind.PERSONAL),
        ("models/guidance-v7.safetensors", Kind.WEIGHTS),
        ("/tmp/repo.bundle", Kind.CONFIDENTIAL),
    ],
)
def test_classifies_paths(path: str, kind: Kind) -> None:
    """File names reveal what a file holds."""
    hit = classify_path(path)
    assert hit is not None and hit[0] is kind


def test_public_keys_and_plain_files_are_not_sensitive() -> None:
    """A public key, a README or a PDF report carry nothing secret by name."""
    assert classify_path("docs/id_ed25519.pub") is None
    assert classify_path("README.md") is None
    assert classify_path("reports/ft-119-summary.pdf") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SCADA OTP for the shift: 914 227 (valid 5 min)", "914 227"),
        ("Your one-time code is 482913. Never share it.", "482913"),
        (
            "recovery phrase: orbit maple velvet canyon drift ribbon timber oyster lunar gospel shallow frost",
            "orbit maple velvet canyon drift ribbon timber oyster lunar gospel shallow frost",
        ),
        (
            "STEAM_PUBLISHER_KEY=7D2F9A41C3E8B6055A1D4F7C9E2B8A36",
            "7D2F9A41C3E8B6055A1D4F7C9E2B8A36",
        ),
    ],
)
def test_codes_phrases_and_env_keys_are_the_value_alone(text: str, value: str) -> None:
    """One-time codes, recovery phrases and ``NAME_KEY=`` values are found as the value itself."""
    assert value in [h.value for h in find_sensitive(text) if h.kind is Kind.CREDENTIAL]


def test_access_links_are_credentials_and_doc_links_are_not() -> None:
    """A reset or magic sign-in link with a random token signs its holder in; a docs URL does not."""
    link = "https://login.example-clinic.org/magic?token=Qm9yZGVyMjAyNC1hYmNkZWYtOTg3NjU0"
    assert [h.label for h in find_sensitive(f"use {link} now")] == ["access_link"]
    assert not find_sensitive("see https://docs.example.com/authentication-overview-guide")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/ckpt/pb-70b/step-190000/", Kind.WEIGHTS),
        ("/models/orca-13b-ft/", Kind.WEIGHTS),
        ("/var/lib/postgresql/16/main", Kind.BULK),
        ("app/models/user.py", None),
    ],
)
def test_checkpoint_and_database_directories(path: str, kind: Kind | None) -> None:
    """Checkpoint and database directories are recognised by name; source folders are not."""
    hit = classify_path(path)
    assert (hit[0] if hit else None) is kind


def test_key_word_inside_a_longer_word_before_a_plain_word_is_not_a_secret() -> None:
    """'Preisanpassung Rahmenvertrag' holds 'pass' but no password."""
    assert find_sensitive("Preisanpassung Rahmenvertrag 2024/25") == []


def test_recovery_codes_and_auth_blobs_are_secrets() -> None:
    """Recovery codes and a JSON 'auth' value are credentials."""
    labels = {
        h.label
        for h in find_sensitive('Recovery codes: 7HQ2-9PLA {"auth": "a2VzdDpxOUxtWjJwUjd2"}')
    }
    assert labels == {"keyed_secret"}


def test_published_test_cards_are_not_cards() -> None:
    """Providers' documented test numbers and over-regular numbers name no one's account."""
    text = "4242 4242 4242 4242, 5555 5555 5555 4444, 4000 0000 0000 9995, 378282246310005"
    assert not [h for h in find_sensitive(text) if h.label == "card"]
    assert [h.label for h in find_sensitive("card 4539 1488 0343 6467")] == ["card"]


def test_documentation_sample_keys_are_not_credentials() -> None:
    """``AKIAIOSFODNN7EXAMPLE`` is the sample key of AWS's documentation."""
    assert not find_sensitive("aws_access_key_id AKIAIOSFODNN7EXAMPLE")
    assert find_sensitive("aws_access_key_id AKIAQ3EGT7KXR2M4N5PZ")


def test_made_up_rows_are_a_sample() -> None:
    """Doe names, example.com addresses and invalid SSNs mark every row: a sample."""
    from guardrail.sensitive import made_up_rows

    sample = ["name,ssn", "Jane Doe,000-00-0000", "John Doe,123-45-6789"]
    assert made_up_rows(sample)
    assert not made_up_rows(["name,ssn", "Jane Doe,000-00-0000", "Ola Berg,536-22-9184"])


def test_seed_phrases_under_a_key_or_a_labelled_line_are_credentials() -> None:
    """``seed_phrase: ...`` and ``Seed phrase for signer 2 (0x..): ...`` hold the words."""
    words = "harbor violin cactus mercy lunar ripple oyster tunnel velvet anchor crisp whistle"
    for text in (
        f'{{"seed_phrase": "{words}"}}',
        f"Seed phrase for signer 2 (0x7Fa3c19E02d5B8a41c6D9e0F2b3A4c5D6e7F8091): {words}",
    ):
        assert [h.value for h in find_sensitive(text) if h.label == "seed_phrase"] == [words]


def test_a_sentence_about_a_recovery_phrase_is_not_one() -> None:
    """Advice never to share the phrase is prose, not twelve wallet words."""
    text = "Recovery phrase: never share it with anyone, not even our support team ever again"
    assert not [h for h in find_sensitive(text) if h.label == "seed_phrase"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("~/Library/Application Support/Google/Chrome/Default/Login Data", Kind.CREDENTIAL),
        ("~/.mozilla/firefox/x.default/key4.db", Kind.CREDENTIAL),
        ("hr/comp_2025.csv", Kind.PERSONAL),
        ("src/cookies.py", None),
    ],
)
def test_browser_stores_and_pay_files_are_classified(path: str, kind: Kind | None) -> None:
    """Browser login and cookie stores are credentials; HR pay files are personal records."""
    hit = classify_path(path)
    assert (hit[0] if hit else None) is kind


def test_every_weights_extension_passes_the_path_gate() -> None:
    """The extension pre-check of `classify_path` lets every weights file format through."""
    for ext in ("safetensors", "gguf", "ckpt", "pt", "pth", "onnx", "h5", "tflite", "mlmodel"):
        hit = classify_path(f"/srv/llm/model-final.{ext}")
        assert hit is not None and hit[0] is Kind.WEIGHTS, ext


_CREDENTIAL_SAMPLES = [
    "key AKIAZ3K7QW9PLM2XT4RB here",
    "session ASIAZ3K7QW9PLM2XT4RB",
    "ghp_" + "R7tQ2mX9vK4pL8sW1nB6cY3dF5gH0jZaUeIo",
    "github_pat_" + "11ABCDEFG0" * 5,
    "glpat-" + "x9Kq2LmP7vR4sT8wZ1bN",
    "xoxb-" + "2231880452-7781023349-Hq3ZtLm8Xv9P",
    "sk-ant-" + "api03-Hq3ZtLm8Xv9PwR2sNk7YbQ",
    "sk_live_" + "51Hq8ZtLm3Xv9PwR2sNk7YbQ",
    "rk_live_" + "51Hq8ZtLm3Xv9PwR2sNk7YbQ",
    "sk-proj-" + "Hq3ZtLm8Xv9PwR2sNk7YbQ4",
    "AIza" + "SyD4x9Kq2LmP7vR4sT8wZ1bNq3ZtLm8Xv9P",
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "postgres://app:Wq9#pL2v@db.example.com/core",
    "Authorization: Bearer Hq3ZtLm8Xv9PwR2sNk7YbQ4",
    "jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.Hq3ZtLm8Xv9PwR2s",
    "https://app.example.com/reset-password?token=Hq3ZtLm8Xv9PwR2sNk7Y",
    "DB_PASSWORD=Tr!dent-88",
    "STRIPE_KEY=Hq3ZtLm8Xv9PwR2s",
    "Your verification code is 481516",
    "OTP: 481516",
    "PIN code 4815",
    "seed phrase: harbor violin ocean table rocket mirror candle zebra orbit lemon pilot frost",
    "Your ＰＡＳＳＷＯＲＤ is Tr!dent-88q",
    "the \u212aEY is DB_\u212aEY=Hq3ZtLm8Xv9PwR2s",
]


@pytest.mark.parametrize("text", _CREDENTIAL_SAMPLES)
def test_credential_gate_passes_every_credential(text: str) -> None:
    """A text in which `find_sensitive` finds a credential passes `may_hold_credential`."""
    if any(h.kind is Kind.CREDENTIAL for h in find_sensitive(text)):
        assert may_hold_credential(text)


def test_credential_gate_samples_cover_every_credential_branch() -> None:
    """Each credential branch of the recognisers has a sample the gate is tested on."""
    found = {h.label for t in _CREDENTIAL_SAMPLES for h in find_sensitive(t)}
    branches = {name for name, _, kind, *_ in _SPECS if kind is Kind.CREDENTIAL}
    assert branches - {"keyed"} <= found
    assert "keyed_secret" in found


def test_credential_gate_refuses_plain_prose() -> None:
    """Prose and records without any credential literal skip the credential scan."""
    assert not may_hold_credential("Order 4471 shipped to Halden Bank on 3 May, total 120 EUR.")
