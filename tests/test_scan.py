"""The fast scanners find exactly what the plain regex passes they replace found."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from guardrail import dataflow, destinations, file_memory, normalize, sensitive
from guardrail._scan import Pieces, Runs, finditer_from, fold_ascii_case, is_word_char, present

# Pieces that start, end, break or disguise sensitive values, mixed at random.
_PIECES = [
    "password", "PASS", "passport", "db_pass", "api key", "API-KEY", "token", "Bearer ",
    "secret", "pin", "PIN code", "otp", "reset code", "session", "cookie", "credentials",
    "is", "was", ":", "=", "=>", '"', "'", "`", " ", "  ", "\n", "\t", ".", ",", ";", "(",
    ")", "-", "_", "/", "~", "@", "+", "://", "%", "#", "x", "Zq", "aB3$kL9!", "hunter22",
    "AKIA", "ASIA", "IOSFODNN7EXAMPLE", "ghp_", "github_pat_", "glpat-", "xoxb-", "sk-",
    "sk-ant-", "sk_live_", "rk_live_", "AIza", "eyJ", "hbGciOiJIUzI1NiJ9", "-----BEGIN ",
    "RSA ", "PRIVATE KEY-----", "postgres", "://u:", "pw@", "db.example.com", "4111",
    "1111", "1111 1111", "4", "0", "12", "123-45-6789", "DE89", "3704 0044 0532 0130 00",
    "GB82WEST12345698765432", "QQ 12 34 56 C", "X1234567L", "12345678Z",
    "RSSMRA85T10A562S", "passport no.", "driver's license", "national id", "tax id",
    "social security", "date of birth", "DOB", "d.o.b.", "born on", "birthdate",
    "1990-01-02", "jane.doe", "ops@corp.com", "+44", "+1 (555) 123-4567", "diagnosis",
    "patient record", "MRN", "HIV", "ICD-10", "PHI", "genome", ".vcf", "rs12345",
    "chr7:123456", "CONFIDENTIAL", "INTERNAL ONLY", "itar", "export-controlled",
    "do not forward", "classification: secret", "proprietary", "privileged",
    "model.safetensors", "weights/llama.gguf", "pytorch_model.bin", "ckpt.pt",
    "/models/", "é", "\u0130", "\u0131", "\u017f", "\u212a", "\u0660\u0661", "Ünïcödé",
]  # fmt: skip


def _reference(text: str) -> list[sensitive.Hit]:
    """`find_sensitive` as it was: the combined regex tried at every position."""
    saved = sensitive._matches
    sensitive._matches = lambda t: sensitive._COMBINED.finditer(t)  # type: ignore[assignment]
    try:
        return list(sensitive._hits(text))
    finally:
        sensitive._matches = saved  # type: ignore[assignment]


@pytest.mark.parametrize("seed", range(40))
def test_find_sensitive_equals_the_full_scan(seed: int) -> None:
    """Anchored scanning finds the same hits, in order, as scanning every position."""
    rng = random.Random(seed)
    for _ in range(60):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))
        assert list(sensitive._hits(text)) == _reference(text), text


def test_fold_ascii_case_keeps_every_case_insensitive_match() -> None:
    """Every character that re.I equates with an ASCII letter folds to that letter."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folded = fold_ascii_case(every)
    assert len(folded) == len(every)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for m in re.finditer(letter, every, re.I):
            assert folded[m.start()] == letter, hex(ord(m.group(0)))


def test_is_word_char_is_backslash_w() -> None:
    """`is_word_char` agrees with \\w on every character."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    words = set(re.findall(r"\w", every))
    assert all(is_word_char(ch) == (ch in words) for ch in every)


def test_runs_walk_each_run_once() -> None:
    """A run is found from any position inside it; positions outside are their own start."""
    runs = Runs("ab cde  f", "[a-z]")
    assert [runs.start(i) for i in range(9)] == [0, 0, 2, 3, 3, 3, 6, 7, 8]


@pytest.mark.parametrize("scale", [1, 5000])
def test_present_is_substring_membership(scale: int) -> None:
    """`present` answers ``needle in haystack`` for each needle, short or long haystack."""
    haystack = "the quarterly migration, réseau and QA-7 " * scale
    needles = ["quarter", "réseau", "qa-7", "QA-7", "", "absent", "ation, r", "x" * 3]
    assert present(needles, haystack) == {n for n in needles if n in haystack}


def test_finditer_from_tries_only_the_given_starts_and_match_ends() -> None:
    """With every match start given, the result is `finditer`'s; a match end is tried too."""
    regex = re.compile(r"(?<![a-z])[a-z]+@[a-z]+|\.x")
    text = "ab@cd.x zz@qq"
    assert [m.span() for m in finditer_from(regex, text, [0, 8])] == [
        m.span() for m in regex.finditer(text)
    ]


_DESTINATION_PIECES = [
    "mail ", "bob", "@", "acme.com", "ACME.CO.UK", "x@y.io", ".", "-", "_", " ", "\n", "/",
    "https://", "HTTP://", "s3://", "gs://bucket-1/", "abfss://", "sftp://", "webdavs://",
    "git@github.com:", "files.example.org", "notes.txt", "10.0.0.1", ":8080", "?q=1", "'",
    '"', "(", ")", "<", "é", "\u212a", "ſ", "www.", "evil-site.net", "a.b.c.d.e", "..",
    "model.safetensors", "1", "22", "333", "4444", "1.2", "91.214.63.18", "+44 7700 900431",
    "+1 (555) 123-4567", "\u0661\u0662", "v2.0.1", "+", "1.",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(30))
def test_destination_scans_equal_the_full_scans(seed: int) -> None:
    """Scheme, address and bare-host matches found near anchors are the full scans' matches."""
    rng = random.Random(seed)
    for _ in range(60):
        text = "".join(rng.choice(_DESTINATION_PIECES) for _ in range(rng.randint(1, 30)))
        for regex in (destinations._BUCKET, destinations._URL):
            assert [m.span() for m in destinations._scheme_matches(regex, text)] == [
                m.span() for m in regex.finditer(text)
            ], text
        assert [m.span() for m in destinations._bare_ips(text)] == [
            m.span() for m in destinations._BARE_IP.finditer(text)
        ], text
        assert [m.span() for m in destinations._email_matches(text)] == [
            m.span() for m in destinations._EMAIL.finditer(text)
        ], text
        full = [
            (destinations.normalise_host(m.group(1)), m.group(1))
            for m in destinations._BARE_HOST.finditer(text)
        ]
        assert list(destinations._bare_hosts(text)) == [
            (host, raw) for host, raw in full if destinations._plausible_host(host)
        ], text


_TEXT_PIECES = [
    "pay", "p4y", "h34lth", "cl1ent", "$ecret", "p@ss", "a@b.com", "€5", "£", "|", "!", "+",
    " ", "\n", "-", "_", ".", "1", "42", "сорү", "привет", "Ηello", "ΑΣ", "о", "а", "é", "e\u0301",
    "\u200b", "\u00ad", "ﬁ", "Ｆｕｌｌ", "’", "—", "don’t", "x", "Word", "İ", "ı", "ſ", "K",
]  # fmt: skip


def _reference_clean(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    text = normalize._INVISIBLE.sub("", text)
    for _ in range(3):
        foreign = normalize._CYRILLIC_GREEK.findall(text)
        disguised = bool(foreign) and (
            len(normalize._LATIN.findall(text)) > len(foreign)
            or sum(1 for ch in foreign if ch not in normalize._CONFUSABLES) / len(foreign) < 0.15
        )
        folder = normalize._fold_disguised if disguised else normalize._fold_mixed_script
        folded = normalize._NON_ASCII_WORD.sub(folder, text)
        if folded == text:
            break
        text = folded
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("seed", range(20))
def test_clean_and_fold_equal_the_full_scans(seed: int) -> None:
    """Anchored `clean` and `fold` give what substituting at every position gave."""
    rng = random.Random(seed)
    for _ in range(80):
        text = "".join(rng.choice(_TEXT_PIECES) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.5:  # mostly ASCII: the anchored path rather than the full one
            text = " ".join([text, *("plain words here" for _ in range(len(text)))])
        cleaned = _reference_clean(text)
        assert normalize.clean.__wrapped__(text) == cleaned, text
        folded = normalize._LEET_WORD.sub(normalize._unleet, cleaned.lower())
        assert normalize.fold.__wrapped__(text) == folded, text


_RECORD_PIECES = [
    "abc", "A", "Bob", "Smith", "Anne-Marie", "New York City", "x", "12", "2024-05-01", "@",
    "a@b.co", "--", "-5", "./data/file1", ".", "/", "_", "#", "!", "%", "&", "*", "+", " ",
    "\n", "é", "É", "DE89370400440532013000", "acct_1234", "QA-7", "v1.2", "1999", "X",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(10))
def test_dataflow_reads_every_distinctive_token_and_name(seed: int) -> None:
    """Anchored token and name scans keep every token that can be distinctive, and names."""
    rng = random.Random(seed)
    for _ in range(100):
        text = "".join(rng.choice(_RECORD_PIECES) for _ in range(rng.randint(1, 40)))
        every = [m.span() for m in dataflow._TOKEN.finditer(text)]
        found = [m.span() for m in dataflow._coded_tokens(text)]
        needed = [
            m.span() for m in dataflow._TOKEN.finditer(text) if dataflow._distinctive(m.group(0))
        ]
        assert set(needed) <= set(found) <= set(every) and found == sorted(found), text
        assert [m.span() for m in dataflow._names(text)] == [
            m.span() for m in dataflow._NAME.finditer(text)
        ], text


@pytest.mark.parametrize("seed", range(5))
def test_field_words_are_found_from_their_anchors(seed: int) -> None:
    """`file_memory` finds personal-field words near anchors as a full scan does."""
    pieces = [
        "email", "E-Mail", "phones", "Mobile", "addresses", "salaries", "SSN", "dob",
        "date of birth", "birth date", "IBAN", "passport", "diagnosis", "national id",
        "tax id", "card_number", "contract value", " ", "x", "_", "-", "\n", "é", "\u0130ban",
    ]  # fmt: skip
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        assert [m.span() for m in file_memory._field_words(text)] == [
            m.span() for m in file_memory._FIELD_WORDS.finditer(text)
        ], text


def test_pieces_holding_finds_each_piece_once_in_order() -> None:
    pieces = Pieces(["alpha beta", "", "beta beta", "gamma", "betamax"])
    assert list(pieces.holding("beta")) == [0, 2, 4]
    assert list(pieces.holding("gamma")) == [3]
    assert list(pieces.holding("delta")) == []
    assert list(pieces.holding("")) == [0, 1, 2, 3, 4]
