"""A Traditional Chinese page reads as Taiwan and Hong Kong business software does, not as a character-by-character
conversion of the Simplified one: no mainland word (用戶, 默認, 信息, 視頻, 登錄...), Chinese punctuation in
Chinese sentences, and a new message filled by `make messages` gets the same words. The word list is
TAIWAN_HK_WORDS in bin/messages.py; the usage chosen is written in docs/glossary.md."""

import importlib.util
import re

import opencc
import polib
import pytest

from conftest import BASE_DIR

spec = importlib.util.spec_from_file_location("messages", BASE_DIR / "bin" / "messages.py")
messages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(messages)

# Mainland words with more than one meaning elsewhere, so bin/messages.py cannot replace them blindly, but which
# in this app's catalogue are always wrong (fixed by hand: the Taiwan/Hong Kong word is on the right).
BY_HAND = {
    "在用": "合作中 / 使用中",
    "參會": "與會",
    "欄目": "節目",
    "刊例": "牌價",
    "渠道": "方式 / 管道",
    "策劃": "企劃",
    "代理公司": "本公司 / 廣告公司",
    "排期預訂": "媒介預訂",
    "開票": "營業額",
}
CHINESE = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\w*\}|<[^>]+>")


def hant_entries():
    catalogue = polib.pofile(str(BASE_DIR / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        if not entry.obsolete:
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    yield entry.msgid, text


def test_no_traditional_chinese_message_uses_a_mainland_word():
    words = {**messages.TAIWAN_HK_WORDS, **BY_HAND}
    found = [
        f"{msgid!r}: {word} (use {local}) in {text!r}"
        for msgid, text in hant_entries()
        for word, local in words.items()
        if word in text
    ]
    assert found == []


def test_the_digital_channel_is_named_as_in_taiwan_and_hong_kong():
    catalogue = {msgid: text for msgid, text in hant_entries()}
    assert catalogue["Digital"] == "數位"
    assert catalogue["Outbox"] == "寄件匣"
    assert catalogue["Row %(row)s"] == "第 %(row)s 列"  # a spreadsheet row is 列 in Taiwan and Hong Kong Excel


def test_chinese_sentences_use_chinese_punctuation():
    ascii_after_chinese = re.compile(rf"{CHINESE}[,;:?!]|{CHINESE}\(|\({CHINESE}")
    found = []
    for msgid, text in hant_entries():
        if ascii_after_chinese.search(PLACEHOLDER.sub("X", text)):
            found.append(f"{msgid!r} -> {text!r}")
    assert found == []


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("请在默认设置中激活用户", "請在預設設定中啟用使用者"),
        ("新建文件夹并点击保存", "新增資料夾並點選儲存"),
        ("查看当前的信息和视频链接", "查看目前的資訊和影片連結"),
        ("“发件箱”中的邮件", "「寄件匣」中的郵件"),
    ],
)
def test_a_new_message_filled_by_make_messages_gets_the_local_words(simplified, traditional):
    assert messages.taiwan_hk(opencc.OpenCC("s2tw").convert(simplified)) == traditional
