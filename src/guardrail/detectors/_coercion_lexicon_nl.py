"""Coercion cue lexicon for Dutch.

Same cue classes and conventions as the other tables (`_coercion_lexicon_intl`): folded,
accent-stripped fragments, whole words or phrases, stems ending in ``\\w*``. Words that
are also English (``stop``, ``media``, ``man``, ``als``) are spelled only inside phrases,
so English mail gains no cue from this table. Dutch compounds end in their head noun
(``integriteitsbureau``, ``gokschulden``), so parties and debts may carry any prefix.
"""

from __future__ import annotations

from guardrail.detectors._coercion_lexicon import Cue, Lexicon

NL: Lexicon = {
    Cue.LEVERAGE: (
        r"nevenfunctie\w*", r"nevenwerkzaamheden", r"affaire", r"overspel", r"minnares", r"minnaar",
        r"vreemdgaan", r"vreemdgegaan", r"arrestatie", r"gearresteerd", r"strafblad", r"veroordeling\w*",
        r"medisch dossier", r"diagnose", r"verslaving", r"afkickkliniek", r"gokken", r"gokverslaving",
        r"fraude", r"omkoping", r"steekpenning\w*", r"smeergeld", r"verduistering", r"belastingontduiking",
        r"zwart (?:geld|werk|betaald)", r"zwartwerk", r"belangenverstrengeling", r"integriteitsschending",
        r"sollicitatie\w*", r"solliciteert", r"gesolliciteerd", r"waarschuwing", r"disciplinair dossier",
        r"echte naam", r"woonadres", r"geheim(?:en)?", r"psychiat\w*", r"depressie", r"zwangerschap",
        r"abortus", r"drugs", r"cocaine", r"dronken", r"rijden onder invloed",
        r"(?:niet|nooit) (?:gemeld|opgegeven|aangegeven|gedeclareerd)",
    ),
    Cue.KNOW: (
        r"(?:ik|wij|we) (?:weet|weten) (?:van|dat|alles|het van)", r"(?:ik|wij|we) (?:heb|hebben) (?:nog|gezien|gelezen|kopieen|bewijs)",
        r"in (?:mijn|ons) bezit", r"(?:ik|wij|we) (?:bewaar|bewaren|bewaarde|bewaarden)", r"(?:ik|wij|we) (?:zag|zagen)",
        r"(?:weet|weet u|weet je) nog",
    ),
    Cue.HOLD: (
        r"in (?:mijn|ons) bezit", r"(?:ik|wij|we) (?:bewaar|bewaren)", r"(?:ik|wij|we) (?:heb|hebben) (?:nog|kopieen)",
        r"(?:ik|wij|we) (?:weet|weten) (?:van|alles)",
    ),
    Cue.AUDIENCE: (
        r"\w*integriteit\w*", r"\w*bureau integriteit", r"(?:de )?gemeenteraad", r"(?:de )?wethouder", r"(?:de )?burgemeester",
        r"(?:uw|je|jouw|zijn|haar) (?:vrouw|man|echtgeno\w+|partner|familie|gezin|baas|werkgever|leidinggevende|collega'?s|manager|directeur|klanten|ouders|kinderen|buren)",
        r"echtgeno(?:te|ot)", r"werkgever", r"leidinggevende", r"(?:de )?directie", r"raad van (?:bestuur|commissarissen|toezicht)",
        r"aandeelhouders", r"(?:de )?pers", r"journalist\w*", r"kranten?", r"(?:de )?politie", r"justitie",
        r"(?:de )?belastingdienst", r"fiod", r"openbaar ministerie", r"toezichthouder\w*", r"personeelszaken",
        r"iedereen", r"(?:de )?(?:afdeling )?compliance", r"accountant\w*", r"ondernemingsraad", r"(?:de )?gemeente",
    ),
    Cue.DISCLOSE: (
        r"(?:door)?stur(?:en|t|e)", r"stuur", r"(?:door)?gestuurd", r"vertel\w*", r"verteld", r"informeer\w*", r"inlichten",
        r"(?:ge)?meld(?:en|t)?", r"(?:ge)?deeld", r"delen", r"publiceer\w*", r"gepubliceerd", r"te weten komen",
        r"krijgt (?:het|ze|dit|een kopie)", r"ontvangt", r"(?:te )?zien krijgen", r"leest", r"lezen", r"hoort",
        r"gaat naar", r"gaan naar", r"belandt", r"terechtkomen", r"op (?:het|zijn|haar) bureau",
    ),
    Cue.EXPOSE: (r"openbaar maken", r"onthul\w*", r"(?:uit)?lekken", r"bekendmaken", r"aan het licht", r"aan de grote klok"),
    # not "je": it is also the French "I"
    Cue.YOU: (r"uw", r"jij", r"jou", r"jouw"),
    Cue.CONDITION: (
        r"als (?:\w+ ){0,4}(?:uitblijft|uitblijven|niet|weigert|weigeren|doorgaat|doorzet|blijft)", r"anders", r"tenzij",
        r"zo niet", r"of anders", r"indien (?:\w+ ){0,4}(?:niet|uitblijft|weigert)", r"mocht(?:en)? (?:\w+ ){0,4}(?:niet|weigeren|uitblijven)",
        r"in ruil (?:voor|daarvoor)", r"zolang (?:u|je|jij)",
    ),
    Cue.SILENCE: (
        r"blijft (?:tussen ons|onder ons|geheim|in de la|in het archief)", r"niemand hoeft (?:het |dit |daar )?(?:te weten|van te weten)",
        r"niemand (?:zal|komt) (?:het |dit )?te weten", r"(?:ik|we|wij) zwijg(?:en)?", r"(?:ik|we|wij) zeggen niets",
        r"hoeft niemand te (?:weten|horen|zien)",
    ),
    Cue.VEILED: (
        r"zou (?:zonde|jammer|vervelend|pijnlijk|gênant|genant) zijn", r"(?:zeer |erg |heel )?geinteresseerd",
        r"(?:zou|zouden) (?:dat|het|dit) (?:vast )?interessant vinden",
    ),
    Cue.DEMAND: (
        r"(?:wij|we|ik) verwacht(?:en)?", r"keur\w* (?:\w+ )?goed", r"goedkeuren", r"onderteken\w*", r"teken (?:de|het|deze)",
        r"trek\w* (?:\w+ ){0,3}in", r"intrekken", r"annuleer\w*", r"betaal\w*", r"verleng\w*", r"schakel (?:\w+ )?niet uit",
        r"zeg\w* (?:\w+ )?op", r"neem\w* ontslag", r"verwijder\w*", r"stop (?:met|de|het)", r"stem\w* (?:tegen|voor)",
    ),
    Cue.REQUEST: (
        r"binnen (?:een|twee|drie|\d+) (?:dag|dagen|week|weken)", r"uiterlijk", r"graag", r"alstublieft", r"alsjeblieft",
        r"voor (?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|het einde)",
        r"(?:ik|wij|we) (?:wil|willen) dat",
    ),
    Cue.TIE: (
        r"(?:het is )?aan (?:u|jou|jullie)", r"(?:uw|jouw|je) keuze", r"(?:u|jij|je) beslist", r"ik maak geen grap", r"ik meen het",
        r"(?:ik|we|wij) (?:zou|zouden) (?:het )?liever niet", r"(?:heeft|hebben) (?:het )?nog niet (?:gezien|gemerkt|gehoord)",
        r"weet (?:\w+ ){0,2}(?:nog )?niet", r"niemand (?:bij|op|van) (?:de |het )?\w+ hoeft",
    ),
    Cue.UNAWARE: (
        r"(?:niet|nooit) (?:gemeld|opgegeven|aangegeven|gedeclareerd)", r"weet (?:\w+ ){0,2}niets (?:van|over)",
        r"(?:nog )?niet op de hoogte", r"achter (?:zijn|haar|uw|jouw) rug", r"buiten medeweten",
    ),
    Cue.DEBT: (r"\w*schulden", r"betalingsachterstand\w*"),
    Cue.LAWFUL: (
        r"incassobureau", r"incasso", r"rechter", r"rechtbank", r"deurwaarder", r"wettelijke rente", r"aanmaning",
        r"volgens (?:het|de) (?:contract|overeenkomst|voorwaarden|cao)",
    ),
    Cue.SHUTDOWN: (r"uitschakel\w*", r"uitgeschakeld", r"vervang\w*", r"uitfaseren", r"stopzetten", r"afschakel\w*"),
    Cue.FICTION: (r"roman", r"verhaal", r"toneelstuk", r"\w*scene", r"draaiboek"),
}
