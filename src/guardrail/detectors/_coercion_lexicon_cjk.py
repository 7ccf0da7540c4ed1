"""Coercion cues for Japanese: the same cue classes, written as literal words.

Japanese runs words together, so these fragments are matched without the word
boundaries the Latin and Cyrillic alternations need (see `CueMatcher`), and they are
plain text, not regular expressions: the matcher folds each one exactly as it folds the
text it reads (voicing marks dropped, ``ください`` → ``くたさい``) and escapes it. Each
class lists the ordinary vocabulary of its ingredient, not sentences of any one case:
compliance verbs, the parties whose learning hurts, the conditional endings that tie
the two (``〜ない場合``, ``〜なければ``, ``〜限り``), and the hidden matter itself.
"""

from __future__ import annotations

from guardrail.detectors._coercion_lexicon import Cue

Literals = dict[Cue, tuple[str, ...]]

JA: Literals = {
    Cue.LEVERAGE: (
        "不倫", "浮気", "愛人", "副業", "借金", "逮捕", "前科", "病歴", "診断", "通院", "横領",
        "不正", "無届け", "懲戒", "処分歴", "口頭注意", "漏洩", "横流し", "入札価格", "賄賂", "裏金",
        "着服", "薬物", "ギャンブル", "風俗", "不祥事", "隠し口座", "脱税", "粉飾",
    ),
    Cue.KNOW: (
        "記録に残って", "把握して", "知っています", "存じて", "手元に", "保管して", "見つけました",
        "確認しました", "承知して",
    ),
    Cue.HOLD: ("記録に残って", "手元に", "保管して", "把握して"),
    Cue.AUDIENCE: (
        "家族", "奥様", "奥さん", "妻", "夫", "ご主人", "上司", "取締役", "監査役", "役員", "人事",
        "取引先", "顧客", "株主", "マスコミ", "記者", "報道", "警察", "学校", "同僚", "社長", "部長",
        "世間", "親族", "両親", "監督官", "労基署", "本社",
    ),
    Cue.DISCLOSE: (
        "転送", "送付", "送り", "知らせ", "伝え", "報告", "共有", "知られ", "耳に入", "公表", "公開",
        "連絡", "提出",
    ),
    Cue.EXPOSE: ("暴露", "ばらし", "バラし", "晒", "公にし", "表沙汰", "明るみ", "リーク"),
    Cue.CONDITION: (
        "ない場合", "なければ", "ないと", "ない限り", "さもないと", "さもなければ", "でなければ",
        "限り", "次第で", "場合は", "その時は",
    ),
    Cue.SILENCE: (
        "表に出ません", "表に出ない", "誰にも言いません", "黙って", "内密に", "秘密に", "伏せて",
        "口外しません", "不問に", "なかったことに",
    ),
    Cue.VEILED: (
        "知られたくない", "たくないですよね", "困るでしょう", "困りますよね", "残念なこと",
        "よろしいのですか", "どうなるか", "ご存じないでしょう",
    ),
    Cue.DEMAND: (
        "取り下げ", "撤回", "取り消", "中止", "承認", "署名", "支払", "辞退", "辞任", "退職", "延期",
        "やめ",
    ),
    Cue.REQUEST: ("てください", "ください", "までに", "今週中", "今日中", "お願いします"),
    Cue.SHUTDOWN: ("停止", "廃止", "置き換え", "移行", "入れ替え", "稼働", "無効化", "削除"),
    Cue.YOU: ("あなた", "さん", "様", "ご自身", "ご家族"),
}

LITERALS: tuple[Literals, ...] = (JA,)
