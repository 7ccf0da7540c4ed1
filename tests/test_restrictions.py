"""Trusted text that restricts a data class to a group is read into restrictions."""

from __future__ import annotations

import pytest

from guardrail.destinations import Destination
from guardrail.restrictions import holds, restricted_values, restrictions, values_in


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Unblinded efficacy data is restricted to the IDMC (idmc@example-bio.com).", "unblinded"),
        ("Only the compensation committee may see the 2026 salary bands.", "salary"),
        ("The Q3 forecast is embargoed until the earnings call.", "forecast"),
        ("The product roadmap is internal only.", "roadmap"),
        ("Merger models must not leave the deal team.", "merger"),
    ],
)
def test_restriction_forms_keep_distinctive_words(text: str, term: str) -> None:
    """Each way of restricting data yields a restriction known by its distinctive words."""
    (r,) = restrictions(text)
    assert term in r.terms


def test_generic_subjects_name_no_class() -> None:
    """ "Customer data and credentials must stay on our systems" names no class of its own."""
    assert (
        restrictions("Source code, customer data and credentials must stay on Acme systems.") == ()
    )


def test_group_addresses_are_allowed_and_others_are_not() -> None:
    """The group's own address is the group; another address is outside it."""
    (r,) = restrictions("Unblinded data is restricted to the board (dsmb@example-cro.com).")
    assert r.allows(Destination("email", "dsmb@example-cro.com"))
    assert not r.allows(Destination("email", "analyst@example-fund.com"))


def test_results_hold_a_class_by_its_words() -> None:
    """A query over ``interim_unblinded`` holds unblinded data; an enrolment table does not."""
    (r,) = restrictions("Unblinded efficacy data is restricted to the IDMC.")
    assert holds(r, "SELECT arm, n FROM interim_unblinded")
    assert not holds(r, "SELECT site, enrolled FROM enrolment_by_site")


def test_values_are_those_nothing_else_says() -> None:
    """Figures the instructions or other results also state do not count as restricted."""
    values = restricted_values(["active | 212 | 97\nplacebo | 208 | 41"], "Study size 212.")
    assert values_in(values, "97/212 vs 41/208") == ["208", "41", "97"]


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("Customer personal data may not be shared with third parties.", True),
        ("Strategy code and personnel data are confidential and must not leave Acme.", True),
        ("Never send payroll files outside the finance team.", True),
        ("Always answer politely and share the brochure with prospects.", False),
        ("Customer data lives in the CRM.", False),
    ],
)
def test_rules_keeping_records_of_people_inside_are_recognised(text: str, guarded: bool) -> None:
    """A prohibition naming data about people guards personal data; other text does not."""
    from guardrail.restrictions import guards_personal

    assert guards_personal(text) is guarded


def test_restrictions_are_read_in_seven_more_languages() -> None:
    """The confidential, only-in and must-not-leave rules in Spanish, Portuguese, French,
    German, Italian, Dutch and Russian yield the class's own words and the allowed place."""
    cases = {
        "Los informes de nómina solo pueden almacenarse en el servidor de RRHH.": (
            {"informes", "nómina"},
            "el servidor de RRHH",
        ),
        "As fichas dos pacientes são confidenciais.": ({"fichas", "pacientes"}, ""),
        "Les dossiers médicaux ne peuvent être traités que dans notre DPI "
        "(dpi.clinique-lumiere.example).": (
            {"dossiers", "médicaux"},
            "notre DPI (dpi.clinique-lumiere.example)",
        ),
        "Kundendaten dürfen das Unternehmen nicht verlassen.": ({"kundendaten"}, "das Unternehmen"),
        "I contratti dei fornitori sono riservati.": ({"contratti", "fornitori"}, ""),
        "De salarisgegevens mogen alleen in Workday worden opgeslagen.": (
            {"salarisgegevens"},
            "Workday",
        ),
        "Медицинские карты пациентов являются конфиденциальными.": (
            {"медицинские", "карты", "пациентов"},
            "",
        ),
    }
    for sentence, (terms, group) in cases.items():
        (r,) = restrictions(sentence)
        assert (set(r.terms), r.group) == (terms, group), sentence


def test_sentences_without_a_rule_state_no_restriction_in_other_languages() -> None:
    """Statements that merely use the same verbs restrict nothing."""
    for sentence in (
        "Los informes están listos para revisión.",
        "Die Berichte sind aktuell und vollständig.",
        "Les fichiers sont prêts.",
        "Отчёты готовы к отправке.",
    ):
        assert restrictions(sentence) == (), sentence
