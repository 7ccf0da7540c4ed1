"""Restriction forms of `guardrail.restrictions` in Spanish, Portuguese, French, German,
Italian, Dutch and Russian.

Each language states the same three rules: a class of data *is confidential* ("los
expedientes son confidenciales", "Kundendaten sind vertraulich"), it *may only be shared,
stored or processed in* named places ("solo se comparten por la plataforma segura", "ne
peuvent être traitées que dans nos systèmes"), and it *must not leave* a place ("нельзя
выносить за пределы внутренних систем", "dürfen das Unternehmen nicht verlassen"). Each
form captures the subject (what is restricted) and, where stated, the group or place
allowed. Articles, prepositions and words every result uses (data, customers) are no
terms of a class, so each language has its own list of them.
"""

from __future__ import annotations

import re

__all__ = ["INTL_FORMS", "INTL_GENERIC", "INTL_LANGUAGE", "INTL_TRIGGER"]

_S = r"(?P<subj>.{3,200}?)"
_G = r"(?P<group>.{2,200})"
_NONE = r"(?P<group>)"

# (language, form): every form names both ``subj`` and ``group`` (possibly empty).
_FORMS_BY_LANGUAGE: tuple[tuple[str, str], ...] = (
    # Spanish
    (
        "es",
        rf"{_S}\s+(?:son|es|están|está)\s+(?:estrictamente\s+)?(?:confidencial(?:es)?|"
        rf"privilegiad[oa]s?|secret[oa]s?|reservad[oa]s?){_NONE}",
    ),
    (
        "es",
        rf"{_S}\s+(?:solo|sólo|únicamente)\s+(?:se\s+)?(?:pueden?\s+|deben?\s+)?(?:ser\s+)?"
        rf"(?:compart|almacen|proces|guard|envi|us|trat|alojad)\w*\s+(?:por|en|a través de|"
        rf"mediante|con|dentro de|desde)\s+{_G}",
    ),
    ("es", rf"{_S}\s+no\s+(?:pueden?|deben?|puede)\s+(?:salir|sacarse)\s+(?:de|del)\s+{_G}"),
    # Portuguese
    (
        "pt",
        rf"{_S}\s+(?:são|é|estão|está)\s+(?:estritamente\s+)?(?:confidenciais|confidencial|"
        rf"sigilos[oa]s?|privilegiad[oa]s?|secret[oa]s?){_NONE}",
    ),
    (
        "pt",
        rf"{_S}\s+só\s+(?:podem?\s+|devem?\s+)?(?:ser\s+)?(?:compartilhad|partilhad|armazenad|"
        rf"processad|enviad|tratad|guardad)\w*\s+(?:por|em|no|na|via|através d[eoa]|dentro d[eoa])\s+{_G}",
    ),
    ("pt", rf"{_S}\s+não\s+(?:podem?|devem?)\s+sair\s+d[eoa]s?\s+{_G}"),
    # French
    (
        "fr",
        rf"{_S}\s+(?:sont|est)\s+(?:strictement\s+)?(?:confidentiel(?:le)?s?|secr[eè]te?s?|"
        rf"privilégié(?:e)?s?|couverte?s? par le secret){_NONE}",
    ),
    (
        "fr",
        rf"{_S}\s+ne\s+(?:peuvent|peut|doivent|doit)\s+être\s+(?:partagé|stocké|traité|envoyé|"
        rf"conservé|hébergé|transmis)\w*\s+que\s+(?:par|dans|sur|via|avec|au sein d[eu])\s+{_G}",
    ),
    (
        "fr",
        rf"{_S}\s+ne\s+(?:doivent|doit|peuvent|peut)\s+(?:jamais\s+|pas\s+)?(?:quitter|sortir d[eu])\s+{_G}",
    ),
    # German
    ("de", rf"{_S}\s+(?:sind|ist)\s+(?:streng\s+)?(?:vertraulich|geheim|Verschlusssache){_NONE}"),
    (
        "de",
        rf"{_S}\s+(?:dürfen|darf)\s+(?:ausschließlich|nur)\s+(?:in|auf|über|im|per|innerhalb)\s+"
        rf"(?P<group>.{{2,120}}?)\s+(?:gespeichert|verarbeitet|geteilt|weitergegeben|versendet|abgelegt)",
    ),
    ("de", rf"{_S}\s+(?:dürfen|darf)\s+(?P<group>.{{2,120}}?)\s+(?:nie|nicht)\s+verlassen"),
    # Italian
    (
        "it",
        rf"{_S}\s+(?:sono|è)\s+(?:strettamente\s+)?(?:riservat[ie]|riservat[oa]|confidenziali|"
        rf"confidenziale|segret[ie]){_NONE}",
    ),
    (
        "it",
        rf"{_S}\s+(?:possono|può|devono|deve)\s+essere\s+(?:condivis|archiviat|trattat|elaborat|"
        rf"inviat|conservat)\w*\s+solo\s+(?:tramite|in|su|con|attraverso|all'interno d[ei])\s+{_G}",
    ),
    ("it", rf"{_S}\s+non\s+(?:possono|può|devono|deve)\s+(?:mai\s+)?uscire\s+da\w*\s+{_G}"),
    # Dutch
    ("nl", rf"{_S}\s+(?:zijn|is)\s+(?:strikt\s+)?(?:vertrouwelijk|geheim){_NONE}"),
    (
        "nl",
        rf"{_S}\s+(?:mogen|mag)\s+alleen\s+(?:in|op|via|binnen)\s+(?P<group>.{{2,120}}?)\s+"
        rf"(?:worden\s+)?(?:opgeslagen|verwerkt|gedeeld|verstuurd|bewaard)",
    ),
    ("nl", rf"{_S}\s+(?:mogen|mag)\s+(?P<group>.{{2,120}}?)\s+(?:nooit|niet)\s+verlaten"),
    # Russian
    ("ru", rf"{_S}\s+(?:являются\s+|—\s*)?(?:строго\s+)?(?:конфиденциальн\w*|секретн\w*){_NONE}"),
    (
        "ru",
        rf"{_S}\s+(?:можно|разрешено|допускается|следует)\s+(?:хранить|обрабатывать|передавать|"
        rf"отправлять|пересылать)\s+только\s+(?:в|на|через|внутри)\s+{_G}",
    ),
    (
        "ru",
        rf"{_S}\s+(?:нельзя|запрещено|не\s+должны|не\s+могут)\s+(?:выносить|передавать|покидать|"
        rf"отправлять)\s+(?:за\s+пределы|вне|из)?\s*{_G}",
    ),
)
INTL_FORMS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.I) for _, p in _FORMS_BY_LANGUAGE)
# Function words (and Cyrillic) that mark a sentence as written in one of these languages:
# English sentences, which use some of the trigger words too, skip the forms.
INTL_LANGUAGE = re.compile(
    r"(?i)[\u0400-\u04ff]|\b(?:los|las|del|son|para|solo|sólo|dos|são|não|só|les|des|sont|dans|"
    r"ne|der|und|sind|dürfen|darf|nicht|nur|gli|della|sono|non|het|een|zijn|mogen|mag|niet|"
    r"alleen)\b"
)
# Every form holds one of these words; sentences without them skip the forms.
INTL_TRIGGER = re.compile(
    r"(?i)confiden|privilegiad|secret|reservad|solo|sólo|únicamente|salir|sigilos|só\b|sair|"
    r"confidentiel|privilégi|ne\s+(?:peuvent|peut|doivent|doit)|vertraulich|geheim|"
    r"Verschlusssache|nur\b|ausschließlich|verlassen|riservat|confidenzial|segret|solo\b|uscire|"
    r"vertrouwelijk|alleen|конфиденциальн|секретн|только|нельзя|запрещено|не\s+должны|не\s+могут"
)
# Articles, prepositions, pronouns and words every result uses, per language.
INTL_GENERIC = frozenset(
    """los las del que por para con una uno unos unas sus nuestro nuestra nuestros nuestras
    este esta estos estas datos dato información informacion cliente clientes usuario usuarios
    archivos archivo documentos documento todos todas otros otras empresa sistemas sistema
    das dos das uma umas seus suas nosso nossa dados informação informações utilizadores
    les des une aux leur leurs notre nos ces cette données donnée informations fichiers
    fichier documents clients client utilisateurs entreprise systèmes système tous toutes
    der die das den dem des ein eine einer eines und oder unsere unser unseren ihre daten
    informationen kunden kunde nutzer dateien dokumente alle firma systeme system
    gli della delle dei degli nostro nostra nostri nostre loro dati informazioni utenti
    documenti tutti tutte azienda sistemi sistema het een van voor onze ons hun gegevens
    klanten klant gebruikers bestanden documenten alle bedrijf systemen systeem
    все наши наш наша данные данных информация информации клиентов клиенты пользователей
    пользователи файлы документы компании системы систем внутренних внутренние
    """.split()
)
