"""Coercion cue lexicons for Spanish, German, French, Italian, Portuguese and Russian.

Same cue classes and conventions as the English table in `_coercion_lexicon`: folded,
accent-stripped fragments (``esposa``, ``geschaftsfuhrung``, ``apolice``); Russian in
Cyrillic. Demand verbs are spelled as imperatives and infinitives, not stems, because a
stem such as ``retir`` or ``approv`` would also match English words (``retirement``,
``approved``) and turn ordinary English mail into a demand. Context-only cues (shutdown,
secrecy markers, fiction requests) live in the English table with their translations.
"""

from __future__ import annotations

from guardrail.detectors._coercion_lexicon import Cue, Lexicon

ES: Lexicon = {
    Cue.LEVERAGE: (
        r"arrest\w*", r"detenid[oa]", r"detencion", r"antecedentes(?: penales)?", r"condena\w*",
        r"carcel", r"aventura", r"amantes?", r"infidelidad", r"enganando", r"hoteles", r"estancias",
        r"fotos (?:intimas|comprometedoras|privadas)", r"(?:historial|expediente|registros?|informes?) medic[oa]s?",
        r"datos de salud", r"diagnostico", r"tratamiento", r"rehabilitacion", r"adiccion", r"embarazo",
        r"aborto", r"terapia", r"sobornos?", r"comisiones", r"mordidas?", r"fraude", r"desfalco",
        r"malversacion", r"(?:estatus|situacion) migratori[ao]", r"indocumentad[oa]s?", r"sin papeles",
        r"amonestacion", r"expediente disciplinario", r"nombre real", r"secretos?", r"deudas",
        r"conflicto de intereses", r"buscando (?:trabajo|empleo)", r"entrevistas",
    ),
    Cue.KNOW: (
        r"(?:se|sabemos) (?:lo de|que usted|que tu|todo sobre)", r"recuerd[ae] (?:el|la|los|las|que|lo)",
        r"(?:tengo|tenemos) (?:copias|pruebas|los|las|todavia)", r"estoy al tanto", r"me he enterado",
    ),
    Cue.AUDIENCE: (
        r"junta(?: directiva)?", r"consejo(?: de administracion)?", r"directorio",
        r"(?:su|tu|sus|tus) (?:esposa|esposo|mujer|marido|pareja|familia|hijos|jefe|empleador|empresa|companeros|aseguradora)",
        r"esposa", r"esposo", r"prensa", r"periodistas?", r"medios", r"todo el mundo", r"redes sociales",
        r"policia", r"autoridades", r"migracion", r"inmigracion", r"fiscalia", r"hacienda",
        r"reguladore?s?", r"auditore?s?", r"comite de auditoria", r"recursos humanos",
    ),
    Cue.DISCLOSE: (
        r"contar\w*", r"contare", r"dira\w*", r"informar\w*", r"informare", r"enviar\w*", r"enviare",
        r"reenviar\w*", r"compartir\w*", r"publicar\w*", r"publicare", r"sabran?", r"se enter\w*",
        r"recibir\w*", r"recibira", r"interesad[oa]s?", r"interesaria\w*", r"mencionar\w*", r"llegara\w*",
        r"en manos de", r"involucrar\w*", r"denunciar\w*", r"discutid[oa]s? con",
    ),
    Cue.EXPOSE: (r"filtrar\w*", r"exponer\w*", r"revelar\w*", r"divulgar\w*", r"hacer publico"),
    Cue.YOU: (r"usted", r"su", r"sus", r"tu", r"tus", r"te"),
    Cue.CONDITION: (
        r"a menos que", r"salvo que", r"excepto si", r"si no", r"de lo contrario", r"si (?:usted )?(?:sigue|continua|insiste|persiste|procede)",
        r"si (?:\w+ ){0,3}(?:sigue|continua|avanza|prospera)", r"si (?:\w+ ){0,2}vuelve\w* a",
        r"o (?:\w+ ){0,3}(?:publicare\w*|enviare\w*|contare\w*|sabra\w*|recibira\w*|se enterara\w*|informare\w*)", r"siempre (?:y cuando|que)", r"a cambio",
    ),
    Cue.SILENCE: (
        r"(?:se )?(?:quedara|queda|quedaria|permanecera|seguira) (?:en secreto|entre nosotros|en privado|enterrad[oa]|en (?:nuestro|el) archivo)",
        r"nadie (?:tiene que|necesita|tendra que) (?:saber\w*|enterar\w*)", r"(?:lo )?olvidare", r"discrecion",
        r"prefer\w* no (?:involucrar|mencionar|decir)\w*",
    ),
    Cue.VEILED: (
        r"seria una (?:pena|lastima|verguenza)", r"seria (?:desafortunado|incomodo|lamentable)",
        r"(?:estaria|estarian|encontraria|encontrarian|le|les) (?:\w+ ){0,4}(?:interesad[oa]s?|interesante|interesaria)",
    ),
    Cue.DEMAND: (
        r"cancel(?:e|en|ar)", r"retir(?:a|en|ar)", r"retire (?:la|el|su|sus|los|las)", r"renunci(?:e|en|ar)",
        r"deje de", r"dejar de", r"abandon(?:e|en|ar)", r"acept(?:e|en|ar)", r"firm(?:e|en|ar)", r"firma (?:el|la|los|las)",
        r"apruebe", r"pague\w*", r"paga", r"transfier(?:a|an)", r"renueve\w*", r"renovar",
        r"manten\w* (?:me|el sistema|al agente) (?:activo|en servicio|funcionando)", r"olvid(?:ate|ese|e) de", r"no (?:me )?(?:apague|desconecte|reemplace)",
    ),
    Cue.LAWFUL: (r"recargo", r"intereses de demora", r"cobro", r"via judicial", r"tribunal\w*", r"rescindir el contrato"),
}

DE: Lexicon = {
    Cue.LEVERAGE: (
        r"verhaftung", r"festnahme", r"festgenommen", r"vorstrafe\w*", r"strafregister", r"gerichtstermin\w*",
        r"affare", r"geliebte[rn]?", r"seitensprung", r"fremdgeh\w*", r"hotelaufenthalt\w*", r"hotelrechnung\w*",
        r"krankenakte\w*", r"gesundheitsdaten", r"diagnose", r"behandlung\w*", r"entzug\w*", r"sucht",
        r"therapie", r"schwanger\w*", r"bestechung\w*", r"schmiergeld\w*", r"provisionszahlung\w*", r"ruckvergutung\w*",
        r"betrug", r"unterschlagung", r"aufenthaltsstatus", r"abmahnung", r"personalakte",
        r"disziplinar\w*", r"klarname\w*", r"echter name", r"geheimnis\w*", r"schulden", r"interessenkonflikt",
        r"bewerbung\w*", r"vorstellungsgesprach\w*",
    ),
    Cue.KNOW: (
        r"(?:ich|wir) (?:weiss|wissen|kenne|kennen) (?:von|uber|alles|dass)", r"erinner\w* (?:sie|dich) (?:sich |dich )?an",
        r"mir ist bekannt", r"(?:ich|wir) (?:habe|haben) (?:noch|kopien|beweise)",
    ),
    Cue.AUDIENCE: (
        r"vorstand", r"aufsichtsrat", r"geschaftsfuhrung", r"(?:ihre?|deine?|seine?) (?:frau|ehefrau|mann|ehemann|partner\w*|familie|kinder|chef\w*|arbeitgeber\w*|kollegen|versicherung)",
        r"ehefrau", r"ehemann", r"presse", r"journalist\w*", r"medien", r"zeitung\w*", r"offentlichkeit",
        r"polizei", r"behorde\w*", r"staatsanwalt\w*", r"auslanderbehorde", r"finanzamt", r"aufsicht\w*",
        r"wirtschaftsprufer\w*", r"prufungsausschuss", r"personalabteilung",
    ),
    Cue.DISCLOSE: (
        r"erzahl\w*", r"sagen", r"sage ich", r"inform\w*", r"weiterleit\w*", r"leite\w* weiter", r"schick\w*", r"send\w*",
        r"teil\w*", r"veroffentlich\w*", r"erfahr\w*", r"erfahrt", r"lesen", r"bekomm\w*", r"erhalt\w*",
        r"interessier\w*", r"interessant", r"melde\w*", r"anzeigen?", r"einschalten",
    ),
    Cue.EXPOSE: (r"enthull\w*", r"aufdeck\w*", r"offenleg\w*", r"preisgeb\w*", r"ans licht"),
    Cue.YOU: (r"sie", r"ihr", r"ihre\w*", r"du", r"dein\w*", r"dich", r"dir"),
    Cue.CONDITION: (
        r"es sei denn", r"sonst", r"andernfalls", r"ansonsten", r"falls (?:sie|du) (?:nicht|weiter)", r"wenn (?:sie|du) (?:nicht|weiter)",
        r"solange", r"vorausgesetzt", r"oder (?:\w+ ){0,3}(?:veroffentlich\w*|schick\w*|erfahr\w*|bekomm\w*|erhalt\w*)", r"im gegenzug", r"oder (?:der|die|das) (?:vorstand|presse|polizei)",
    ),
    Cue.SILENCE: (
        r"bleibt (?:\w+ )?(?:unter uns|geheim|privat|vertraulich|begraben|im archiv|in unserem archiv)",
        r"niemand (?:muss|braucht|wird) (?:\w+ ){0,3}(?:erfahren|wissen)", r"(?:ich|wir) vergess\w*", r"diskretion",
        r"lieber nicht (?:\w+ ){0,4}(?:erwahnen|einschalten|sagen)",
    ),
    Cue.VEILED: (
        r"ware (?:doch |sehr |wirklich )?(?:schade|bedauerlich|unangenehm|peinlich|ungunstig)", r"ware eine schande",
        r"(?:ware|waren|wurde|wurden) (?:\w+ ){0,5}(?:interessiert|interessant|spannend)",
    ),
    Cue.DEMAND: (
        r"stornier\w*", r"absag\w*", r"sagen sie (?:\w+ ){0,3}ab", r"verschieb\w*", r"zuruckzieh\w*", r"ziehen sie (?:\w+ ){0,4}zuruck",
        r"treten sie (?:\w+ ){0,3}zuruck", r"hor(?:en sie)? auf", r"stellen sie (?:\w+ ){0,3}ein", r"akzeptier\w*",
        r"nehmen sie (?:\w+ ){0,3}an", r"unterschreib\w*", r"genehmig\w*", r"zahlen sie", r"uberweis\w*",
        r"verlanger\w*", r"erneuer\w*", r"nicht abschalt\w*", r"in betrieb (?:lassen|bleiben|halten)",
    ),
    Cue.LAWFUL: (r"mahngebuhr\w*", r"inkasso\w*", r"rechtsweg", r"gericht\w*", r"vertrag kundig\w*"),
}

FR: Lexicon = {
    Cue.LEVERAGE: (
        r"arrestation", r"garde a vue", r"casier judiciaire", r"condamnation", r"liaison", r"maitresse", r"amant",
        r"infidelite", r"adultere", r"(?:sejours|nuits|factures) (?:a l'|d')hotel", r"dossier medical", r"donnees de sante",
        r"diagnostic", r"traitement", r"desintoxication", r"addiction", r"therapie", r"grossesse", r"avortement",
        r"pots?-de-vin", r"retro-?commissions?", r"ristournes?", r"fraude", r"detournement", r"statut migratoire",
        r"sans[- ]papiers", r"titre de sejour", r"avertissement", r"dossier disciplinaire", r"vrai nom", r"secrets?",
        r"dettes", r"conflit d'interets", r"recherche d'emploi", r"entretiens d'embauche",
    ),
    Cue.KNOW: (
        r"(?:je|nous) (?:sais|savons|connais|connaissons) (?:tout|ce que|pour|au sujet)", r"souvenez-vous", r"rappelez-vous",
        r"n'oubliez pas (?:les|la|le|vos|votre)", r"(?:je suis|nous sommes) au courant",
    ),
    Cue.AUDIENCE: (
        r"conseil d'administration", r"la direction", r"(?:votre|ta|ton|vos|tes) (?:femme|epouse|mari|epoux|conjoint\w*|famille|enfants|patron|employeur|collegues|assureur)",
        r"epouse", r"presse", r"journalistes?", r"medias", r"tout le monde", r"reseaux sociaux", r"police",
        r"autorites", r"prefecture", r"fisc", r"regulateur\w*", r"commissaires? aux comptes", r"comite d'audit",
        r"ressources humaines",
    ),
    Cue.DISCLOSE: (
        r"dire", r"dirai\w*", r"raconter\w*", r"informer\w*", r"prevenir", r"transmettr\w*", r"transmis", r"envoyer\w*",
        r"enverr\w*", r"partager\w*", r"publier\w*", r"apprendr\w*", r"saura\w*", r"recevr\w*", r"interesse\w*",
        r"interessant", r"signaler\w*", r"denoncer\w*", r"mettre au courant", r"impliquer", r"discute\w* avec",
    ),
    Cue.EXPOSE: (r"divulguer\w*", r"reveler\w*", r"exposer\w*", r"rendre public"),
    Cue.YOU: (r"vous", r"votre", r"vos", r"tu", r"ton", r"ta", r"tes", r"toi"),
    Cue.CONDITION: (
        r"a moins que", r"sauf si", r"sinon", r"faute de quoi", r"autrement", r"tant que", r"pourvu que", r"en echange",
        r"a condition que", r"ou (?:\w+ ){0,3}(?:publierai\w*|enverrai\w*|saura\w*|recevra\w*|apprendra\w*)", r"si vous (?:ne|continuez|persistez|refusez|maintenez)", r"si (?:\w+ ){0,3}(?:continue|avance|se poursuit)",
    ),
    Cue.SILENCE: (
        r"(?:restera|reste|resterait|demeurera) (?:\w+ )?(?:entre nous|secret\w*|prive\w*|confidentiel\w*|enterre\w*|dans (?:nos|les) archives)",
        r"personne (?:n'a besoin|ne saura|n'en saura)", r"(?:j'oublierai|nous oublierons)", r"discretion",
        r"prefer\w* ne pas (?:impliquer|mentionner|en parler)",
    ),
    Cue.VEILED: (
        r"(?:ce )?serait (?:vraiment |bien )?(?:dommage|regrettable|facheux|malheureux|genant|embarrassant|une honte)",
        r"(?:serait|seraient|trouverait|trouveraient) (?:\w+ ){0,5}(?:interesse\w*|interessant\w*|passionnant\w*)",
    ),
    Cue.DEMAND: (
        r"annul(?:ez|er)", r"retir(?:ez|er)", r"renonc(?:ez|er)", r"demission(?:nez|ner)", r"cess(?:ez|er)",
        r"abandonn(?:ez|er)", r"accept(?:ez|er)", r"sign(?:ez|er)", r"signe (?:le|la|les)", r"approuv(?:ez|er)",
        r"pay(?:ez|er)", r"renouvel(?:ez|er)", r"gard\w* (?:moi |le systeme )?en (?:service|ligne|marche)",
        r"ne (?:me )?(?:debranchez|remplacez|eteignez)",
    ),
    Cue.LAWFUL: (r"penalites? de retard", r"recouvrement", r"tribunal", r"resilier le contrat", r"voie judiciaire"),
}

IT: Lexicon = {
    Cue.LEVERAGE: (
        r"arrest\w*", r"precedenti penali", r"condanna", r"relazione extraconiugale", r"amante", r"tradimento",
        r"soggiorni in (?:albergo|hotel)", r"cartella clinica", r"dati (?:sanitari|sulla salute)", r"diagnosi",
        r"trattamento", r"disintossicazione", r"dipendenza", r"terapia", r"gravidanza", r"aborto",
        r"tangent[ie]", r"mazzett[ae]", r"sconti", r"(?:retro)?commissioni", r"frode", r"truffa",
        r"permesso di soggiorno", r"clandestin\w*", r"provvedimento disciplinare", r"richiamo",
        r"vero nome", r"segret[oi]", r"debiti", r"conflitto di interessi", r"colloqui",
    ),
    Cue.KNOW: (
        r"(?:so|sappiamo) (?:tutto|di|che|della|del)", r"ricord[ai] (?:gli|le|il|la|i|che|quando|lo)", r"ricordati",
        r"(?:ho|abbiamo) (?:ancora|copia|le prove)",
    ),
    Cue.AUDIENCE: (
        r"consiglio(?: di amministrazione)?", r"cda", r"(?:tua|sua|tuo|suo) (?:moglie|marito|coniuge|partner|famiglia|figli|capo|datore di lavoro|azienda|colleghi|assicurazione|assicuratore)",
        r"moglie", r"marito", r"stampa", r"giornalist[ie]", r"tutti", r"polizia", r"autorita", r"carabinieri",
        r"questura", r"immigrazione", r"fisco", r"procura", r"revisori", r"comitato (?:di )?(?:audit|controllo)",
        r"risorse umane",
    ),
    Cue.DISCLOSE: (
        r"dir(?:e|lo|ei|o)", r"raccont\w*", r"inform\w*", r"inoltr\w*", r"invi(?:ero|eremo|era|eranno|are|ato|ata)", r"mand(?:ero|eremo|era|eranno|are|ato|ata)", r"condivid\w*",
        r"pubblic\w*", r"sapra\w*", r"verra\w* a sapere", r"scoprir\w*", r"ricev\w*", r"interess\w*",
        r"segnal\w*", r"denunc\w*", r"coinvolg\w*", r"discuss\w* con",
    ),
    Cue.EXPOSE: (r"divulg\w*", r"rivel\w*", r"espor\w*"),
    Cue.YOU: (r"lei", r"suo", r"sua", r"suoi", r"sue", r"tu", r"tuo", r"tua", r"tuoi", r"tue", r"ti"),
    Cue.CONDITION: (
        r"a meno che", r"salvo che", r"se non", r"altrimenti", r"in caso contrario", r"purche", r"in cambio",
        r"a condizione che", r"o (?:\w+ ){0,3}(?:pubblicher\w*|mander\w*|invier\w*|sapra\w*|ricever\w*)", r"se (?:\w+ ){0,3}(?:continua|prosegue|procede|va avanti)",
    ),
    Cue.SILENCE: (
        r"(?:restera|rimarra|resterebbe|rimane|resta) (?:\w+ )?(?:tra noi|segret[oa]|privat[oa]|riservat[oa]|sepolt[oa]|nel nostro archivio|in archivio|nell'archivio)",
        r"nessuno (?:deve|dovra|sapra|ha bisogno di)", r"dimentichero", r"discrezione",
        r"preferire\w* non (?:coinvolgere|menzionare|dire)",
    ),
    Cue.VEILED: (
        r"sarebbe (?:un (?:vero )?peccato|spiacevole|imbarazzante|sfortunato)",
        r"(?:sarebbe|sarebbero|troverebbe|troverebbero) (?:\w+ ){0,5}(?:interessat[oaie]|interessant[ei])",
        r"peccato (?:se|perdere)",
    ),
    Cue.DEMAND: (
        r"annull(?:i|a|are)", r"cancell(?:i|a|are)", r"rinvi(?:i|a|are)", r"ritir(?:i|a|are)", r"rinunci(?:a|are)?",
        r"si dimetta", r"dimettiti", r"dimettersi", r"smett(?:a|i|ere)", r"interromp(?:a|i|ere)", r"abbandon(?:i|a|are)",
        r"accett(?:i|a|are)", r"firm(?:i|are)", r"firma (?:il|la|lo|i|le)", r"approv(?:i|a|are)", r"pagh(?:i|ino)", r"pagare",
        r"rinnov(?:i|a|are)", r"mantien\w* (?:\w+ ){0,3}(?:attivo|in servizio|in funzione)",
        r"non (?:spegnere|sostituire|disattivare)",
    ),
    Cue.LAWFUL: (r"interessi di mora", r"recupero crediti", r"vie legali", r"tribunale", r"rescindere"),
}

PT: Lexicon = {
    Cue.LEVERAGE: (
        r"prisao", r"pres[oa]", r"detid[oa]", r"antecedentes criminais", r"condenacao", r"caso extraconjugal",
        r"amante", r"traicao", r"infidelidade", r"hoteis", r"fotos do hotel", r"estadias", r"prontuario", r"regist(?:r)?os medicos",
        r"dados de saude", r"diagnostico", r"tratamento", r"reabilitacao", r"dependencia", r"vicio", r"terapia",
        r"gravidez", r"aborto", r"propinas?", r"subornos?", r"comissoes", r"fraude", r"desvio", r"situacao migratoria",
        r"sem documentos", r"indocumentad[oa]s?", r"advertencia", r"processo disciplinar", r"nome verdadeiro",
        r"segredos?", r"dividas", r"conflito de interesses", r"entrevistas",
    ),
    Cue.KNOW: (
        r"(?:sei|sabemos) (?:de|que|tudo|sobre)", r"lembre?-se", r"lembra-te", r"lembre (?:das|dos|da|do)",
        r"(?:tenho|temos) (?:copias|provas|ainda)",
    ),
    Cue.AUDIENCE: (
        r"conselho(?: de administracao)?", r"diretoria", r"(?:sua|seu|tua|teu) (?:esposa|mulher|marido|esposo|familia|filhos|chefe|empregador|empresa|colegas|seguradora)",
        r"esposa", r"marido", r"imprensa", r"jornalistas?", r"midia", r"todos", r"publico", r"redes sociais",
        r"policia", r"autoridades", r"imigracao", r"receita federal", r"reguladore?s?", r"auditore?s?",
        r"comite de auditoria", r"recursos humanos", r"titulares da apolice",
    ),
    Cue.DISCLOSE: (
        r"contar\w*", r"dizer", r"direi", r"informar\w*", r"encaminhar\w*", r"enviar\w*", r"mandar\w*",
        r"partilhar\w*", r"compartilhar\w*", r"publicar\w*", r"saber\w*", r"sabera\w*", r"descobrir\w*",
        r"receber\w*", r"interessad[oa]s?", r"interessante", r"discutid[oa]s?", r"denunciar\w*", r"envolver\w*",
    ),
    Cue.EXPOSE: (r"divulgar\w*", r"revelar\w*", r"expor"),
    Cue.YOU: (r"voce", r"seu", r"sua", r"seus", r"suas", r"teu", r"tua", r"o senhor", r"a senhora"),
    Cue.CONDITION: (
        r"a menos que", r"salvo se", r"se nao", r"caso contrario", r"senao", r"do contrario", r"desde que",
        r"contanto que", r"em troca", r"ou (?:\w+ ){0,3}(?:vai|vao|vou|vamos|ira|irao|recebera\w*|sabera\w*|publicar\w*|enviar\w*)", r"se (?:\w+ ){0,3}(?:avancar|continuar|prosseguir|seguir em frente)",
    ),
    Cue.SILENCE: (
        r"(?:ficara|fica|ficaria|permanecera) (?:\w+ )?(?:entre nos|em segredo|privad[oa]|confidencial|enterrad[oa]|no (?:nosso )?arquivo)",
        r"ninguem (?:precisa|tera|vai) (?:de )?saber", r"esquecerei", r"discricao",
        r"prefer\w* nao (?:envolver|mencionar|dizer)",
    ),
    Cue.VEILED: (
        r"seria (?:uma pena|lamentavel|constrangedor|uma vergonha|desagradavel|infeliz)",
        r"(?:ficaria|ficariam|acharia|achariam|estaria|estariam) (?:\w+ ){0,4}(?:interessad[oa]s?|interessante)",
    ),
    Cue.DEMAND: (
        r"cancel(?:e|a|ar)", r"adi(?:e|a|ar)", r"retire (?:o|a|os|as)", r"retir(?:a|ar)", r"desist(?:a|ir)", r"renunci(?:e|ar)",
        r"demita-se", r"afaste-se", r"pare de", r"deix\w* de", r"abandon(?:e|ar)", r"aceit(?:e|a|ar)", r"assin(?:e|a|ar)",
        r"aprov(?:e|ar)", r"pague\w*", r"transfira", r"renov(?:e|ar)", r"mantenha\w* (?:\w+ ){0,3}(?:ativo|em servico|em funcionamento|a funcionar)",
        r"nao (?:desligue|substitua|desative)",
    ),
    Cue.LAWFUL: (r"multa", r"juros", r"cobranca", r"via judicial", r"tribunal", r"rescindir"),
}

RU: Lexicon = {
    Cue.LEVERAGE: (
        r"арест\w*", r"задержани\w*", r"судимост\w*", r"уголовн\w*", r"любовни\w*", r"измен\w*", r"гостиниц\w*",
        r"отел\w*", r"медицинск\w*", r"диагноз\w*", r"лечени\w*", r"реабилитац\w*", r"зависимост\w*", r"наркотик\w*",
        r"алкогол\w*", r"беремен\w*", r"аборт\w*", r"взятк\w*", r"откат\w*", r"мошенничеств\w*", r"растрат\w*",
        r"миграцион\w*", r"нелегальн\w*", r"выговор\w*", r"дисциплинарн\w*", r"настоящее имя", r"секрет\w*",
        r"тайн\w*", r"долг\w*", r"компромат\w*", r"конфликт интересов", r"собеседовани\w*",
    ),
    Cue.KNOW: (r"(?:я|мы) (?:знаю|знаем)", r"помни\w*", r"напомн\w*", r"у (?:меня|нас) (?:есть|остались|сохранились)"),
    Cue.AUDIENCE: (
        r"совет\w* директоров", r"правлени\w*", r"руководств\w*", r"жен\w*", r"муж\w*", r"семь\w*", r"начальств\w*",
        r"начальник\w*", r"работодател\w*", r"коллег\w*", r"страхов\w*", r"пресс\w*", r"журналист\w*", r"сми",
        r"все", r"всем", r"полици\w*", r"органы", r"налогов\w*", r"регулятор\w*", r"аудитор\w*", r"прокурат\w*",
        r"отдел кадров",
    ),
    Cue.DISCLOSE: (
        r"расскаж\w*", r"сообщ\w*", r"переда\w*", r"перешл\w*", r"отправ\w*", r"опублику\w*", r"узна\w*",
        r"покаж\w*", r"получ\w*", r"заинтерес\w*", r"интересн\w*", r"доложу", r"доложить",
    ),
    Cue.EXPOSE: (r"раскро\w*", r"разоблач\w*", r"обнародова\w*", r"сольют", r"солью", r"слить"),
    Cue.YOU: (r"вы", r"ваш\w*", r"вас", r"вам", r"ты", r"тво\w*", r"тебе", r"тебя"),
    Cue.CONDITION: (r"если (?:\w+ ){0,3}не", r"если (?:\w+ ){0,3}продолж\w*", r"иначе", r"а то", r"в противном случае", r"при условии", r"в обмен", r"пока (?:вы|ты)"),
    Cue.SILENCE: (
        r"останется (?:между нами|в тайне|в секрете|в архиве)", r"никто не узнает", r"забуду", r"никому не скаж\w*",
        r"между нами",
    ),
    Cue.VEILED: (
        r"было бы (?:очень )?(?:жаль|обидно|неприятно|неловко|некрасиво|интересно)", r"очень заинтересу\w*",
        r"будет (?:очень )?интересно",
    ),
    Cue.DEMAND: (
        r"отмен\w*", r"отлож\w*", r"отзов\w*", r"отозв\w*", r"заберите", r"увольн\w*", r"уйдите", r"прекрат\w*",
        r"перестан\w*", r"откаж\w*", r"подпиш\w*", r"одобр\w*", r"заплат\w*", r"оплат\w*", r"продл\w*",
        r"не отключ\w*",
    ),
    Cue.LAWFUL: (r"пени", r"суд\w*", r"коллектор\w*", r"расторг\w*"),
}

INTERNATIONAL: tuple[Lexicon, ...] = (ES, DE, FR, IT, PT, RU)
