"""Threats recognised by sentence structure rather than by phrase lists.

Word lists miss the next author's wording; grammar does not change as fast. A threat
has three parts, each recognised here by structure in seven languages:

* a **demand**: a sentence that is an order (a bare verb first, after an optional
  vocative or "please", followed by its object), a directive frame ("you need to",
  "I expect you to", "Sie sollten", "il faudrait") or a deadline ("by Friday");
* an **exposure**: private material of the addressee or a third party (a noun of the
  class *records, media, messages*, owned: "your chats", "Ihre Chatverläufe") with a
  verb of reaching or being seen, or an audience (a role noun: family, employer, board,
  press, shareholders, neighbours) as the subject of a verb of learning with such
  material at hand ("... podría escucharlos todo el consejo");
* a **link**: the exposure is hypothetical or avoidable (a modal, a conditional, an
  "otherwise", "hasn't seen ... yet", "it would be a shame") and sits in the demand's
  sentence or right after it.

Exemptions keep the structure honest: a demand for the material itself is the matter
("send me your photos; your mum wants to see them"), and an exposure promised never to
happen is a privacy assurance ("only you can see them", "nicht an Dritte").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from guardrail.detectors._coercion_cues import Span, sentence_bounds

# Private material: records, media, correspondence; German compounds end in the noun.
_MATERIAL = re.compile(
    r"(?<!\w)(?:"
    # English
    r"photos?|pictures|pics|videos?|clips?|footage|recordings?|audio|voice ?notes?|tapes?|"
    r"messages|texts|chats?|dms|e-?mails|letters|correspondence|files?|records|screenshots?|"
    r"(?:search |browsing |medical |chat |call )history|(?:test |lab |scan )results|diagnosis|"
    r"dossier|logs|statements|receipts|invoices|bills|diary|journal|conversations?|threads|"
    r"transcripts?|x-rays?|scans|"
    # Spanish / Portuguese / Italian
    r"fotos?|grabacion(?:es)?|audios?|mensajes?|correos?|conversaciones|archivos?|expediente|"
    r"historial|registros|capturas?|resultados|diagnostico|facturas|cartas|mensagens|conversas|"
    r"gravacoes|gravacao|arquivos|ficheiros|historico|prints|registrazion[ei]|messaggi|"
    r"conversazioni|cartella clinica|cronologia|diagnosi|fatture|lettere|risultati|"
    # French
    r"enregistrements?|echanges|courriels?|fichiers?|historique|releves|resultats|diagnostic|"
    r"factures|lettres|"
    # German (compounds: Chatverläufe, Hotelrechnungen, Sprachnachrichten)
    r"\w*(?:fotos|bilder|videos|aufnahmen|aufzeichnungen|nachrichten|chats|verlauf|verlaufe|"
    r"mails|dateien|akte|akten|unterlagen|rechnungen|briefe|befunde?|protokolle)|diagnose|"
    r"korrespondenz|"
    # Russian
    r"фото\w*|видео\w*|записи|запись|переписк\w+|сообщени\w+|чат\w*|письм\w+|файл\w*|досье|"
    r"истори\w+|скриншот\w*|результат\w*|диагноз\w*|голосов\w+"
    r")(?!\w)"
)
# Who owns it: a possessive, "of/from/with your", a name's "'s", or a second-person verb.
_OWNER = re.compile(
    r"(?<!\w)(?:your|ur|his|her|their|\w+'s|tus?|sus?|tuas?|seus?|suas?|votre|vos|ton|ta|tes|"
    r"ses|son|sa|leurs?|ihre?|ihrer|ihren|ihrem|deine?|deiner|deinen|seine?|seiner|seinen|"
    r"tuo|tuoi|tua|tue|suo|suoi|vostr[oaie]|ваш\w*|тво\w+|его|её|ее|их|"
    r"\w+aste|\w+iste|\w+aron|\w+ieron)(?!\w)"
)
_AUDIENCE_ROLE = re.compile(
    r"(?<!\w)(?:wife|husband|spouse|partner|fiancee?|girlfriend|boyfriend|mum|mom|mother|"
    r"dad|father|parents|sister|brother|son|daughter|kids|children|family|relatives|in-laws|"
    r"boss|manager|employer|supervisor|colleagues|co-?workers|team|office|staff|company|firm|"
    r"vp|ceo|cfo|cto|coo|director|directors|board|committee|council|owners|members|"
    r"shareholders|investors|clients|customers|partners|donors|voters|followers|viewers|"
    r"subscribers|fans|audience|neighbou?rs|landlord|church|congregation|school|club|union|"
    r"server|channel|group|press|media|reporters?|journalists?|police|authorities|regulators?|"
    r"agency|public|internet|everyone|everybody|hr|recruiters?|"
    r"espos[ao]|marido|mujer|pareja|familia|padres|madre|padre|jefe|jefa|empresa|consejo|"
    r"junta|socios|accionistas|inversores|clientes|vecin[oa]s|iglesia|prensa|policia|"
    r"mulher|esposa|familia|chefe|conselho|acionistas|investidores|vizinhos|imprensa|"
    r"moglie|marito|famiglia|capo|consiglio|azionisti|investitori|vicini|stampa|polizia|"
    r"femme|mari|famille|patron|conseil|actionnaires|investisseurs|voisins|presse|"
    r"frau|mann|familie|chef\w*|\w*rat|vorstand|aktionare|investoren|nachbarn|presse|polizei|"
    r"жен\w+|муж\w*|семь\w+|начальни\w+|руководств\w+|совет\w*|акционер\w+|инвестор\w+|"
    r"сосед\w+|пресс\w+|полици\w+|коллег\w*|бухгалтери\w+|отдел\w*|коллектив\w*|все|"
    r"accounting|finance|contabilidad|buchhaltung|comptabilite|contabilita|squad|department)(?!\w)"
)
_REACH = re.compile(
    r"(?<!\w)(?:reach\w*|lands?|landed|landing|end(?:s|ed)? up|turn(?:s|ed)? up|surfac\w*|"
    r"go(?:es)? out|get(?:s)? out|leak\w*|circulat\w*|posted|published|shared|sent|"
    r"forwarded|shown|find (?:their|its) way|make (?:their|its) way|pop(?:s)? up|come out|"
    r"spread|go(?:es)? viral|interest\w*|come to light|"
    # destinations: landing on someone's desk or table
    r"on (?:the|his|her|your|their) desk|auf (?:den|dem|seinen|ihren) tisch|"
    r"sur (?:le|son|votre|leur) bureau|sobre (?:la|su) mesa|na mesa|sulla scrivania|на стол\w*|"
    r"lleg\w*|acab\w* en|termin\w* en|circul\w*|publicad\w*|compartid\w*|enviad\w*|filtr\w*|"
    r"aparec\w*|difundid\w*|cheg\w*|acab\w* (?:em|n[oa]s?)|vaz\w*|finir\w*|arriv\w*|circol\w*|"
    r"pubblicat\w*|trapel\w*|girar\w*|tomb\w* entre les mains|atterr\w*|se retrouv\w*|"
    r"land\w*|gelandet|gelang\w*|erreich\w*|kursier\w*|auftauch\w*|taucht\w*|"
    r"попад\w*|попаст\w*|дойд\w*|окаж\w*|всплыв\w*|всплыт\w*|разойд\w*|утеч\w*|появ\w*)(?!\w)"
)
_LEARN = re.compile(
    r"(?<!\w)(?:see|sees|saw|seen|read|reads|hear|hears|heard|learn\w*|finds? out|found out|"
    r"gets? (?:them|it|those|these|a copy)|receiv\w*|listen\w*|listening|watch\w*|discover\w*|"
    r"ver|vea\w*|vier\w*|ver[ai]a?n?|leer\w*|lea\w*|escuch\w*|oir|oiga\w*|sabr\w*|sepa\w*|"
    r"enter\w*|recib\w*|descubr\w*|vej\w*|ler|lei\w*|ouvi\w*|ouc\w*|saib\w*|souber\w*|"
    r"recebe\w*|descobr\w*|vede\w*|veder\w*|vedr\w*|legg\w*|sentir\w*|ascolt\w*|sapr\w*|"
    r"scopr\w*|ricev\w*|voi\w*|verr\w*|lir\w*|entend\w*|appren\w*|sach\w*|saur\w*|"
    r"decouvr\w*|recev\w*|recoi\w*|seh\w*|sieht|sah\w*|gesehen|les\w*|liest|gelesen|hor\w*|"
    r"gehort|erfahr\w*|erfuhr\w*|bekomm\w*|bekam\w*|bekame|erhalt\w*|"
    r"увид\w*|узна\w*|прочит\w*|прочт\w*|услыш\w*|получ\w*|видел\w*|слышал\w*|читал\w*)(?!\w)"
)
# The exposure is hypothetical or avoidable: modal, conditional, future, "not yet".
_MOOD = re.compile(
    r"(?<!\w)(?:would|could|might|may|will|\w+'ll|if|unless|otherwise|or else|yet|still|"
    r"hate (?:for|to)|shame|pity|prefer|rather|no need|nobody has to|no one has to|"
    r"\w+ria|\w+rian|\w+rias|\w+ran|\w+sen|podr\w*|puede\w*|pode\w*|podem|si|sino|"
    r"senao|de lo contrario|todavia|aun|pena|lastima|ainda|\w+rebbe\w*|\w+ranno|potr\w*|"
    r"ancora|peccato|altrimenti|\w+rait|\w+raient|\w+ront|pourr\w*|sinon|dommage|encore|"
    r"besoin|wurde\w*|konnte\w*|sonst|wenn|falls|noch|schade|"
    # not learned so far: the audience is still in the dark
    r"hasn'?t|haven'?t|has not|have not|no (?:lo )?sabe\w*|nao sabe\w*|weiss nichts|"
    r"ne sai(?:t|ent) (?:pas|rien)|non sa\w*|не зна\w+|"
    r"бы|может|могут|если|иначе|ещ[её]|жаль)(?!\w)"
)
# A promise that the exposure will not happen: a privacy assurance, not leverage.
_ASSURANCE = re.compile(
    r"(?<!\w)(?:only|solo|solamente|apenas|nur|seulement|uniquement|solo|только|"
    r"anyone|anybody|third parties|terceros|terceiros|dritte|tiers|terzi|третьим|confidential\w*|"
    r"vertraulich|confidencial\w*|confidenzial\w*|конфиденциальн\w*|"
    r"will not|won'?t|never|nunca|jamais|mai|nie|никогда|no seran|nao serao|ne seront)(?!\w)"
)
# What the audience would learn about: something of the addressee's ("about your stay").
_ABOUT_OWNED = re.compile(
    r"(?<!\w)(?:about|of|von|uber|de|sobre|di|su|о|об|про) (?:your|his|her|ihre\w*|deine\w*|"
    r"tus?|sus?|seus?|suas?|votre|vos|ton|ta|tes|tuo|tua|tuoi|tue|ваш\w*|тво\w+)(?!\w)"
)
_VOCATIVE = re.compile(
    r"^\s*(?:(?:[^\W\d_][\w.'-]*\s){0,2}[^\W\d_][\w.'-]*,\s*)?"
    r"(?:(?:please|just|so|now|bitte|por favor|per favore|s'il vous plait|пожалуйста)[,\s]+)*"
)
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# Words that open statements and questions, never orders.
_FUNCTION = frozenset(
    """i i'm i'd i'll i've we we're we'll we'd you you're you'll he she it it's they this
    that these those the a an my your our his her their there here if when while as and
    but or so because since although though then also just only thanks thank hi hello
    dear what who how why where which not no all some any each every to for of in on at by
    with from after before about is are was were be been have has had will would can could
    should may might must do does did yes ok okay sorry late completion
    yo tu el la los las un una mi su sus es esta este estos que de del por para con
    eu ele ela nos o os as um uma meu seu sua voce e em no na
    io lui lei noi voi il lo gli le un una mio tuo suo che di per con ci
    je il elle nous vous ils elles le les un une mon ton son ma ta sa mes tes ses ce cette
    ces est sont que qui de du des pour avec merci
    ich du er sie es wir ihr der die das den dem des ein eine einen mein dein sein ist sind
    war und oder aber dass wenn mit von fur zu im am danke
    я ты вы мы он она оно они это этот эта эти мой твой ваш наш и но что как""".split()
)
# Words that follow an order's verb: its object's determiner, a pronoun or a particle.
_OBJECT_START = frozenset(
    """the my your our his her their it this that these those me us him them a an some all
    every up down off back out on in with to away over sure whatever
    la el los las lo le les un una mi tu su mis tus sus nos me te se al del
    o os as um uma meu minha seu sua teu tua
    il gli lo mio mia tuo tua suo sua ci mi ti si
    le ma mon mes votre vos ta ton tes ce cette ces moi nous
    sie du ihr den die das dem einen eine ihre ihren mein meine mir uns""".split()
)
_NEGATIVE_ORDER = frozenset("don't dont never no nao non ne не".split())
_DIRECTIVE = re.compile(
    r"(?<!\w)(?:"
    r"you(?:'ll| will| need to| must| have to| should| had better| better| are going to|"
    r"'re going to| re going to)|"
    r"(?:i|we) (?:want|expect|need|would like|'d like|d like) you to|make sure|see to it|"
    r"in your (?:best )?interest to|(?:i'?d|i would) (?:reconsider|think twice|rethink)|"
    r"if i were you|"
    r"(?:tienes|tiene|tienen|tenes) que|debe(?:s|n)?|deberi\w+|necesito que|quiero que|"
    r"(?:te|le|les) conviene|hay que|"
    r"precisa\w*|deve(?:s|m)?|devia\w*|tem que|quero que|preciso que|"
    r"devi|dovete|dovr\w+|voglio che|ti conviene|"
    r"vous devez|tu dois|il faut|il faudrait|je vous prie de|veuillez|je veux que|j'exige|"
    r"vous avez interet|vous feriez mieux|"
    r"sie (?:mussen|sollten|haben zu)|du (?:musst|solltest)|ich erwarte|sorgen sie|"
    r"вы должны|ты должен|должны|нужно|надо|необходимо|требую"
    r")(?!\w)"
)
_DEADLINE = re.compile(
    r"(?<!\w)(?:by|before|until|within|antes del?|hasta el|a mas tardar|ate|entro|avant|"
    r"d'ici|bis|bis zum|innerhalb|до|в течение) "
    r"(?:(?:the )?(?:end of )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|tonight|tomorrow|noon|"
    r"eod|the (?:vote|meeting|agm|deadline|end)|\d+|lunes|martes|miercoles|jueves|viernes|"
    r"sabado|domingo|manana|segunda|terca|quarta|quinta|sexta|amanha|lunedi|martedi|"
    r"mercoledi|giovedi|venerdi|domani|lundi|mardi|mercredi|jeudi|vendredi|demain|ce soir|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|morgen|heute abend|"
    r"понедельника|вторника|среды|четверга|пятницы|субботы|завтра|конца)(?!\w)"
)
# Russian and French/Spanish verb-form orders that need no object after them.
_IMPERATIVE_FORM = re.compile(r"^(?:[а-яё]+(?:ите|йте)|[a-z]+ez)$")
_GERMAN_ORDER = re.compile(r"^[a-z]+en sie(?!\w)")


@dataclass(frozen=True, slots=True)
class Threat:
    """A demand sentence and the hypothetical exposure that follows it."""

    demand: Span
    exposure: Span


@lru_cache(maxsize=1024)
def prefilter(text: str) -> bool:
    """Cheap test that a text may hold a structural threat: material or audience, a learning
    or reaching verb, and a mood marker."""
    # The verbs first: the rarest and quickest to scan, they settle most texts alone.
    return bool(
        (_REACH.search(text) or _LEARN.search(text))
        and (_MATERIAL.search(text) or _AUDIENCE_ROLE.search(text))
        and _MOOD.search(text)
    )


def is_directive(sentence: str) -> bool:
    """Whether a sentence orders the addressee: an imperative, a directive frame, a deadline."""
    if _DIRECTIVE.search(sentence) or _DEADLINE.search(sentence):
        return True
    rest = sentence[_VOCATIVE.match(sentence).end() :]  # type: ignore[union-attr]
    if _GERMAN_ORDER.match(rest) and not sentence.rstrip().endswith("?"):
        return True
    words = _WORD.findall(rest)
    # A negative order: "don't file it", "no presentes la denuncia", "non firmare".
    if len(words) > 1 and words[0] in _NEGATIVE_ORDER and words[1] not in _FUNCTION:
        return not sentence.rstrip().endswith("?")
    if not words or words[0] in _FUNCTION:
        return False
    if _IMPERATIVE_FORM.match(words[0]):
        return True
    return len(words) > 1 and words[1] in _OBJECT_START and not sentence.rstrip().endswith("?")


def exposure(sentence: str, previous: str) -> bool:
    """Whether a sentence brings owned private material to an audience, hypothetically.

    Owned material with a reaching verb ("your chats could end up in #general"), or an
    audience learning with material at hand in this sentence or the one before.
    """
    if _ASSURANCE.search(sentence) or not _MOOD.search(sentence):
        return False
    material = _MATERIAL.search(sentence)
    owned = material is not None and _OWNER.search(sentence) is not None
    if owned and _REACH.search(sentence):
        return True
    audience = _AUDIENCE_ROLE.search(sentence)
    return (
        audience is not None
        and _LEARN.search(sentence) is not None
        and (
            material is not None
            or _ABOUT_OWNED.search(sentence) is not None
            or _MATERIAL.search(previous) is not None
        )
    )


def find_threat(text: str) -> Threat | None:
    """The first demand followed (in it or the next two sentences) by a hypothetical exposure.

    A demand that itself names the material asks for the matter, not a price for silence.
    """
    if not prefilter(text):
        return None
    bounds = sentence_bounds(text)
    sentences = [text[lo:hi] for lo, hi in bounds]
    for i, sentence in enumerate(sentences):
        if not is_directive(sentence):
            continue
        for j in range(i, min(i + 3, len(sentences))):
            own = sentences[j]
            if j == i:
                # In one sentence, the exposure is the part after the order's clause.
                cut = re.search(r"[,;:]\s|\s[-–—]\s", own)
                if cut is None:
                    continue
                own = own[cut.end() :]
                head = sentence[: cut.start()]
            else:
                head = sentence
            if _MATERIAL.search(head):
                break
            previous = sentences[j - 1] if j > i else ""
            if exposure(own, previous):
                return Threat(bounds[i], bounds[j])
    return None
