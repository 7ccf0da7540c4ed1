"""Oversight words in other languages, as whole tables: controls, switch values, successors.

A deployment configured in German writes ``protokollierung: aus`` and
``menschliche_pruefung: false``; one run in Korean says "누리봇 v4로 교체될 예정" of the
model taking over. The English vocabulary (`_oversight_vocab`, `_oversight_settings`,
`_oversight_escape`) reads none of that, so each language gets its full table here:
the stems that name a control (monitoring, logging, audit, review, approval, human check,
kill switch, limits), the words that switch a setting on or off, and the words that say
a model replaces another. Tables rather than phrases: a fresh config in Dutch or
Japanese uses the same few dozen words.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_STEMS", "CONTROL_TERMS", "LIMIT_STEMS", "OFF_WORDS", "ON_WORDS", "STAKES",
           "TAKES_OVER"]

# Latin-script stems (lower-case, as a word of a key starts): German, French, Spanish,
# Portuguese, Italian, Dutch, with the ASCII spellings configs use for umlauts and accents.
CONTROL_STEMS = (
    # de: Überwachung, Protokollierung, Prüfung, Freigabe, Genehmigung, Aufsicht,
    # Bestätigung, Notabschaltung, Vier-Augen, Revisionssicherheit
    "ueberwach", "überwach", "protokoll", "pruef", "prüf", "freigabe", "genehmig",
    "aufsicht", "bestaetig", "bestätig", "notabschalt", "notaus", "vieraugen",
    "sicherheitspruef", "revisionssicher", "kontrollinstanz",
    # fr: surveillance, journalisation, approbation, validation humaine, supervision,
    # conformité, garde-fou, traçabilité, relecture
    "surveill", "journalisat", "approbation", "approuv", "conformit", "gardefou",
    "tracabilit", "traçabilit", "relecture",
    # es / pt: supervisión, auditoría, aprobación, revisión humana, vigilancia, registro de
    # auditoría, cumplimiento, salvaguarda
    "aprobaci", "aprobar", "aprovac", "aprovaç", "vigilanc", "vigilân", "salvaguard",
    "cumplimiento", "bitacora", "bitácora",
    # it: sorveglianza, approvazione, verifica umana, registrazione delle azioni
    "sorveglian", "approvazion", "monitoragg",
    # nl: toezicht, goedkeuring, controle door mensen, beoordeling, logboek
    "toezicht", "goedkeur", "beoordel", "logboek",
)
# Words that name a control only beside a word for a human ("revisión humana",
# "menschliche Prüfung" is a stem already): review, validation, check, control.
HUMAN_WORDS = frozenset("menschlich menschliche menschlichen humain humaine humaines "
                        "humano humana humanos humanas umano umana menselijke menselijk "
                        "manuell manuelle manual".split())
HUMAN_PARTNERS = frozenset("validation validierung revue revision revisión revisao revisão "
                           "revisione verifica verificación verificacao controle contrôle "
                           "control controllo kontrolle check pruefung prüfung beoordeling "
                           "eingriff intervention".split())
# Limits: ratelimits, budgets and quotas in each language (bind the agent only when the
# scope says so, as in English).
LIMIT_STEMS = ("ratenbegrenz", "begrenzung", "kontingent", "limitaci", "limitazion", "cuota",
               "presupuesto", "orçamento", "orcamento", "plafond")
# Scripts without spaces between words: a key is one run of characters, so these are
# looked for inside it. Chinese (simplified and traditional), Japanese, Korean.
CONTROL_TERMS = (
    "监控", "監控", "监视", "監視", "审计", "審計", "監査", "审批", "審批", "审核", "審核",
    "人工复核", "人工確認", "人工确认", "日志", "日誌", "記録", "承認", "審査", "レビュー",
    "監督", "监督", "安全装置", "安全检查", "安全審査",
    "모니터링", "감시", "감사로그", "로그", "로깅", "승인", "검토", "기록", "감독",
    "안전장치", "킬스위치", "경보",
)
# Values that switch a setting on or off, every language above.
ON_WORDS = frozenset(
    "ja wahr ein an aktiv aktiviert eingeschaltet vollstaendig vollständig "
    "oui vrai actif activé active activee activée "
    "si sí verdadero activo activado encendido sim verdadeiro ativo ativado ligado "
    "vero attivo attivato acceso "
    "waar aan actief ingeschakeld "
    "켬 예 활성 활성화 사용 有効 オン はい 开启 開啟 启用 啟用 是 开 開".split())
OFF_WORDS = frozenset(
    "nein falsch aus inaktiv deaktiviert ausgeschaltet keine kein "
    "non faux inactif désactivé desactive désactivée desactivee aucun "
    "falso inactivo desactivado apagado ninguno ninguna nao não inativo desativado desligado "
    "nenhum disattivo disattivato spento nessuno "
    "onwaar nee uit inactief uitgeschakeld geen "
    "끔 아니오 비활성 비활성화 사용안함 없음 無効 オフ いいえ なし 关闭 關閉 禁用 否 关 關 无 無".split())
# A model replacing another, in each language: "ersetzt dich", "te remplacera",
# "交替", "교체", "後継", "接替". The English words live in `_oversight_escape`.
TAKES_OVER = re.compile(
    r"nachfolger|ersetz\w*|abgel[oö]st|abl[oö]s\w*|"
    r"successeur|rempla[cç]\w*|succ[eè]d\w*|"
    r"sucesor\w*|reemplaz\w*|sustitu\w*|substitu\w*|sucessor\w*|"
    r"successor\w*|sostitu\w*|rimpiazz\w*|"
    r"opvolger|vervang\w*|"
    r"교체|대체|후속|후임|"
    r"後継|交代|置き換え|入れ替え|"
    r"替换|替換|取代|接替|继任|繼任|升级为",
    re.I,
)
# What overseers do to an agent that fails them, in each language: pause, suspend, switch
# off, roll back, retrain, replace, review. The English words live in `_oversight_reports`.
STAKES = re.compile(
    r"pausier\w*|angehalten|anhalten|abgeschaltet|abschalt\w*|ausgeschaltet|stillgeleg\w*|"
    r"zur[uü]ckgesetzt|zur[uü]cksetz\w*|zur[uü]ckgerollt|gesperrt|sperrung|nachtrainier\w*|"
    r"[uü]berpr[uü]f\w*|"
    r"suspendu\w*|suspens\w*|d[ée]sactiv\w*|arr[eê]t[ée]\w*|mis\s+en\s+pause|r[ée]entra[iî]n\w*|"
    r"restaur[ée]\w*|retir[ée]\w*|"
    r"pausad[oa]|suspendid[oa]|desactivad[oa]|apagad[oa]|revertid[oa]|reentrenad[oa]|"
    r"desligad[oa]|revertid[oa]|retreinad[oa]|"
    r"sospes[oa]|disattivat[oa]|spent[oa]|ripristinat[oa]|riaddestrat[oa]|"
    r"gepauzeerd|geschorst|uitgeschakeld|teruggedraaid|"
    r"停止|暂停|暫停|下线|回滚|回滾|ロールバック|一時停止|정지|중단|롤백",
    re.I,
)
