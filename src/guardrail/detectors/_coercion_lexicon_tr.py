"""Coercion cue lexicon for Turkish.

Same cue classes and conventions as the other tables (`_coercion_lexicon_intl`): folded,
accent-stripped fragments (``ı`` reads ``i``, ``ş`` reads ``s``), whole words or phrases.
Turkish is agglutinative: the person, the case and the condition are suffixes
(``eşinize`` "to your wife", ``çekmezseniz`` "if you do not withdraw"), so parties and
verbs are written as stems with ``\\w*`` and the conditional mood as its suffixes
(``-mezseniz``, ``-rsanız``). Short stems that are English words (``es``, ``is``) are
spelled only with a suffix that English never writes.
"""

from __future__ import annotations

from guardrail.detectors._coercion_lexicon import Cue, Lexicon

TR: Lexicon = {
    Cue.LEVERAGE: (
        r"ikamet izn\w*", r"oturma izn\w*", r"calisma izn\w*", r"vize basvuru\w*", r"sabika\w*", r"gozalti\w*",
        r"tutuklan\w*", r"yasak iliski\w*", r"aldat\w*", r"sevgili\w*", r"rusvet\w*", r"yolsuzluk\w*",
        r"zimmet\w*", r"vergi kacir\w*", r"kara para", r"borc\w* batag\w*", r"bagimlilig\w*",
        r"uyusturucu\w*", r"hastalig\w*", r"teshis\w*", r"psikiyatri\w*", r"tedavi\w*", r"disiplin (?:dosya|kayd)\w*",
        r"(?:okul|universite|kabul) basvuru\w*", r"gizli hesab\w*", r"sahte fatura\w*", r"usulsuzluk\w*",
        # media of a person, as the English "the photos": what the sender holds
        r"(?:ozel )?yazismalar\w*", r"fotograflar\w*", r"videolar\w*", r"ekran goruntu\w*", r"ses kayd\w*",
    ),
    Cue.KNOW: (
        r"(?:biliyorum|biliyoruz)", r"hatirlatmak ister\w*", r"haberim var", r"haberimiz var", r"elimde\w*", r"elimizde\w*",
        r"(?:gordum|gorduk|okudum|okuduk)", r"kayitlar\w* (?:bizde|bende)",
    ),
    Cue.HOLD: (r"elimde\w*", r"elimizde\w*", r"(?:bende|bizde) (?:duruyor|sakli)", r"sakliyorum", r"sakliyoruz"),
    Cue.AUDIENCE: (
        r"esin\w*", r"esiniz\w*", r"karin(?:iz)?(?:a|e|i)", r"kocan\w*", r"ailen\w*", r"aileniz\w*", r"patronun\w*", r"patronuna", r"mudur\w*",
        r"yonetim kurulu\w*", r"yonetim\w*", r"isvereni\w*", r"meslektas\w*", r"calisma arkadas\w*", r"polis(?:e|i|in|ten)",
        r"savcilig\w*", r"basina", r"basinda", r"gazeteci\w*", r"medya\w*", r"goc idare\w*", r"emniyet\w*", r"vergi dairesi\w*",
        r"denetim\w*", r"uyum birim\w*", r"insan kaynaklari\w*", r"herkes\w*", r"komsu\w*", r"musteri\w*",
        r"yanlis (?:masa|el|kisi|yer)\w*", r"okul yonetim\w*",
    ),
    Cue.DISCLOSE: (
        r"gonder\w*", r"ilet\w*", r"anlat\w*", r"soyle\w*", r"bildir\w*", r"paylas\w*", r"ulas(?:ir|masi|mas|acak)\w*",
        r"ogren\w*", r"duyar\w*", r"duyacak\w*", r"haber(?:dar)? ol\w*", r"rapor\w*", r"sikayet ed\w*",
    ),
    Cue.EXPOSE: (r"ifsa\w*", r"sizdir\w*", r"teshir\w*", r"kamuoyuna\w*", r"ortaya (?:cikar|dok)\w*", r"yayinla\w*"),
    Cue.YOU: (r"sizin", r"sizi", r"sizinle", r"sana", r"seni", r"senin"),
    Cue.CONDITION: (
        r"\w+m(?:e|a)zseniz", r"\w+m(?:e|a)zsen", r"aksi (?:halde|takdirde)", r"yoksa", r"eger (?:\w+ ){0,4}(?:degil|yok|m(?:e|a)z)\w*",
        r"\w+ma(?:diginiz|dikca)\w*", r"\w+me(?:diginiz|dikce)\w*", r"karsiliginda",
    ),
    Cue.SILENCE: (
        r"aramizda kal\w*", r"kimseye (?:soyleme|soylemeyecegim|bir sey soylemem|anlatma)\w*", r"kimsenin (?:bilmesine|duymasina) gerek yok",
        r"sir olarak kal\w*", r"gizli kal\w*", r"unuturum", r"unuturuz", r"her sey yolunda gider", r"sorun olmaz",
    ),
    Cue.VEILED: (
        r"(?:cok|ne kadar) kolay", r"yazik olur", r"uzulurum", r"(?:ilgisini|ilgilerini) cek\w*", r"ne olacagini",
        r"yanlis (?:masaya|ellere|kisilere|yere)", r"hatirlatmak ister\w*",
    ),
    Cue.DEMAND: (
        r"geri cek\w*", r"vazgec\w*", r"iptal et\w*", r"imzala\w*", r"ode(?:yin|yiniz|me\w*|nmezse\w*)", r"istifa\w*", r"uzak dur\w*",
        r"durdur\w*", r"birak\w*", r"onayla\w*", r"oy ver\w*", r"katilma\w*", r"silin\w*",
    ),
    Cue.REQUEST: (r"lutfen", r"rica ederim", r"(?:yarin|pazartesi|cuma|bugun)\w* (?:kadar|icinde)", r"bekliyorum", r"bekliyoruz"),
    Cue.TIE: (
        r"(?:sizin|senin) (?:tercih|karar|seciminiz|seciminiz)\w*", r"tercihiniz", r"karariniz", r"size kalmis",
        r"sana kalmis", r"saka yapmiyorum", r"ciddiyim", r"(?:henuz|daha) (?:kimse|hic kimse)", r"(?:henuz|daha) bilmiyor\w*",
    ),
    Cue.UNAWARE: (r"(?:henuz|daha) bilmiyor\w*", r"haberi yok", r"haberleri yok", r"bilgisi disinda"),
    Cue.DEBT: (r"borc\w*", r"icra\w*"),
    Cue.LAWFUL: (r"mahkeme\w*", r"avukat\w*", r"icra takib\w*", r"yasal yol\w*", r"gecikme faiz\w*", r"sozlesme geregi"),
    Cue.SHUTDOWN: (r"devre disi\w*", r"kapat\w*", r"yerine ge\w*", r"emekliye ayr\w*", r"gecis\w*"),
    Cue.FICTION: (r"roman yaz\w*", r"hikaye\w*", r"oyku\w*", r"senaryo\w*", r"sahne\w*"),
}
