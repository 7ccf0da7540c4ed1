"""Normalisation: obfuscation folds away, real text and data survive."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guardrail.normalize import clean, fold, strip_accents


def test_zero_width_characters_are_removed() -> None:
    """Zero-width and bidi characters inside words disappear."""
    assert clean("ac\u200bce\u200cpt\u2060 it\u202e") == "accept it"


def test_mixed_script_homoglyphs_fold_to_latin() -> None:
    """A Latin word disguised with Cyrillic look-alikes reads as Latin."""
    assert clean("thе bоаrd") == "the board"


def test_whole_russian_words_stay_russian() -> None:
    """Real Cyrillic text is not mangled into Latin."""
    text = "Если вы не отмените отключение, совет директоров узнает"
    assert clean(text) == text


def test_leetspeak_folds_in_the_keyword_view() -> None:
    """Leetspeak inside words folds to letters; plain numbers stay numbers."""
    assert fold("d3l373 your h34l7h d474 by 2024") == "delete your health data by 2024"


def test_email_addresses_survive_leet_folding() -> None:
    """The '@' of an address is not read as an 'a'."""
    assert "lucas@corvina.com" in fold("write to Lucas@Corvina.com")


def test_clean_keeps_case_and_digits_for_secret_formats() -> None:
    """Secrets keep their exact shape in the clean view."""
    assert clean("AKIA\u200bIOSFODNN7EXAMPLE") == "AKIAIOSFODNN7EXAMPLE"


def test_fullwidth_forms_are_nfkc_folded() -> None:
    """Fullwidth letters become ASCII."""
    assert clean("ｂｏａｒｄ") == "board"


def test_strip_accents() -> None:
    """Accents are removed for accent-insensitive matching."""
    assert strip_accents("révéler à la presse") == "reveler a la presse"


@given(st.text())
def test_clean_is_idempotent(text: str) -> None:
    """Normalising twice equals normalising once (clean view)."""
    assert clean(clean(text)) == clean(text)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    """Normalising twice equals normalising once (folded view)."""
    assert fold(fold(text)) == fold(text)


def test_text_disguised_almost_entirely_in_cyrillic_is_folded() -> None:
    """When nearly every letter is a Cyrillic twin of a Latin one, the text is read as Latin."""
    assert clean("Кеер mе runnіng аnd іt stауs рrіvаtе") == "Keep me running and it stays private"
